// A browser's sign-in: the token it entered once stays in this process's memory, under a random
// 256-bit id, and the browser holds only the id, in an HttpOnly, SameSite=Strict cookie (scripts
// cannot read it, other sites cannot send it). Nothing is written to disk: a restart signs everyone
// out. Bounded: past MAX_SESSIONS the oldest sign-in ends first, and one identity keeps at most
// MAX_SESSIONS_PER_IDENTITY (its own oldest ends first).
import { randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'rbac_atlas_session';
/**
 * The cookie's name over https: the `__Host-` prefix makes the browser refuse it unless it is
 * Secure, for Path=/ and without Domain (RFC 6265bis §4.1.3.2), so no sibling host or http page can
 * plant or shadow it. Over plain http the browser would refuse a Secure cookie: the plain name.
 */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;
/** How long a sign-in lasts at most (the token's own expiry ends it sooner: TokenReview refuses it). */
export const SESSION_SECONDS = 8 * 3600;
export const MAX_SESSIONS = 10_000;
/** At most this many sign-ins of one identity: its oldest ends first, so one identity cannot evict everyone else's. */
export const MAX_SESSIONS_PER_IDENTITY = 20;

interface Session {
  token: string;
  /** Who TokenReview said the token is (its username). */
  identity: string;
  expires: number;
}

interface SessionState {
  sessions: Map<string, Session>;
  /** By identity: its sessions' ids, oldest first. */
  byIdentity: Map<string, Set<string>>;
}

const STATE = Symbol.for('rbac-atlas.sign-ins');
const { sessions, byIdentity } = ((globalThis as { [STATE]?: SessionState })[STATE] ??= {
  sessions: new Map(),
  byIdentity: new Map(),
});

/** Forgets a session, in both maps. */
function drop(id: string): void {
  const session = sessions.get(id);
  if (!session) return;
  sessions.delete(id);
  const own = byIdentity.get(session.identity);
  own?.delete(id);
  if (own?.size === 0) byIdentity.delete(session.identity);
}

/** 32 random bytes, base64url: 43 characters. */
const ID = /^[A-Za-z0-9_-]{43}$/;

/** The session cookie's name for a request that came over https or not. */
export const sessionCookieName = (secure: boolean) => (secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE);

/** Ends `identity`'s oldest sessions (a Set keeps insertion order) until one more fits under its cap. */
function capIdentity(identity: string): void {
  const own = byIdentity.get(identity);
  if (!own) return;
  for (const k of [...own].slice(0, Math.max(0, own.size - MAX_SESSIONS_PER_IDENTITY + 1))) drop(k);
}

function capAll(now: number): void {
  if (sessions.size <= MAX_SESSIONS) return;
  for (const [k, s] of sessions) if (s.expires <= now) drop(k);
  for (const k of sessions.keys()) {
    if (sessions.size <= MAX_SESSIONS) break;
    drop(k);
  }
}

/** A new session for `token`, which TokenReview accepted as `identity`. */
export function startSession(token: string, identity: string, now = Date.now()): string {
  const id = randomBytes(32).toString('base64url');
  capIdentity(identity);
  sessions.set(id, { token, identity, expires: now + SESSION_SECONDS * 1000 });
  byIdentity.set(identity, (byIdentity.get(identity) ?? new Set()).add(id));
  capAll(now);
  return id;
}

/** The token of a live session, or undefined (no such id, malformed, expired). */
export function sessionToken(id: string | undefined, now = Date.now()): string | undefined {
  if (!id || !ID.test(id)) return undefined;
  const session = sessions.get(id);
  if (!session) return undefined;
  if (session.expires > now) return session.token;
  drop(id);
  return undefined;
}

/** Ends a session; returns its token, if it had one, so that its reviews can be forgotten too. */
export function endSession(id: string | undefined): string | undefined {
  if (!id || !ID.test(id)) return undefined;
  const token = sessions.get(id)?.token;
  drop(id);
  return token;
}

/**
 * The Set-Cookie value of a session: only the id; HttpOnly, SameSite=Strict, the whole site, and
 * over https Secure and named `__Host-…` (so a later http request cannot carry it, nor another
 * host set it).
 */
export function sessionCookie(id: string, secure: boolean): string {
  return `${sessionCookieName(secure)}=${id}; Path=/; Max-Age=${SESSION_SECONDS}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** The Set-Cookie value that removes the session cookie. */
export function clearedCookie(secure: boolean): string {
  return `${sessionCookieName(secure)}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/**
 * Whether the browser reached the app over https: the URL Next saw, or the first X-Forwarded-Proto
 * of a TLS-terminating proxy in front (a client that lies about it only makes its own cookie Secure).
 */
export function overHttps(protocol: string, forwardedProto: string | null): boolean {
  const first = forwardedProto?.split(',', 1)[0]?.trim().toLowerCase();
  return protocol === 'https:' || first === 'https';
}

/** How many sessions are live (tests). */
export function sessionCount(): number {
  return sessions.size;
}
