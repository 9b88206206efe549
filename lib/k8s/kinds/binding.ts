// RoleBinding (namespaced) and ClusterRoleBinding (cluster-scoped), rbac.authorization.k8s.io/v1:
// a roleRef, which the API server never lets change (what-if says so), and the subjects it grants.
import { z } from 'zod';
import type { ClusterRoleBinding, RoleBinding } from '@/lib/rbac';
import { createdOf, meta, metadata, RBAC_GROUP, sharedLabels, sharedRef, type KindModule } from './common';

const subject = z.object({
  kind: z.enum(['ServiceAccount', 'User', 'Group'], {
    error: (iss) => `must be ServiceAccount, User or Group, got ${JSON.stringify(iss.input)}`,
  }),
  name: z.string().min(1, 'must not be empty'),
  namespace: z.string().optional(),
  apiGroup: z.string().optional(),
});

const roleRef = z.object(
  {
    kind: z.enum(['Role', 'ClusterRole'], {
      error: (iss) => `must be Role or ClusterRole, got ${JSON.stringify(iss.input)}`,
    }),
    name: z.string().min(1, 'must not be empty'),
    apiGroup: z.string().default(RBAC_GROUP),
  },
  { error: 'roleRef is required' },
);

const subjects = z
  .array(subject)
  .nullish()
  .transform((v) => v ?? []);

const schema = z.object({ metadata, roleRef, subjects });

// "cannot change roleRef": k8s.io/kubernetes pkg/apis/rbac/validation/validation.go ValidateRoleBindingUpdate.
const immutable = (b: { roleRef: { kind: string; name: string } }) => `${b.roleRef.kind}/${b.roleRef.name}`;

export const roleBindingKind: KindModule<'RoleBinding', typeof schema, RoleBinding> = {
  kind: 'RoleBinding',
  api: { group: RBAC_GROUP, version: 'v1', resource: 'rolebindings' },
  namespaced: true,
  schema,
  toModel: (d, namespace) => ({
    namespace,
    name: d.metadata.name,
    labels: sharedLabels(d.metadata.labels),
    roleRef: sharedRef(d.roleRef),
    subjects: d.subjects.map(sharedRef),
    ...createdOf(d.metadata),
  }),
  toManifest: (b) => ({
    metadata: meta(b.name, b.labels, b.namespace, b.created),
    roleRef: b.roleRef,
    subjects: b.subjects,
  }),
  addTo: ({ model }, b) => void model.roleBindings.push(b),
  of: (model) => model.roleBindings,
  immutable,
};

export const clusterRoleBindingKind: KindModule<'ClusterRoleBinding', typeof schema, ClusterRoleBinding> = {
  kind: 'ClusterRoleBinding',
  api: { group: RBAC_GROUP, version: 'v1', resource: 'clusterrolebindings' },
  namespaced: false,
  schema,
  toModel: (d) => ({
    name: d.metadata.name,
    labels: sharedLabels(d.metadata.labels),
    roleRef: sharedRef(d.roleRef),
    subjects: d.subjects.map(sharedRef),
    ...createdOf(d.metadata),
  }),
  toManifest: (b) => ({
    metadata: meta(b.name, b.labels, undefined, b.created),
    roleRef: b.roleRef,
    subjects: b.subjects,
  }),
  addTo: ({ model }, b) => void model.clusterRoleBindings.push(b),
  of: (model) => model.clusterRoleBindings,
  immutable,
};
