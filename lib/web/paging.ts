// Paging in the URL. Pages take `?page=N` (1-based, a fixed size per list); the API takes
// `limit` and `continue` (an opaque token, as the Kubernetes API's list calls do) and says how many
// there are in all.
import { z } from 'zod';
import type { Engine, Page, RiskStatus } from '@/lib/rbac';
import { json } from './api';
import { param, type Query } from './url-state';

export const API_DEFAULT_LIMIT = 500;
export const API_MAX_LIMIT = 5000;

/** The 0-based offset of `?page=N` for pages of `size`; anything but a positive whole number is page 1. */
export function pageOffset(q: Query, size: number, key = 'page'): number {
  const n = Number(param(q, key) || undefined);
  return Number.isInteger(n) && n > 1 ? (n - 1) * size : 0;
}

/**
 * A token is base64url of the offset, or of "run.version.offset" for a list made of risk answers:
 * the version of the answers it was read from (riskListVersion), and this run of the server
 * (versions count from 1 in each run, so a token from before a restart could name a version of
 * other answers).
 */
const token = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,60}$/)
  .transform((s) =>
    /^(?:([0-9a-z]{1,12})\.(\d{1,15})\.)?(\d{1,15})$/.exec(Buffer.from(s, 'base64url').toString('utf8')),
  )
  .pipe(z.custom<RegExpExecArray>((m) => m !== null))
  .transform(([, run, version, offset]) => ({
    offset: Number(offset),
    ...(version !== undefined && { version: Number(version) }),
    ...(run !== undefined && { run }),
  }));

/** This run of the server, as risk lists' tokens name it. */
export const SERVER_RUN = Date.now().toString(36);

export function continueToken(offset: number, version?: number, run = SERVER_RUN): string {
  const text = version === undefined ? String(offset) : `${run}.${version}.${offset}`;
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** Where a page starts; `version` and `run`: the risk answers' a token was made from (riskListVersion). */
export interface ApiPage {
  offset: number;
  limit: number;
  version?: number;
  run?: string;
}

/** `limit` (1..5000, default 500) and `continue`; an error names the bad parameter. */
export function apiPaging(q: URLSearchParams): ({ ok: true } & ApiPage) | { ok: false; error: string } {
  const rawLimit = q.get('limit');
  const limit = rawLimit === null || rawLimit === '' ? API_DEFAULT_LIMIT : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > API_MAX_LIMIT)
    return { ok: false, error: `limit must be a whole number from 1 to ${API_MAX_LIMIT}, got "${rawLimit}"` };
  const rawContinue = q.get('continue');
  if (rawContinue === null || rawContinue === '') return { ok: true, offset: 0, limit };
  const parsed = token.safeParse(rawContinue);
  if (!parsed.success) return { ok: false, error: 'continue: not a token this API gave out' };
  return { ok: true, ...parsed.data, limit };
}

/**
 * The version of the risk answers a list of them is read from (the served ones: engine.risks),
 * which its continue tokens carry; undefined while none is computed.
 */
export function riskListVersion(engine: Engine): number | undefined {
  return engine.risks.serving()?.version;
}

/**
 * A continue token of a list of risk answers made from another version of them than the one served
 * now (or made before tokens carried one): its offset would straddle two lists. Refused as the
 * Kubernetes API refuses an expired token (410 Gone): the list starts again without `continue`.
 */
export function expiredContinue(
  asked: Partial<ApiPage>,
  version: number | undefined,
  risks: RiskStatus,
): Response | undefined {
  // No token: the first page (apiPaging gives offset 0 and no version).
  if (asked.offset === undefined || (asked.offset === 0 && asked.version === undefined)) return undefined;
  const thisRun = asked.run === SERVER_RUN;
  if (thisRun && asked.version !== undefined && asked.version === version) return undefined;
  const now = version === undefined ? 'none is complete now' : `they are version ${version} now`;
  const made =
    asked.version === undefined
      ? 'an older version'
      : thisRun
        ? `version ${asked.version}`
        : 'an earlier run of the server (since restarted)';
  return json(
    {
      error: `continue: the token was given out for ${made} of the attack paths and findings and ${now}; start the list again without continue`,
      risks,
    },
    410,
  );
}

/**
 * For a list that can stream every item: `limit=all` asks for all of it, and so does asking for no
 * page where `allByDefault` (`/api/paths`, whose whole list the CLI's JSON is); else the page
 * `apiPaging` reads (the same defaults, bounds and errors).
 */
export function optionalApiPaging(
  q: URLSearchParams,
  allByDefault = true,
): ReturnType<typeof apiPaging> | { ok: true; all: true } {
  if (q.get('limit') === 'all' && !q.get('continue')) return { ok: true, all: true };
  if (allByDefault && !q.get('limit') && !q.get('continue')) return { ok: true, all: true };
  return apiPaging(q);
}

/** What every paged API answer carries beside its items; `version`: a risk list's (riskListVersion). */
export function pageFields<T>(page: Page<T>, version?: number): { total: number; continue?: string } {
  return { total: page.total, ...(page.next !== undefined && { continue: continueToken(page.next, version) }) };
}

/**
 * Two lists paged on one page, `?page=N` and `?rules=N` (a binding's subjects and its rule rows, a
 * role's bindings and rules): the URL of page n of either list, keeping the other's page.
 */
export function pairedPageHrefs(
  base: string,
  first: { offset: number; size: number },
  second: { offset: number; size: number },
): { first: (n: number) => string; second: (n: number) => string } {
  const current = (p: { offset: number; size: number }) => Math.floor(p.offset / p.size) + 1;
  const href = (a: number, b: number) => {
    const q = new URLSearchParams();
    if (a > 1) q.set('page', String(a));
    if (b > 1) q.set('rules', String(b));
    return `${base}${q.size > 0 ? `?${q}` : ''}`;
  };
  return { first: (n) => href(n, current(second)), second: (n) => href(current(first), n) };
}
