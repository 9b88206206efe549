// Namespace (core/v1, cluster-scoped): its name and labels (a RoleBinding's namespace selects by
// name only; labels are shown). Deleting one deletes what is in it (what-if.ts).
import { z } from 'zod';
import type { Namespace } from '@/lib/rbac';
import { meta, metadata, sharedLabels, type KindModule } from './common';

const schema = z.object({ metadata });

export const namespaceKind: KindModule<'Namespace', typeof schema, Namespace> = {
  kind: 'Namespace',
  api: { group: '', version: 'v1', resource: 'namespaces' },
  namespaced: false,
  schema,
  toModel: (d) => ({ name: d.metadata.name, labels: sharedLabels(d.metadata.labels) }),
  toManifest: (ns) => ({ metadata: meta(ns.name, ns.labels) }),
  addTo: ({ model }, ns) => void model.namespaces.push(ns),
  of: (model) => model.namespaces,
};
