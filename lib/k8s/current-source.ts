// The source the app shows, chosen once per server process from its environment.
import { z } from 'zod';
import { loadSource, type LoadedSource, type SourceSpec } from './source';

const env = z.object({
  RBAC_ATLAS_SNAPSHOT: z.string().trim().min(1).optional(),
});

export function sourceSpecFromEnv(vars: NodeJS.ProcessEnv = process.env): SourceSpec {
  const parsed = env.parse({ RBAC_ATLAS_SNAPSHOT: vars.RBAC_ATLAS_SNAPSHOT || undefined });
  return parsed.RBAC_ATLAS_SNAPSHOT ? { kind: 'snapshot', path: parsed.RBAC_ATLAS_SNAPSHOT } : { kind: 'demo' };
}

let current: Promise<LoadedSource> | undefined;

/** Loaded on first use and kept: every view of one process answers from the same read. */
export function currentSource(): Promise<LoadedSource> {
  current ??= loadSource(sourceSpecFromEnv()).catch((e: unknown) => {
    current = undefined;
    throw e;
  });
  return current;
}
