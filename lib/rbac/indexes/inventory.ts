// The cluster's RBAC objects and identities as lists: one row per Role/ClusterRole, per binding and
// per subject, with the counts and dangers an admin sorts by. Rows are built once per model, when
// first asked; each query then filters, sorts and pages them.
import { writtenRole, type BindingIndex, type ResolvedBinding } from '../authorizer/bindings';
import type { Provenance } from '../findings/bootstrap-policy';
import { ruleDangers } from '../findings/danger';
import { BUILTIN_GROUPS, BUILTIN_RESOURCES } from '../model/resource-types';
import { IMPERSONATE_MODE_VERBS, IMPERSONATION_MODES, impersonateOnVerb } from '../model/impersonation-verbs';
import { DEFAULT_KUBE_VERSION, hasConstrainedImpersonation } from '../model/kube-version';
import { pageOf, type Page } from '../model/page';
import { STANDARD_VERBS } from './permissions';
import type { SubjectIndex } from './subject-index';
import { byText, subjectRefOf } from '../authorizer/subjects';
import { byNaturalText } from '../model/natural-order';
import {
  bindingKey,
  bindingRef,
  objectKey,
  objectLabel,
  roleKey,
  roleRef,
  subjectKey,
  type BindingRef,
  type RoleRef,
  type SubjectRef,
} from '../model/refs';
import type { ClusterModel, ClusterRole, PolicyRule, Role } from '../model/types';

export interface RoleRow {
  ref: RoleRef;
  rules: number;
  /** Bindings whose roleRef names it. */
  bindings: number;
  /** Danger ids its rules carry (DANGER_RULES), in that order. */
  dangers: string[];
  builtin: boolean;
  /** Kubernetes' default, changed default, impostor or the cluster's own (bootstrap-policy.ts). */
  provenance: Provenance;
  /** Its rules are filled in from other ClusterRoles (aggregationRule). */
  aggregated: boolean;
  created?: string;
}

export interface BindingRow {
  ref: BindingRef;
  /** The roleRef as written: the role may not exist. */
  role: RoleRef;
  subjects: number;
  dangers: string[];
  /** Why it grants nothing, when its role is missing. */
  dangling?: string;
  builtin: boolean;
  provenance: Provenance;
  created?: string;
}

export interface SubjectRow {
  ref: SubjectRef;
  /** Bindings that name it directly. */
  bindings: number;
  /** Namespaces those bindings grant in ("" counts once for cluster-wide). */
  namespaces: number;
  /** Service accounts: the pods running as it. */
  pods?: number;
  dangers: string[];
  builtin: boolean;
}

export const INVENTORY_SORTS = {
  roles: ['name', 'namespace', 'rules', 'bindings', 'danger', 'age'],
  bindings: ['name', 'namespace', 'role', 'subjects', 'danger', 'age'],
  subjects: ['name', 'namespace', 'bindings', 'namespaces', 'pods', 'danger', 'risk'],
} as const;
export type InventoryList = keyof typeof INVENTORY_SORTS;
export type InventorySort<L extends InventoryList> = (typeof INVENTORY_SORTS)[L][number];

export interface InventoryQuery<L extends InventoryList> {
  /** Substring of the name (or namespace/name), case-insensitive. */
  filter?: string;
  /** Row kinds to keep (Role, ClusterRole, RoleBinding, …); all when empty. */
  kinds?: readonly string[];
  /** Only this namespace's rows; "" for cluster-scoped ones. */
  namespace?: string;
  /** Keep Kubernetes' own objects (hidden by default). */
  builtin?: boolean;
  /** Only rows with at least one danger. */
  dangerous?: boolean;
  sort?: InventorySort<L>;
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

export interface InventoryPage<T> extends Page<T> {
  /** Built-in rows the query left out (they match otherwise). */
  hiddenBuiltin: number;
}

export interface Inventory {
  roles(q: InventoryQuery<'roles'>): InventoryPage<RoleRow>;
  bindings(q: InventoryQuery<'bindings'>): InventoryPage<BindingRow>;
  subjects(q: InventoryQuery<'subjects'>): InventoryPage<SubjectRow>;
  /** One binding's row (its dangers and counts), for its own page. */
  bindingRow(ref: BindingRef): BindingRow | undefined;
  roleRow(ref: RoleRef): RoleRow | undefined;
  /** The words a question can use: verbs, resources, subresources and API groups the roles name or Kubernetes has. */
  vocabulary(): Vocabulary;
}

export interface Vocabulary {
  verbs: string[];
  resources: string[];
  subresources: string[];
  groups: string[];
}

/** Verbs every cluster understands, before any role names them. */
const KNOWN_VERBS = [...STANDARD_VERBS, 'bind', 'escalate', 'impersonate'];

/**
 * Constrained impersonation's verbs, where the version modelled checks them: each mode's
 * `impersonate:<mode>`, and `impersonate-on:<mode>:<verb>` for the standard verbs (a role may name
 * any other, and then it is suggested as the role's).
 */
function constrainedVerbs(model: ClusterModel): string[] {
  if (!hasConstrainedImpersonation(model.kubernetes ?? DEFAULT_KUBE_VERSION)) return [];
  const on = IMPERSONATION_MODES.flatMap((m) => STANDARD_VERBS.map((v) => impersonateOnVerb(m, v)));
  return [...IMPERSONATE_MODE_VERBS, ...on];
}

function vocabularyOf(model: ClusterModel): Vocabulary {
  const verbs = new Set([...KNOWN_VERBS, ...constrainedVerbs(model)]);
  const resources = new Set(BUILTIN_RESOURCES.map((t) => t.plural));
  const subresources = new Set<string>();
  const groups = new Set(BUILTIN_GROUPS);
  for (const role of [...model.roles, ...model.clusterRoles])
    for (const rule of role.rules) {
      for (const v of rule.verbs) verbs.add(v);
      for (const g of rule.apiGroups) groups.add(g);
      for (const r of rule.resources) {
        const [main = '', sub] = r.split('/');
        resources.add(main);
        if (sub) subresources.add(sub);
      }
    }
  const words = (set: Set<string>) => [...set].filter((w) => w !== '' && !w.includes('*')).sort(byText);
  return { verbs: words(verbs), resources: words(resources), subresources: words(subresources), groups: words(groups) };
}

/**
 * The danger ids of a rule list, kept per list: a binding shares its role's rules, and a subject
 * row asks again for each binding naming it (5,000 subjects of a 20,000-rule role: 70 s, #25).
 */
const dangersByRules = new WeakMap<readonly PolicyRule[], string[]>();
function dangersOf(rules: readonly PolicyRule[]): string[] {
  let known = dangersByRules.get(rules);
  if (!known) {
    const ids = new Set<string>();
    for (const rule of rules) for (const d of ruleDangers(rule)) ids.add(d.id);
    dangersByRules.set(rules, (known = [...ids]));
  }
  return known;
}

const created = (c: string | undefined) => (c ? { created: c } : {});

interface Row {
  kind: string;
  name: string;
  namespace: string;
  builtin: boolean;
  dangers: readonly string[];
}

/** What the filter matches: `ns/name` or `name`. */
const label = (r: Row) => objectLabel(r);
/** The lists' own order: by name, then namespace (cluster-scoped first), each as people read them (ns-2 before ns-10). */
const byName = (a: Row, b: Row) => byNaturalText(a.name, b.name) || byNaturalText(a.namespace, b.namespace);

/** Filter, sort (ties by namespace/name, so pages never shuffle) and page. */
function query<T extends Row, L extends InventoryList>(
  rows: readonly T[],
  q: InventoryQuery<L>,
  key: (row: T, sort: InventorySort<L>) => string | number,
): InventoryPage<T> {
  const f = (q.filter ?? '').trim().toLowerCase();
  let hiddenBuiltin = 0;
  const kept = rows.filter((r) => {
    if (q.kinds && q.kinds.length > 0 && !q.kinds.includes(r.kind)) return false;
    if (q.namespace !== undefined && r.namespace !== q.namespace) return false;
    if (f && !label(r).toLowerCase().includes(f)) return false;
    if (q.dangerous && r.dangers.length === 0) return false;
    if (!q.builtin && r.builtin) {
      hiddenBuiltin++;
      return false;
    }
    return true;
  });
  const sort = q.sort ?? ('name' as InventorySort<L>);
  const sign = q.order === 'desc' ? -1 : 1;
  if (sort !== 'name' || q.order === 'desc') {
    kept.sort((a, b) => {
      const x = key(a, sort);
      const y = key(b, sort);
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : byNaturalText(String(x), String(y));
      return sign * c || byName(a, b);
    });
  }
  return { ...pageOf(kept, q.offset ?? 0, q.limit ?? 50), hiddenBuiltin };
}

/** Newest first when descending: timestamps are RFC 3339, so they sort as text; unknown ages sort last. */
const age = (c: string | undefined) => c ?? '';

/** Every binding, ClusterRoleBindings first, in the authorizer's walk order. */
const allBindingsOf = (index: BindingIndex): ResolvedBinding[] => [
  ...index.clusterBindings,
  ...[...index.roleBindingsByNamespace.values()].flat(),
];

/** A binding's role as its row shows it: the role may not exist (a kind neither Role nor ClusterRole reads as ClusterRole). */
function rowRole(b: ResolvedBinding): RoleRef {
  return roleRef(b.roleRef.kind === 'Role' ? 'Role' : 'ClusterRole', b.namespace, b.roleRef.name);
}

function roleRowOf(
  r: Role | ClusterRole,
  ref: RoleRef,
  bindings: number,
  provenance: Provenance,
  aggregated: boolean,
): RoleRow & Row {
  return {
    kind: ref.kind,
    name: r.name,
    namespace: ref.namespace ?? '',
    ref,
    rules: r.rules.length,
    bindings,
    dangers: dangersOf(r.rules),
    provenance,
    builtin: provenance === 'default',
    aggregated,
    ...created(r.created),
  };
}

/** A row per Role and ClusterRole, with the bindings whose roleRef names it (resolved or not). */
function buildRoleRows(model: ClusterModel, index: BindingIndex, all: readonly ResolvedBinding[]): (RoleRow & Row)[] {
  const bound = new Map<string, number>();
  for (const b of all) {
    const k = objectKey(writtenRole(b));
    bound.set(k, (bound.get(k) ?? 0) + 1);
  }
  const row = (r: Role | ClusterRole, ref: RoleRef, aggregated: boolean) =>
    roleRowOf(r, ref, bound.get(roleKey(ref)) ?? 0, index.roleProvenance(ref) ?? 'own', aggregated);
  const rows: (RoleRow & Row)[] = [];
  for (const r of model.clusterRoles)
    rows.push(row(r, roleRef('ClusterRole', '', r.name), (r.aggregationRule?.clusterRoleSelectors.length ?? 0) > 0));
  for (const r of model.roles) rows.push(row(r, roleRef('Role', r.namespace, r.name), false));
  return rows.sort(byName);
}

function bindingRowOf(b: ResolvedBinding, createdAt: string | undefined): BindingRow & Row {
  return {
    kind: b.binding.kind,
    name: b.binding.name,
    namespace: b.binding.namespace ?? '',
    ref: b.binding,
    role: b.role ?? rowRole(b),
    subjects: b.subjects.length,
    dangers: dangersOf(b.rules),
    ...(b.dangling && { dangling: b.dangling.reason }),
    builtin: b.builtin,
    provenance: b.provenance,
    ...created(createdAt),
  };
}

/** A row per binding, with its creation time from the model (resolved bindings do not carry it). */
function buildBindingRows(model: ClusterModel, all: readonly ResolvedBinding[]): (BindingRow & Row)[] {
  const createdAt = new Map<string, string>();
  for (const b of model.clusterRoleBindings)
    if (b.created) createdAt.set(bindingKey(bindingRef('ClusterRoleBinding', '', b.name)), b.created);
  for (const b of model.roleBindings)
    if (b.created) createdAt.set(bindingKey(bindingRef('RoleBinding', b.namespace, b.name)), b.created);
  return all.map((b) => bindingRowOf(b, createdAt.get(bindingKey(b.binding)))).sort(byName);
}

/** The bindings naming each subject directly (each binding once per subject), by subject key. */
function bindingsBySubject(all: readonly ResolvedBinding[]): Map<string, ResolvedBinding[]> {
  const named = new Map<string, ResolvedBinding[]>();
  for (const b of all) {
    const seen = new Set<string>();
    for (const s of b.subjects) {
      const ref = subjectRefOf(s, b.namespace);
      if (!ref) continue;
      const k = subjectKey(ref);
      if (seen.has(k)) continue;
      seen.add(k);
      const list = named.get(k);
      if (list) list.push(b);
      else named.set(k, [b]);
    }
  }
  return named;
}

function subjectRowOf(
  ref: SubjectRef,
  bs: readonly ResolvedBinding[],
  pods: ReadonlyMap<string, number>,
): SubjectRow & Row {
  const dangers = new Set<string>();
  for (const b of bs) for (const d of dangersOf(b.rules)) dangers.add(d);
  return {
    kind: ref.kind,
    name: ref.name,
    namespace: ref.kind === 'ServiceAccount' ? ref.namespace : '',
    ref,
    bindings: bs.length,
    namespaces: new Set(bs.map((b) => b.namespace)).size,
    ...(ref.kind === 'ServiceAccount' && { pods: pods.get(subjectKey(ref)) ?? 0 }),
    dangers: [...dangers],
    // Kubernetes' own when every binding naming it is (never by a `system:` name, which anyone may bind).
    builtin: bs.length > 0 && bs.every((b) => b.builtin),
  };
}

/** A row per known subject: the bindings naming it, the namespaces they grant in, its pods. */
function buildSubjectRows(
  model: ClusterModel,
  subjects: SubjectIndex,
  all: readonly ResolvedBinding[],
): (SubjectRow & Row)[] {
  const named = bindingsBySubject(all);
  const pods = new Map<string, number>();
  for (const p of model.pods) {
    const k = subjectKey({ kind: 'ServiceAccount', namespace: p.namespace, name: p.serviceAccountName });
    pods.set(k, (pods.get(k) ?? 0) + 1);
  }
  const { serviceAccounts, users, groups } = subjects.known;
  return [...serviceAccounts, ...users, ...groups]
    .map((ref) => subjectRowOf(ref, named.get(subjectKey(ref)) ?? [], pods))
    .sort(byName);
}

/** What each list sorts by, per sort name; `name` and `namespace` are the rows' own. */
const roleSortKey = (r: RoleRow & Row, sort: InventorySort<'roles'>): string | number => {
  switch (sort) {
    case 'rules':
      return r.rules;
    case 'bindings':
      return r.bindings;
    case 'danger':
      return r.dangers.length;
    case 'age':
      return age(r.created);
    default:
      return r[sort];
  }
};

const bindingSortKey = (r: BindingRow & Row, sort: InventorySort<'bindings'>): string | number => {
  switch (sort) {
    case 'subjects':
      return r.subjects;
    case 'danger':
      return r.dangers.length;
    case 'age':
      return age(r.created);
    case 'role':
      return r.role.name;
    default:
      return r[sort];
  }
};

/** A subject's risk as one number, larger worse: its worst severity, then how many findings it has. */
export type RiskScore = (ref: SubjectRef) => number;

const subjectSortKey =
  (risk: RiskScore) =>
  (r: SubjectRow & Row, sort: InventorySort<'subjects'>): string | number => {
    switch (sort) {
      case 'risk':
        return risk(r.ref);
      case 'bindings':
        return r.bindings;
      case 'namespaces':
        return r.namespaces;
      case 'pods':
        return r.pods ?? -1;
      case 'danger':
        return r.dangers.length;
      default:
        return r[sort];
    }
  };

/** A value computed when first asked, then kept. */
function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
}

/** The rows of roles and bindings: they read only the RBAC objects, so engines with one BindingIndex share them. */
interface RbacRows {
  all: () => ResolvedBinding[];
  roleRows: () => (RoleRow & Row)[];
  bindingRows: () => (BindingRow & Row)[];
  bindingsByKey: () => Map<string, BindingRow>;
  rolesByKey: () => Map<string, RoleRow>;
  vocabulary: () => Vocabulary;
}

const rowsByIndex = new WeakMap<BindingIndex, RbacRows>();

function rbacRows(model: ClusterModel, index: BindingIndex): RbacRows {
  let rows = rowsByIndex.get(index);
  if (rows) return rows;
  const all = lazy(() => allBindingsOf(index));
  const roleRows = lazy(() => buildRoleRows(model, index, all()));
  const bindingRows = lazy(() => buildBindingRows(model, all()));
  rows = {
    all,
    roleRows,
    bindingRows,
    bindingsByKey: lazy(() => new Map<string, BindingRow>(bindingRows().map((r) => [bindingKey(r.ref), r]))),
    rolesByKey: lazy(() => new Map<string, RoleRow>(roleRows().map((r) => [roleKey(r.ref), r]))),
    vocabulary: lazy(() => vocabularyOf(model)),
  };
  rowsByIndex.set(index, rows);
  return rows;
}

/** `risk`: the findings' (the engine's subjectRisk), asked only when subjects are sorted by it. */
export function indexInventory(
  model: ClusterModel,
  index: BindingIndex,
  subjects: SubjectIndex,
  risk: RiskScore = () => 0,
): Inventory {
  // Nothing is built with the engine (every live batch builds one): each list when first asked; the
  // rows of roles and bindings once per BindingIndex (a batch of pod changes takes it over).
  const { all, roleRows, bindingRows, bindingsByKey, rolesByKey, vocabulary } = rbacRows(model, index);
  const subjectRows = lazy(() => buildSubjectRows(model, subjects, all()));
  return {
    roles: (q) => query(roleRows(), q, roleSortKey),
    bindings: (q) => query(bindingRows(), q, bindingSortKey),
    subjects: (q) => query(subjectRows(), q, subjectSortKey(risk)),
    vocabulary,
    bindingRow: (ref) => bindingsByKey().get(bindingKey(ref)),
    roleRow: (ref) => rolesByKey().get(roleKey(ref)),
  };
}
