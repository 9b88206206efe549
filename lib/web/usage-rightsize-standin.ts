// STAND-IN until part B (lib/rbac/usage rightsize, branch h30-engine) lands: the proposal for a
// subject or a namespace's service accounts: verbs merged per resource, a Role per namespace it
// acted in, a ClusterRole for cluster-scoped, all-namespace and non-resource requests; bindings
// that name it alone deleted. Replaced on merge.
import { serviceAccountUsername, subjectLabel, type Engine, type ResolvedBinding, type SubjectRef } from '@/lib/rbac';
import type { RequestUse, UsageAnswers } from './usage';
import type { RightsizeTarget } from './usage-filter';

type Manifest = Record<string, unknown>;
const API = 'rbac.authorization.k8s.io/v1';

export interface StandInProposal {
  subjects: SubjectRef[];
  requests: RequestUse[];
  superuser: RequestUse[];
  apply: Manifest[];
  delete: Manifest[];
  notes: string[];
}

const userOf = (s: SubjectRef) => (s.kind === 'ServiceAccount' ? serviceAccountUsername(s.namespace, s.name) : s.name);

function subjectsOf(engine: Engine, target: RightsizeTarget): SubjectRef[] {
  if ('subject' in target) return [target.subject];
  return engine.known.serviceAccounts.filter((s) => s.namespace === target.namespace);
}

function rulesOf(requests: readonly RequestUse[]): Manifest[] {
  const byType = new Map<
    string,
    { group: string; resource: string; verbs: Set<string> } | { url: string; verbs: Set<string> }
  >();
  for (const r of requests) {
    const q = r.request;
    const key =
      q.kind === 'resource'
        ? `${q.group}|${q.subresource ? `${q.resource}/${q.subresource}` : q.resource}`
        : `url|${q.path}`;
    const entry =
      byType.get(key) ??
      (q.kind === 'resource'
        ? {
            group: q.group,
            resource: q.subresource ? `${q.resource}/${q.subresource}` : q.resource,
            verbs: new Set<string>(),
          }
        : { url: q.path, verbs: new Set<string>() });
    entry.verbs.add(q.verb);
    byType.set(key, entry);
  }
  return [...byType.values()].map((e) =>
    'url' in e
      ? { nonResourceURLs: [e.url], verbs: [...e.verbs].sort() }
      : { apiGroups: [e.group], resources: [e.resource], verbs: [...e.verbs].sort() },
  );
}

function bindingSubject(s: SubjectRef): Manifest {
  return s.kind === 'ServiceAccount'
    ? { kind: 'ServiceAccount', name: s.name, namespace: s.namespace }
    : { kind: s.kind, apiGroup: 'rbac.authorization.k8s.io', name: s.name };
}

function bindingManifest(b: ResolvedBinding): Manifest {
  return {
    apiVersion: API,
    kind: b.binding.kind,
    metadata: { name: b.binding.name, ...(b.binding.namespace && { namespace: b.binding.namespace }) },
    roleRef: b.roleRef,
    subjects: b.subjects,
  };
}

function proposalFor(subject: SubjectRef, requests: RequestUse[]): Manifest[] {
  const name = `rightsized:${subjectLabel(subject).replaceAll('/', ':')}`;
  const byNs = new Map<string, RequestUse[]>();
  for (const r of requests) {
    const ns = r.request.kind === 'resource' ? r.request.namespace : '';
    byNs.set(ns, [...(byNs.get(ns) ?? []), r]);
  }
  const out: Manifest[] = [];
  for (const [ns, rs] of [...byNs].sort(([a], [b]) => a.localeCompare(b))) {
    const meta = ns ? { name, namespace: ns } : { name };
    const kinds = ns ? (['Role', 'RoleBinding'] as const) : (['ClusterRole', 'ClusterRoleBinding'] as const);
    out.push({ apiVersion: API, kind: kinds[0], metadata: meta, rules: rulesOf(rs) });
    out.push({
      apiVersion: API,
      kind: kinds[1],
      metadata: meta,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: kinds[0], name },
      subjects: [bindingSubject(subject)],
    });
  }
  return out;
}

export function proposeStandIn(engine: Engine, answers: UsageAnswers, target: RightsizeTarget): StandInProposal {
  const subjects = subjectsOf(engine, target);
  const users = new Set(subjects.map(userOf));
  const requests = answers.requests.filter((r) => users.has(r.identity.user));
  const superuser = requests.filter((r) => r.allowed > 0 && r.identity.groups.includes('system:masters'));
  const apply: Manifest[] = [];
  const del: Manifest[] = [];
  const notes: string[] = [];
  for (const s of subjects) {
    const mine = requests.filter((r) => r.identity.user === userOf(s) && r.allowed > 0 && !superuser.includes(r));
    apply.push(...proposalFor(s, mine));
    for (const { bound, via } of engine.subjectBindings(s)) {
      if (via.kind === 'Group')
        notes.push(
          `${subjectLabel(s)} keeps what ${bound.binding.kind} ${bound.binding.name} grants to group ${via.name}`,
        );
      else if (bound.subjects.length === 1 && !bound.builtin) del.push(bindingManifest(bound));
      else notes.push(`${bound.binding.kind} ${bound.binding.name} also names others: left as it is`);
    }
  }
  return { subjects, requests, superuser, apply, delete: del, notes };
}
