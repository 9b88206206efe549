// The cluster's RBAC objects and identities as lists: one row per Role/ClusterRole, per binding and
// per subject, with the counts and dangers an admin sorts by. Rows are built once per model, when
// first asked; each query then filters, sorts and pages them.
import { type BindingIndex, type ResolvedBinding } from './bindings';
import type { Provenance } from './bootstrap-policy';
import { ruleDangers } from './danger';
import { BUILTIN_GROUPS, BUILTIN_RESOURCES } from './resource-types';
import { pageOf, type Page } from './page';
import { STANDARD_VERBS } from './permissions';
import type { SubjectIndex } from './subject-index';
import { byText, subjectRefOf } from './subjects';
import type { ClusterModel, PolicyRule } from './types';
import { type BindingRef, type RoleRef, subjectKey, type SubjectRef } from './refs';

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
  subjects: ['name', 'namespace', 'bindings', 'namespaces', 'pods', 'danger'],
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

function vocabularyOf(model: ClusterModel): Vocabulary {
  const verbs = new Set(KNOWN_VERBS);
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

const label = (r: Row) => (r.namespace ? `${r.namespace}/${r.name}` : r.name);
/** The lists' own order: by name, then namespace (cluster-scoped first). */
const byName = (a: Row, b: Row) => byText(a.name, b.name) || byText(a.namespace, b.namespace);

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
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : byText(String(x), String(y));
      return sign * c || byName(a, b);
    });
  }
  return { ...pageOf(kept, q.offset ?? 0, q.limit ?? 50), hiddenBuiltin };
}

/** Newest first when descending: timestamps are RFC 3339, so they sort as text; unknown ages sort last. */
const age = (c: string | undefined) => c ?? '';

export function indexInventory(model: ClusterModel, index: BindingIndex, subjects: SubjectIndex): Inventory {
  const provenanceOf = (ref: RoleRef) => {
    const provenance = index.roleProvenance(ref) ?? 'own';
    return { provenance, builtin: provenance === 'default' };
  };
  // Nothing is built with the engine (every live batch builds one): each list when first asked.
  let allBindings: ResolvedBinding[] | undefined;
  const all = () => (allBindings ??= [...index.clusterBindings, ...[...index.roleBindingsByNamespace.values()].flat()]);
  let roleRows: (RoleRow & Row)[] | undefined;
  let bindingRows: (BindingRow & Row)[] | undefined;
  let subjectRows: (SubjectRow & Row)[] | undefined;
  let bindingsByKey: Map<string, BindingRow> | undefined;
  let rolesByKey: Map<string, RoleRow> | undefined;
  let vocabulary: Vocabulary | undefined;
  const roleKeyOf = (kind: string, namespace: string, name: string) => `${kind}:${namespace}/${name}`;
  const bindingKeyOf = (ref: BindingRef) => `${ref.kind}:${ref.namespace ?? ''}/${ref.name}`;

  const buildRoles = () => {
    const bound = new Map<string, number>();
    for (const b of all()) {
      const k = roleKeyOf(b.roleRef.kind, b.roleRef.kind === 'Role' ? b.namespace : '', b.roleRef.name);
      bound.set(k, (bound.get(k) ?? 0) + 1);
    }
    const rows: (RoleRow & Row)[] = [];
    for (const r of model.clusterRoles)
      rows.push({
        kind: 'ClusterRole',
        name: r.name,
        namespace: '',
        ref: { kind: 'ClusterRole', name: r.name },
        rules: r.rules.length,
        bindings: bound.get(roleKeyOf('ClusterRole', '', r.name)) ?? 0,
        dangers: dangersOf(r.rules),
        ...provenanceOf({ kind: 'ClusterRole', name: r.name }),
        aggregated: (r.aggregationRule?.clusterRoleSelectors.length ?? 0) > 0,
        ...created(r.created),
      });
    for (const r of model.roles)
      rows.push({
        kind: 'Role',
        name: r.name,
        namespace: r.namespace,
        ref: { kind: 'Role', namespace: r.namespace, name: r.name },
        rules: r.rules.length,
        bindings: bound.get(roleKeyOf('Role', r.namespace, r.name)) ?? 0,
        dangers: dangersOf(r.rules),
        ...provenanceOf({ kind: 'Role', namespace: r.namespace, name: r.name }),
        aggregated: false,
        ...created(r.created),
      });
    return rows.sort(byName);
  };

  const toBindingRow = (b: ResolvedBinding, bindingCreated: ReadonlyMap<string, string>): BindingRow & Row => ({
    kind: b.binding.kind,
    name: b.binding.name,
    namespace: b.binding.namespace ?? '',
    ref: b.binding,
    role: b.role ?? {
      kind: b.roleRef.kind === 'Role' ? 'Role' : 'ClusterRole',
      name: b.roleRef.name,
      ...(b.roleRef.kind === 'Role' && { namespace: b.namespace }),
    },
    subjects: b.subjects.length,
    dangers: dangersOf(b.rules),
    ...(b.dangling && { dangling: b.dangling.reason }),
    builtin: b.builtin,
    provenance: b.provenance,
    ...created(bindingCreated.get(bindingKeyOf(b.binding))),
  });
  const buildBindings = () => {
    const bindingCreated = new Map<string, string>();
    for (const b of model.clusterRoleBindings)
      if (b.created) bindingCreated.set(bindingKeyOf({ kind: 'ClusterRoleBinding', name: b.name }), b.created);
    for (const b of model.roleBindings)
      if (b.created)
        bindingCreated.set(bindingKeyOf({ kind: 'RoleBinding', namespace: b.namespace, name: b.name }), b.created);
    return all()
      .map((b) => toBindingRow(b, bindingCreated))
      .sort(byName);
  };

  const buildSubjects = () => {
    const named = new Map<string, ResolvedBinding[]>();
    for (const b of all()) {
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
    const pods = new Map<string, number>();
    for (const p of model.pods) {
      const k = subjectKey({ kind: 'ServiceAccount', namespace: p.namespace, name: p.serviceAccountName });
      pods.set(k, (pods.get(k) ?? 0) + 1);
    }
    const { serviceAccounts, users, groups } = subjects.known;
    return [...serviceAccounts, ...users, ...groups]
      .map((ref): SubjectRow & Row => {
        const bs = named.get(subjectKey(ref)) ?? [];
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
      })
      .sort(byName);
  };

  return {
    roles: (q) =>
      query((roleRows ??= buildRoles()), q, (r, sort) =>
        sort === 'rules'
          ? r.rules
          : sort === 'bindings'
            ? r.bindings
            : sort === 'danger'
              ? r.dangers.length
              : sort === 'age'
                ? age(r.created)
                : sort === 'namespace'
                  ? r.namespace
                  : r.name,
      ),
    bindings: (q) =>
      query((bindingRows ??= buildBindings()), q, (r, sort) =>
        sort === 'subjects'
          ? r.subjects
          : sort === 'danger'
            ? r.dangers.length
            : sort === 'age'
              ? age(r.created)
              : sort === 'role'
                ? r.role.name
                : sort === 'namespace'
                  ? r.namespace
                  : r.name,
      ),
    subjects: (q) =>
      query((subjectRows ??= buildSubjects()), q, (r, sort) =>
        sort === 'bindings'
          ? r.bindings
          : sort === 'namespaces'
            ? r.namespaces
            : sort === 'pods'
              ? (r.pods ?? -1)
              : sort === 'danger'
                ? r.dangers.length
                : sort === 'namespace'
                  ? r.namespace
                  : r.name,
      ),
    vocabulary: () => (vocabulary ??= vocabularyOf(model)),
    bindingRow(ref) {
      bindingsByKey ??= new Map((bindingRows ??= buildBindings()).map((r) => [bindingKeyOf(r.ref), r]));
      return bindingsByKey.get(bindingKeyOf(ref));
    },
    roleRow(ref) {
      const key = (r: RoleRef) => roleKeyOf(r.kind, r.namespace ?? '', r.name);
      rolesByKey ??= new Map((roleRows ??= buildRoles()).map((r) => [key(r.ref), r]));
      return rolesByKey.get(key(ref));
    },
  };
}
