import type { Severity } from '@/lib/rbac';

/** One colour per severity, the same on every page (white on red and on orange-700 reads at AA in both themes; orange-600 is 3.6:1). */
export const SEVERITY_CLASS: Record<Severity, string> = {
  critical: 'bg-red-700 text-white',
  high: 'bg-orange-700 text-white',
  medium: 'bg-amber-300 text-amber-950',
  low: 'bg-slate-300 text-slate-900 dark:bg-slate-600 dark:text-white',
};
