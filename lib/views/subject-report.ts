// Everything one subject can do: cluster-wide and namespace by namespace, with the why, and the
// pods that run as it. The subject page and /api/subjects answer from this.
import type { Engine, Pod, SubjectPermissions, SubjectRef } from '@/lib/rbac';

export interface SubjectReport extends SubjectPermissions {
  subject: SubjectRef;
  pods: readonly Pod[];
}

/** "serviceaccount/NS/NAME", "user/NAME", "group/NAME" (the URL segments), or undefined. */
export function subjectFromSegments(segments: readonly string[]): SubjectRef | undefined {
  const [kind, a, b, ...rest] = segments.map((s) => decodeURIComponent(s));
  if (rest.length > 0 || !a) return undefined;
  if (kind === 'serviceaccount' && b) return { kind: 'ServiceAccount', namespace: a, name: b };
  if (kind === 'user' && !b) return { kind: 'User', name: a };
  if (kind === 'group' && !b) return { kind: 'Group', name: a };
  return undefined;
}

export function subjectReport(engine: Engine, ref: SubjectRef): SubjectReport {
  return {
    subject: ref,
    ...engine.subjectPermissions(ref),
    pods: ref.kind === 'ServiceAccount' ? engine.podsOf(ref.namespace, ref.name) : [],
  };
}
