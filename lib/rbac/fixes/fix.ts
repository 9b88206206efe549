// The change that removes a finding or a dangerous grant, chosen from the finding's kind (the rule
// that made it): grants are narrowed out of the cluster's own roles or their subject taken out of
// the binding (grant-fixes.ts); a dangling binding or an impostor is deleted, a changed default
// loses what was added, a label that aggregates a role into Kubernetes' roles is removed, a
// service account whose pods need no token stops mounting one. Pure: the effect is measured by the
// caller, on the very manifests it shows (lib/k8s what-if, then the engine's diff).
import { DANGER_RULES, ruleDangers } from '../findings/danger';
import { findingRule, type Finding, type FindingId } from '../findings/finding-rules';
import { REQUEST_SHAPES, ruleMatchesShape, type ShapeId } from '../findings/request-shapes';
import { TECHNIQUES, type TechniqueId } from '../paths/techniques';
import { rulesBeyondDefault, subjectsBeyondDefault } from '../findings/bootstrap-policy';
import { describeBinding, describeRole, describeSubject } from '../model/describe';
import { subjectRefOf } from '../authorizer/subjects';
import type { PathGrant } from '../paths/path-types';
import type { PolicyRule } from '../model/types';
import { isBindingRef, subjectKey, type BindingRef, type RoleRef, type SubjectRef } from '../model/refs';
import { grantsFix, modelBinding, modelRole, type FixWorld } from './grant-fixes';
import type { RuleTest } from './narrow';
import type { FixAnswer, FixChoice, FixObject } from './types';

export type { FixWorld } from './grant-fixes';

const byShapes =
  (ids: readonly ShapeId[]): RuleTest =>
  (rule) =>
    ids.some((id) => REQUEST_SHAPES[id].some((shape) => ruleMatchesShape(rule, shape)));

const WILDCARD_TEST = DANGER_RULES.find((d) => d.id === 'wildcard')?.test;
const wildcard: RuleTest = (rule) => WILDCARD_TEST?.(rule) ?? false;

const EVERY_STEP = byShapes([...new Set(Object.values(TECHNIQUES).flatMap((t) => t.shapes))]);

/** What in a rule makes a finding of this id: its shapes, a wildcard, or nothing a role change removes. */
function badFor(id: FindingId): RuleTest | undefined {
  // Another step from the same grants would open the path again (bind, then escalate): every step goes.
  if (id === 'PATH_TO_CLUSTER_ADMIN') return EVERY_STEP;
  if (id in TECHNIQUES) return byShapes(TECHNIQUES[id as TechniqueId].shapes);
  if (id === 'WILDCARD' || id === 'CLUSTER_ADMIN_BINDING') return wildcard;
  const shapes = findingRule(id).match?.shapes;
  return shapes && byShapes(shapes);
}

/** The grants a fix removes: a path's first step's, else the finding's own. */
const fixedGrants = (f: Finding): PathGrant[] =>
  f.id === 'PATH_TO_CLUSTER_ADMIN' ? (f.path?.steps[0]?.grants ?? []) : f.grants;

export function fixOfFinding(world: FixWorld, f: Finding, prefer?: FixChoice): FixAnswer {
  switch (f.id) {
    case 'DANGLING_BINDING':
    case 'BUILTIN_IMPOSTOR':
      return deleteObject(world, f);
    case 'MODIFIED_DEFAULT':
      return restoreDefault(world, f);
    case 'AGGREGATED_INTO_DEFAULT':
      return unaggregate(world, f);
    case 'UNNEEDED_TOKEN':
      return noToken(world, f);
    case 'LEGACY_TOKEN_SECRET':
      return noTokenSecrets(world, f);
    case 'TOKEN_SECRET_MOUNT':
    case 'LONG_LIVED_TOKEN':
      return { none: podTemplateOnly(f) };
    case 'BROAD_GROUP_BINDING':
    case 'DEFAULT_SA_GRANTS':
      // The binding to everyone or to `default` is the risk, whatever its role holds.
      return grantsFix(world, f.grants, undefined, 'binding');
    default:
      return grantsFix(world, fixedGrants(f), badFor(f.id), prefer);
  }
}

function objectOf(world: FixWorld, f: Finding): FixObject | undefined {
  const o = f.object;
  if (!o || o.kind === 'Pod') return undefined;
  return isBindingRef(o) ? modelBinding(world.model, o) : modelRole(world.model, o as RoleRef);
}

const described = (o: FixObject) =>
  describeBinding({
    kind: o.kind,
    name: o.value.name,
    namespace: 'namespace' in o.value ? o.value.namespace : undefined,
  } as BindingRef);

function deleteObject(world: FixWorld, f: Finding): FixAnswer {
  const o = objectOf(world, f);
  if (!o) return { none: 'The object is not in the data read.' };
  const notes =
    f.id === 'BUILTIN_IMPOSTOR'
      ? ['Delete it only if nobody can say who made it; otherwise rename it so it does not pass for a default.']
      : ['Or create the role it names, if the binding is meant to grant it.'];
  return { fix: { choice: 'object', change: { apply: [], delete: [o] }, why: `Delete ${described(o)}.`, notes } };
}

/** A changed default without what no supported version gives it (the API server keeps extra rules and subjects). */
function restoreDefault(world: FixWorld, f: Finding): FixAnswer {
  const o = objectOf(world, f);
  if (!o) return { none: 'The object is not in the data read.' };
  const ns = 'namespace' in o.value ? o.value.namespace : undefined;
  if (o.kind === 'Role' || o.kind === 'ClusterRole') {
    if ('aggregationRule' in o.value && o.value.aggregationRule)
      return {
        none: `${described(o)} aggregates other ClusterRoles: its controller rewrites its rules from the roles it gathers, so change those (the finding names what they add).`,
      };
    const extra = new Set(rulesBeyondDefault(o.kind, ns, o.value.name, o.value.rules));
    const rules = o.value.rules.filter((_, i) => !extra.has(i));
    return changed(o, { ...o.value, rules }, `Remove the ${extra.size} rule(s) no default of ${described(o)} has.`);
  }
  if (o.kind !== 'RoleBinding' && o.kind !== 'ClusterRoleBinding') return { none: 'Not a role or binding.' };
  const extra = new Set(subjectsBeyondDefault(o.kind, ns, o.value.name, o.value.subjects));
  if (extra.size === 0)
    return {
      none: `${described(o)} binds another role than its default: delete it, and the API server recreates the default at its next start.`,
    };
  const subjects = o.value.subjects.filter((s) => !extra.has(s));
  return changed(
    o,
    { ...o.value, subjects },
    `Remove the ${extra.size} subject(s) no default of ${described(o)} names.`,
  );
}

function changed(o: FixObject, value: FixObject['value'], why: string): FixAnswer {
  return {
    fix: { choice: 'object', change: { apply: [{ kind: o.kind, value } as FixObject], delete: [] }, why, notes: [] },
  };
}

/** The labels Kubernetes' aggregated roles select, taken off the role. */
function unaggregate(world: FixWorld, f: Finding): FixAnswer {
  const o = objectOf(world, f);
  if (!o || o.kind !== 'ClusterRole') return { none: 'The ClusterRole is not in the data read.' };
  const removed = Object.keys(o.value.labels).filter((k) => k.startsWith('rbac.authorization.k8s.io/aggregate-to-'));
  const labels = Object.fromEntries(Object.entries(o.value.labels).filter(([k]) => !removed.includes(k)));
  const fix = changed(o, { ...o.value, labels }, `Remove the aggregation labels from ${described(o)}.`);
  if (fix.fix) fix.fix.labelsRemoved = removed;
  fix.fix?.notes.push('Or narrow it to what every holder of view, edit or admin may have.');
  return fix;
}

function noToken(world: FixWorld, f: Finding): FixAnswer {
  const s = f.subject;
  if (s?.kind !== 'ServiceAccount') return { none: 'No service account is named.' };
  const value = world.model.serviceAccounts.find((a) => a.namespace === s.namespace && a.name === s.name);
  if (!value)
    return {
      none: `${describeSubject(s)} is not in the data read: set automountServiceAccountToken: false in the pod template of the workload that makes these pods.`,
    };
  return {
    fix: {
      choice: 'object',
      change: {
        apply: [{ kind: 'ServiceAccount', value: { ...value, automountServiceAccountToken: false } }],
        delete: [],
      },
      why: `Stop mounting a token for the pods of ${describeSubject(s)} (automountServiceAccountToken: false).`,
      notes: [
        'Running pods keep the token they mounted until they are re-created (kubectl rollout restart of their workload); a pod that sets automountServiceAccountToken: true itself still mounts one.',
        ...(projectsOwnToken(world, s)
          ? [
              "Some of these pods also project a serviceAccountToken volume of their own, which automount does not change: remove it from their workload's pod template.",
            ]
          : []),
      ],
    },
  };
}

/** Whether a pod of the account projects a token for the API server besides automount (mountsApiToken). */
const projectsOwnToken = (world: FixWorld, s: SubjectRef & { kind: 'ServiceAccount' }) =>
  world.model.pods.some(
    (p) =>
      p.namespace === s.namespace &&
      p.serviceAccountName === s.name &&
      (p.projectedTokens?.some((t) => !t.audience) ?? false),
  );

/** The account without `.secrets`; the Secrets themselves are deleted by hand (RBAC Atlas never touches Secrets). */
function noTokenSecrets(world: FixWorld, f: Finding): FixAnswer {
  const s = f.subject;
  if (s?.kind !== 'ServiceAccount') return { none: 'No service account is named.' };
  const value = world.model.serviceAccounts.find((a) => a.namespace === s.namespace && a.name === s.name);
  if (!value?.secrets) return { none: `${describeSubject(s)} lists no Secrets in the data read.` };
  const { secrets, ...rest } = value;
  return {
    fix: {
      choice: 'object',
      change: { apply: [{ kind: 'ServiceAccount', value: rest }], delete: [] },
      why: `Take ${secrets.join(', ')} out of the .secrets of ${describeSubject(s)}, and delete those of them that are token Secrets.`,
      notes: [
        'RBAC Atlas never reads Secrets, and .secrets may also list Secrets pods may mount (kubernetes.io/enforce-mountable-secrets): each delete selects the Secret by name and type kubernetes.io/service-account-token, so any other Secret is left alone. Check that nothing outside the cluster still uses a token before deleting it; a token Secret still exists, and still works, until it is deleted.',
        'Pods that mount one of them (TOKEN_SECRET_MOUNT) must first move to a projected token.',
      ],
      secretsRemoved: secrets,
    },
  };
}

/** What to change where RBAC Atlas reads no object to change: the pods' template. */
function podTemplateOnly(f: Finding): string {
  return f.id === 'TOKEN_SECRET_MOUNT'
    ? 'The change is in the pod template of the workload that makes these pods (RBAC Atlas does not read workloads): ' +
        'replace the Secret volume with a projected serviceAccountToken volume, or the automounted token, of the account the pod runs as; then delete the Secret.'
    : 'The change is in the pod template of the workload that makes these pods (RBAC Atlas does not read workloads): ' +
        "lower the projected serviceAccountToken volume's expirationSeconds to 86400 or less (3600 is the default).";
}

/** A dangerous grant as a page shows it: a rule of a role, held through a binding by a subject (both optional). */
export interface GrantTarget {
  role: RoleRef;
  ruleIndex: number;
  binding?: BindingRef;
  subject?: SubjectRef;
}

/** The fix of one dangerous rule: its dangers removed from the role, or the subject from the binding. */
export function fixOfGrant(world: FixWorld, t: GrantTarget, prefer?: FixChoice): FixAnswer {
  const rule = world.engine.role(t.role)?.rules[t.ruleIndex];
  if (!rule) return { none: `${describeRole(t.role)} has no rule ${t.ruleIndex}.` };
  const dangers = new Set(ruleDangers(rule).map((d) => d.id));
  const isBad: RuleTest = (r: PolicyRule) => ruleDangers(r).some((d) => dangers.has(d.id));
  const b = t.binding && world.engine.binding(t.binding);
  const subjects = b ? b.subjects.filter((s) => !t.subject || sameSubject(s, b.namespace, t.subject)) : [];
  const grants: PathGrant[] =
    b && t.binding
      ? subjects.map((subject) => ({ binding: t.binding!, role: t.role, ruleIndex: t.ruleIndex, rule, subject }))
      : [{ role: t.role, ruleIndex: t.ruleIndex, rule }];
  return grantsFix(world, grants, dangers.size > 0 ? isBad : undefined, prefer);
}

function sameSubject(s: Parameters<typeof subjectRefOf>[0], ns: string, ref: SubjectRef): boolean {
  const r = subjectRefOf(s, ns);
  return r !== undefined && subjectKey(r) === subjectKey(ref);
}
