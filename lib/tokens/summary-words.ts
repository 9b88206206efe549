// A subject's summary (lib/reports/identity-report.ts) in words: what `rbac-atlas token` prints and the
// /token page shows under each subject. Here, not in lib/reports, because the page renders it in the
// browser: this module imports nothing at run time.
import type { RiskStatus } from '@/lib/rbac/engine-risks';
import type { SubjectSummary } from '@/lib/reports/identity-report';

/** Its path to cluster-admin in words; while the risk answers are computing none is known either way. */
function pathLine(s: SubjectSummary, risks: RiskStatus): string {
  if (risks.state === 'computing')
    return risks.problem
      ? `whether it can become cluster-admin is not known: the attack paths could not be computed (${risks.problem})`
      : 'whether it can become cluster-admin is not known yet: the attack paths are still being computed';
  const asOf =
    risks.state === 'previous' ? ` (as of ${risks.asOf.slice(11, 19)} UTC: the paths are being recomputed)` : '';
  if (s.admin) return `it already holds every permission (cluster-admin)${asOf}`;
  if (s.toAdmin) return `can become cluster-admin in ${s.toAdmin.steps.length} step(s)${asOf}`;
  return `no path to cluster-admin${asOf}`;
}

/** One subject's summary in words: grants, dangers, path (`risks`: where the path answers stand). */
export function subjectSummaryLines(s: SubjectSummary, risks: RiskStatus): string[] {
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
  lines.push(pathLine(s, risks));
  return lines;
}
