// A decoded token's claims in words, one labelled line each: what `rbac-atlas token` prints and what
// the /token page shows, from the same function. Every line is about what the token claims; only
// TokenReview says whether the API server accepts it.
import type { TokenObjectRef } from '@/lib/rbac/token-objects';
import type { DecodedToken } from './decode';
import { inExpiryLeeway, isExpired, isNotYetValid, LEEWAY_SECONDS } from './validity';

export interface TokenLine {
  label: string;
  text: string;
}

export const NOT_VERIFIED =
  "decoded, not verified: anyone can write these claims; the API server's TokenReview verifies the signature and whether it still holds";

const KIND_WORDS: Record<DecodedToken['kind'], string> = {
  bound:
    'a bound service-account token (TokenRequest API: a projected volume or kubectl create token): it expires, and is refused once the object it is bound to is gone',
  legacy:
    'a legacy long-lived service-account token, from a Secret of type kubernetes.io/service-account-token: it never expires and works until that Secret or its service account is deleted (prefer bound tokens: kubectl create token)',
  other:
    "not a service-account token (OIDC or another issuer's): the API server's authenticator maps its claims to a user and groups, which only TokenReview says",
};

/** `2026-12-06 01:02:03 UTC`. */
export function utc(seconds: number): string {
  const d = new Date(seconds * 1000);
  return Number.isNaN(d.getTime())
    ? `${seconds} (not a date)`
    : `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `3 h 4 min`, `2 d 1 h`, `40 s`: the two largest units. */
export function span(seconds: number): string {
  const units: [string, number][] = [
    ['d', 86_400],
    ['h', 3_600],
    ['min', 60],
    ['s', 1],
  ];
  let rest = Math.round(Math.abs(seconds));
  const parts: string[] = [];
  for (const [unit, size] of units) {
    if (rest >= size || (unit === 's' && parts.length === 0)) {
      parts.push(`${Math.floor(rest / size)} ${unit}`);
      rest %= size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}

const relative = (at: number, now: number) => (at <= now ? `${span(now - at)} ago` : `in ${span(at - now)}`);
const when = (at: number, now: number) => `${utc(at)} (${relative(at, now)})`;
const object = (kind: string, namespace: string | undefined, r: TokenObjectRef) =>
  `${kind} ${namespace ? `${namespace}/` : ''}${r.name}${r.uid ? ` (uid ${r.uid})` : ''}`;

function expiry(t: DecodedToken, now: number): string {
  if (t.expiresAt === undefined)
    return t.kind === 'other' ? 'no exp claim' : 'never: it has no exp claim, so it works until it is revoked';
  const text = when(t.expiresAt, now);
  const life = t.issuedAt === undefined ? '' : `, ${span(t.expiresAt - t.issuedAt)} after it was issued`;
  if (isExpired(t, now)) return `${text}: expired, the API server refuses it`;
  if (inExpiryLeeway(t, now))
    return `${text}: expired, but the API server allows ${LEEWAY_SECONDS} s of clock skew, so it accepts it until ${utc(t.expiresAt + LEEWAY_SECONDS)}`;
  return `${text}${life}`;
}

/** What the token is bound to: a pod, a Secret, a node, or nothing (then only its expiry ends it). */
function boundTo(t: DecodedToken): string | undefined {
  const o = t.objects;
  if (t.kind !== 'bound' || !o) return undefined;
  if (o.pod) return `${object('Pod', o.namespace, o.pod)}: refused once that pod is deleted`;
  if (o.secret) return `${object('Secret', o.namespace, o.secret)}: refused once that Secret is deleted`;
  if (o.node) return `${object('Node', undefined, o.node)}: refused once that node is deleted`;
  return 'nothing: it is valid until it expires, unless its service account is deleted';
}

function identityLines(t: DecodedToken): TokenLine[] {
  const lines: TokenLine[] = [];
  if (t.subject !== undefined) lines.push({ label: 'Subject', text: t.subject });
  if (t.identity)
    lines.push({
      label: 'Authenticates as',
      text: `${t.identity.user}, in the groups ${t.identity.groups.join(', ')}`,
    });
  else lines.push({ label: 'Authenticates as', text: 'not known from the claims: ask the API server (TokenReview)' });
  if (t.objects)
    lines.push({
      label: 'Service account',
      text: object('ServiceAccount', t.objects.namespace, t.objects.serviceAccount),
    });
  return lines;
}

/** nbf ahead: refused until then, less the leeway the API server allows. */
function notBeforeNote(t: DecodedToken, now: number): string {
  if (t.notBefore === undefined || t.notBefore <= now) return '';
  return isNotYetValid(t, now)
    ? ': not valid yet'
    : `: not yet, but the API server allows ${LEEWAY_SECONDS} s of clock skew, so it accepts it already`;
}

function timeLines(t: DecodedToken, now: number): TokenLine[] {
  const lines: TokenLine[] = [];
  if (t.issuedAt !== undefined) lines.push({ label: 'Issued', text: when(t.issuedAt, now) });
  if (t.notBefore !== undefined && t.notBefore !== t.issuedAt)
    lines.push({
      label: 'Not before',
      text: `${when(t.notBefore, now)}${notBeforeNote(t, now)}`,
    });
  lines.push({ label: 'Expires', text: expiry(t, now) });
  if (t.warnAfter !== undefined)
    lines.push({
      label: 'Warn after',
      text: `${when(t.warnAfter, now)}: a projected token the kubelet refreshes; used after this, the server counts it as stale`,
    });
  return lines;
}

function objectLines(t: DecodedToken): TokenLine[] {
  const lines: TokenLine[] = [];
  const bound = boundTo(t);
  if (bound) lines.push({ label: 'Bound to', text: bound });
  const o = t.objects;
  if (o?.pod && o.node)
    lines.push({
      label: 'Issued on node',
      text: `${object('Node', undefined, o.node)}: where the pod ran; the token stays valid when the node is gone`,
    });
  if (t.kind === 'legacy' && o?.secret)
    lines.push({
      label: 'Token Secret',
      text: `${object('Secret', o.namespace, o.secret)}: holds this token; deleting it revokes the token`,
    });
  return lines;
}

/** The claims in words, in the order a reader asks: what it is, who, for whom, until when, bound to what. */
export function tokenWords(t: DecodedToken, nowSeconds: number): TokenLine[] {
  return [
    { label: 'Verified', text: NOT_VERIFIED },
    { label: 'Kind', text: KIND_WORDS[t.kind] },
    ...(t.issuer !== undefined ? [{ label: 'Issuer', text: t.issuer }] : []),
    ...identityLines(t),
    {
      label: 'Audiences',
      text:
        t.audiences.length > 0
          ? t.audiences.join(', ')
          : 'none claimed (a service-account token without one is taken as meant for the API server itself, jwt.go)',
    },
    ...timeLines(t, nowSeconds),
    ...objectLines(t),
    ...(t.id !== undefined
      ? [{ label: 'Token id', text: `${t.id} (jti: the API server's audit log names the token by it)` }]
      : []),
    { label: 'Signed with', text: `${t.algorithm}${t.keyId ? `, key id ${t.keyId}` : ''}` },
    ...t.problems.map((p) => ({ label: 'Problem', text: p })),
  ];
}
