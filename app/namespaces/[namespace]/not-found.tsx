'use client';
import { ContextLink as Link } from '@/components/layout/context-link';
import { usePathname } from 'next/navigation';

// not-found receives no params; the path names what was asked for.
export default function NamespaceNotFound() {
  const name = decodeURIComponent(usePathname().split('/')[2] ?? '');
  return (
    <div className="mx-auto max-w-3xl px-6 py-16">
      <h1 className="text-2xl font-semibold">Namespace “{name}” not found</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">
        The source has no namespace by that name, and nothing in it (service accounts, pods, roles or bindings) names
        one.
      </p>
      <Link href="/" className="mt-4 inline-block text-sky-700 underline dark:text-sky-400">
        All namespaces
      </Link>
    </div>
  );
}
