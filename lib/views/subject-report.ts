// Everything one subject can do: cluster-wide and namespace by namespace, with the why, and the
// pods that run as it. The subject page and /api/subjects answer from this.
import type { Engine, Pod, SubjectPermissions, SubjectRef } from '@/lib/rbac';

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
