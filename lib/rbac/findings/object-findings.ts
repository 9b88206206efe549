// Findings about objects: roles with a wildcard rule, bindings to everyone or to a namespace's
// default service account, bindings to a role that does not exist, and the token findings
// (token-findings.ts: token Secrets listed and mounted, long-lived and idle tokens).
import type { BindingIndex, ResolvedBinding } from '../authorizer/bindings';
import { makeFinding, type Finding } from './finding-rules';
import { allBindings, type FindingInputs } from './finding-inputs';
import {
  ALL_SERVICE_ACCOUNTS_GROUP,
  ANONYMOUS_USER,
  AUTHENTICATED_GROUP,
  isDnsLabel,
  UNAUTHENTICATED_GROUP,
} from '../model/identity';
import type { PathGrant } from '../paths/path-types';
import { describeBinding, describeRole } from '../model/describe';
import { subjectRefOf } from '../authorizer/subjects';
import type { Subject } from '../model/types';
import { eachOf, within, type Work } from '../sliced-work';
import { roleKey, type RoleRef, type SubjectRef } from '../model/refs';
import { tokenFindings } from './token-findings';

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

/** Findings about objects, in binding order, then wildcard roles, then token findings. */
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
  for (const f of yield* within(tokenFindings(inputs), 0.7, 1)) out.push(f);
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
  const whose = b.builtin ? undefined : defaultAccountsOf(ref);
  const namespace = whose?.namespace ?? b.binding.namespace;
  if (whose)
    out.push(
      makeFinding('DEFAULT_SA_GRANTS', {
        title: `${whose.words} bound to ${role.kind} ${role.name}`,
        grants: grants(),
        builtin: false,
        extra: { subject: ref, object: b.binding, ...(namespace && { namespace }) },
      }),
    );
  return out;
}

const NAMESPACE_ACCOUNTS = `${ALL_SERVICE_ACCOUNTS_GROUP}:`;

/**
 * Which default service accounts a subject is: a namespace's `default`, or through the groups every
 * service account's token carries (serviceaccount/util.go MakeGroupNames) all of one namespace's
 * accounts, or every account of the cluster.
 */
function defaultAccountsOf(ref: SubjectRef): { words: string; namespace?: string } | undefined {
  if (ref.kind === 'ServiceAccount')
    return ref.name === 'default'
      ? { words: `default service account of ${ref.namespace} is`, namespace: ref.namespace }
      : undefined;
  if (ref.kind !== 'Group') return undefined;
  if (ref.name === ALL_SERVICE_ACCOUNTS_GROUP)
    return { words: `every service account, each namespace's default included (group ${ref.name}), is` };
  const namespace = ref.name.startsWith(NAMESPACE_ACCOUNTS) && ref.name.slice(NAMESPACE_ACCOUNTS.length);
  // No token carries a group of a namespace that cannot exist: such a binding grants nobody.
  if (!namespace || !isDnsLabel(namespace)) return undefined;
  return { words: `every service account of ${namespace}, default included (group ${ref.name}), is`, namespace };
}
