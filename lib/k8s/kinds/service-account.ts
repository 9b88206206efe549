// ServiceAccount (core/v1, namespaced): a subject of bindings, and its automountServiceAccountToken,
// the default of the pods that run as it (pod.ts).
import { z } from 'zod';
import type { ServiceAccount } from '@/lib/rbac';
import { createdOf, meta, metadata, nullishOf, plainMetadata, plainUid, uid, type KindModule } from './common';

const schema = z.object({ metadata: metadata.extend({ uid }), automountServiceAccountToken: z.boolean().nullish() });

/** The schema's output without zod, for a service account in the API server's shape (the same checks). */
function plain(raw: Record<string, unknown>): z.infer<typeof schema> | undefined {
  const m = plainMetadata(raw.metadata);
  const automount = raw.automountServiceAccountToken;
  if (!m || !nullishOf(automount, 'boolean')) return undefined;
  const id = plainUid((raw.metadata as Record<string, unknown>).uid);
  return { metadata: { ...m, uid: id }, automountServiceAccountToken: automount as boolean | null | undefined };
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
    ...(d.metadata.uid && { uid: d.metadata.uid }),
    ...createdOf(d.metadata),
    ...(d.automountServiceAccountToken != null && { automountServiceAccountToken: d.automountServiceAccountToken }),
  }),
  toManifest: (sa) => ({
    metadata: { ...meta(sa.name, undefined, sa.namespace, sa.created), ...(sa.uid && { uid: sa.uid }) },
    ...(sa.automountServiceAccountToken !== undefined && {
      automountServiceAccountToken: sa.automountServiceAccountToken,
    }),
  }),
  addTo: ({ model }, sa) => void model.serviceAccounts.push(sa),
  of: (model) => model.serviceAccounts,
};
