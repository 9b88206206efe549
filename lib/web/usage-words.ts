// The words the usage pages share, the CLI's and the exports' (lib/reports/usage-report.ts): a time
// from the log, the window read, a grant's use.
import { plural, timeText, windowText } from '@/lib/reports/usage-report';

export { windowText };

/** Where the README says how to get an audit log (kube-apiserver flags, managed clusters' exports). */
export const AUDIT_LOG_DOCS = 'README.md, section "Audit logs"';

/** A time from the log, as every report writes it (UTC, to the second). */
export function auditTime(ms: number): string {
  return timeText(ms);
}

/** "last used 2026-12-05T21:14:45Z" or "never used in the window". */
export function lastUseText(last: number | undefined): string {
  return last === undefined ? 'never used in the window' : `last used ${timeText(last)}`;
}

/** "1 allowed request" / "12 allowed requests". */
export function usesText(n: number): string {
  return plural(n, 'allowed request');
}

/** "once" / "3 times". */
export function timesText(n: number): string {
  return n === 1 ? 'once' : `${n.toLocaleString('en')} times`;
}
