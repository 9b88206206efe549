// The words the usage pages share: a time from the log, the window read, a request's use.
import type { UsageWindow } from '@/lib/rbac/usage/types';

/** Where the README says how to get an audit log (kube-apiserver flags, managed clusters' exports). */
export const AUDIT_LOG_DOCS = 'README.md, section "Audit logs"';

/** A time from the log, in UTC to the second: "2026-12-05 21:14:45 UTC" (the same for every viewer). */
export function auditTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** "1,554 events from 2026-12-05 21:14:45 UTC to 2026-12-05 21:20:01 UTC (3,100 lines, 2 files)." */
export function windowText(w: UsageWindow): string {
  const files = plural(w.files.length, 'file');
  if (w.from === undefined || w.to === undefined)
    return `no event read yet (${plural(w.lines, 'line')}, ${files}): nothing can be said to be used or unused.`;
  return `${plural(w.events, 'event')} from ${auditTime(w.from)} to ${auditTime(w.to)} (${plural(w.lines, 'line')}, ${files}).`;
}

/** "last used 2026-12-05 21:14:45 UTC" or "never used in the window". */
export function lastUseText(last: number | undefined): string {
  return last === undefined ? 'never used in the window' : `last used ${auditTime(last)}`;
}

/** "1 allowed request" / "12 allowed requests". */
export function usesText(n: number): string {
  return plural(n, 'allowed request');
}

/** "once" / "3 times". */
export function timesText(n: number): string {
  return n === 1 ? 'once' : `${n.toLocaleString('en')} times`;
}
