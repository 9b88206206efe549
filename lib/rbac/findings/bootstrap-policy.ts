// Kubernetes' own RBAC objects, recognised by content: an object is one of Kubernetes' defaults only
// when it *is* one in a supported version's bootstrap policy (plugin/pkg/auth/authorizer/rbac/
// bootstrappolicy), or one of kubeadm's add-ons. A name or a label is what anyone who may create the
// object chooses, so neither makes anything built in: a `system:`-named or bootstrap-labelled object
// that is no default is an impostor, a default that differs is modified.
//
// "Is one" allows for upgrades: the API server reconciles its defaults at every start by adding what
// the running version's policy lacks, never removing (pkg/registry/rbac/rest/storage_rbac.go with
// RemoveExtraPermissions and RemoveExtraSubjects off; component-helpers/auth/rbac/reconciliation). So
// a default is one that grants nothing beyond the union of its supported versions' rules and holds a
// whole version's rules (nothing taken away); a binding names the default's role, only subjects some
// version names, and every subject of one version. An aggregating default is compared on what it
// aggregates (its aggregationRule) and on its rules being what that aggregation can give.
import { BOOTSTRAP_POLICY } from './bootstrap-policy.data';
import { objectKey as refKey, type RbacObjectRef } from '../model/refs';
import { aggregateClusterRoles } from '../authorizer/aggregation';
import { selectorMatches } from '../model/labels';
import type {
  ClusterRole,
  ClusterRoleBinding,
  LabelSelector,
  Labels,
  PolicyRule,
  Role,
  RoleBinding,
  Subject,
} from '../model/types';

export interface BootstrapObject {
  kind: string;
  name: string;
  namespace?: string;
  labels?: Labels;
  rules?: PolicyRule[];
  aggregationRule?: { clusterRoleSelectors: LabelSelector[] };
  roleRef?: { kind: string; name: string };
  subjects?: { kind: string; name: string; namespace?: string }[];
  /** The Kubernetes versions whose API server (or kubeadm) creates exactly this object. */
  versions: string[];
  /** Only with every feature gate on (the policy's cluster-roles-featuregates variant). */
  featureGates?: boolean;
  /** Made by this installer of Kubernetes' own (kubeadm's add-ons), not by the API server. */
  installer?: string;
}

export interface BootstrapPolicy {
  versions: string[];
  objects: BootstrapObject[];
}

/**
 * default: Kubernetes' own object of that name; modified: has such a name but differs;
 * impostor: named `system:…` or labelled as bootstrap policy, with no default of that name;
 * own: the cluster's own.
 */
export type Provenance = 'default' | 'modified' | 'impostor' | 'own';

const BOOTSTRAP_LABEL = 'kubernetes.io/bootstrapping';

type RbacKind = RbacObjectRef['kind'];

const objectKey = (kind: string, namespace: string | undefined, name: string) =>
  refKey({ kind, name, ...(namespace && { namespace }) });

const sorted = (xs: readonly string[]) => [...new Set(xs)].sort();

export function selectorsPrint(rule: { clusterRoleSelectors: LabelSelector[] } | undefined): string {
  if (!rule) return '';
  return JSON.stringify(
    rule.clusterRoleSelectors.map((s) => [
      Object.entries(s.matchLabels).sort(([a], [b]) => (a < b ? -1 : 1)),
      s.matchExpressions.map((e) => [e.key, e.operator, sorted(e.values)]),
    ]),
  );
}

/**
 * Whether `owner` grants everything `rule` does, request by request (validation.Covers in
 * pkg/registry/rbac/validation/policy_comparator.go: a `*` is covered only by a `*`).
 */
function ruleCovered(rule: PolicyRule, owner: readonly PolicyRule[]): boolean {
  if (rule.nonResourceURLs.length > 0)
    return rule.verbs.every((verb) =>
      rule.nonResourceURLs.every((url) => owner.some((o) => hasVerb(o, verb) && coversURL(o.nonResourceURLs, url))),
    );
  const names = rule.resourceNames.length > 0 ? rule.resourceNames : [undefined];
  return rule.verbs.every((verb) =>
    rule.apiGroups.every((group) =>
      rule.resources.every((resource) =>
        names.every((name) =>
          owner.some(
            (o) =>
              hasVerb(o, verb) &&
              (o.apiGroups.includes('*') || o.apiGroups.includes(group)) &&
              coversResource(o.resources, resource) &&
              (o.resourceNames.length === 0 || (name !== undefined && o.resourceNames.includes(name))),
          ),
        ),
      ),
    ),
  );
}

const hasVerb = (o: PolicyRule, verb: string) => o.verbs.includes('*') || o.verbs.includes(verb);

function coversResource(owner: readonly string[], resource: string): boolean {
  if (owner.includes('*') || owner.includes(resource)) return true;
  const slash = resource.indexOf('/');
  return slash > 0 && owner.includes(`*${resource.slice(slash)}`);
}

function coversURL(owner: readonly string[], url: string): boolean {
  return owner.some((o) => o === '*' || o === url || (o.endsWith('*') && url.startsWith(o.slice(0, -1))));
}

export const rulesCovered = (rules: readonly PolicyRule[], owner: readonly PolicyRule[]) =>
  rules.every((r) => ruleCovered(r, owner));

/** A subject as the authorizer matches it: a ServiceAccount without a namespace is the binding's. */
function subjectPrint(s: Pick<Subject, 'kind' | 'name' | 'namespace'>, bindingNamespace = ''): string {
  const ns = s.kind === 'ServiceAccount' ? (s.namespace ?? bindingNamespace) : '';
  return JSON.stringify([s.kind, ns, s.name]);
}

interface RoleDefault {
  variants: BootstrapObject[];
  /** Every rule any supported version's default has: what reconciliation can leave after upgrades. */
  union: PolicyRule[];
  /** For an aggregating default: its aggregationRule as each version writes it. */
  selectors: Set<string>;
  /** For an aggregating default: every rule the default aggregation gives, in any version. */
  aggregated: PolicyRule[];
}

interface BindingDefault {
  variants: BootstrapObject[];
  roleRefs: Set<string>;
  subjects: Set<string>;
}

interface DefaultsTable {
  roles: Map<string, RoleDefault>;
  bindings: Map<string, BindingDefault>;
  /** Per aggregating default, the ClusterRoles the defaults' own labels put into it, in any version. */
  gathers: Map<string, Set<string>>;
  /** The newest variant of each key: what a modified object is compared with. */
  newest: Map<string, BootstrapObject>;
}

/**
 * Per version and gate variant, the aggregation controller run over the defaults alone
 * (lib/rbac/authorizer/aggregation.ts): the rules each aggregating default ends with and whom it gathers.
 */
function aggregatedDefaults(policy: BootstrapPolicy) {
  const rules = new Map<string, PolicyRule[]>();
  const gathers = new Map<string, Set<string>>();
  for (const version of policy.versions)
    for (const gates of [false, true]) {
      const roles = new Map<string, ClusterRole>();
      for (const o of policy.objects) {
        if (o.kind !== 'ClusterRole' || !o.versions.includes(version)) continue;
        if (o.featureGates && !gates) continue;
        if (!o.featureGates && gates && roles.has(o.name)) continue;
        roles.set(o.name, {
          name: o.name,
          labels: o.labels ?? {},
          rules: o.rules ?? [],
          ...(o.aggregationRule && { aggregationRule: o.aggregationRule }),
        });
      }
      for (const r of aggregateClusterRoles([...roles.values()]).clusterRoles) {
        if (!r.aggregationRule) continue;
        rules.set(r.name, [...(rules.get(r.name) ?? []), ...r.rules]);
        const set = gathers.get(r.name) ?? new Set<string>();
        for (const other of roles.values())
          if (
            other.name !== r.name &&
            r.aggregationRule.clusterRoleSelectors.some((s) => selectorMatches(s, other.labels))
          )
            set.add(other.name);
        gathers.set(r.name, set);
      }
    }
  return { rules, gathers };
}

function buildTable(policy: BootstrapPolicy): DefaultsTable {
  const roles = new Map<string, RoleDefault>();
  const bindings = new Map<string, BindingDefault>();
  const newest = new Map<string, BootstrapObject>();
  const aggregated = aggregatedDefaults(policy);
  const latest = policy.versions.at(-1)!;
  for (const o of policy.objects) {
    const key = objectKey(o.kind, o.namespace, o.name);
    if (o.kind === 'Role' || o.kind === 'ClusterRole') {
      const d = roles.get(key) ?? { variants: [], union: [], selectors: new Set(), aggregated: [] };
      roles.set(key, d);
      d.variants.push(o);
      d.union.push(...(o.rules ?? []));
      if (o.aggregationRule) {
        d.selectors.add(selectorsPrint(o.aggregationRule));
        d.aggregated = aggregated.rules.get(o.name) ?? [];
      }
    } else {
      const d = bindings.get(key) ?? { variants: [], roleRefs: new Set(), subjects: new Set() };
      bindings.set(key, d);
      d.variants.push(o);
      d.roleRefs.add(JSON.stringify([o.roleRef!.kind, o.roleRef!.name]));
      for (const s of o.subjects ?? []) d.subjects.add(subjectPrint(s, o.namespace));
    }
    const current = newest.get(key);
    if (!current || (o.versions.includes(latest) && !o.featureGates)) newest.set(key, o);
  }
  return { roles, bindings, gathers: aggregated.gathers, newest };
}

let table: DefaultsTable | undefined;
const defaults = () => (table ??= buildTable(BOOTSTRAP_POLICY));

/** Looks like Kubernetes' own: the prefix it reserves for itself, or its bootstrap label. */
function looksBuiltin(o: { name: string; labels: Labels }): boolean {
  return o.name.startsWith('system:') || o.labels[BOOTSTRAP_LABEL] === 'rbac-defaults';
}

/**
 * `gathered`: the rules of the ClusterRoles an aggregating role's selectors match in this cluster
 * (an aggregating default may hold those, and nothing else beyond what the default aggregation gives).
 */
export function roleProvenance(
  kind: 'Role' | 'ClusterRole',
  r: Role | ClusterRole,
  gathered: () => readonly PolicyRule[] = () => [],
): Provenance {
  const key = objectKey(kind, kind === 'Role' ? (r as Role).namespace : undefined, r.name);
  const known = defaults().roles.get(key);
  if (!known) return looksBuiltin(r) ? 'impostor' : 'own';
  if (known.selectors.size > 0) {
    const aggregation = 'aggregationRule' in r ? r.aggregationRule : undefined;
    if (!known.selectors.has(selectorsPrint(aggregation))) return 'modified';
    return rulesCovered(r.rules, [...known.aggregated, ...gathered()]) ? 'default' : 'modified';
  }
  const whole = known.variants.some((v) => rulesCovered(v.rules ?? [], r.rules));
  return whole && rulesCovered(r.rules, known.union) ? 'default' : 'modified';
}

export function bindingProvenance(
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  b: RoleBinding | ClusterRoleBinding,
): Provenance {
  const namespace = kind === 'RoleBinding' ? (b as RoleBinding).namespace : undefined;
  const known = defaults().bindings.get(objectKey(kind, namespace, b.name));
  if (!known) return looksBuiltin(b) ? 'impostor' : 'own';
  const subjects = new Set(b.subjects.map((s) => subjectPrint(s, namespace)));
  const same =
    known.roleRefs.has(JSON.stringify([b.roleRef.kind, b.roleRef.name])) &&
    [...subjects].every((s) => known.subjects.has(s)) &&
    known.variants.some((v) => (v.subjects ?? []).every((s) => subjects.has(subjectPrint(s, namespace))));
  return same ? 'default' : 'modified';
}

/** What a changed default role has that no supported version gives it. */
export function rulesBeyondDefault(
  kind: 'Role' | 'ClusterRole',
  namespace: string | undefined,
  name: string,
  rules: readonly PolicyRule[],
  gathered: readonly PolicyRule[] = [],
): number[] {
  const known = defaults().roles.get(objectKey(kind, namespace, name));
  const owner = known?.selectors.size ? [...known.aggregated, ...gathered] : (known?.union ?? []);
  return rules.flatMap((r, i) => (ruleCovered(r, owner) ? [] : [i]));
}

/** Subjects of a changed default binding that no supported version's default names. */
export function subjectsBeyondDefault(
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  namespace: string | undefined,
  name: string,
  subjects: readonly Subject[],
): Subject[] {
  const known = defaults().bindings.get(objectKey(kind, namespace, name));
  return subjects.filter((s) => !known?.subjects.has(subjectPrint(s, namespace)));
}

/** Subjects of the newest default of a binding that it no longer names. */
export function subjectsDroppedFromDefault(
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  namespace: string | undefined,
  name: string,
  subjects: readonly Subject[],
): Pick<Subject, 'kind' | 'name' | 'namespace'>[] {
  const kept = new Set(subjects.map((s) => subjectPrint(s, namespace)));
  return (defaultOf(kind, namespace, name)?.subjects ?? []).filter((s) => !kept.has(subjectPrint(s, namespace)));
}

/** The ClusterRoles Kubernetes' own labels put into an aggregating default, in any supported version. */
export function gatheredByDefault(aggregator: string): ReadonlySet<string> {
  return defaults().gathers.get(aggregator) ?? new Set();
}

/** Kubernetes' own object of that name (its newest default), to say how a modified one differs. */
export function defaultOf(kind: RbacKind, namespace: string | undefined, name: string): BootstrapObject | undefined {
  return defaults().newest.get(objectKey(kind, namespace, name));
}

/** Every default of the supported versions: what the control plane (or kubeadm) creates. */
export function bootstrapObjects(): readonly BootstrapObject[] {
  return BOOTSTRAP_POLICY.objects;
}

export const SUPPORTED_VERSIONS: readonly string[] = BOOTSTRAP_POLICY.versions;
