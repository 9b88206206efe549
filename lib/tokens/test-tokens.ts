import { serviceAccountUsername } from '@/lib/rbac/model/identity';

// Tokens for tests: a header and claims encoded as a compact JWS with a made-up signature. Decoding
// never verifies, so the signature only has to be base64url.
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

export function fakeToken(claims: unknown, header: unknown = { alg: 'RS256', kid: 'k1' }, signature = 'c2ln'): string {
  return `${b64(header)}.${b64(claims)}.${signature}`;
}

/** What `kubectl create token builder -n apps --bound-object-kind=Pod --bound-object-name=web` gives, on node n1. */
export const POD_BOUND = {
  aud: ['https://kubernetes.default.svc'],
  exp: 1_800_003_600,
  iat: 1_800_000_000,
  iss: 'https://kubernetes.default.svc',
  jti: 'f3b1c0de-0000-4000-8000-000000000001',
  'kubernetes.io': {
    namespace: 'apps',
    node: { name: 'n1', uid: 'node-1' },
    pod: { name: 'web', uid: 'pod-1' },
    serviceaccount: { name: 'builder', uid: 'sa-1' },
  },
  nbf: 1_800_000_000,
  sub: serviceAccountUsername('apps', 'builder'),
};

/** A token Secret's token (legacy.go's LegacyClaims). */
export const LEGACY = {
  iss: 'kubernetes/serviceaccount',
  'kubernetes.io/serviceaccount/namespace': 'apps',
  'kubernetes.io/serviceaccount/secret.name': 'builder-token',
  'kubernetes.io/serviceaccount/service-account.name': 'builder',
  'kubernetes.io/serviceaccount/service-account.uid': 'sa-1',
  sub: serviceAccountUsername('apps', 'builder'),
};
