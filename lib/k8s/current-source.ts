// The source the app shows, chosen from the server's environment: RBAC_ATLAS_SNAPSHOT if set, else
// RBAC_ATLAS_SOURCE (demo, kubeconfig, in-cluster), else in-cluster in a pod, else the kubeconfig
// (RBAC_ATLAS_CONTEXT picks a context), else the demo.
import { z } from 'zod';
import { defaultSourceSpec, loadSource, type LoadedSource, type SourceSpec } from './source';

const env = z.object({
  RBAC_ATLAS_SNAPSHOT: z.string().trim().min(1).optional(),
  RBAC_ATLAS_CONTEXT: z.string().trim().min(1).optional(),
  RBAC_ATLAS_SOURCE: z.enum(['auto', 'demo', 'kubeconfig', 'in-cluster']).default('auto'),
  RBAC_ATLAS_REFRESH_SECONDS: z.coerce.number().int().min(0).max(86_400).default(30),
  /** Namespace-scoped installs: read namespaced kinds only here (comma-separated DNS labels). */
  RBAC_ATLAS_NAMESPACES: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(,[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, 'comma-separated namespace names')
    .optional(),
});

function parseEnv(vars: NodeJS.ProcessEnv) {
  const blankToUndefined = (v: string | undefined) => (v && v.trim() !== '' ? v : undefined);
  const parsed = env.safeParse({
    RBAC_ATLAS_SNAPSHOT: blankToUndefined(vars.RBAC_ATLAS_SNAPSHOT),
    RBAC_ATLAS_CONTEXT: blankToUndefined(vars.RBAC_ATLAS_CONTEXT),
    RBAC_ATLAS_SOURCE: blankToUndefined(vars.RBAC_ATLAS_SOURCE),
    RBAC_ATLAS_REFRESH_SECONDS: blankToUndefined(vars.RBAC_ATLAS_REFRESH_SECONDS),
    RBAC_ATLAS_NAMESPACES: blankToUndefined(vars.RBAC_ATLAS_NAMESPACES),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid environment: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}

export function sourceSpecFromEnv(vars: NodeJS.ProcessEnv = process.env): SourceSpec {
  const e = parseEnv(vars);
  if (e.RBAC_ATLAS_SNAPSHOT) return { kind: 'snapshot', path: e.RBAC_ATLAS_SNAPSHOT };
  const chosen = e.RBAC_ATLAS_SOURCE;
  const root = vars.RBAC_ATLAS_IN_CLUSTER_ROOT;
  const spec: SourceSpec =
    chosen === 'auto'
      ? defaultSourceSpec(vars)
      : chosen === 'in-cluster' && root
        ? { kind: chosen, root }
        : { kind: chosen };
  return spec.kind === 'kubeconfig' && e.RBAC_ATLAS_CONTEXT ? { ...spec, context: e.RBAC_ATLAS_CONTEXT } : spec;
}

let current: { loaded: Promise<LoadedSource>; at: number } | undefined;

/**
 * Loaded on first use and shared by every view; a live cluster is read again once the last read is
 * older than RBAC_ATLAS_REFRESH_SECONDS. A failed read is not kept, so the next request tries again.
 */
export function currentSource(): Promise<LoadedSource> {
  const { RBAC_ATLAS_REFRESH_SECONDS: refresh, RBAC_ATLAS_NAMESPACES: only } = parseEnv(process.env);
  const spec = sourceSpecFromEnv();
  const live = spec.kind === 'kubeconfig' || spec.kind === 'in-cluster';
  if (current && (!live || Date.now() - current.at < refresh * 1000)) return current.loaded;
  const loaded = loadSource(spec, undefined, only ? { namespaces: only.split(',') } : {});
  current = { loaded, at: Date.now() };
  loaded.catch(() => {
    if (current?.loaded === loaded) current = undefined;
  });
  return loaded;
}
