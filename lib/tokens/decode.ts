// A bearer token decoded, not verified: its header and claims read with jose (the same code in the
// browser and on the server), validated with zod, and read as Kubernetes reads a service-account
// token's claims (k8s.io/kubernetes pkg/serviceaccount/claims.go for bound tokens, legacy.go for
// the long-lived ones of token Secrets). Only the API server's TokenReview verifies a token: this
// says what it claims. Errors name what is wrong, never a byte of the input.
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { z } from 'zod';
// The engine's modules themselves, not its index: this runs in the browser, which needs none of the rest.
import { serviceAccountIdentity, serviceAccountUsername, splitServiceAccountUsername } from '@/lib/rbac/model/identity';
import type { Identity } from '@/lib/rbac/model/types';
import type { TokenObjects } from '@/lib/rbac/token-objects';

/** A Kubernetes token is 1–2 KiB, an OIDC token with many groups a few: as lib/k8s/auth/reviews.ts, more is no token. */
export const MAX_TOKEN_CHARS = 16 * 1024;
/** Any claim value longer than this is refused: names are at most 253 characters. */
const MAX_CLAIM_CHARS = 2048;

/** legacy.go's LegacyIssuer: the `iss` of every Secret-based token. */
export const LEGACY_ISSUER = 'kubernetes/serviceaccount';

/**
 * - `bound`: made by the TokenRequest API (projected volumes, `kubectl create token`): expires, and
 *   may be bound to a Pod, Secret or Node;
 * - `legacy`: the long-lived token a `kubernetes.io/service-account-token` Secret holds;
 * - `other`: not a service-account token (OIDC, a webhook's): its user is what the API server's
 *   authenticator makes of it, which only TokenReview says.
 */
export type TokenKind = 'bound' | 'legacy' | 'other';

export interface DecodedToken {
  kind: TokenKind;
  /** The signature algorithm and key id the header names. */
  algorithm: string;
  keyId?: string;
  issuer?: string;
  subject?: string;
  audiences: string[];
  /** Seconds since the epoch, as the claims carry them. */
  issuedAt?: number;
  notBefore?: number;
  expiresAt?: number;
  /** A projected token's `warnafter`: the kubelet refreshes it well before, the server warns after. */
  warnAfter?: number;
  id?: string;
  /** The objects a service-account token names (kind bound or legacy). */
  objects?: TokenObjects;
  /** The identity a service-account token authenticates as (serviceaccount/util.go). */
  identity?: Identity;
  /** Claims that contradict each other, which the API server refuses (e.g. `sub` another account). */
  problems: string[];
}

export type DecodeResult = { ok: true; token: DecodedToken } | { ok: false; error: string };

/** The only characters of a compact JWS: base64url segments and the dots between them. */
const JWS_CHARS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const text = z
  .string()
  .max(MAX_CLAIM_CHARS, `is longer than ${MAX_CLAIM_CHARS} characters`)
  .refine((s) => !CONTROL.test(s), 'contains a control character');
const time = z.number().finite().nonnegative();
const ref = z.object({ name: text.optional(), uid: text.optional() });

/** The claims read (others are ignored), each checked for its type. */
const claimsSchema = z.object({
  iss: text.optional(),
  sub: text.optional(),
  aud: z.union([text, z.array(text).max(100)]).optional(),
  iat: time.optional(),
  nbf: time.optional(),
  exp: time.optional(),
  jti: text.optional(),
  'kubernetes.io': z
    .object({
      namespace: text.optional(),
      serviceaccount: ref.optional(),
      pod: ref.optional(),
      secret: ref.optional(),
      node: ref.optional(),
      warnafter: time.optional(),
    })
    .optional(),
  'kubernetes.io/serviceaccount/namespace': text.optional(),
  'kubernetes.io/serviceaccount/secret.name': text.optional(),
  'kubernetes.io/serviceaccount/service-account.name': text.optional(),
  'kubernetes.io/serviceaccount/service-account.uid': text.optional(),
});
type Claims = z.infer<typeof claimsSchema>;

const headerSchema = z.object({ alg: text, kid: text.optional() });

/** The input's shape, before any decoding: a clear reason, or the compact token itself. */
function shapeError(input: string): string | undefined {
  if (input.length === 0) return 'no token: paste a JWT (three base64url parts separated by dots)';
  if (input.length > MAX_TOKEN_CHARS)
    return `the token is ${input.length} characters, more than the ${MAX_TOKEN_CHARS} a bearer token can be`;
  const control = input.search(CONTROL);
  if (control >= 0) return `the token contains a control character (at position ${control + 1})`;
  const parts = input.split('.').length;
  if (parts === 5)
    return 'the token is encrypted (a JWE, five parts): only signed tokens (JWS, three parts) can be read';
  if (parts !== 3) return `not a JWT: a JWT has three parts separated by dots, this has ${parts}`;
  if (!JWS_CHARS.test(input)) return 'not a JWT: it contains characters outside base64url (A–Z, a–z, 0–9, - and _)';
  return undefined;
}

/** Pasted text as a token: whitespace around it and an `Authorization: Bearer` prefix are dropped. */
export function tokenText(input: string): string {
  return input.trim().replace(/^(authorization:\s*)?bearer\s+/i, '');
}

/** The first zod problem as `claim X: what`, never its value. */
function claimError(where: string, error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  return `${where}${path ? ` ${JSON.stringify(path)}` : ''}: ${issue?.message ?? 'invalid'}`;
}

function decodeParts(input: string): { header: z.infer<typeof headerSchema>; claims: Claims } | string {
  let rawHeader: unknown;
  let rawClaims: unknown;
  try {
    rawHeader = decodeProtectedHeader(input);
    rawClaims = decodeJwt(input);
  } catch {
    // jose's messages say which part failed; ours say it without its wording changing under us.
    return 'not a JWT: its header or claims are not base64url-encoded JSON objects';
  }
  const header = headerSchema.safeParse(rawHeader);
  if (!header.success) return claimError('header', header.error);
  // RFC 7519 §6: an unsecured JWT. No Kubernetes authenticator accepts one.
  if (header.data.alg.toLowerCase() === 'none')
    return 'the token is unsigned (alg "none"): no Kubernetes authenticator accepts it';
  const claims = claimsSchema.safeParse(rawClaims);
  if (!claims.success) return claimError('claim', claims.error);
  return { header: header.data, claims: claims.data };
}

/** Decodes and reads a token; never throws. */
export function decodeToken(raw: string): DecodeResult {
  const input = tokenText(raw);
  const shape = shapeError(input);
  if (shape) return { ok: false, error: shape };
  const parts = decodeParts(input);
  if (typeof parts === 'string') return { ok: false, error: parts };
  return { ok: true, token: readClaims(parts.header, parts.claims) };
}

function readClaims(header: z.infer<typeof headerSchema>, c: Claims): DecodedToken {
  const problems: string[] = [];
  const objects = boundObjects(c, problems) ?? legacyObjects(c, problems);
  const kind: TokenKind = c['kubernetes.io'] ? 'bound' : objects || c.iss === LEGACY_ISSUER ? 'legacy' : 'other';
  const warnAfter = c['kubernetes.io']?.warnafter;
  return {
    kind,
    algorithm: header.alg,
    ...(header.kid !== undefined && { keyId: header.kid }),
    ...(c.iss !== undefined && { issuer: c.iss }),
    ...(c.sub !== undefined && { subject: c.sub }),
    audiences: c.aud === undefined ? [] : typeof c.aud === 'string' ? [c.aud] : c.aud,
    ...(c.iat !== undefined && { issuedAt: c.iat }),
    ...(c.nbf !== undefined && { notBefore: c.nbf }),
    ...(c.exp !== undefined && { expiresAt: c.exp }),
    ...(warnAfter !== undefined && { warnAfter }),
    ...(c.jti !== undefined && { id: c.jti }),
    ...(objects && {
      objects,
      identity: serviceAccountIdentity(objects.namespace, objects.serviceAccount.name),
    }),
    problems,
  };
}

const named = (r: { name?: string; uid?: string } | undefined) =>
  r?.name ? { name: r.name, ...(r.uid && { uid: r.uid }) } : undefined;

/** The `kubernetes.io` claim of a bound token (claims.go's privateClaims). */
function boundObjects(c: Claims, problems: string[]): TokenObjects | undefined {
  const k = c['kubernetes.io'];
  if (!k) return undefined;
  const serviceAccount = named(k.serviceaccount);
  if (!k.namespace || !serviceAccount) {
    problems.push('the kubernetes.io claim names no namespace or service account: the API server refuses it');
    return undefined;
  }
  checkSubject(c.sub, k.namespace, serviceAccount.name, problems);
  const pod = named(k.pod);
  const secret = named(k.secret);
  const node = named(k.node);
  if (secret && (pod || node))
    problems.push('the token is bound to a Secret and to a Pod or Node: claims.go never makes one');
  return {
    namespace: k.namespace,
    serviceAccount,
    ...(pod && { pod }),
    ...(secret && { secret }),
    ...(node && { node }),
  };
}

/** The flat claims of a Secret's long-lived token (legacy.go's legacyPrivateClaims). */
function legacyObjects(c: Claims, problems: string[]): TokenObjects | undefined {
  const namespace = c['kubernetes.io/serviceaccount/namespace'];
  const name = c['kubernetes.io/serviceaccount/service-account.name'];
  const uid = c['kubernetes.io/serviceaccount/service-account.uid'];
  const secret = c['kubernetes.io/serviceaccount/secret.name'];
  if (c.iss !== LEGACY_ISSUER && !namespace && !name) return undefined;
  // legacy.go refuses a token without any of these claims ("... claim is missing").
  const absent = [
    ['namespace', namespace],
    ['service-account.name', name],
    ['service-account.uid', uid],
    ['secret.name', secret],
  ].flatMap(([claim, value]) => (value ? [] : [claim]));
  if (absent.length > 0)
    problems.push(`the legacy claims lack ${absent.join(', ')}: the API server refuses a legacy token without them`);
  if (!namespace || !name) return undefined;
  checkSubject(c.sub, namespace, name, problems);
  return {
    namespace,
    serviceAccount: { name, ...(uid && { uid }) },
    ...(secret && { secret: { name: secret } }),
  };
}

/** `sub` must be the service account's user name (legacy.go: "sub claim is invalid"). */
function checkSubject(sub: string | undefined, namespace: string, name: string, problems: string[]): void {
  const split = sub === undefined ? undefined : splitServiceAccountUsername(sub);
  if (!split || split.namespace !== namespace || split.name !== name)
    problems.push(`sub is not ${serviceAccountUsername(namespace, name)}, the service account the claims name`);
}
