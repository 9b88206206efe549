// What a pod's volumes say about its credentials: the Secrets it mounts by name (a legacy
// service-account token Secret among them is a long-lived token in the pod) and the service-account
// tokens it projects (k8s.io/api core/v1 Volume: secret.secretName, projected.sources[].secret.name
// and .serviceAccountToken). Nothing else of a volume is kept: a pod keeps no new object when its
// volumes hold nothing of these (memory at 150,000 pods).
import { z } from 'zod';
import type { ProjectedToken } from '@/lib/rbac';
import { formatZodError, isObject, shared } from './common';

/**
 * The token the ServiceAccount admission plugin projects when the token is automounted: path
 * "token", expirationSeconds 3607 (serviceaccount.WarnOnlyBoundTokenExpirationSeconds), the API
 * server's audience (k8s.io/kubernetes plugin/pkg/admission/serviceaccount/admission.go,
 * TokenVolumeSource). One shared object: every automounted pod has it.
 */
export const AUTOMOUNT_TOKEN: ProjectedToken = Object.freeze({ expirationSeconds: 60 * 60 + 7 });
const AUTOMOUNT_ONLY: readonly ProjectedToken[] = Object.freeze([AUTOMOUNT_TOKEN]);

/** The API's default expirationSeconds of a projected token (SetDefaults_ServiceAccountTokenProjection). */
const DEFAULT_EXPIRATION = 60 * 60;

const nullishString = z.string().nullish();

export const volumesSchema = z
  .array(
    z.object({
      secret: z.object({ secretName: nullishString }).nullish(),
      projected: z
        .object({
          sources: z
            .array(
              z.object({
                secret: z.object({ name: nullishString }).nullish(),
                serviceAccountToken: z
                  .object({ audience: nullishString, expirationSeconds: z.number().int().nullish() })
                  .nullish(),
              }),
            )
            .nullish(),
        })
        .nullish(),
    }),
  )
  .nullish();

type Volumes = z.infer<typeof volumesSchema>;

const nullishObject = (v: unknown) => v === undefined || v === null || isObject(v);
const nullishString_ = (v: unknown) => v === undefined || v === null || typeof v === 'string';

function plainSource(s: unknown): boolean {
  if (!isObject(s) || !nullishObject(s.secret) || !nullishObject(s.serviceAccountToken)) return false;
  if (isObject(s.secret) && !nullishString_(s.secret.name)) return false;
  const t = s.serviceAccountToken;
  if (!isObject(t)) return true;
  const e = t.expirationSeconds;
  return nullishString_(t.audience) && (e === undefined || e === null || Number.isSafeInteger(e));
}

function plainVolume(v: unknown): boolean {
  if (!isObject(v) || !nullishObject(v.secret) || !nullishObject(v.projected)) return false;
  if (isObject(v.secret) && !nullishString_(v.secret.secretName)) return false;
  if (!isObject(v.projected)) return true;
  const sources = v.projected.sources;
  return sources === undefined || sources === null || (Array.isArray(sources) && sources.every(plainSource));
}

/** What the schema accepts, checked without zod (most pods have volumes): true exactly when its parse succeeds. */
export function plainVolumes(v: unknown): v is Volumes {
  return v === undefined || v === null || (Array.isArray(v) && v.every(plainVolume));
}

export interface PodVolumes {
  secretVolumes?: string[];
  projectedTokens?: readonly ProjectedToken[];
}

/** By value, not identity: a production build may hold this module twice, each with its own AUTOMOUNT_TOKEN. */
const isAutomountToken = (t: ProjectedToken): boolean =>
  !t.audience && t.expirationSeconds === AUTOMOUNT_TOKEN.expirationSeconds;

function tokenOf(t: { audience?: string | null; expirationSeconds?: number | null }): ProjectedToken {
  const expirationSeconds = t.expirationSeconds ?? DEFAULT_EXPIRATION;
  if (!t.audience && expirationSeconds === AUTOMOUNT_TOKEN.expirationSeconds) return AUTOMOUNT_TOKEN;
  return { expirationSeconds, ...(t.audience && { audience: shared(t.audience) }) };
}

function collect(volumes: NonNullable<Volumes>): PodVolumes {
  const secrets: string[] = [];
  const tokens: ProjectedToken[] = [];
  const addSecret = (name: string | null | undefined) => {
    if (name && !secrets.includes(name)) secrets.push(shared(name));
  };
  for (const v of volumes) {
    addSecret(v.secret?.secretName);
    for (const s of v.projected?.sources ?? []) {
      addSecret(s.secret?.name);
      if (s.serviceAccountToken) tokens.push(tokenOf(s.serviceAccountToken));
    }
  }
  const automountOnly = tokens.length === 1 && isAutomountToken(tokens[0]!);
  return {
    ...(secrets.length > 0 && { secretVolumes: secrets }),
    ...(tokens.length > 0 && { projectedTokens: automountOnly ? AUTOMOUNT_ONLY : tokens }),
  };
}

const NONE: PodVolumes = Object.freeze({});

/** The Secrets and tokens of `spec.volumes`; none when they do not parse (volumesWarning says so). */
export function podVolumes(raw: unknown): PodVolumes {
  if (raw === undefined || raw === null) return NONE;
  if (plainVolumes(raw)) return raw.length === 0 ? NONE : collect(raw);
  const parsed = volumesSchema.safeParse(raw);
  return parsed.success && parsed.data ? collect(parsed.data) : NONE;
}

/**
 * Volumes that do not parse leave the pod kept without them, and said: a token Secret it mounts or
 * a token it projects is then not known.
 */
export function volumesWarning(raw: unknown): string | undefined {
  if (plainVolumes(raw)) return undefined;
  const parsed = volumesSchema.safeParse(raw);
  if (parsed.success) return undefined;
  const problem = formatZodError(parsed.error);
  return (
    `spec.volumes${problem.startsWith('[') ? '' : ': '}${problem}: the pod is read without its volumes, ` +
    'so a token Secret it mounts or a token it projects is not known'
  );
}

/**
 * The tokens a pod projects besides the automounted one: the admission plugin adds AUTOMOUNT_TOKEN
 * only when the token is automounted, so with automount on one such token is that one; with it off
 * (the pod's setting or its service account's, which may have changed since the pod was admitted) it
 * is a token the pod mounts all the same.
 */
export function tokensBeside(
  tokens: readonly ProjectedToken[] | undefined,
  automount: boolean,
): readonly ProjectedToken[] | undefined {
  if (!tokens || !automount) return tokens;
  const i = tokens.findIndex(isAutomountToken);
  if (i < 0) return tokens;
  if (tokens.length === 1) return undefined;
  return tokens.filter((_, j) => j !== i);
}

/** The volumes of a manifest that say what `podVolumes` read (names are made up: the app does not keep them). */
export function volumesManifest(v: PodVolumes): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  v.secretVolumes?.forEach((secretName, i) => out.push({ name: `secret-${i}`, secret: { secretName } }));
  v.projectedTokens?.forEach((t, i) =>
    out.push({
      name: `token-${i}`,
      projected: {
        sources: [
          {
            serviceAccountToken: {
              ...(t.audience && { audience: t.audience }),
              expirationSeconds: t.expirationSeconds,
              path: 'token',
            },
          },
        ],
      },
    }),
  );
  return out;
}
