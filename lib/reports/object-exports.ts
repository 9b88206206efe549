// A role's and a binding's page as data: the JSON of /api/roles/… and /api/bindings/…, and the CSV
// of each table those pages show (a role's rules and bindings; a binding's grants per subject).
import {
  ruleTable,
  subjectRefOf,
  type BindingRef,
  type Engine,
  type ResolvedBinding,
  type RoleRef,
  type RuleRow,
  type SubjectRef,
} from '@/lib/rbac';
import { csvChunks, csvRows, toCsv } from './csv';

/** A rule-table row with its dangers as ids, as the inventories spell them. */
function ruleJson(r: RuleRow) {
  return {
    resource: r.nonResourceURL ? '' : r.resource,
    resourceNames: r.resourceNames,
    ...(r.nonResourceURL && { nonResourceURL: r.nonResourceURL }),
    verbs: r.verbs,
    rules: r.rules,
    dangers: r.dangers.map((d) => d.id),
  };
}

/** The binding's subjects as the API names them; a subject the authorizer cannot match is left as written. */
function subjectsOf(b: ResolvedBinding): (SubjectRef | { kind: string; name: string; unmatched: true })[] {
  return b.subjects.map((s) => subjectRefOf(s, b.namespace) ?? { kind: s.kind, name: s.name, unmatched: true });
}

function bindingJson(b: ResolvedBinding) {
  return {
    binding: b.binding,
    roleRef: b.roleRef,
    /** The namespace it grants in; absent for a ClusterRoleBinding (every namespace, and the cluster). */
    ...(b.namespace && { grantsIn: b.namespace }),
    ...(b.dangling && { dangling: b.dangling.reason }),
    builtin: b.builtin,
    subjects: subjectsOf(b),
  };
}

export function roleDetail(engine: Engine, ref: RoleRef) {
  const role = engine.role(ref);
  if (!role) return undefined;
  const row = engine.inventory.roleRow(ref);
  return {
    role: ref,
    builtin: row?.builtin ?? false,
    aggregated: row?.aggregated ?? false,
    dangers: row?.dangers ?? [],
    ...(row?.created && { created: row.created }),
    rules: ruleTable(role.rules).map(ruleJson),
    bindings: engine.bindingsOf(ref).map(bindingJson),
  };
}

export type RoleDetail = NonNullable<ReturnType<typeof roleDetail>>;

const RULE_HEADER = ['resource', 'resourceNames', 'nonResourceURL', 'verbs', 'dangers'];
const ruleCells = (r: ReturnType<typeof ruleJson>) => [
  r.resource,
  r.resourceNames.join(' '),
  r.nonResourceURL ?? '',
  r.verbs.join(' '),
  r.dangers.join(' '),
];

const subjectCells = (s: ReturnType<typeof subjectsOf>[number]) => [
  s.kind,
  s.kind === 'ServiceAccount' && 'namespace' in s ? s.namespace : '',
  s.name,
];

export const ROLE_TABLES = ['rules', 'bindings'] as const;
export type RoleTable = (typeof ROLE_TABLES)[number];

/** `rules`: the role as `kubectl describe` shows it; `bindings`: one row per binding and subject. */
export function roleCsv(detail: RoleDetail, table: RoleTable): string {
  if (table === 'rules') return toCsv(RULE_HEADER, detail.rules.map(ruleCells));
  return toCsv(
    [
      'bindingKind',
      'bindingNamespace',
      'binding',
      'grantsIn',
      'dangling',
      'subjectKind',
      'subjectNamespace',
      'subject',
    ],
    detail.bindings.flatMap((b) => {
      const head = [
        b.binding.kind,
        b.binding.namespace ?? '',
        b.binding.name,
        b.grantsIn ?? '(cluster)',
        b.dangling ?? '',
      ];
      return b.subjects.length === 0 ? [[...head, '', '', '']] : b.subjects.map((s) => [...head, ...subjectCells(s)]);
    }),
  );
}

export function bindingDetail(engine: Engine, ref: BindingRef) {
  const bound = engine.binding(ref);
  if (!bound) return undefined;
  const row = engine.inventory.bindingRow(ref);
  const role = bound.role && engine.role(bound.role);
  return {
    ...bindingJson(bound),
    ...(bound.role && { role: bound.role }),
    dangers: row?.dangers ?? [],
    ...(row?.created && { created: row.created }),
    rules: role ? ruleTable(role.rules).map(ruleJson) : [],
  };
}

export type BindingDetail = NonNullable<ReturnType<typeof bindingDetail>>;

/**
 * What the binding grants to whom: one row per subject and rule-table row, made a chunk at a time
 * as the client reads. 5,000 subjects of a 20,000-rule role are 100 million rows: held whole, the
 * text exhausted the heap (#25); streamed, memory holds one chunk and a client that stops reading
 * stops the work.
 */
export function* bindingCsv(detail: BindingDetail): Generator<string> {
  yield* csvChunks(['subjectKind', 'subjectNamespace', 'subject', 'grantsIn', ...RULE_HEADER], [], () => []);
  for (const s of detail.subjects)
    yield* csvRows(detail.rules, (r) => [...subjectCells(s), detail.grantsIn ?? '(cluster)', ...ruleCells(r)]);
}
