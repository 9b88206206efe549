// Findings about what passes for Kubernetes' own: a default that was changed (a rule or subject
// added, a role bound instead), an object named or labelled like a default that no supported version
// creates, and a role of the cluster that Kubernetes' aggregated roles (view, edit, admin) gather.
// None is ever hidden; what they add decides how severe they are (each rule's severity table,
// finding-rules.ts): critical when it is a danger, high when a changed default or an impostor grants
// anything, low when a default was only narrowed or an aggregated role adds nothing dangerous (the
// documented way to extend view, edit and admin).
import { gatheredRules, type BindingIndex, type ResolvedBinding } from '../authorizer/bindings';
import {
  gatheredByDefault,
  defaultOf,
  rulesBeyondDefault,
  rulesCovered,
  selectorsPrint,
  subjectsBeyondDefault,
  subjectsDroppedFromDefault,
  SUPPORTED_VERSIONS,
} from './bootstrap-policy';
import { grantDangers } from './danger';
import { describeBinding, describeRole, describeRule } from '../model/describe';
import { makeFinding, type Finding, type SeverityContext } from './finding-rules';
import { selectorMatches } from '../model/labels';
import type { PathGrant } from '../paths/path-types';
import { eachOf, type Work } from '../sliced-work';
import { subjectRefOf } from '../authorizer/subjects';
import type { ClusterModel, ClusterRole, Role, Subject } from '../model/types';
import { type RoleRef, subjectLabel } from '../model/refs';

/** Shown in a title: at most this many rules or subjects, then "and N more". */
const SHOWN = 3;
/** Grants kept on one finding. */
const KEPT = 20;

const minor = (v: string) => v.split('.').slice(0, 2).join('.');
const versionRange = () =>
  SUPPORTED_VERSIONS.length > 1
    ? `${minor(SUPPORTED_VERSIONS[0]!)}–${minor(SUPPORTED_VERSIONS.at(-1)!)}`
    : minor(SUPPORTED_VERSIONS[0]!);

/** "a", "a and b", "a, b and c", "a, b, c and 2 more". */
function listed(items: readonly string[]): string {
  if (items.length > SHOWN) return `${items.slice(0, SHOWN).join(', ')} and ${items.length - SHOWN} more`;
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What the grants of a finding are: a danger among them, something, or nothing. */
function contextOf(grants: readonly PathGrant[]): SeverityContext {
  if (grants.length === 0) return 'nothing';
  return grants.some((g) => grantDangers(g).length > 0) ? 'dangerous' : 'granting';
}

const roleGrants = (ref: RoleRef, rules: readonly Role['rules'][number][], indexes?: readonly number[]) =>
  (indexes ?? rules.map((_, i) => i))
    .slice(0, KEPT)
    .map((ruleIndex) => ({ role: ref, ruleIndex, rule: rules[ruleIndex]! }));

/** In slices (sliced-work.ts): every role and binding of a 10,000-namespace cluster was one 0.1 s unit. */
export function* provenanceFindings(
  model: ClusterModel,
  index: BindingIndex,
  bindings: readonly ResolvedBinding[],
): Work<Finding[]> {
  const out: Finding[] = [];
  const roleFinding = (ref: RoleRef, role: Role | ClusterRole) => {
    const provenance = index.roleProvenance(ref);
    if (provenance === 'modified') out.push(modifiedRole(index, ref, role));
    if (provenance === 'impostor') {
      const grants = roleGrants(ref, role.rules);
      out.push(
        makeFinding('BUILTIN_IMPOSTOR', {
          title: `${describeRole(ref)} ${impostorWords(role.name)}`,
          grants,
          builtin: false,
          context: contextOf(grants),
          extra: { object: ref, ...(ref.namespace && { namespace: ref.namespace }) },
        }),
      );
    }
  };
  yield* eachOf(model.clusterRoles, (r) => roleFinding({ kind: 'ClusterRole', name: r.name }, r), 2048);
  yield* eachOf(model.roles, (r) => roleFinding({ kind: 'Role', namespace: r.namespace, name: r.name }, r), 2048);
  yield* eachOf(bindings, (b) => bindingFinding(b, out), 2048);
  out.push(...aggregatedIntoDefaults(model, index));
  return out;
}

/** A modified built-in binding, or an impostor of one. */
function bindingFinding(b: ResolvedBinding, out: Finding[]): void {
  if (b.provenance === 'modified') out.push(modifiedBinding(b));
  if (b.provenance !== 'impostor') return;
  const grants = grantsTo(b, b.subjects);
  const binds = b.subjects.length > 0 ? `; it binds ${b.roleRef.name} to ${listed(subjectNames(b, b.subjects))}` : '';
  out.push(
    makeFinding('BUILTIN_IMPOSTOR', {
      title: `${describeBinding(b.binding)} ${impostorWords(b.binding.name)}${binds}`,
      grants,
      builtin: false,
      context: contextOf(grants),
      extra: { object: b.binding, ...subjectAndNamespace(b, b.subjects) },
    }),
  );
}

/** An impostor is named `system:…`, or else carries the bootstrap label. */
function impostorWords(name: string): string {
  const like = name.startsWith('system:')
    ? "is named like Kubernetes' own"
    : "is labelled as Kubernetes' bootstrap policy";
  return `${like}, but no Kubernetes ${versionRange()} creates it`;
}

/** What a changed default role has beyond every supported version's default, or what it lost. */
function modifiedRole(index: BindingIndex, ref: RoleRef, role: Role | ClusterRole): Finding {
  const def = defaultOf(ref.kind, ref.namespace, ref.name);
  const aggregation = 'aggregationRule' in role ? role.aggregationRule : undefined;
  const parts: string[] = [];
  let added: number[];
  if (def?.aggregationRule) {
    const sameSelectors = selectorsPrint(aggregation) === selectorsPrint(def.aggregationRule);
    const gathered = sameSelectors ? gatheredRules(role, index.clusterRoles) : [];
    added = rulesBeyondDefault(ref.kind, ref.namespace, ref.name, role.rules, gathered);
    if (!sameSelectors) parts.push(aggregation ? 'its aggregationRule differs' : 'its aggregationRule was removed');
    if (added.length > 0)
      parts.push(
        `${plural(added.length, 'rule')} neither the default aggregation nor the roles it gathers give ` +
          `(${listed(added.map((i) => describeRule(role.rules[i]!)))})`,
      );
  } else {
    added = rulesBeyondDefault(ref.kind, ref.namespace, ref.name, role.rules);
    const removed = (def?.rules ?? []).filter((r) => !rulesCovered([r], role.rules)).length;
    if (added.length > 0)
      parts.push(`${plural(added.length, 'rule')} added (${listed(added.map((i) => describeRule(role.rules[i]!)))})`);
    if (removed > 0) parts.push(`${plural(removed, 'rule')} removed`);
    if (aggregation) parts.push('an aggregationRule added');
  }
  const grants = roleGrants(ref, role.rules, added);
  const f = makeFinding('MODIFIED_DEFAULT', {
    title: `${describeRole(ref)} differs from Kubernetes' default: ${parts.join(', ') || 'its rules differ'}`,
    grants,
    builtin: false,
    context: contextOf(grants),
    extra: { object: ref, ...(ref.namespace && { namespace: ref.namespace }) },
  });
  return f;
}

function modifiedBinding(b: ResolvedBinding): Finding {
  const { kind, namespace, name } = b.binding;
  const def = defaultOf(kind, namespace, name);
  const sameRole = def?.roleRef?.kind === b.roleRef.kind && def.roleRef.name === b.roleRef.name;
  const parts: string[] = [];
  let added: Subject[];
  if (sameRole) {
    added = subjectsBeyondDefault(kind, namespace, name, b.subjects);
    if (added.length > 0) parts.push(`subjects added: ${listed(subjectNames(b, added))}`);
  } else {
    // A different role for the same subjects: everything it grants them is new.
    added = [...b.subjects];
    parts.push(
      `it binds ${b.roleRef.kind} ${b.roleRef.name} instead of ${def?.roleRef?.name ?? '?'}` +
        (added.length > 0 ? ` to ${listed(subjectNames(b, added))}` : ''),
    );
  }
  const removed = subjectsDroppedFromDefault(kind, namespace, name, b.subjects);
  if (removed.length > 0) parts.push(`${plural(removed.length, 'subject')} removed`);
  const grants = grantsTo(b, added);
  const f = makeFinding('MODIFIED_DEFAULT', {
    title: `${describeBinding(b.binding)} differs from Kubernetes' default: ${parts.join(', ') || 'its subjects differ'}`,
    grants,
    builtin: false,
    context: contextOf(grants),
    extra: { object: b.binding, ...subjectAndNamespace(b, added) },
  });
  return f;
}

/**
 * Roles of the cluster that Kubernetes' own aggregating roles gather (a role labelled
 * aggregate-to-view is in view, and through view in edit and admin): whoever is bound to those
 * holds its rules. The documented way to extend them, so low unless what it adds is a danger.
 */
function aggregatedIntoDefaults(model: ClusterModel, index: BindingIndex): Finding[] {
  const aggregators = model.clusterRoles.filter(
    (a) => a.aggregationRule && index.roleProvenance({ kind: 'ClusterRole', name: a.name }) === 'default',
  );
  const gathering = (role: ClusterRole) =>
    aggregators.filter(
      (a) =>
        a.name !== role.name && a.aggregationRule!.clusterRoleSelectors.some((s) => selectorMatches(s, role.labels)),
    );
  const out: Finding[] = [];
  for (const role of model.clusterRoles) {
    const direct = gathering(role).filter((a) => !gatheredByDefault(a.name).has(role.name));
    if (direct.length === 0) continue;
    // And every default that gathers those, to the top (view → edit → admin).
    const reached = new Set(direct.map((a) => a.name));
    for (const name of reached)
      for (const parent of gathering(model.clusterRoles.find((r) => r.name === name)!)) reached.add(parent.name);
    const ref: RoleRef = { kind: 'ClusterRole', name: role.name };
    const grants = roleGrants(ref, role.rules);
    const f = makeFinding('AGGREGATED_INTO_DEFAULT', {
      title:
        `${describeRole(ref)} is aggregated into Kubernetes' ${listed([...reached])}: whoever is bound to ` +
        `${reached.size === 1 ? 'it' : 'them'} holds its ${plural(role.rules.length, 'rule')}`,
      grants,
      builtin: false,
      context: contextOf(grants),
      extra: { object: ref },
    });
    out.push(f);
  }
  return out;
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
