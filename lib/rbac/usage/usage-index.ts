// What an audit log says was used, folded as it is read: per identity (its user name) and request
// shape (the AccessRequest the authorizer saw, with the groups it was asked for), a count, the first
// and last time, how many were allowed and denied, who impersonated it, and the reasons the server
// gave. Memory grows with distinct shapes, never with events: a million `get pods/x` are one entry.
import type { AccessRequest, Identity } from '../model/types';
import type { AuditDecision, LogPlace, ObservedRequest, UsageWindow } from './types';

/** One reason the server gave for a shape, with how often and where it was first read. */
export interface ReasonSeen {
  decision?: AuditDecision;
  /** `authorization.k8s.io/reason` verbatim; absent when the event had none. */
  reason?: string;
  count: number;
  where: LogPlace;
  /** When it was last given (ms since the epoch): what an object's creation time is compared with. */
  last: number;
}

/** One request shape of one identity (user and groups as authorized), over the window. */
export interface ShapeUsage {
  /** Stable across adds: identity and request (shapeKey). */
  key: string;
  identity: Identity;
  request: AccessRequest;
  count: number;
  first: number;
  last: number;
  /** By the decision annotation; events without one count in neither. */
  allowed: number;
  denied: number;
  /** When an allowed event was last seen (absent: none was allowed). */
  lastAllowed?: number;
  /** Users who impersonated the identity for this shape, sorted. */
  impersonators: string[];
  /** Distinct (decision, reason) pairs, in the order first read. */
  reasons: ReasonSeen[];
  /** The first and last event read. */
  where: LogPlace;
  lastWhere: LogPlace;
}

/** An identity the impersonator acted as (its requests are counted on that identity). */
export interface ImpersonationUsage {
  /** Who the requests were authorized as (user and groups). */
  as: Identity;
  /** The impersonator as it authenticated (its groups decide what its own bindings allow it). */
  by: Identity;
  count: number;
  first: number;
  last: number;
  where: LogPlace;
}

/** Everything one user name did in the window. */
export interface IdentityUsage {
  user: string;
  /** Each distinct group list it was authorized with (sorted), in the order first read. */
  groupSets: string[][];
  /** In the order first read. */
  shapes: ShapeUsage[];
  /** Identities it impersonated, in the order first read. */
  impersonated: ImpersonationUsage[];
  count: number;
  allowed: number;
  denied: number;
  first: number;
  last: number;
  /** Moves whenever anything above changes: what an answer about this identity alone keys on. */
  version: number;
}

/** The usage of an audit log as it is read; `add` as batches arrive (a tailed log grows). */
export interface UsageIndex {
  /** Moves on every add and noteRead: what cached answers key on (with the engine's version). */
  readonly version: number;
  /** The window read so far: from/to/events from the requests, lines/problems/files from noteRead. */
  readonly window: UsageWindow;
  add(batch: readonly ObservedRequest[]): void;
  /** What the reader read (lines, problems, files): what the requests alone cannot tell. */
  noteRead(read: Pick<UsageWindow, 'lines' | 'problems' | 'files'>): void;
  /** Every user seen, by user name. */
  identities(): IdentityUsage[];
  identity(user: string): IdentityUsage | undefined;
  /** Distinct shapes held (what memory grows with). */
  readonly shapes: number;
}

const requestKey = (r: AccessRequest) =>
  r.kind === 'nonResource'
    ? `u\0${r.verb}\0${r.path}`
    : `r\0${r.verb}\0${r.group}\0${r.resource}\0${r.subresource}\0${r.namespace}\0${r.name}`;

/** The identity's groups in one order, so that the same list in another order is one shape. */
const sortedGroups = (groups: readonly string[]) => [...new Set(groups)].sort();

const identityKey = (identity: Identity) => `${identity.user}\0${sortedGroups(identity.groups).join('\0')}`;

/** The key of a shape: the identity as authorized and the request. */
export const shapeKey = (identity: Identity, request: AccessRequest) =>
  `${identityKey(identity)}\0\0${requestKey(request)}`;

let versions = 0;

interface Held {
  usage: IdentityUsage;
  shapes: Map<string, ShapeUsage>;
  groupSets: Set<string>;
  impersonated: Map<string, ImpersonationUsage>;
}

function heldFor(users: Map<string, Held>, user: string, time: number): Held {
  let held = users.get(user);
  if (!held) {
    const usage: IdentityUsage = {
      user,
      groupSets: [],
      shapes: [],
      impersonated: [],
      count: 0,
      allowed: 0,
      denied: 0,
      first: time,
      last: time,
      version: ++versions,
    };
    held = { usage, shapes: new Map(), groupSets: new Set(), impersonated: new Map() };
    users.set(user, held);
  }
  return held;
}

function noteGroups(held: Held, groups: readonly string[]) {
  const sorted = sortedGroups(groups);
  const key = sorted.join('\0');
  if (held.groupSets.has(key)) return;
  held.groupSets.add(key);
  held.usage.groupSets.push(sorted);
}

const widen = (u: { first: number; last: number }, time: number) => {
  if (time < u.first) u.first = time;
  if (time > u.last) u.last = time;
};

function noteReason(shape: ShapeUsage, o: ObservedRequest) {
  const seen = shape.reasons.find((r) => r.decision === o.decision && r.reason === o.reason);
  if (seen) {
    seen.count++;
    if (o.time > seen.last) seen.last = o.time;
  } else
    shape.reasons.push({
      ...(o.decision !== undefined && { decision: o.decision }),
      ...(o.reason !== undefined && { reason: o.reason }),
      count: 1,
      where: o.where,
      last: o.time,
    });
}

function shapeFor(held: Held, o: ObservedRequest, stats: { shapes: number }): ShapeUsage {
  const key = shapeKey(o.identity, o.request);
  let shape = held.shapes.get(key);
  if (!shape) {
    const identity = { user: o.identity.user, groups: sortedGroups(o.identity.groups) };
    const { time, where } = o;
    shape = {
      key,
      identity,
      request: o.request,
      count: 0,
      first: time,
      last: time,
      allowed: 0,
      denied: 0,
    } as ShapeUsage;
    Object.assign(shape, { impersonators: [], reasons: [], where, lastWhere: where });
    held.shapes.set(key, shape);
    held.usage.shapes.push(shape);
    stats.shapes++;
  }
  return shape;
}

function addOne(users: Map<string, Held>, o: ObservedRequest, stats: { shapes: number }) {
  const held = heldFor(users, o.identity.user, o.time);
  held.usage.version = ++versions;
  noteGroups(held, o.identity.groups);
  const shape = shapeFor(held, o, stats);
  const allowed = o.decision === 'allow' ? 1 : 0;
  const denied = o.decision === 'forbid' ? 1 : 0;
  for (const u of [shape, held.usage]) {
    u.count++;
    u.allowed += allowed;
    u.denied += denied;
    widen(u, o.time);
  }
  if (allowed && (shape.lastAllowed === undefined || o.time > shape.lastAllowed)) shape.lastAllowed = o.time;
  if (o.time >= shape.last) shape.lastWhere = o.where;
  noteReason(shape, o);
  if (o.impersonator) noteImpersonation(users, shape, o);
}

function noteImpersonation(users: Map<string, Held>, shape: ShapeUsage, o: ObservedRequest) {
  const by = o.impersonator!;
  if (!shape.impersonators.includes(by.user)) shape.impersonators = [...shape.impersonators, by.user].sort();
  const held = heldFor(users, by.user, o.time);
  held.usage.version = ++versions;
  noteGroups(held, by.groups);
  widen(held.usage, o.time);
  const key = `${identityKey(o.identity)}\0\0${identityKey(by)}`;
  const seen = held.impersonated.get(key);
  if (seen) {
    seen.count++;
    widen(seen, o.time);
    return;
  }
  const as = { user: o.identity.user, groups: sortedGroups(o.identity.groups) };
  const entry = {
    as,
    by: { user: by.user, groups: sortedGroups(by.groups) },
    count: 1,
    first: o.time,
    last: o.time,
    where: o.where,
  };
  held.impersonated.set(key, entry);
  held.usage.impersonated.push(entry);
}

/** An empty usage index. */
export function createUsageIndex(): UsageIndex {
  const users = new Map<string, Held>();
  let sorted: IdentityUsage[] | undefined;
  const stats = { shapes: 0 };
  let window: UsageWindow = { events: 0, lines: 0, problems: 0, files: [] };
  const index: UsageIndex = {
    version: ++versions,
    get window() {
      return window;
    },
    get shapes() {
      return stats.shapes;
    },
    add(batch) {
      if (batch.length === 0) return;
      let { from, to, events } = window;
      for (const o of batch) {
        addOne(users, o, stats);
        events++;
        if (from === undefined || o.time < from) from = o.time;
        if (to === undefined || o.time > to) to = o.time;
      }
      window = { ...window, events, ...(from !== undefined && { from }), ...(to !== undefined && { to }) };
      (index as { version: number }).version = ++versions;
    },
    noteRead(read) {
      window = { ...window, lines: read.lines, problems: read.problems, files: [...read.files] };
      (index as { version: number }).version = ++versions;
    },
    identities: () => {
      // Sorted again only when a user was added (a growing log mostly adds to users it has).
      if (sorted?.length !== users.size)
        sorted = [...users.values()]
          .map((h) => h.usage)
          .sort((a, b) => (a.user < b.user ? -1 : a.user > b.user ? 1 : 0));
      return [...sorted];
    },
    identity: (user) => users.get(user)?.usage,
  };
  return index;
}
