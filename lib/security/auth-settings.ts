// Who must sign in, from the server's environment: RBAC_ATLAS_AUTH `none` (the default: whoever
// reaches the app sees everything it reads, as with a port-forward) or `token` (each viewer presents
// a Kubernetes bearer token, verified with TokenReview). A value that is neither stops the server
// at start (server/main.ts) and fails every request (proxy.ts), never a silent fall back to `none`.
export type AuthMode = 'none' | 'token';

export interface AuthSettings {
  mode: AuthMode;
  /** How long a token the API server accepted (or refused) is taken as answered without asking again. */
  cacheSeconds: number;
}

/** The environment names a value the app cannot start with. */
export class AuthSettingsError extends Error {
  override readonly name = 'AuthSettingsError';
}

export const AUTH_MODES: readonly AuthMode[] = ['none', 'token'];

/** The settings, or AuthSettingsError naming the variable, what it holds and what it may hold. */
export function authSettings(env: Readonly<Record<string, string | undefined>> = process.env): AuthSettings {
  const raw = env.RBAC_ATLAS_AUTH?.trim() ?? '';
  const mode = raw === '' ? 'none' : raw;
  if (!AUTH_MODES.includes(mode as AuthMode))
    throw new AuthSettingsError(
      `invalid environment: RBAC_ATLAS_AUTH is ${JSON.stringify(mode.slice(0, 40).replace(/[^\x20-\x7e]/g, '?'))}: it must be one of ${AUTH_MODES.join(', ')} (unset: none)`,
    );
  const seconds = env.RBAC_ATLAS_AUTH_CACHE_SECONDS?.trim() || '30';
  if (!/^\d{1,4}$/.test(seconds) || Number(seconds) > 3600)
    throw new AuthSettingsError(
      'invalid environment: RBAC_ATLAS_AUTH_CACHE_SECONDS must be a whole number of seconds from 0 to 3600 (unset: 30)',
    );
  return { mode: mode as AuthMode, cacheSeconds: Number(seconds) };
}
