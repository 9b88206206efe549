// One subject's use, for its page: each grant it holds marked used (how often, when last) or not
// used in the window, and the requests it made. A group's are its members' requests.
import { serviceAccountUsername, type Engine, type Grant, type SubjectRef } from '@/lib/rbac';
import type { GrantUse, RequestUse, UsageAnswers } from './usage';

export interface SubjectUsage {
  grants: { grant: Grant; use?: GrantUse }[];
  /** Grants through Kubernetes' own bindings, left out (as the permissions above leave them out). */
  builtinGrants: number;
  requests: RequestUse[];
}

/** The user name a subject's requests carry; undefined for a group (its members carry it). */
export function userOfSubject(ref: SubjectRef): string | undefined {
  if (ref.kind === 'ServiceAccount') return serviceAccountUsername(ref.namespace, ref.name);
  return ref.kind === 'User' ? ref.name : undefined;
}

export function subjectUsage(answers: UsageAnswers, engine: Engine, ref: SubjectRef): SubjectUsage {
  const user = userOfSubject(ref);
  const perm = engine.subjectPermissions(ref);
  const visible = engine.visibleGrants([...perm.clusterWide, ...perm.namespaces.flatMap((n) => n.grants)], false);
  const mine = (r: RequestUse) =>
    user === undefined ? r.identity.groups.includes(ref.name) : r.identity.user === user;
  return {
    grants: visible.shown.map((grant) => {
      const use = answers.grantUse(grant, user);
      return use && use.requests > 0 ? { grant, use } : { grant };
    }),
    builtinGrants: visible.hidden,
    requests: answers.requests.filter(mine).sort((a, b) => b.last - a.last),
  };
}
