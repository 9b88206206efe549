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

/**
 * The Host header's name, without its port ("[::1]:8080" → "[::1]"), or undefined when it is not
 * `name[:digits]` (RFC 9110 §7.2): "127.0.0.1:80.evil.example" names no allowed host.
 */
export function hostName(header: string): string | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::\d*)?$/.exec(header.trim().toLowerCase());
  return match?.[1];
}

export function hostAllowed(header: string, allowed: ReadonlySet<string>): boolean {
  const name = hostName(header);
  return name !== undefined && allowed.has(name);
}
