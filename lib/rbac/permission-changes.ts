// What an RBAC change did: for every subject a changed binding names, or that holds a changed role
// (directly, or through a ClusterRole that aggregates it), the permissions it gained and lost,
// computed by asking the engine before and after. Permissions are compared as the authorizer reads
// a rule: one verb on one resource (or name, or URL) in one scope. A wildcard stays a wildcard,
// so narrowing `*` to `get` shows as "lost *" and "gained get".
import type { Engine } from './engine';
import { describeResource } from './describe';
import type { Grant } from './grants';
import { byText, compareSubjects, subjectKey, subjectRefOf, type SubjectRef } from './subjects';

export interface RbacObjectRef {
  kind: 'Role' | 'ClusterRole' | 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  /** Roles and RoleBindings only. */
  namespace?: string;
}

/** The same verbs on some resources in one scope: "get, list on pods, services in payments". */
export interface PermissionLine {
  /** Undefined: cluster-wide (through a ClusterRoleBinding). */
  namespace?: string;
  verbs: string[];
  /** "pods", "deployments.apps", "pods/exec", "pods named web-0", or a non-resource URL "/healthz". */
  targets: string[];
}

export interface SubjectChange {
  subject: SubjectRef;
  gained: PermissionLine[];
  lost: PermissionLine[];
}

function bindingSubjects(engine: Engine, ref: RbacObjectRef, into: Map<string, SubjectRef>): void {
  if (ref.kind !== 'RoleBinding' && ref.kind !== 'ClusterRoleBinding') return;
  const bound = engine.binding({ kind: ref.kind, name: ref.name, ...(ref.namespace && { namespace: ref.namespace }) });
  for (const s of bound?.subjects ?? []) {
    const subject = subjectRefOf(s, bound!.namespace);
    if (subject) into.set(subjectKey(subject), subject);
  }
}

function roleHolders(engine: Engine, ref: RbacObjectRef, into: Map<string, SubjectRef>): void {
  if (ref.kind !== 'Role' && ref.kind !== 'ClusterRole') return;
  const roles = [{ kind: ref.kind, name: ref.name, ...(ref.namespace && { namespace: ref.namespace }) }];
  if (ref.kind === 'ClusterRole')
    for (const r of engine.aggregatedBy(ref.name)) roles.push({ kind: 'ClusterRole', name: r.name });
  for (const role of roles)
    for (const bound of engine.bindingsOf(role))
      for (const s of bound.subjects) {
        const subject = subjectRefOf(s, bound.namespace);
        if (subject) into.set(subjectKey(subject), subject);
      }
}

/** The subjects whose permissions the changed objects can touch, before or after. */
export function affectedSubjects(before: Engine, after: Engine, changed: readonly RbacObjectRef[]): SubjectRef[] {
  const subjects = new Map<string, SubjectRef>();
  for (const ref of changed)
    for (const engine of [before, after]) {
      bindingSubjects(engine, ref, subjects);
      roleHolders(engine, ref, subjects);
    }
  return [...subjects.values()].sort(compareSubjects);
}

/** One string per (scope, target, verb): what a set comparison needs. */
function atoms(engine: Engine, subject: SubjectRef): Set<string> {
  const perms = engine.subjectPermissions(subject);
  const out = new Set<string>();
  const add = (namespace: string, grants: readonly Grant[]) => {
    for (const { rule } of grants) {
      const targets: string[] = [];
      for (const url of rule.nonResourceURLs) targets.push(url);
      for (const group of rule.apiGroups)
        for (const resource of rule.resources) {
          const type = describeResource(group, resource);
          if (rule.resourceNames.length === 0) targets.push(type);
          else for (const name of rule.resourceNames) targets.push(`${type} named ${name}`);
        }
      for (const target of targets) for (const verb of rule.verbs) out.add(JSON.stringify([namespace, target, verb]));
    }
  };
  add('', perms.clusterWide);
  for (const { namespace, grants } of perms.namespaces) add(namespace, grants);
  return out;
}

/** Verbs per (scope, target), then targets with the same verbs in the same scope together. */
function lines(keys: Iterable<string>): PermissionLine[] {
  const verbs = new Map<string, { namespace: string; target: string; verbs: string[] }>();
  for (const key of keys) {
    const [namespace, target, verb] = JSON.parse(key) as [string, string, string];
    const id = JSON.stringify([namespace, target]);
    const entry = verbs.get(id) ?? { namespace, target, verbs: [] };
    entry.verbs.push(verb);
    verbs.set(id, entry);
  }
  const grouped = new Map<string, PermissionLine>();
  for (const { namespace, target, verbs: vs } of verbs.values()) {
    vs.sort(byText);
    const id = JSON.stringify([namespace, vs]);
    const line = grouped.get(id) ?? { ...(namespace && { namespace }), verbs: vs, targets: [] };
    line.targets.push(target);
    grouped.set(id, line);
  }
  const all = [...grouped.values()];
  for (const l of all) l.targets.sort(byText);
  return all.sort((a, b) => byText(a.namespace ?? '', b.namespace ?? '') || byText(a.verbs.join(), b.verbs.join()));
}

/** For each affected subject whose permissions moved: what it gained and lost. */
export function permissionChanges(before: Engine, after: Engine, changed: readonly RbacObjectRef[]): SubjectChange[] {
  const out: SubjectChange[] = [];
  for (const subject of affectedSubjects(before, after, changed)) {
    const was = atoms(before, subject);
    const now = atoms(after, subject);
    const gained = [...now].filter((a) => !was.has(a));
    const lost = [...was].filter((a) => !now.has(a));
    if (gained.length > 0 || lost.length > 0) out.push({ subject, gained: lines(gained), lost: lines(lost) });
  }
  return out;
}
