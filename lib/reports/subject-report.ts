// Everything one subject can do: cluster-wide and namespace by namespace, with the why, and the
// pods that run as it. The subject page and /api/subjects answer from this.
import {
  pageOf,
  subjectLabel,
  type Completeness,
  type Grant,
  type Page,
  type Engine,
  type ModelKind,
  type Pod,
  type SubjectPermissions,
  type SubjectRef,
} from '@/lib/rbac';

export interface SubjectReport extends SubjectPermissions {
  subject: SubjectRef;
  pods: readonly Pod[];
}

export function subjectReport(engine: Engine, ref: SubjectRef): SubjectReport {
  return {
    subject: ref,
    ...engine.subjectPermissions(ref),
    pods: ref.kind === 'ServiceAccount' ? engine.podsOf(ref.namespace, ref.name) : [],
  };
}

/**
 * Whether "no binding names this subject" is the whole story: a RoleBinding or ClusterRoleBinding
 * that was not read (a forbidden kind, a file that failed to parse), or for a service account its
 * own object, may name it. RBAC only grants: on an incomplete source an unknown subject is an
 * incomplete answer, never a plain "not found".
 */
export function unknownSubjectCompleteness(engine: Engine, ref: SubjectRef): Completeness {
  const naming: ModelKind[] = ['RoleBinding', 'ClusterRoleBinding'];
  if (ref.kind === 'ServiceAccount') naming.push('ServiceAccount');
  // 'permissions' counts a binding kind read only in some namespaces as missing (a subject may be
  // bound anywhere); 'who-can' adds ServiceAccounts.
  const missing = new Map<ModelKind, string>();
  for (const question of ['permissions', 'who-can'] as const)
    for (const m of engine.completeness(question).missing)
      if (naming.includes(m.kind) && !missing.has(m.kind)) missing.set(m.kind, m.reason);
  if (missing.size === 0) return { complete: true, missing: [] };
  return { complete: false, missing: [...missing].map(([kind, reason]) => ({ kind, reason })) };
}

/** A subject the data read does not know, in words: with the incompleteness when there is one. */
export function unknownSubjectMessage(ref: SubjectRef, completeness: Completeness): string {
  const what = `${ref.kind} "${subjectLabel(ref)}"`;
  if (completeness.complete) return `${what} not found: no such object, and no binding names it`;
  return `${what} is unknown to the data read, which is incomplete (${completeness.missing.map((m) => m.kind).join(', ')} not read in full): a binding that was not read may name it`;
}

/** The body of /api/subjects' 404: the error, and whether the data read was whole. */
export function unknownSubjectBody(engine: Engine, ref: SubjectRef) {
  const completeness = unknownSubjectCompleteness(engine, ref);
  return { error: unknownSubjectMessage(ref, completeness), ...completeness };
}

/**
 * One page of a subject's grants for /api/subjects: `limit` grants from `offset`, cluster-wide ones
 * first, then namespace by namespace, regrouped as the report is. Paged by grant, not by namespace:
 * one RoleBinding to a role of 20,000 rules is 20,000 grants in one namespace (8 MB of JSON, #25).
 */
export function subjectReportPage(
  report: SubjectReport,
  offset: number,
  limit: number,
): { report: SubjectReport; page: Page<unknown> } {
  const rows: [string | undefined, Grant][] = [
    ...report.clusterWide.map((g): [undefined, Grant] => [undefined, g]),
    ...report.namespaces.flatMap((n) => n.grants.map((g): [string, Grant] => [n.namespace, g])),
  ];
  const page = pageOf(rows, offset, limit);
  const clusterWide: Grant[] = [];
  const namespaces = new Map<string, Grant[]>();
  for (const [namespace, g] of page.items) {
    if (namespace === undefined) clusterWide.push(g);
    else namespaces.set(namespace, [...(namespaces.get(namespace) ?? []), g]);
  }
  return {
    report: {
      ...report,
      clusterWide,
      namespaces: [...namespaces].map(([namespace, grants]) => ({ namespace, grants })),
    },
    page,
  };
}
