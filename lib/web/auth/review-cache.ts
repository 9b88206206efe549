// TokenReview answers kept briefly, so that a viewer's every request (a page pulls dozens) does not
// ask the API server again: keyed by the SHA-256 of the token (the token itself is never kept here)
// and the context asked, for RBAC_ATLAS_AUTH_CACHE_SECONDS. A token revoked or expired on the server
// is therefore refused at most that long after. Only answers are kept (accepted or refused), never
// "could not ask"; concurrent requests with one token share one review. Bounded: past
// MAX_ENTRIES the oldest answers go first.
import { createHash } from 'node:crypto';
import { reviewToken, type TokenReviewAnswer } from '@/lib/k8s/auth/reviews';
import { SharedFlights, TimedCache } from '../access-cache';

export const MAX_ENTRIES = 10_000;

interface State {
  answers: TimedCache<TokenReviewAnswer>;
  flights: SharedFlights<TokenReviewAnswer>;
}

// One per process, whatever bundle asks (see lib/k8s/current-source.ts). Each answer is kept for
// the time its caller asks (the settings' cache time), so the cache's own time is never used.
const STATE = Symbol.for('rbac-atlas.token-reviews');
const state: State = ((globalThis as { [STATE]?: State })[STATE] ??= {
  answers: new TimedCache(0, MAX_ENTRIES),
  flights: new SharedFlights(),
});

export type Review = (token: string, context?: string) => Promise<TokenReviewAnswer>;

const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest('base64url');

/** The API server's answer on `token` in `context`, asked at most once per `ttlSeconds`. */
export function reviewedToken(
  token: string,
  context: string | undefined,
  ttlSeconds: number,
  review: Review = reviewToken,
): Promise<TokenReviewAnswer> {
  const key = `${hashOf(token)}@${context ?? ''}`;
  const kept = state.answers.get(key);
  if (kept) return Promise.resolve(kept);
  return state.flights.run(key, async () => {
    const answer = await review(token, context);
    if (answer.state !== 'unavailable') state.answers.set(key, answer, ttlSeconds * 1000);
    return answer;
  });
}

/** Forgets `token`'s answers in every context (a viewer who signs out), or every answer (tests). */
export function forgetReviews(token?: string): void {
  if (token === undefined) return state.answers.forget();
  const prefix = `${hashOf(token)}@`;
  state.answers.forget((key) => key.startsWith(prefix));
}

/** How many answers are kept (tests). */
export function keptReviews(): number {
  return state.answers.size;
}
