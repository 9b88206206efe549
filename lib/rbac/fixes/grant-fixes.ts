// The fix of grants: the roles that give them narrowed (only a role of the cluster's own: Kubernetes'
// roles, recognised by content, are never edited, and an aggregated ClusterRole is rewritten by its
// controller), or the subject taken out of each binding that names it (the binding deleted when it
// was the only one). A default binding is not edited either: the API server restores its subjects.
import type { Engine } from '../engine';
import type { PathGrant } from '../paths/path-types';
import { describeBinding, describeRole } from '../model/describe';
import { subjectRefOf } from '../authorizer/subjects';
import type { ClusterModel, Subject } from '../model/types';
import { bindingKey, roleKey, subjectLabel, type BindingRef, type RoleRef } from '../model/refs';
import { narrowRules, type RuleTest } from './narrow';
import type { BindingObject, Fix, FixAnswer, FixChoice, FixObject, RoleObject } from './types';

export interface FixWorld {
  engine: Engine;
  model: ClusterModel;
}

export function modelRole(model: ClusterModel, ref: RoleRef): RoleObject | undefined {
  if (ref.kind === 'Role') {
    const value = model.roles.find((r) => r.namespace === ref.namespace && r.name === ref.name);
    return value && { kind: 'Role', value };
  }
  const value = model.clusterRoles.find((r) => r.name === ref.name);
  return value && { kind: 'ClusterRole', value };
}

export function modelBinding(model: ClusterModel, ref: BindingRef): BindingObject | undefined {
  if (ref.kind === 'RoleBinding') {
    const value = model.roleBindings.find((b) => b.namespace === ref.namespace && b.name === ref.name);
    return value && { kind: 'RoleBinding', value };
  }
  const value = model.clusterRoleBindings.find((b) => b.name === ref.name);
  return value && { kind: 'ClusterRoleBinding', value };
}

/** Why a role may not be narrowed, or undefined when it may. */
function notEditable(world: FixWorld, ref: RoleRef): string | undefined {
  const provenance = world.engine.provenance(ref);
  if (provenance === 'default' || provenance === 'modified')
    return `${describeRole(ref)} is Kubernetes' own role (recognised by its content), which is never edited`;
  const role = world.engine.role(ref);
  if (role && 'aggregationRule' in role && role.aggregationRule)
    return `${describeRole(ref)} aggregates other ClusterRoles, and its controller rewrites its rules`;
  return undefined;
}

const rolesOf = (grants: readonly PathGrant[]) => [...new Map(grants.map((g) => [roleKey(g.role), g.role])).values()];

/** Whom else the role reaches: subjects of its bindings besides those the fix is about. */
function othersBound(world: FixWorld, ref: RoleRef, grants: readonly PathGrant[]): string[] {
  const ours = new Set(grants.flatMap((g) => (g.binding && g.subject ? [storedKey(g.binding, g.subject)] : [])));
  return world.engine.bindingsOf(ref).flatMap((b) =>
    b.subjects.flatMap((s) => {
      if (ours.has(storedKey(b.binding, s))) return [];
      const r = subjectRefOf(s, b.namespace);
      return [`${r ? subjectLabel(r) : s.name} (${describeBinding(b.binding)})`];
    }),
  );
}

/** Whom else narrowing the role changes; with a subject in view, the binding change is the alternative. */
function sharedNote(ref: RoleRef, others: readonly string[], forSubject: boolean): string | undefined {
  if (others.length === 0) return undefined;
  const n = `${others.length}${forSubject ? ' other' : ''} subject${others.length === 1 ? '' : 's'}${forSubject ? ' too' : ''}`;
  const some = `${others.slice(0, 3).join(', ')}${others.length > 3 ? ', …' : ''}`;
  const alternative = forSubject ? '; taking the subject out of the binding is the alternative' : '';
  return `${describeRole(ref)} is bound to ${n} (${some}): narrowing it takes the same from them (the effect below lists them)${alternative}.`;
}

const storedKey = (b: BindingRef, s: Subject) => `${bindingKey(b)} ${s.kind} ${s.namespace ?? ''} ${s.name}`;

function narrowFix(world: FixWorld, grants: readonly PathGrant[], isBad: RuleTest): Fix | undefined {
  const apply: FixObject[] = [];
  const notes: string[] = [];
  for (const ref of rolesOf(grants)) {
    const current = modelRole(world.model, ref);
    if (!current) continue;
    const rules = narrowRules(current.value.rules, isBad);
    if (JSON.stringify(rules) === JSON.stringify(current.value.rules)) continue;
    apply.push({ ...current, value: { ...current.value, rules } } as FixObject);
    const note = sharedNote(
      ref,
      othersBound(world, ref, grants),
      grants.some((g) => g.subject),
    );
    if (note) notes.push(note);
  }
  if (apply.length === 0) return undefined;
  const names = apply.map((o) => describeRole({ kind: o.kind, name: o.value.name, namespace: nsOf(o) } as RoleRef));
  return {
    choice: 'role',
    change: { apply, delete: [] },
    why: `Narrow ${names.join(', ')}: keep every rule without the requests that make this risk.`,
    notes,
  };
}

const nsOf = (o: FixObject) => ('namespace' in o.value ? o.value.namespace : undefined);

/** The bindings of the grants without their subjects (deleted when none is left); default bindings are left. */
function bindingFix(world: FixWorld, grants: readonly PathGrant[]): Fix | undefined {
  const bySubjects = new Map<string, { ref: BindingRef; remove: Subject[] }>();
  for (const g of grants) {
    if (!g.binding || !g.subject) continue;
    const entry = bySubjects.get(bindingKey(g.binding)) ?? { ref: g.binding, remove: [] };
    bySubjects.set(bindingKey(g.binding), entry);
    entry.remove.push(g.subject);
  }
  const fix: Fix = { choice: 'binding', change: { apply: [], delete: [] }, why: '', notes: [] };
  const words: string[] = [];
  for (const { ref, remove } of bySubjects.values()) {
    const current = modelBinding(world.model, ref);
    if (!current) continue;
    if (world.engine.provenance(ref) === 'default') {
      fix.notes.push(
        `${describeBinding(ref)} is Kubernetes' own binding: the API server restores its subjects at start.`,
      );
      continue;
    }
    words.push(withoutSubjects(fix, current, ref, remove));
  }
  if (words.length === 0) return undefined;
  fix.why = `${words.join('; ')}.`;
  return fix;
}

/** Puts one binding's change in the fix; says it. */
function withoutSubjects(fix: Fix, current: BindingObject, ref: BindingRef, remove: readonly Subject[]): string {
  const value = current.value;
  const gone = new Set(remove.map((s) => storedKey(ref, s)));
  const subjects = value.subjects.filter((s) => !gone.has(storedKey(ref, s)));
  const ns = 'namespace' in value ? value.namespace : '';
  const names = remove.map((s) => {
    const r = subjectRefOf(s, ns);
    return r ? `${r.kind} ${subjectLabel(r)}` : `${s.kind} ${s.name}`;
  });
  const unique = [...new Set(names)];
  const who = unique.join(', ');
  if (subjects.length === 0) {
    fix.change.delete.push(current);
    return `Delete ${describeBinding(ref)}: ${who} ${unique.length === 1 ? 'is' : 'are'} all it names`;
  }
  fix.change.apply.push({ ...current, value: { ...value, subjects } } as FixObject);
  return `Remove ${who} from ${describeBinding(ref)}`;
}

/**
 * The fix of some grants: the roles narrowed when they may be (the binding change the
 * alternative), else the binding change; `prefer` picks the binding change first.
 */
export function grantsFix(
  world: FixWorld,
  grants: readonly PathGrant[],
  isBad: RuleTest | undefined,
  prefer?: FixChoice,
): FixAnswer {
  const blocked = rolesOf(grants).flatMap((r) => notEditable(world, r) ?? []);
  const role = isBad && blocked.length === 0 ? narrowFix(world, grants, isBad) : undefined;
  const binding = bindingFix(world, grants);
  if (binding) binding.notes.unshift(...blocked.map((b) => `${b}: the binding is changed instead.`));
  const [fix, alternative] = prefer === 'binding' || !role ? [binding ?? role, binding && role] : [role, binding];
  if (!fix) return { none: noneWhy(blocked, binding, grants) };
  return { fix, ...(alternative && { alternative }) };
}

function noneWhy(blocked: readonly string[], binding: Fix | undefined, grants: readonly PathGrant[]): string {
  if (grants.length === 0) return 'No grant is behind it.';
  if (blocked.length > 0 && !grants.some((g) => g.binding))
    return `${blocked.join('; ')}: take the subject out of the binding instead (each subject's page has the fix of its grants).`;
  if (blocked.length > 0 && !binding)
    return `${blocked.join('; ')}, and the bindings that give it are Kubernetes' own.`;
  return 'Nothing in the roles and bindings read gives it that a change here could remove.';
}
