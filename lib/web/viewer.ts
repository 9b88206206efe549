// Who is looking, for server components and route handlers. In `token` mode the proxy (proxy.ts)
// verified the viewer's token with TokenReview and set VIEWER_HEADER on the request it forwards,
// after deleting any the client sent; in `none` mode there is no viewer (everyone sees what the
// app's own credentials read).
import 'server-only';
import { headers } from 'next/headers';
import type { ReviewedUser } from '@/lib/k8s/auth/reviews';
import { authSettings, type AuthMode } from '@/lib/security/auth-settings';
import { decodeViewer, VIEWER_HEADER } from './viewer-header';

export { VIEWER_HEADER };
export type { ReviewedUser };

/** RBAC_ATLAS_AUTH: `none` or `token`; anything else throws AuthSettingsError naming the variable and its values. */
export function authMode(): AuthMode {
  return authSettings().mode;
}

/**
 * The viewer the proxy verified, or undefined in `none` mode. In `token` mode a request without one
 * never gets here (the proxy answered 401 or sent it to /sign-in), but for the exempt addresses.
 */
export async function currentViewer(): Promise<ReviewedUser | undefined> {
  if (authMode() === 'none') return undefined;
  return decodeViewer((await headers()).get(VIEWER_HEADER));
}
