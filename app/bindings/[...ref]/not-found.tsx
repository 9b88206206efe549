'use client';
import { ContextLink as Link } from '@/components/layout/context-link';
import { usePathname } from 'next/navigation';

export default function BindingNotFound() {
  const parts = usePathname().split('/').slice(2).map(decodeURIComponent);
  return (
    <div className="mx-auto max-w-3xl px-6 py-16">
      <h1 className="text-2xl font-semibold break-words">
        {parts[0] === 'rolebinding' ? 'RoleBinding' : 'ClusterRoleBinding'} “{parts.slice(1).join('/')}” not found
      </h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">
        The source has no binding by that name: it may have been deleted, or be in another context.
      </p>
      <Link href="/bindings" className="mt-4 inline-block text-sky-700 underline dark:text-sky-400">
        All bindings
      </Link>
    </div>
  );
}
