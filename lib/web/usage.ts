// What the usage pages show, from the engine's usage answers (lib/rbac/usage: computed once per
// (engine.version, usage version) and kept, so a view filters and pages lists already made and
// never reads every event): who used a binding, a subject's grants marked used or not. Every answer
// carries the window read: "never used" means "not in it".
import 'server-only';
import {
  grantDangers,
  grantKey,
  identityUsage,
  serviceAccountUsername,
  usageAnswers as engineUsageAnswers,
  type BindingRef,
  type Engine,
  type GrantUse,
  type IdentityAnswer,
  type ShapeUsage,
  type SubjectRef,
  type UsageAnswers,
} from '@/lib/rbac';
import { bindingKey } from '@/lib/rbac';
import type { UsageFeed } from './usage-source';

export type { UsageAnswers };

export function usageAnswers(engine: Engine, feed: UsageFeed): UsageAnswers {
  return engineUsageAnswers(engine, feed.index);
}

/** Who used a binding in the window (its grants' uses per identity), most uses first. */
export function bindingUsers(answers: UsageAnswers, ref: BindingRef): { user: string; uses: number; last?: number }[] {
  const key = bindingKey(ref);
  const out: { user: string; uses: number; last?: number }[] = [];
  for (const i of answers.identities) {
    const used = i.grants.filter((g) => g.uses > 0 && bindingKey(g.grant.binding) === key);
    if (used.length === 0) continue;
    const last = Math.max(...used.map((g) => g.lastUsed ?? 0));
    out.push({ user: i.user, uses: Math.max(...used.map((g) => g.uses)), ...(last > 0 && { last }) });
  }
  return out.sort((a, b) => b.uses - a.uses || a.user.localeCompare(b.user));
}

/** The user name a subject's requests carry; undefined for a group (its members carry it). */
export function userOfSubject(ref: SubjectRef): string | undefined {
  if (ref.kind === 'ServiceAccount') return serviceAccountUsername(ref.namespace, ref.name);
  return ref.kind === 'User' ? ref.name : undefined;
}

export interface SubjectUsage {
  /** Each grant it holds (Kubernetes' own left out, counted), with its uses in the window. */
  grants: GrantUse[];
  builtinGrants: number;
  /** Its request shapes, most recent first (a group's: its members'). */
  requests: ShapeUsage[];
}

/**
 * A subject's grants as its page lists them (subjectPermissions, Kubernetes' own left out) marked
 * with their use: an identity's from its answer; a group's summed over the identities in it.
 */
export function subjectUsage(engine: Engine, feed: UsageFeed, ref: SubjectRef): SubjectUsage {
  const answers = usageAnswers(engine, feed);
  const user = userOfSubject(ref);
  const mine: IdentityAnswer[] =
    user !== undefined
      ? [identityUsage(engine, feed.index, user)].filter((i) => i !== undefined)
      : answers.identities.filter((i) => i.usage.groupSets.some((g) => g.includes(ref.name)));
  const used = new Map<string, { uses: number; last?: number; verbs: Set<string>; targets: Set<string> }>();
  for (const i of mine)
    for (const g of i.grants) {
      const u = used.get(grantKey(g.grant)) ?? { uses: 0, verbs: new Set(), targets: new Set() };
      u.uses += g.uses;
      if (g.lastUsed !== undefined) u.last = Math.max(u.last ?? 0, g.lastUsed);
      for (const v of g.usedVerbs) u.verbs.add(v);
      for (const t of g.usedTargets) u.targets.add(t);
      used.set(grantKey(g.grant), u);
    }
  const perm = engine.subjectPermissions(ref);
  const scoped = [{ namespace: '', grants: perm.clusterWide }, ...perm.namespaces];
  const all = scoped.flatMap(({ namespace, grants }) => grants.map((grant) => ({ grant, namespace })));
  const shown = new Set(
    engine.visibleGrants(
      all.map((g) => g.grant),
      false,
    ).shown,
  );
  const grants = all
    .filter((g) => shown.has(g.grant))
    .map(({ grant, namespace }): GrantUse => {
      const u = used.get(grantKey(grant));
      const dangers = grantDangers(grant).map((d) => d.id);
      const [usedVerbs, usedTargets] = [[...(u?.verbs ?? [])].sort(), [...(u?.targets ?? [])].sort()];
      const last = u?.last !== undefined && { lastUsed: u.last };
      return { grant, namespace, uses: u?.uses ?? 0, ...last, usedVerbs, usedTargets, dangers };
    });
  const requests = mine.flatMap((i) => i.usage.shapes).sort((a, b) => b.last - a.last);
  return { grants, builtinGrants: all.length - grants.length, requests };
}
