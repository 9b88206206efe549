// Whether a token's times let the API server accept it now, as the API server decides: claims.go
// (k8s.io/kubernetes pkg/serviceaccount) validates with go-jose's Claims.Validate, which allows
// DefaultLeeway, one minute, either side (gopkg.in/go-jose/go-jose.v2 jwt/validation.go: expired
// when now-leeway is after exp, not valid yet when now+leeway is before nbf). Without the leeway a
// token in its last minute would be called refused while the server still accepts it.
import type { DecodedToken } from './decode';

/** go-jose's jwt.DefaultLeeway, in seconds. */
export const LEEWAY_SECONDS = 60;

/** Expired for the API server: more than the leeway past `exp`. */
export const isExpired = (t: DecodedToken, now: number) =>
  t.expiresAt !== undefined && now - LEEWAY_SECONDS > t.expiresAt;

/** Past `exp` but within the leeway: the API server still accepts it. */
export const inExpiryLeeway = (t: DecodedToken, now: number) =>
  t.expiresAt !== undefined && now > t.expiresAt && !isExpired(t, now);

/** Not valid yet for the API server: `nbf` more than the leeway ahead. */
export const isNotYetValid = (t: DecodedToken, now: number) =>
  t.notBefore !== undefined && now + LEEWAY_SECONDS < t.notBefore;
