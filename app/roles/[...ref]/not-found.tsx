'use client';
import { ContextLink as Link } from '@/components/layout/context-link';
import { usePathname } from 'next/navigation';

export default function RoleNotFound() {
  const parts = usePathname().split('/').slice(2).map(decodeURIComponent);
  return (
    <div className="mx-auto max-w-3xl px-6 py-16">
      <h1 className="text-2xl font-semibold">
        {parts[0] === 'role' ? 'Role' : 'ClusterRole'} “{parts.slice(1).join('/')}” not found
      </h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">
        The source has no role by that name. A binding may still name it: such a binding grants nothing.
      </p>
      <Link href="/" className="mt-4 inline-block text-sky-700 underline dark:text-sky-400">
        All namespaces
      </Link>
    </div>
  );
}
