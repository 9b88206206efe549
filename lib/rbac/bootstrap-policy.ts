// Kubernetes' own RBAC objects, recognised by content: an object is one of Kubernetes' defaults only
// when it *is* one (same rules, or same aggregation; same roleRef and subjects) in a supported
// version's bootstrap policy (plugin/pkg/auth/authorizer/rbac/bootstrappolicy). A name or a label is
// what anyone who may create the object chooses, so neither makes anything built in: a `system:`-named
// or bootstrap-labelled object that is no default is an impostor, a default that differs is modified.
import { BOOTSTRAP_POLICY } from './bootstrap-policy.data';
import type { RbacObjectRef } from './diff';
import { rbacObjectKey } from './fingerprints';
import { aggregateClusterRoles } from './aggregation';
import type { ClusterRole, ClusterRoleBinding, LabelSelector, Labels, PolicyRule, Role, RoleBinding } from './types';

export interface BootstrapObject {
  kind: string;
  name: string;
  namespace?: string;
  labels?: Labels;
  rules?: PolicyRule[];
  aggregationRule?: { clusterRoleSelectors: LabelSelector[] };
  roleRef?: { kind: string; name: string };
  subjects?: { kind: string; name: string; namespace?: string }[];
  /** The Kubernetes versions whose API server creates exactly this object. */
  versions: string[];
  /** Only with every feature gate on (the policy's cluster-roles-featuregates variant). */
  featureGates?: boolean;
}

export interface BootstrapPolicy {
  versions: string[];
  objects: BootstrapObject[];
}

/**
 * default: equals Kubernetes' own object of that name; modified: has such a name but differs;
 * impostor: named `system:…` or labelled as bootstrap policy, with no default of that name;
 * own: the cluster's own.
 */
export type Provenance = 'default' | 'modified' | 'impostor' | 'own';

export const BOOTSTRAP_LABEL = 'kubernetes.io/bootstrapping';

type RbacKind = RbacObjectRef['kind'];

const objectKey = (kind: string, namespace: string | undefined, name: string) =>
  rbacObjectKey({ kind, name, ...(namespace && { namespace }) } as RbacObjectRef);

const sorted = (xs: readonly string[]) => [...new Set(xs)].sort();

/** A rule as compared: the order of verbs, groups, resources, names and URLs grants nothing. */
function rulePrint(r: PolicyRule): string {
  return JSON.stringify([
    sorted(r.verbs),
    sorted(r.apiGroups),
    sorted(r.resources),
    sorted(r.resourceNames),
    sorted(r.nonResourceURLs),
  ]);
}

/** Rules as a set: the aggregation controller writes them in its own order, each once. */
export function rulesPrint(rules: readonly PolicyRule[]): string {
  return JSON.stringify(sorted(rules.map(rulePrint)));
}

export function selectorsPrint(rule: { clusterRoleSelectors: LabelSelector[] } | undefined): string {
  if (!rule) return '';
  return JSON.stringify(
    rule.clusterRoleSelectors.map((s) => [
      Object.entries(s.matchLabels).sort(([a], [b]) => (a < b ? -1 : 1)),
      s.matchExpressions.map((e) => [e.key, e.operator, sorted(e.values)]),
    ]),
  );
}

/** What the authorizer reads of a binding: its role and who (a subject's apiGroup matches nothing). */
function bindingPrint(b: { roleRef: { kind: string; name: string }; subjects?: BootstrapObject['subjects'] }): string {
  const subjects = (b.subjects ?? []).map((s) =>
    JSON.stringify([s.kind, s.name, s.kind === 'ServiceAccount' ? (s.namespace ?? '') : '']),
  );
  return JSON.stringify([b.roleRef.kind, b.roleRef.name, sorted(subjects)]);
}

function rolePrint(r: { rules?: readonly PolicyRule[]; aggregationRule?: BootstrapObject['aggregationRule'] }) {
  return `${selectorsPrint(r.aggregationRule)}|${rulesPrint(r.rules ?? [])}`;
}

/**
 * The rules the aggregation controller gives each aggregating default, per version and gate
 * variant: the union of the rules of the defaults its selectors match, to a fixpoint (edit is
 * aggregated into admin, view into edit).
 */
function aggregatedDefaults(policy: BootstrapPolicy): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const version of policy.versions)
    for (const gates of [false, true]) {
      const roles = new Map<string, BootstrapObject>();
      for (const o of policy.objects) {
        if (o.kind !== 'ClusterRole' || !o.versions.includes(version)) continue;
        if (o.featureGates && !gates) continue;
        if (!o.featureGates && gates && roles.has(o.name)) continue;
        roles.set(o.name, o);
      }
      const { clusterRoles } = aggregateClusterRoles(
        [...roles.values()].map((o) => ({
          name: o.name,
          labels: o.labels ?? {},
          rules: o.rules ?? [],
          ...(o.aggregationRule && { aggregationRule: o.aggregationRule }),
        })),
      );
      const rules = new Map(clusterRoles.map((r) => [r.name, r.rules]));
      for (const [name, o] of roles)
        if (o.aggregationRule) {
          const prints = out.get(name) ?? new Set<string>();
          prints.add(rolePrint({ rules: rules.get(name)!, aggregationRule: o.aggregationRule }));
          out.set(name, prints);
        }
    }
  return out;
}

interface DefaultsTable {
  /** Every print a default of that key has had in a supported version. */
  prints: Map<string, Set<string>>;
  /** The newest variant of each key: what a modified object is compared with. */
  newest: Map<string, BootstrapObject>;
}

function buildTable(policy: BootstrapPolicy): DefaultsTable {
  const prints = new Map<string, Set<string>>();
  const newest = new Map<string, BootstrapObject>();
  const aggregated = aggregatedDefaults(policy);
  const latest = policy.versions.at(-1)!;
  for (const o of policy.objects) {
    const key = objectKey(o.kind, o.namespace, o.name);
    const set = prints.get(key) ?? new Set<string>();
    prints.set(key, set);
    if (o.kind === 'Role' || o.kind === 'ClusterRole') {
      if (o.aggregationRule) for (const p of aggregated.get(o.name) ?? []) set.add(p);
      else set.add(rolePrint(o));
    } else set.add(bindingPrint({ roleRef: o.roleRef!, subjects: o.subjects ?? [] }));
    const current = newest.get(key);
    if (!current || (o.versions.includes(latest) && !o.featureGates)) newest.set(key, o);
  }
  return { prints, newest };
}

let table: DefaultsTable | undefined;
const defaults = () => (table ??= buildTable(BOOTSTRAP_POLICY));

/** Looks like Kubernetes' own: the prefix it reserves for itself, or its bootstrap label. */
function looksBuiltin(o: { name: string; labels: Labels }): boolean {
  return o.name.startsWith('system:') || o.labels[BOOTSTRAP_LABEL] === 'rbac-defaults';
}

export function roleProvenance(kind: 'Role' | 'ClusterRole', r: Role | ClusterRole): Provenance {
  const key = objectKey(kind, kind === 'Role' ? (r as Role).namespace : undefined, r.name);
  const known = defaults().prints.get(key);
  if (known) return known.has(rolePrint(r)) ? 'default' : 'modified';
  return looksBuiltin(r) ? 'impostor' : 'own';
}

export function bindingProvenance(
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  b: RoleBinding | ClusterRoleBinding,
): Provenance {
  const key = objectKey(kind, kind === 'RoleBinding' ? (b as RoleBinding).namespace : undefined, b.name);
  const known = defaults().prints.get(key);
  if (known) return known.has(bindingPrint(b)) ? 'default' : 'modified';
  return looksBuiltin(b) ? 'impostor' : 'own';
}

/** Kubernetes' own object of that name (its newest default), to say how a modified one differs. */
export function defaultOf(kind: RbacKind, namespace: string | undefined, name: string): BootstrapObject | undefined {
  return defaults().newest.get(objectKey(kind, namespace, name));
}

/** Every default of the supported versions, by key: what the control plane creates at start. */
export function bootstrapObjects(): readonly BootstrapObject[] {
  return BOOTSTRAP_POLICY.objects;
}

export const SUPPORTED_VERSIONS: readonly string[] = BOOTSTRAP_POLICY.versions;
