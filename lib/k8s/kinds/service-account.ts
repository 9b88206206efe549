// ServiceAccount (core/v1, namespaced): a subject of bindings, its automountServiceAccountToken,
// the default of the pods that run as it (pod.ts), and the Secrets its `.secrets` lists (where the
// token controller put its legacy, long-lived token Secret before Kubernetes 1.24).
import { z } from 'zod';
import type { ServiceAccount } from '@/lib/rbac';
import {
  createdOf,
  formatZodError,
  isObject,
  meta,
  metadata,
  nullishOf,
  plainMetadata,
  plainUid,
  shared,
  uid,
  uidOf,
  type KindModule,
} from './common';

const schema = z.object({
  metadata: metadata.extend({ uid }),
  automountServiceAccountToken: z.boolean().nullish(),
  // Checked on its own (secretsOf): a list that does not parse is a warning, the account is kept.
  secrets: z.unknown().optional(),
});

/** The schema's output without zod, for a service account in the API server's shape (the same checks). */
function plain(raw: Record<string, unknown>): z.infer<typeof schema> | undefined {
  const m = plainMetadata(raw.metadata);
  const automount = raw.automountServiceAccountToken;
  if (!m || !nullishOf(automount, 'boolean')) return undefined;
  const metadata = { ...m, uid: plainUid((raw.metadata as Record<string, unknown>).uid) };
  return { metadata, automountServiceAccountToken: automount as boolean | null | undefined, secrets: raw.secrets };
}

// ObjectReference: only `name` is read (the Secret is in the account's namespace).
const secretRefs = z.array(z.object({ name: z.string().nullish() })).nullish();

const plainRef = (r: unknown) => isObject(r) && nullishOf(r.name, 'string');

/** What secretRefs accepts, checked without zod: true exactly when its parse succeeds. */
const plainSecrets = (raw: unknown) => raw == null || (Array.isArray(raw) && raw.every(plainRef));

/** The names `.secrets` lists, once each; none when it does not parse (secretsWarning says so). */
function secretsOf(raw: unknown): { secrets?: string[] } {
  const refs = plainSecrets(raw) ? raw : secretRefs.safeParse(raw).data;
  const names: string[] = [];
  for (const r of (refs as { name?: string | null }[] | null | undefined) ?? [])
    if (r.name && !names.includes(r.name)) names.push(shared(r.name));
  return names.length > 0 ? { secrets: names } : {};
}

function secretsWarning(raw: unknown): string | undefined {
  if (plainSecrets(raw)) return undefined;
  const parsed = secretRefs.safeParse(raw);
  if (parsed.success) return undefined;
  const problem = formatZodError(parsed.error);
  return (
    `secrets${problem.startsWith('[') ? '' : ': '}${problem}: the service account is read without the Secrets it ` +
    'lists, so a legacy token Secret it references is not known'
  );
}

export const serviceAccountKind: KindModule<'ServiceAccount', typeof schema, ServiceAccount> = {
  kind: 'ServiceAccount',
  api: { group: '', version: 'v1', resource: 'serviceaccounts' },
  namespaced: true,
  schema,
  plain,
  toModel: (d, namespace) => ({
    namespace,
    name: d.metadata.name,
    ...uidOf(d.metadata),
    ...createdOf(d.metadata),
    ...(d.automountServiceAccountToken != null && { automountServiceAccountToken: d.automountServiceAccountToken }),
    ...secretsOf(d.secrets),
  }),
  warning: (d) => secretsWarning(d.secrets),
  toManifest: (sa) => ({
    metadata: meta(sa.name, undefined, sa.namespace, sa.created, sa.uid),
    ...(sa.automountServiceAccountToken !== undefined && {
      automountServiceAccountToken: sa.automountServiceAccountToken,
    }),
    ...(sa.secrets && { secrets: sa.secrets.map((name) => ({ name })) }),
  }),
  addTo: ({ model }, sa) => void model.serviceAccounts.push(sa),
  of: (model) => model.serviceAccounts,
};
