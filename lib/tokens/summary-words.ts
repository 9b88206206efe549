// A subject's summary (lib/reports/identity-report.ts) in words: what `rbac-atlas token` prints and the
// /token page shows under each subject. Here, not in lib/reports, because the page renders it in the
// browser: this module imports nothing at run time.
import type { SubjectSummary } from '@/lib/reports/identity-report';

/** One subject's summary in words: grants, dangers, path. */
export function subjectSummaryLines(s: SubjectSummary): string[] {
  const lines: string[] = [];
  const where =
    s.namespaces.length === 0
      ? 'none through RoleBindings'
      : `RoleBindings in ${s.namespaces.length} namespace(s): ${s.namespaces.slice(0, 10).join(', ')}${s.namespaces.length > 10 ? ', …' : ''}`;
  const grants =
    s.clusterWideGrants + s.namespaces.length === 0
      ? 'no binding grants it anything'
      : `${s.clusterWideGrants} grant(s) cluster-wide; ${where}`;
  lines.push(grants);
  if (!s.known) lines.push('no binding in the data read names it');
  for (const d of s.dangers)
    lines.push(`danger: ${d.title} (${d.where.map((w) => (w === '' ? 'cluster-wide' : `in ${w}`)).join(', ')})`);
  if (s.admin) lines.push('it already holds every permission (cluster-admin)');
  else if (s.toAdmin) lines.push(`can become cluster-admin in ${s.toAdmin.steps.length} step(s)`);
  else lines.push('no path to cluster-admin');
  return lines;
}
