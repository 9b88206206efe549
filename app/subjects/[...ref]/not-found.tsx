'use client';
import { ContextLink as Link } from '@/components/layout/context-link';
import { usePathname } from 'next/navigation';

export default function SubjectNotFound() {
  const parts = usePathname().split('/').slice(2).map(decodeURIComponent);
  return (
    <div className="mx-auto max-w-3xl px-6 py-16">
      <h1 className="text-2xl font-semibold">Subject “{parts.slice(1).join('/')}” not found</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">
        No {parts[0] ?? 'subject'} by that name exists in the source, runs a pod, or is named by any binding. Subject
        links look like /subjects/serviceaccount/NAMESPACE/NAME, /subjects/user/NAME or /subjects/group/NAME.
      </p>
      <Link href="/" className="mt-4 inline-block text-sky-700 underline dark:text-sky-400">
        All namespaces
      </Link>
    </div>
  );
}
