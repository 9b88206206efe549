// ClusterRole aggregation as the controller computes it (k8s.io/kubernetes
// pkg/controller/clusterroleaggregation, syncClusterRole): an aggregating ClusterRole's rules are,
// selector by selector, the rules of the ClusterRoles the selector matches, taken in name order,
// itself skipped, each rule once (ruleExists: semantic deep equality, order of fields' items kept).
// Any ClusterRole event enqueues every aggregating ClusterRole again (enqueue), so the cluster
// settles where each one's rules equal what its selectors gather: a fixpoint, chains included.
// The one implementation: file sources fill aggregated rules with it, the what-if runs it after a
// change, and the live source compares the stored rules with it.
import { selectorMatches } from '../model/labels';
import type { ClusterRole, LabelSelector, PolicyRule } from '../model/types';

/** An aggregating ClusterRole whose stored rules are not what its aggregationRule gathers. */
export interface AggregationDifference {
  name: string;
  /** Rules stored in the object. */
  stored: number;
  /** Rules in the result: what the controller writes, or with keepStored the stored ones and what it adds. */
  aggregated: number;
  /** Rules the selectors gather: what the controller writes. */
  gathered: number;
  /** Rules the selectors gather that the stored list lacks (a manifest not yet reconciled). */
  added: number;
  /**
   * Stored rules the selectors do not gather (a hand-edited role, or an export without the roles
   * it gathers): the controller would remove them; with keepStored they stay.
   */
  extra: number;
}

/** An aggregating ClusterRole the controller cannot sync: its selector does not parse, so it keeps its rules. */
export interface AggregationError {
  name: string;
  reason: string;
}

export interface Aggregation {
  /** The ClusterRoles in their input order; those whose rules the controller rewrites are new objects. */
  clusterRoles: ClusterRole[];
  differences: AggregationDifference[];
  errors: AggregationError[];
}

export interface AggregationOptions {
  /**
   * Some ClusterRoles were not read: a selector may match roles that are absent, so the stored rules
   * are kept and what the aggregation gathers is added to them (RBAC only grants: never take away
   * what may be granted).
   */
  keepStored?: boolean;
}

/** equality.Semantic.DeepEqual of two rules: every list compared item by item, in order (nil = empty). */
const ruleKey = (r: PolicyRule) =>
  JSON.stringify([r.verbs, r.apiGroups, r.resources, r.resourceNames, r.nonResourceURLs]);

const sameRules = (a: readonly PolicyRule[], b: readonly PolicyRule[]) =>
  a.length === b.length && a.every((r, i) => ruleKey(r) === ruleKey(b[i]!));

/** Go's string order (bytes), as sort.Sort(byName) uses: not the locale's. */
const byName = (a: ClusterRole, b: ClusterRole) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Why metav1.LabelSelectorAsSelector rejects the selector (labels.NewRequirement): an unknown
 * operator, In/NotIn without values, Exists/DoesNotExist with values. The API server validates
 * selectors on write, so only a file can hold one.
 */
export function selectorError(selector: LabelSelector): string | undefined {
  for (const { key, operator, values } of selector.matchExpressions) {
    if (operator === 'In' || operator === 'NotIn') {
      if (values.length === 0) return `matchExpressions key ${key}: ${operator} needs values`;
    } else if (operator === 'Exists' || operator === 'DoesNotExist') {
      if (values.length > 0) return `matchExpressions key ${key}: ${operator} takes no values`;
    } else return `"${operator}" is not a valid label selector operator`;
  }
  return undefined;
}

/** What syncClusterRole writes for `role`, given every ClusterRole sorted by name and their current rules. */
function gather(role: ClusterRole, sorted: readonly ClusterRole[], rulesOf: (r: ClusterRole) => readonly PolicyRule[]) {
  const rules: PolicyRule[] = [];
  const seen = new Set<string>();
  for (const selector of role.aggregationRule?.clusterRoleSelectors ?? [])
    for (const part of sorted) {
      if (part.name === role.name || !selectorMatches(selector, part.labels)) continue;
      for (const rule of rulesOf(part)) {
        const key = ruleKey(rule);
        if (seen.has(key)) continue;
        seen.add(key);
        rules.push(rule);
      }
    }
  return rules;
}

/** `stored`, then each gathered rule it lacks. */
function union(stored: readonly PolicyRule[], gathered: readonly PolicyRule[]): PolicyRule[] {
  const seen = new Set(stored.map(ruleKey));
  return [...stored, ...gathered.filter((r) => !seen.has(ruleKey(r)))];
}

/**
 * The ClusterRoles as the aggregation controller leaves them: every aggregating one synced, in name
 * order, round after round until none changes (a cycle that never settles stops after as many
 * rounds as there are ClusterRoles). Pure: the input is not changed.
 */
export function aggregateClusterRoles(
  clusterRoles: readonly ClusterRole[],
  options: AggregationOptions = {},
): Aggregation {
  const sorted = [...clusterRoles].sort(byName);
  const rules = new Map<string, readonly PolicyRule[]>(sorted.map((r) => [r.name, r.rules]));
  const rulesOf = (r: ClusterRole) => rules.get(r.name) ?? r.rules;
  const errors: AggregationError[] = [];
  const aggregators = sorted.filter((r) => {
    if (!r.aggregationRule) return false;
    const error = r.aggregationRule.clusterRoleSelectors.map(selectorError).find((e) => e !== undefined);
    if (error) errors.push({ name: r.name, reason: error });
    return error === undefined;
  });
  for (let round = 0; round <= sorted.length; round++) {
    let moved = false;
    for (const agg of aggregators) {
      const gathered = gather(agg, sorted, rulesOf);
      const next = options.keepStored ? union(agg.rules, gathered) : gathered;
      if (sameRules(next, rulesOf(agg))) continue;
      rules.set(agg.name, next);
      moved = true;
    }
    if (!moved) break;
  }
  const differences: AggregationDifference[] = [];
  const changed = new Set<string>();
  for (const agg of aggregators) {
    const now = rulesOf(agg);
    if (!sameRules(now, agg.rules)) changed.add(agg.name);
    // What the controller would write now, compared either way with what is stored: with keepStored
    // the result may equal the stored list while the selectors gather less (or more).
    const gathered = gather(agg, sorted, rulesOf);
    if (sameRules(gathered, agg.rules) && !changed.has(agg.name)) continue;
    const storedKeys = new Set(agg.rules.map(ruleKey));
    const gatheredKeys = new Set(gathered.map(ruleKey));
    differences.push({
      name: agg.name,
      stored: agg.rules.length,
      aggregated: now.length,
      gathered: gathered.length,
      added: [...gatheredKeys].filter((k) => !storedKeys.has(k)).length,
      extra: [...storedKeys].filter((k) => !gatheredKeys.has(k)).length,
    });
  }
  return {
    clusterRoles: clusterRoles.map((r) => (changed.has(r.name) ? { ...r, rules: [...rulesOf(r)] } : r)),
    differences,
    errors,
  };
}

/**
 * The stored rules of each aggregating ClusterRole that the aggregation of `clusterRoles` does not
 * gather: rules from roles that were not read (an export without them) or added by hand. A what-if
 * on files keeps them (RBAC only grants) while the rest follows the controller.
 */
export function unexplainedRules(clusterRoles: readonly ClusterRole[]): Map<string, PolicyRule[]> {
  const gathered = new Map(aggregateClusterRoles(clusterRoles).clusterRoles.map((r) => [r.name, r.rules]));
  const out = new Map<string, PolicyRule[]>();
  for (const role of clusterRoles) {
    if (!role.aggregationRule) continue;
    const known = new Set((gathered.get(role.name) ?? []).map(ruleKey));
    const extra = role.rules.filter((r) => !known.has(ruleKey(r)));
    if (extra.length > 0) out.set(role.name, extra);
  }
  return out;
}

/** Each role's rules with its unexplained ones added back (each rule once), as a new list where one is added. */
export function withUnexplained(
  clusterRoles: readonly ClusterRole[],
  unexplained: ReadonlyMap<string, readonly PolicyRule[]>,
): ClusterRole[] {
  return clusterRoles.map((r) => {
    const extra = unexplained.get(r.name);
    if (!extra || !r.aggregationRule) return r;
    const rules = union(r.rules, extra);
    return rules.length === r.rules.length ? r : { ...r, rules };
  });
}
