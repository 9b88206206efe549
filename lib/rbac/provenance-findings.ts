// Findings about what passes for Kubernetes' own: a default that was changed (a rule or subject
// added, an aggregated role gathering roles that are not defaults) and an object named or labelled
// like a default that no supported version creates. Both are never hidden; what they add decides
// how severe they are: critical when it is a danger, high when it grants anything, low when a
// default was only narrowed.
import type { BindingIndex, ResolvedBinding, RoleRefResolved } from './bindings';
import { defaultOf, rulesPrint, selectorsPrint, SUPPORTED_VERSIONS } from './bootstrap-policy';
import { grantDangers } from './danger';
import { describeRule } from './describe';
import type { Finding, FindingId } from './findings';
import { selectorMatches } from './labels';
import type { PathGrant } from './path-types';
import { subjectLabel, subjectRefOf } from './subjects';
import type { Severity } from './techniques';
import type { ClusterModel, ClusterRole, PolicyRule, Role, Subject } from './types';

type Make = (
  id: FindingId,
  title: string,
  grants: readonly PathGrant[],
  builtin: boolean,
  extra?: Partial<Finding>,
) => Finding;

/** Shown in a title: at most this many rules or subjects, then "and N more". */
const SHOWN = 3;
/** Grants kept on one finding. */
const KEPT = 20;

const versionRange = () =>
  SUPPORTED_VERSIONS.length > 1
    ? `${minor(SUPPORTED_VERSIONS[0]!)}–${minor(SUPPORTED_VERSIONS.at(-1)!)}`
    : minor(SUPPORTED_VERSIONS[0]!);
const minor = (v: string) => v.split('.').slice(0, 2).join('.');

function listed(items: readonly string[]): string {
  const shown = items.slice(0, SHOWN).join(', ');
  return items.length > SHOWN ? `${shown} and ${items.length - SHOWN} more` : shown;
}

function severityOf(grants: readonly PathGrant[]): Severity {
  if (grants.length === 0) return 'low';
  return grants.some((g) => grantDangers(g).length > 0) ? 'critical' : 'high';
}

const roleText = (ref: RoleRefResolved) => `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;

export function provenanceFindings(
  model: ClusterModel,
  index: BindingIndex,
  bindings: readonly ResolvedBinding[],
  make: Make,
): Finding[] {
  const out: Finding[] = [];
  const roleFinding = (ref: RoleRefResolved, role: Role | ClusterRole) => {
    const provenance = index.roleProvenance(ref);
    if (provenance === 'modified') out.push(modifiedRole(model, index, ref, role, make));
    if (provenance === 'impostor') {
      const grants = role.rules.slice(0, KEPT).map((rule, ruleIndex) => ({ role: ref, ruleIndex, rule }));
      const f = make(
        'BUILTIN_IMPOSTOR',
        `${roleText(ref)} is named like Kubernetes' own, but no Kubernetes ${versionRange()} creates it`,
        grants,
        false,
        { object: ref, ...(ref.namespace && { namespace: ref.namespace }) },
      );
      f.severity = severityOf(grants);
      out.push(f);
    }
  };
  for (const r of model.clusterRoles) roleFinding({ kind: 'ClusterRole', name: r.name }, r);
  for (const r of model.roles) roleFinding({ kind: 'Role', namespace: r.namespace, name: r.name }, r);
  for (const b of bindings) {
    if (b.provenance === 'modified') out.push(modifiedBinding(b, make));
    if (b.provenance === 'impostor') {
      const grants = grantsTo(b, b.subjects);
      const f = make(
        'BUILTIN_IMPOSTOR',
        `${bindingText(b)} is named like Kubernetes' own, but no Kubernetes ${versionRange()} creates it` +
          (b.subjects.length > 0 ? `; it binds ${b.roleRef.name} to ${listed(subjectNames(b, b.subjects))}` : ''),
        grants,
        false,
        { object: b.binding, ...subjectAndNamespace(b, b.subjects) },
      );
      f.severity = severityOf(grants);
      out.push(f);
    }
  }
  return out;
}

/** Rules of a changed default that its default does not have; for an aggregating one, what it gathers from roles that are not defaults. */
function modifiedRole(
  model: ClusterModel,
  index: BindingIndex,
  ref: RoleRefResolved,
  role: Role | ClusterRole,
  make: Make,
): Finding {
  const def = defaultOf(ref.kind, ref.namespace, ref.name);
  const aggregation = 'aggregationRule' in role ? role.aggregationRule : undefined;
  let added: number[];
  let how: string;
  if (def?.aggregationRule) {
    const gathered = aggregation ? gatheredOwnRoles(model, index, role.name, aggregation) : [];
    const theirs = new Set(gathered.flatMap((o) => o.rules.map((r) => rulesPrint([r]))));
    added = indexesWhere(role.rules, (r) => theirs.has(rulesPrint([r])));
    const sameSelectors = selectorsPrint(aggregation) === selectorsPrint(def.aggregationRule);
    how =
      gathered.length > 0
        ? `gathers rules of ${listed(gathered.map((o) => o.name))}, which ${gathered.length === 1 ? 'is' : 'are'} not Kubernetes' own`
        : sameSelectors
          ? "its rules differ from what Kubernetes' aggregation gives"
          : 'its aggregationRule differs from the default';
  } else {
    const defaults = new Set((def?.rules ?? []).map((r) => rulesPrint([r])));
    added = indexesWhere(role.rules, (r) => !defaults.has(rulesPrint([r])));
    const present = new Set(role.rules.map((r) => rulesPrint([r])));
    const removed = (def?.rules ?? []).filter((r) => !present.has(rulesPrint([r]))).length;
    const parts = [
      ...(added.length > 0
        ? [
            `${added.length} rule${added.length === 1 ? '' : 's'} added (${listed(added.map((i) => describeRule(role.rules[i]!)))})`,
          ]
        : []),
      ...(removed > 0 ? [`${removed} rule${removed === 1 ? '' : 's'} removed`] : []),
      ...(aggregation && !def?.aggregationRule ? ['an aggregationRule added'] : []),
    ];
    how = parts.join(', ') || 'its rules differ';
  }
  const grants = added.slice(0, KEPT).map((ruleIndex) => ({ role: ref, ruleIndex, rule: role.rules[ruleIndex]! }));
  const f = make('MODIFIED_DEFAULT', `${roleText(ref)} differs from Kubernetes' default: ${how}`, grants, false, {
    object: ref,
    ...(ref.namespace && { namespace: ref.namespace }),
  });
  f.severity = severityOf(grants);
  return f;
}

/**
 * The roles an aggregating default gathers that are not Kubernetes' own, through aggregating roles
 * in between (admin gathers edit, which gathers what is labelled aggregate-to-edit).
 */
function gatheredOwnRoles(
  model: ClusterModel,
  index: BindingIndex,
  name: string,
  aggregation: NonNullable<ClusterRole['aggregationRule']>,
  seen = new Set<string>([name]),
): ClusterRole[] {
  const out: ClusterRole[] = [];
  for (const other of model.clusterRoles) {
    if (seen.has(other.name) || !aggregation.clusterRoleSelectors.some((s) => selectorMatches(s, other.labels)))
      continue;
    seen.add(other.name);
    if (other.aggregationRule) out.push(...gatheredOwnRoles(model, index, other.name, other.aggregationRule, seen));
    else if (index.roleProvenance({ kind: 'ClusterRole', name: other.name }) !== 'default') out.push(other);
  }
  return out;
}

function indexesWhere(rules: readonly PolicyRule[], keep: (r: PolicyRule) => boolean): number[] {
  return rules.flatMap((r, i) => (keep(r) ? [i] : []));
}

function modifiedBinding(b: ResolvedBinding, make: Make): Finding {
  const def = defaultOf(b.binding.kind, b.binding.namespace, b.binding.name);
  const sameRole = def?.roleRef?.kind === b.roleRef.kind && def.roleRef.name === b.roleRef.name;
  const defaults = new Set((def?.subjects ?? []).map(subjectPrint));
  const added = sameRole ? b.subjects.filter((s) => !defaults.has(subjectPrint(s))) : [...b.subjects];
  const present = new Set(b.subjects.map(subjectPrint));
  const removed = (def?.subjects ?? []).filter((s) => !present.has(subjectPrint(s))).length;
  const parts = [
    ...(sameRole ? [] : [`it binds ${b.roleRef.kind} ${b.roleRef.name} instead of ${def?.roleRef?.name ?? '?'}`]),
    ...(added.length > 0 ? [`subjects added: ${listed(subjectNames(b, added))}`] : []),
    ...(removed > 0 ? [`${removed} subject${removed === 1 ? '' : 's'} removed`] : []),
  ];
  const grants = grantsTo(b, added);
  const f = make(
    'MODIFIED_DEFAULT',
    `${bindingText(b)} differs from Kubernetes' default: ${parts.join(', ') || 'its subjects differ'}`,
    grants,
    false,
    { object: b.binding, ...subjectAndNamespace(b, added) },
  );
  f.severity = severityOf(grants);
  return f;
}

const subjectPrint = (s: { kind: string; name: string; namespace?: string }) =>
  `${s.kind}/${s.kind === 'ServiceAccount' ? (s.namespace ?? '') : ''}/${s.name}`;

function bindingText(b: ResolvedBinding): string {
  return `${b.binding.kind} ${b.binding.namespace ? `${b.binding.namespace}/` : ''}${b.binding.name}`;
}

function subjectNames(b: ResolvedBinding, subjects: readonly Subject[]): string[] {
  return subjects.map((s) => {
    const ref = subjectRefOf(s, b.namespace);
    return ref ? subjectLabel(ref) : `${s.kind} ${s.name}`;
  });
}

/** What the binding gives these subjects: each rule of its role, for each of them. */
function grantsTo(b: ResolvedBinding, subjects: readonly Subject[]): PathGrant[] {
  if (!b.role) return [];
  const out: PathGrant[] = [];
  for (const subject of subjects)
    for (const [ruleIndex, rule] of b.rules.entries()) {
      if (out.length >= KEPT) return out;
      out.push({ binding: b.binding, role: b.role, ruleIndex, rule, subject });
    }
  return out;
}

/** The one subject a finding is about, when there is one, and where it belongs. */
function subjectAndNamespace(b: ResolvedBinding, subjects: readonly Subject[]): Partial<Finding> {
  const refs = subjects.flatMap((s) => subjectRefOf(s, b.namespace) ?? []);
  const one = refs.length === 1 ? refs[0] : undefined;
  const namespace = b.binding.namespace ?? (one?.kind === 'ServiceAccount' ? one.namespace : undefined);
  return { ...(one && { subject: one }), ...(namespace && { namespace }) };
}
