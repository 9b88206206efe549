// STAND-IN until part B (lib/rbac/usage, branch h30-engine) lands its usage index and answers: the
// same shapes, computed naively per distinct request shape with canI. Replaced on merge.
import {
  bindingKey,
  grantDangers,
  roleKey,
  serviceAccountUsername,
  splitServiceAccountUsername,
  type Engine,
  type Grant,
  type SubjectRef,
} from '@/lib/rbac';
import type { ObservedRequest } from '@/lib/rbac/usage/types';
import type { UsageFeed } from './usage-source';
import type { BindingUse, Disagreement, GrantUse, IdentityRank, RequestUse, RoleUse, UsageAnswers } from './usage';

export class UsageIndex {
  version = 0;
  readonly shapes = new Map<string, RequestUse>();
  add(batch: readonly ObservedRequest[]): void {
    for (const o of batch) {
      const key = JSON.stringify([o.identity.user, o.request]);
      const s = this.shapes.get(key);
      if (!s) {
        this.shapes.set(key, {
          identity: o.identity,
          request: o.request,
          count: 1,
          first: o.time,
          last: o.time,
          allowed: o.decision === 'allow' ? 1 : 0,
          denied: o.decision === 'forbid' ? 1 : 0,
          impersonators: o.impersonator ? [o.impersonator.user] : [],
          where: o.where,
          ...(o.reason !== undefined && { reason: o.reason }),
        });
        continue;
      }
      s.count++;
      s.last = Math.max(s.last, o.time);
      s.first = Math.min(s.first, o.time);
      if (o.decision === 'allow') s.allowed++;
      if (o.decision === 'forbid') s.denied++;
      if (o.impersonator && !s.impersonators.includes(o.impersonator.user)) s.impersonators.push(o.impersonator.user);
      s.where = o.where;
      if (o.reason !== undefined) s.reason = o.reason;
    }
    this.version++;
  }
}

export const grantKey = (g: Pick<Grant, 'binding' | 'role' | 'ruleIndex'>) =>
  `${bindingKey(g.binding)}|${roleKey(g.role)}|${g.ruleIndex}`;

interface Tally {
  grants: Map<string, GrantUse>;
  bindings: Map<string, BindingUse>;
  /** grantKey by user: the grants each user's allowed requests used. */
  byUser: Map<string, Map<string, GrantUse>>;
}

function bump(map: Map<string, GrantUse>, key: string, grant: Grant, r: RequestUse) {
  const u = map.get(key) ?? { grant, requests: 0 };
  u.requests += r.allowed;
  u.last = Math.max(u.last ?? r.last, r.last);
  map.set(key, u);
}

function tally(engine: Engine, requests: readonly RequestUse[]): Tally {
  const t: Tally = { grants: new Map(), bindings: new Map(), byUser: new Map() };
  for (const r of requests) {
    if (r.allowed === 0) continue;
    const mine = t.byUser.get(r.identity.user) ?? new Map<string, GrantUse>();
    t.byUser.set(r.identity.user, mine);
    for (const g of engine.canI(r.identity, r.request).grants) {
      bump(t.grants, grantKey(g), g, r);
      bump(mine, grantKey(g), g, r);
      const b = t.bindings.get(bindingKey(g.binding)) ?? {
        binding: g.binding,
        role: g.role,
        builtin: false,
        requests: 0,
        by: [],
      };
      b.requests += r.allowed;
      b.last = Math.max(b.last ?? r.last, r.last);
      const by = b.by.find((x) => x.user === r.identity.user);
      if (by) {
        by.requests += r.allowed;
        by.last = Math.max(by.last, r.last);
      } else b.by.push({ user: r.identity.user, requests: r.allowed, last: r.last });
      t.bindings.set(bindingKey(g.binding), b);
    }
  }
  return t;
}

function bindingsAndRoles(engine: Engine, t: Tally) {
  const bindings = new Map<string, BindingUse>();
  const roles = new Map<string, RoleUse>();
  for (const row of engine.inventory.bindings({ builtin: true, limit: Number.MAX_SAFE_INTEGER }).items) {
    const used = t.bindings.get(bindingKey(row.ref));
    bindings.set(bindingKey(row.ref), {
      ...(used ?? { binding: row.ref, role: row.role, requests: 0, by: [] }),
      builtin: row.builtin,
    });
  }
  for (const row of engine.inventory.roles({ builtin: true, limit: Number.MAX_SAFE_INTEGER }).items)
    roles.set(roleKey(row.ref), { role: row.ref, builtin: row.builtin, bindings: row.bindings, requests: 0 });
  for (const b of bindings.values()) {
    const role = b.role && roles.get(roleKey(b.role));
    if (!role || b.requests === 0) continue;
    role.requests += b.requests;
    role.last = Math.max(role.last ?? 0, b.last ?? 0);
  }
  for (const b of bindings.values()) b.by.sort((x, y) => y.requests - x.requests);
  return { bindings, roles };
}

function userOf(ref: SubjectRef): string {
  return ref.kind === 'ServiceAccount' ? serviceAccountUsername(ref.namespace, ref.name) : ref.name;
}

function rank(engine: Engine, t: Tally, requests: readonly RequestUse[]): IdentityRank[] {
  const subjects = new Map<string, SubjectRef>();
  for (const s of [...engine.known.serviceAccounts, ...engine.known.users]) subjects.set(userOf(s), s);
  for (const r of requests) {
    const sa = splitServiceAccountUsername(r.identity.user);
    if (!subjects.has(r.identity.user) && r.identity.user)
      subjects.set(r.identity.user, sa ? { kind: 'ServiceAccount', ...sa } : { kind: 'User', name: r.identity.user });
  }
  const out: IdentityRank[] = [];
  for (const [user, subject] of subjects) {
    const used = t.byUser.get(user);
    const perm = engine.subjectPermissions(subject);
    const grants = [...perm.clusterWide, ...perm.namespaces.flatMap((n) => n.grants)];
    const unusedDangerous = grants
      .filter((g) => !used?.has(grantKey(g)) && !engine.isBuiltinGrant(g))
      .map((g) => ({ grant: g, dangers: grantDangers(g).map((d) => d.id) }))
      .filter((g) => g.dangers.length > 0);
    const mine = requests.filter((r) => r.identity.user === user);
    if (unusedDangerous.length === 0 && mine.length === 0) continue;
    out.push({
      subject,
      requests: mine.reduce((n, r) => n + r.count, 0),
      denied: mine.reduce((n, r) => n + r.denied, 0),
      ...(mine.length > 0 && { last: Math.max(...mine.map((r) => r.last)) }),
      unusedDangerous,
    });
  }
  return out.sort((a, b) => b.unusedDangerous.length - a.unusedDangerous.length || b.requests - a.requests);
}

const REASON = /^RBAC: allowed by (ClusterRoleBinding|RoleBinding) "([^"]*)" of (ClusterRole|Role) "([^"]*)"/;

function disagreements(engine: Engine, requests: readonly RequestUse[]): Disagreement[] {
  const out: Disagreement[] = [];
  for (const r of requests) {
    if (r.allowed === 0 || r.reason === undefined) continue;
    const m = REASON.exec(r.reason);
    const base = { where: r.where, identity: r.identity, request: r.request, reason: r.reason };
    if (!m) {
      if (r.identity.groups.includes('system:masters'))
        out.push({ ...base, kind: 'superuser', message: 'allowed to system:masters without RBAC' });
      else out.push({ ...base, kind: 'not-rbac', message: 'allowed by something other than RBAC' });
      continue;
    }
    const grants = engine.canI(r.identity, r.request).grants;
    const [name, ns] = (m[2] ?? '').split('/');
    if (!grants.some((g) => g.binding.name === name && (g.binding.namespace ?? '') === (ns ?? '')))
      out.push({ ...base, kind: 'disagrees', message: `the engine does not find ${m[1]} "${m[2]}" among the grants` });
  }
  return out;
}

export function computeUsageAnswers(engine: Engine, feed: UsageFeed): UsageAnswers {
  const requests = [...feed.index.shapes.values()];
  const t = tally(engine, requests);
  const { bindings, roles } = bindingsAndRoles(engine, t);
  return {
    window: feed.window(),
    problems: feed.problems,
    requests,
    bindings,
    roles,
    identities: rank(engine, t, requests),
    denied: requests.filter((r) => r.denied > 0).sort((a, b) => b.last - a.last),
    disagreements: disagreements(engine, requests),
    grantUse: (g, user) => (user === undefined ? t.grants : t.byUser.get(user))?.get(grantKey(g)),
  };
}
