// Findings about objects: roles with a wildcard rule, bindings to everyone or to a namespace's
// default service account, bindings to a role that does not exist, pods that mount a token their
// service account has no grants for.
import type { BindingIndex, ResolvedBinding } from '../authorizer/bindings';
import { makeFinding, type Finding } from './finding-rules';
import { allBindings, type FindingInputs } from './finding-inputs';
import { ANONYMOUS_USER, AUTHENTICATED_GROUP, serviceAccountUsername, UNAUTHENTICATED_GROUP } from '../model/identity';
import type { PathGrant } from '../paths/path-types';
import { describeBinding, describeRole } from '../model/describe';
import { subjectRefOf } from '../authorizer/subjects';
import { carriesToken, type Pod, type Subject } from '../model/types';
import { eachOf, within, type Work } from '../sliced-work';
import { roleKey, type RoleRef, subjectKey, subjectLabel, type SubjectRef } from '../model/refs';

/** Roles every caller is given by Kubernetes for discovery: binding them to everyone is expected. */
const DISCOVERY_ROLES = new Set(['system:discovery', 'system:basic-user', 'system:public-info-viewer']);
const EVERYONE = new Set([ANONYMOUS_USER, UNAUTHENTICATED_GROUP, AUTHENTICATED_GROUP]);

/** A wildcard role's finding: some of its grants, Kubernetes' own or not, bound cluster-wide or not. */
interface WildcardRole {
  role: RoleRef;
  grants: PathGrant[];
  builtin: boolean;
  cluster: boolean;
}

/** Findings about objects, in binding order, then wildcard roles, then idle tokens. */
export function* objectFindings(inputs: FindingInputs): Work<Finding[]> {
  const { index } = inputs;
  const out: Finding[] = [];
  const wildcardRoles = new Map<string, WildcardRole>();
  const ofBinding = (b: ResolvedBinding) => {
    if (b.dangling) out.push(danglingFinding(b, b.dangling.reason));
    else if (b.role) {
      collectWildcards(index, b, b.role, wildcardRoles);
      for (const s of b.subjects) for (const f of subjectFindings(index, b, b.role, s)) out.push(f);
    }
  };
  yield* within(eachOf(allBindings(index), ofBinding, 512), 0, 0.7);
  for (const w of wildcardRoles.values()) out.push(wildcardFinding(w));
  for (const f of yield* within(idleTokens(inputs), 0.7, 1)) out.push(f);
  return out;
}

function danglingFinding(b: ResolvedBinding, reason: string): Finding {
  const { namespace } = b.binding;
  return makeFinding('DANGLING_BINDING', {
    title: `${describeBinding(b.binding)}: ${reason}`,
    grants: [],
    builtin: b.builtin,
    extra: { object: b.binding, ...(namespace && { namespace }) },
  });
}

/** The wildcard rules of a binding's role, when the role is not Kubernetes' own (cluster-admin and the controllers' are wildcards by design). */
function collectWildcards(
  index: BindingIndex,
  b: ResolvedBinding,
  role: RoleRef,
  roles: Map<string, WildcardRole>,
): void {
  if (index.roleProvenance(role) === 'default') return;
  const subject = b.subjects[0];
  b.rules.forEach((rule, ruleIndex) => {
    if (!rule.verbs.includes('*') && !rule.resources.includes('*')) return;
    const key = roleKey(role);
    const entry = roles.get(key) ?? { role, grants: [], builtin: true, cluster: false };
    roles.set(key, entry);
    if (entry.grants.length < 20)
      entry.grants.push({ binding: b.binding, role, ruleIndex, rule, ...(subject && { subject }) });
    entry.builtin &&= b.builtin;
    entry.cluster ||= b.namespace === '';
  });
}

function wildcardFinding({ role, grants, builtin, cluster }: WildcardRole): Finding {
  return makeFinding('WILDCARD', {
    title: `${describeRole(role)} has a wildcard rule`,
    grants,
    builtin,
    ...(cluster && { context: 'cluster-wide' as const }),
    extra: { object: role, ...(role.namespace && { namespace: role.namespace }) },
  });
}

/** A binding of everyone (beyond discovery) or of a namespace's default service account. */
function subjectFindings(index: BindingIndex, b: ResolvedBinding, role: RoleRef, s: Subject): Finding[] {
  const ref = subjectRefOf(s, b.namespace);
  if (!ref || b.rules.length === 0) return [];
  // Built only for the subjects that make a finding: a binding may name thousands (#25).
  const grants = () => b.rules.map((rule, ruleIndex) => ({ binding: b.binding, role, ruleIndex, rule, subject: s }));
  const out: Finding[] = [];
  if (
    (ref.kind === 'Group' || ref.kind === 'User') &&
    EVERYONE.has(ref.name) &&
    !(DISCOVERY_ROLES.has(role.name) && index.roleProvenance(role) === 'default')
  )
    out.push(
      makeFinding('BROAD_GROUP_BINDING', {
        title: `${ref.name} is bound to ${role.kind} ${role.name}`,
        grants: grants(),
        builtin: false,
        // Anonymous callers, not only every authenticated one.
        ...(ref.name !== AUTHENTICATED_GROUP && { context: 'unauthenticated' as const }),
        extra: { subject: ref, object: b.binding, ...(b.binding.namespace && { namespace: b.binding.namespace }) },
      }),
    );
  if (ref.kind === 'ServiceAccount' && ref.name === 'default' && !b.builtin)
    out.push(
      makeFinding('DEFAULT_SA_GRANTS', {
        title: `default service account of ${ref.namespace} is bound to ${role.kind} ${role.name}`,
        grants: grants(),
        builtin: false,
        extra: { subject: ref, object: b.binding, namespace: ref.namespace },
      }),
    );
  return out;
}

/** Service accounts whose pods mount a token although no binding names them. */
function* idleTokens({ model, subjects }: FindingInputs): Work<Finding[]> {
  const byAccount = new Map<string, { ref: SubjectRef & { kind: 'ServiceAccount' }; first: string; n: number }>();
  const ofPod = (p: Pod) => {
    if (!carriesToken(p)) return;
    const ref = { kind: 'ServiceAccount' as const, namespace: p.namespace, name: p.serviceAccountName };
    const key = subjectKey(ref);
    const entry = byAccount.get(key) ?? { ref, first: p.name, n: 0 };
    byAccount.set(key, entry);
    entry.n++;
  };
  yield* eachOf(model.pods, ofPod, 4096);
  const out: Finding[] = [];
  // 100,000 accounts at 10,000 namespaces: in slices too.
  yield* eachOf(
    [...byAccount.values()],
    ({ ref, first, n }) => {
      const named = subjects.byUser.get(serviceAccountUsername(ref.namespace, ref.name));
      if (named && named.length > 0) return;
      out.push(
        makeFinding('UNNEEDED_TOKEN', {
          title: `${n} pod${n === 1 ? '' : 's'} of ${subjectLabel(ref)} mount${n === 1 ? 's' : ''} a token with no grants of its own`,
          grants: [],
          builtin: false,
          extra: {
            subject: ref,
            object: { kind: 'Pod', namespace: ref.namespace, name: first, more: n - 1 },
            namespace: ref.namespace,
          },
        }),
      );
    },
    4096,
  );
  return out;
}
