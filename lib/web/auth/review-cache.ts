// TokenReview answers kept briefly, so that a viewer's every request (a page pulls dozens) does not
// ask the API server again: keyed by the SHA-256 of the token (the token itself is never kept here)
// and the context asked, for RBAC_ATLAS_AUTH_CACHE_SECONDS. A token revoked or expired on the server
// is therefore refused at most that long after. Only answers are kept (accepted or refused), never
// "could not ask"; concurrent requests with one token share one review. Bounded: past
// MAX_ENTRIES the oldest answers go first.
import { createHash } from 'node:crypto';
import { reviewToken, type TokenReviewAnswer } from '@/lib/k8s/auth/reviews';

export const MAX_ENTRIES = 10_000;

interface Entry {
  answer: TokenReviewAnswer;
  expires: number;
}

interface State {
  entries: Map<string, Entry>;
  pending: Map<string, Promise<TokenReviewAnswer>>;
}

// One per process, whatever bundle asks (see lib/k8s/current-source.ts).
const STATE = Symbol.for('rbac-atlas.token-reviews');
const state: State = ((globalThis as { [STATE]?: State })[STATE] ??= { entries: new Map(), pending: new Map() });

export type Review = (token: string, context?: string) => Promise<TokenReviewAnswer>;

function keyOf(token: string, context: string | undefined): string {
  return `${createHash('sha256').update(token, 'utf8').digest('base64url')}@${context ?? ''}`;
}

function keep(key: string, answer: TokenReviewAnswer, expires: number, now: number): void {
  if (answer.state === 'unavailable') return;
  state.entries.delete(key);
  state.entries.set(key, { answer, expires });
  if (state.entries.size <= MAX_ENTRIES) return;
  for (const [k, e] of state.entries) if (e.expires <= now) state.entries.delete(k);
  for (const k of state.entries.keys()) {
    if (state.entries.size <= MAX_ENTRIES) break;
    state.entries.delete(k);
  }
}

/** The API server's answer on `token` in `context`, asked at most once per `ttlSeconds`. */
export async function reviewedToken(
  token: string,
  context: string | undefined,
  ttlSeconds: number,
  review: Review = reviewToken,
  now: () => number = Date.now,
): Promise<TokenReviewAnswer> {
  const key = keyOf(token, context);
  const kept = state.entries.get(key);
  if (kept && kept.expires > now()) return kept.answer;
  const asked = state.pending.get(key);
  if (asked) return asked;
  const asking = review(token, context).then((answer) => {
    if (ttlSeconds > 0) keep(key, answer, now() + ttlSeconds * 1000, now());
    return answer;
  });
  state.pending.set(key, asking);
  try {
    return await asking;
  } finally {
    state.pending.delete(key);
  }
}

/** Forgets `token`'s answers in every context (a viewer who signs out), or every answer (tests). */
export function forgetReviews(token?: string): void {
  if (token === undefined) return state.entries.clear();
  const prefix = keyOf(token, undefined);
  for (const k of state.entries.keys()) if (k.startsWith(prefix)) state.entries.delete(k);
}

/** How many answers are kept (tests). */
export function keptReviews(): number {
  return state.entries.size;
}
