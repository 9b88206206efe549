// What the usage pages show, from the engine and the usage feed (usage-source.ts): computed once per
// (engine.version, usage version) and kept, so a view filters and pages lists already made and never
// reads every event. Every answer carries the window read: "never used" means "not in it".
import 'server-only';
import type { AccessRequest, BindingRef, DangerId, Engine, Grant, Identity, RoleRef, SubjectRef } from '@/lib/rbac';
import type { LogPlace, LogProblem, UsageWindow } from '@/lib/rbac/usage/types';
import type { UsageFeed } from './usage-source';
import { computeUsageAnswers } from './usage-standin';

/** One identity's requests of one shape (verb, resource, namespace, name | URL), counted. */
export interface RequestUse {
  identity: Identity;
  request: AccessRequest;
  count: number;
  first: number;
  last: number;
  allowed: number;
  denied: number;
  impersonators: string[];
  /** The last event of this shape, by file and line. */
  where: LogPlace;
  reason?: string;
}

/** A grant (binding, role, rule) and the allowed requests that used it. */
export interface GrantUse {
  grant: Grant;
  requests: number;
  last?: number;
}

export interface BindingUse {
  binding: BindingRef;
  role?: RoleRef;
  builtin: boolean;
  requests: number;
  last?: number;
  /** Who used it, most requests first. */
  by: { user: string; requests: number; last: number }[];
}

export interface RoleUse {
  role: RoleRef;
  builtin: boolean;
  bindings: number;
  requests: number;
  last?: number;
}

export interface IdentityRank {
  subject: SubjectRef;
  requests: number;
  denied: number;
  last?: number;
  /** Dangerous grants it holds that no request of it used in the window. */
  unusedDangerous: { grant: Grant; dangers: DangerId[] }[];
}

export type DisagreementKind = 'binding-gone' | 'superuser' | 'not-rbac' | 'disagrees';

export interface Disagreement {
  kind: DisagreementKind;
  where: LogPlace;
  identity: Identity;
  request: AccessRequest;
  reason: string;
  message: string;
}

export interface UsageAnswers {
  window: UsageWindow;
  problems: readonly LogProblem[];
  requests: readonly RequestUse[];
  bindings: ReadonlyMap<string, BindingUse>;
  roles: ReadonlyMap<string, RoleUse>;
  identities: readonly IdentityRank[];
  denied: readonly RequestUse[];
  disagreements: readonly Disagreement[];
  /** How an allowed request of `user` (of anyone, when absent) used this grant. */
  grantUse(grant: Grant, user?: string): GrantUse | undefined;
}

interface Cached {
  engine: Engine;
  usage: number;
  answers: UsageAnswers;
}

const STATE = Symbol.for('rbac-atlas.usage-answers');
const cache = ((globalThis as { [STATE]?: { last?: Cached } })[STATE] ??= {});

/** The answers for this engine and what has been read, made when first asked after either changed. */
export function usageAnswers(engine: Engine, feed: UsageFeed): UsageAnswers {
  const last = cache.last;
  if (last && last.engine === engine && last.usage === feed.index.version) return last.answers;
  const answers = computeUsageAnswers(engine, feed);
  cache.last = { engine, usage: feed.index.version, answers };
  return answers;
}
