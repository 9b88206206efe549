// Everything one subject can do: cluster-wide and namespace by namespace, with the why, and the
// pods that run as it. The subject page and /api/subjects answer from this.
import {
  identityOfSubject,
  subjectKey,
  type Engine,
  type Grant,
  type Pod,
  type SubjectRef,
  type DanglingBinding,
} from '@/lib/rbac';
import { namespaceSummaries } from '@/lib/rbac';

export interface SubjectReport {
  subject: SubjectRef;
  /** Through ClusterRoleBindings: in every namespace and at cluster scope. */
  clusterWide: Grant[];
  /** Through RoleBindings, per namespace (only namespaces with some). */
  namespaces: { namespace: string; grants: Grant[] }[];
  pods: Pod[];
  dangling: DanglingBinding[];
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

/** Whether the source knows the subject at all: it exists, runs pods, or a binding names it. */
export function subjectKnown(engine: Engine, ref: SubjectRef): boolean {
  const key = subjectKey(ref);
  const { serviceAccounts, users, groups } = engine.known;
  return [...serviceAccounts, ...users, ...groups].some((k) => subjectKey(k) === key);
}

export function subjectReport(engine: Engine, ref: SubjectRef): SubjectReport {
  const identity = identityOfSubject(ref);
  const cluster = engine.rulesFor(identity, '');
  const namespaces = namespaceSummaries(engine.model)
    .map(({ name }) => ({ namespace: name, answer: engine.rulesFor(identity, name) }))
    .map(({ namespace, answer }) => ({
      namespace,
      grants: answer.grants.filter((g) => g.binding.kind === 'RoleBinding'),
      dangling: answer.dangling.filter((d) => d.binding.kind === 'RoleBinding'),
    }));
  return {
    subject: ref,
    clusterWide: cluster.grants,
    namespaces: namespaces.filter((n) => n.grants.length > 0).map(({ namespace, grants }) => ({ namespace, grants })),
    pods:
      ref.kind === 'ServiceAccount'
        ? engine.model.pods.filter((p) => p.namespace === ref.namespace && p.serviceAccountName === ref.name)
        : [],
    dangling: [...cluster.dangling, ...namespaces.flatMap((n) => n.dangling)],
  };
}
