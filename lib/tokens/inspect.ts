// A token inspected: its claims decoded, the objects it names looked up in the data read, the API
// server's TokenReview when one was asked, then what its identity can do. `rbac-atlas token` and
// POST /api/token answer from this; neither the answer nor anything else keeps the token.
import {
  checkTokenObjects,
  tokenObjectsEffect,
  type Completeness,
  type Engine,
  type RiskStatus,
  type TokenObjectCheck,
} from '@/lib/rbac';
import { identityReport, type IdentityReport } from '@/lib/reports/identity-report';
import { riskStatusJson } from '@/lib/reports/risk-status';
import type { DecodedToken } from './decode';
import { isExpired, isNotYetValid } from './validity';
import { tokenWords, type TokenLine } from './words';

/** A TokenReview's answer (lib/k8s/auth/reviews.ts TokenReviewAnswer), as far as it is read here. */
export type ReviewAnswer =
  | { state: 'accepted'; user: { username: string; groups: string[] }; audiences?: string[] }
  | { state: 'refused' | 'unavailable'; reason: string };

/**
 * - `refused`: it does not work: the API server said so or, not asked, it expired or an object it
 *   names is gone in the data read;
 * - `accepted`: the API server accepts it now, whatever the data read says (that may be behind);
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
  /**
   * What the data read or the claims say against a token the API server accepts: the server's word
   * wins (the data read may be behind, a pod it has not seen yet), so these are said, not counted.
   */
  notes: string[];
  /** Whose grants follow: the user the API server named, else the claims' service account. */
  identity?: { from: 'review' | 'claims'; report: IdentityReport };
  /** What the answer was computed without: the identity's paths, else the objects' look-ups. */
  completeness: Completeness;
  /** Where the identity's path answers stand (the `risks` field of every API answer, docs/api.md). */
  risks: RiskStatus;
}

/** One thing said against the token, and what it means when the API server accepts it anyway. */
interface Refusal {
  reason: string;
  /** Why the API server may still accept it. */
  despite: string;
}

const CLOCKS = 'the clocks here and on the API server may differ';
const BEHIND = 'the data read may be behind (an object it has not seen yet, or one since recreated)';

/** What the claims and the data read say against the token, whatever the API server says. */
function localRefusals(t: DecodedToken, objects: readonly TokenObjectCheck[], now: number): Refusal[] {
  const found: Refusal[] = [];
  if (isExpired(t, now)) found.push({ reason: 'it has expired', despite: CLOCKS });
  if (isNotYetValid(t, now)) found.push({ reason: 'it is not valid yet', despite: CLOCKS });
  for (const o of objects) if (o.effect === 'invalid') found.push({ reason: o.text, despite: BEHIND });
  for (const p of t.problems) found.push({ reason: p, despite: 'its authenticator reads the claims otherwise' });
  return found;
}

/** The verdict: TokenReview's answer outranks what is inferred here; without one, any local refusal refuses. */
function judge(local: readonly Refusal[], review: ReviewAnswer | undefined) {
  if (review?.state === 'accepted')
    return {
      verdict: 'accepted' as const,
      reasons: [],
      notes: local.map((r) => `${r.reason.replace(/\.$/, '')}; the API server still accepts it: ${r.despite}`),
    };
  const reasons = [
    ...(review?.state === 'refused' ? [`the API server refuses it: ${review.reason}`] : []),
    ...local.map((r) => r.reason),
  ];
  return { verdict: reasons.length > 0 ? ('refused' as const) : ('unverified' as const), reasons, notes: [] };
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
  const who = identityOf(token, review);
  const report = who && identityReport(engine, who.identity);
  return {
    token,
    words: tokenWords(token, nowSeconds),
    ...(token.objects && { objects }),
    ...(review && { review }),
    ...judge(localRefusals(token, objects, nowSeconds), review),
    ...(who && report && { identity: { from: who.from, report } }),
    completeness: report?.completeness ?? engine.completeness('permissions'),
    risks: report?.risks ?? riskStatusJson(engine.risks.status()),
  };
}

/** The effect of the object checks together, for a one-line summary. */
export const objectsEffect = (i: TokenInspection) => (i.objects ? tokenObjectsEffect(i.objects) : undefined);
