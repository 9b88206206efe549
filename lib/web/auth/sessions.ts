// A browser's sign-in: the token it entered once stays in this process's memory, under a random
// 256-bit id, and the browser holds only the id, in an HttpOnly, SameSite=Strict cookie (scripts
// cannot read it, other sites cannot send it). Nothing is written to disk: a restart signs everyone
// out. Bounded: past MAX_SESSIONS the oldest sign-in ends first.
import { randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'rbac_atlas_session';
/** How long a sign-in lasts at most (the token's own expiry ends it sooner: TokenReview refuses it). */
export const SESSION_SECONDS = 8 * 3600;
export const MAX_SESSIONS = 10_000;

interface Session {
  token: string;
  expires: number;
}

const STATE = Symbol.for('rbac-atlas.sessions');
const sessions: Map<string, Session> = ((globalThis as { [STATE]?: Map<string, Session> })[STATE] ??= new Map());

/** 32 random bytes, base64url: 43 characters. */
const ID = /^[A-Za-z0-9_-]{43}$/;

export function startSession(token: string, now = Date.now()): string {
  const id = randomBytes(32).toString('base64url');
  sessions.set(id, { token, expires: now + SESSION_SECONDS * 1000 });
  if (sessions.size > MAX_SESSIONS) {
    for (const [k, s] of sessions) if (s.expires <= now) sessions.delete(k);
    for (const k of sessions.keys()) {
      if (sessions.size <= MAX_SESSIONS) break;
      sessions.delete(k);
    }
  }
  return id;
}

/** The token of a live session, or undefined (no such id, malformed, expired). */
export function sessionToken(id: string | undefined, now = Date.now()): string | undefined {
  if (!id || !ID.test(id)) return undefined;
  const session = sessions.get(id);
  if (!session) return undefined;
  if (session.expires > now) return session.token;
  sessions.delete(id);
  return undefined;
}

/** Ends a session; returns its token, if it had one, so that its reviews can be forgotten too. */
export function endSession(id: string | undefined): string | undefined {
  if (!id || !ID.test(id)) return undefined;
  const token = sessions.get(id)?.token;
  sessions.delete(id);
  return token;
}

/**
 * The Set-Cookie value of a session: only the id; HttpOnly, SameSite=Strict, the whole site, and
 * Secure when the browser reached the app over https (so a later http request cannot carry it).
 */
export function sessionCookie(id: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${id}; Path=/; Max-Age=${SESSION_SECONDS}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** The Set-Cookie value that removes the session cookie. */
export function clearedCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
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
