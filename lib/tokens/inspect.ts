// A token inspected: its claims decoded, the objects it names looked up in the data read, the API
// server's TokenReview when one was asked, then what its identity can do. `rbac-atlas token` and
// POST /api/token answer from this; neither the answer nor anything else keeps the token.
import { checkTokenObjects, tokenObjectsEffect, type Engine, type TokenObjectCheck } from '@/lib/rbac';
import { identityReport, type IdentityReport } from '@/lib/reports/identity-report';
import type { DecodedToken } from './decode';
import { tokenWords, type TokenLine } from './words';

/** A TokenReview's answer (lib/k8s/auth/reviews.ts TokenReviewAnswer), as far as it is read here. */
export type ReviewAnswer =
  | { state: 'accepted'; user: { username: string; groups: string[] }; audiences?: string[] }
  | { state: 'refused' | 'unavailable'; reason: string };

/**
 * - `refused`: it does not work (the server said so, or it expired, or an object it names is gone);
 * - `accepted`: the API server accepts it now;
 * - `unverified`: nothing here says it fails, but only TokenReview verifies a token.
 */
export type TokenVerdict = 'refused' | 'accepted' | 'unverified';

export interface TokenInspection {
  token: DecodedToken;
  words: TokenLine[];
  /** The objects a service-account token names, each looked up (absent for other tokens). */
  objects?: TokenObjectCheck[];
  review?: ReviewAnswer;
  verdict: TokenVerdict;
  /** Why the verdict is `refused`, one sentence each. */
  reasons: string[];
  /** Whose grants follow: the user the API server named, else the claims' service account. */
  identity?: { from: 'review' | 'claims'; report: IdentityReport };
}

function refusals(
  t: DecodedToken,
  objects: readonly TokenObjectCheck[],
  review: ReviewAnswer | undefined,
  now: number,
) {
  const reasons: string[] = [];
  if (review?.state === 'refused') reasons.push(`the API server refuses it: ${review.reason}`);
  if (t.expiresAt !== undefined && t.expiresAt <= now) reasons.push('it has expired');
  if (t.notBefore !== undefined && t.notBefore > now) reasons.push('it is not valid yet');
  for (const o of objects) if (o.effect === 'invalid') reasons.push(o.text);
  reasons.push(...t.problems);
  return reasons;
}

function identityOf(t: DecodedToken, review: ReviewAnswer | undefined) {
  if (review?.state === 'accepted')
    return { from: 'review' as const, identity: { user: review.user.username, groups: review.user.groups } };
  return t.identity ? { from: 'claims' as const, identity: t.identity } : undefined;
}

/** Everything the inspector says of a decoded token; `nowSeconds` decides expiry. */
export function inspectToken(
  engine: Engine,
  token: DecodedToken,
  review: ReviewAnswer | undefined,
  nowSeconds: number,
): TokenInspection {
  const objects = token.objects ? checkTokenObjects(engine, token.objects) : [];
  const reasons = refusals(token, objects, review, nowSeconds);
  const verdict: TokenVerdict =
    reasons.length > 0 ? 'refused' : review?.state === 'accepted' ? 'accepted' : 'unverified';
  const who = identityOf(token, review);
  return {
    token,
    words: tokenWords(token, nowSeconds),
    ...(token.objects && { objects }),
    ...(review && { review }),
    verdict,
    reasons,
    ...(who && { identity: { from: who.from, report: identityReport(engine, who.identity) } }),
  };
}

/** The effect of the object checks together, for a one-line summary. */
export const objectsEffect = (i: TokenInspection) => (i.objects ? tokenObjectsEffect(i.objects) : undefined);
