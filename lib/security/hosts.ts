// Host allowlist against DNS rebinding: a page on another site that resolves its name to
// 127.0.0.1 must not be able to read RBAC Atlas through a user's port-forward.

const DEFAULT_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** RBAC_ATLAS_ALLOWED_HOSTS: comma-separated extra names (e.g. rbac-atlas.example.com). */
export function allowedHostsFromEnv(value: string | undefined): ReadonlySet<string> {
  const extra = (value ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  return new Set([...DEFAULT_HOSTS, ...extra]);
}

/** The Host header's name, without its port ("[::1]:8080" → "[::1]"). */
export function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.lastIndexOf(':');
  return colon >= 0 ? h.slice(0, colon) : h;
}

export function hostAllowed(header: string, allowed: ReadonlySet<string>): boolean {
  return header !== '' && allowed.has(hostName(header));
}
