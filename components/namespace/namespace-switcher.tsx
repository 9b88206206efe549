'use client';
import { useRouter } from 'next/navigation';

export function NamespaceSwitcher({ current, namespaces }: { current: string; namespaces: string[] }) {
  const router = useRouter();
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="text-slate-600 dark:text-slate-400">Namespace</span>
      <select
        value={current}
        onChange={(e) => router.push(`/namespaces/${encodeURIComponent(e.target.value)}`)}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 font-mono dark:border-slate-700 dark:bg-slate-900"
      >
        {namespaces.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
}
