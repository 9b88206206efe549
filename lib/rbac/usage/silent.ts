// The subjects bindings name that the audit log never saw act: every grant their bindings give them
// went unused in the window, so they belong in the ranking of unused dangerous grants, first of all
// (an identity that never calls the API and holds cluster-admin is the one to take away). Counted
// from the bindings themselves, once per engine version: no name or label leaves one out.
import { walkOrder, type ResolvedBinding } from '../authorizer/bindings';
import { subjectRefOf } from '../authorizer/subjects';
import { partsOf, type Engine } from '../engine';
import { grantDangers, type DangerId } from '../findings/danger';
import { serviceAccountUsername } from '../model/identity';
import { objectKey, type SubjectRef } from '../model/refs';
import type { PolicyRule } from '../model/types';

/** A subject bindings name, with what those bindings give it directly. */
export interface BoundSubject {
  subject: SubjectRef;
  /** Its grants (one per rule of each binding naming it) and those with a danger. */
  grants: number;
  dangerous: number;
  dangers: DangerId[];
}

interface Tally {
  subject: SubjectRef;
  grants: number;
  dangerous: number;
  dangers: Set<DangerId>;
}

type RuleDangers = { dangerous: number; dangers: DangerId[] };

/** Per rule list (a role's, shared by its bindings), per role: cluster-admin's danger is its name's. */
const ruleMemo = new WeakMap<readonly PolicyRule[], Map<string, RuleDangers>>();

/** A binding's rules with a danger, and their dangers. */
function bindingDangers(b: ResolvedBinding): RuleDangers {
  const role = b.role;
  if (!role) return { dangerous: 0, dangers: [] };
  let byRole = ruleMemo.get(b.rules);
  if (!byRole) ruleMemo.set(b.rules, (byRole = new Map()));
  const key = objectKey(role);
  const hit = byRole.get(key);
  if (hit) return hit;
  const ids = b.rules.map((rule) => grantDangers({ rule, role }).map((d) => d.id));
  const out = { dangerous: ids.filter((d) => d.length > 0).length, dangers: [...new Set(ids.flat())] };
  byRole.set(key, out);
  return out;
}

function tallySubjects(engine: Engine): BoundSubject[] {
  const parts = partsOf(engine);
  if (!parts) return [];
  const out = new Map<string, Tally>();
  for (const b of walkOrder(parts.index)) {
    if (!b.role || b.rules.length === 0) continue;
    const { dangerous, dangers } = bindingDangers(b);
    for (const s of b.subjects) {
      const ref = subjectRefOf(s, b.namespace);
      if (!ref) continue;
      const key = objectKey(ref);
      let t = out.get(key);
      if (!t) out.set(key, (t = { subject: ref, grants: 0, dangerous: 0, dangers: new Set() }));
      t.grants += b.rules.length;
      t.dangerous += dangerous;
      for (const d of dangers) t.dangers.add(d);
    }
  }
  return [...out.values()].map((t) => ({ ...t, dangers: [...t.dangers] }));
}

const memo = new WeakMap<Engine, { rbac: number; list: BoundSubject[] }>();

/** Every subject a binding names, with its direct grants, once per RBAC version of the engine. */
export function boundSubjects(engine: Engine): BoundSubject[] {
  const hit = memo.get(engine);
  if (hit && hit.rbac === engine.rbacVersion) return hit.list;
  const list = tallySubjects(engine);
  memo.set(engine, { rbac: engine.rbacVersion, list });
  return list;
}

/** The user name (or, for a group, the group name) the log would show a subject acting as. */
export function actingName(subject: SubjectRef): string {
  return subject.kind === 'ServiceAccount' ? serviceAccountUsername(subject.namespace, subject.name) : subject.name;
}

/**
 * The bound subjects the window never saw: no request by its user name, or for a group, no identity
 * seen in it. Most dangerous grants first.
 */
export function silentSubjects(
  engine: Engine,
  seenUsers: ReadonlySet<string>,
  seenGroups: ReadonlySet<string>,
): BoundSubject[] {
  return boundSubjects(engine)
    .filter((b) => !(b.subject.kind === 'Group' ? seenGroups : seenUsers).has(actingName(b.subject)))
    .sort((a, b) => b.dangerous - a.dangerous || b.grants - a.grants);
}
