// Role (namespaced) and ClusterRole (cluster-scoped), rbac.authorization.k8s.io/v1: their rules,
// labels (which aggregation selects) and, for a ClusterRole, its aggregationRule.
import { z } from 'zod';
import type { ClusterRole, Role } from '@/lib/rbac';
import {
  createdOf,
  labels,
  meta,
  metadata,
  RBAC_GROUP,
  rules,
  sharedLabels,
  sharedRules,
  stringList,
  type KindModule,
} from './common';

const labelSelector = z.object({
  matchLabels: labels,
  matchExpressions: z
    .array(z.object({ key: z.string(), operator: z.string(), values: stringList }))
    .nullish()
    .transform((v) => v ?? []),
});

const roleSchema = z.object({ metadata, rules });

const clusterRoleSchema = z.object({
  metadata,
  rules,
  aggregationRule: z
    .object({
      clusterRoleSelectors: z
        .array(labelSelector)
        .nullish()
        .transform((v) => v ?? []),
    })
    .nullish(),
});

export const roleKind: KindModule<'Role', typeof roleSchema, Role> = {
  kind: 'Role',
  api: { group: RBAC_GROUP, version: 'v1', resource: 'roles' },
  namespaced: true,
  schema: roleSchema,
  toModel: (d, namespace) => ({
    namespace,
    name: d.metadata.name,
    labels: sharedLabels(d.metadata.labels),
    rules: sharedRules(d.rules),
    ...createdOf(d.metadata),
  }),
  toManifest: (r) => ({ metadata: meta(r.name, r.labels, r.namespace, r.created), rules: r.rules }),
  addTo: ({ model }, r) => void model.roles.push(r),
  of: (model) => model.roles,
};

export const clusterRoleKind: KindModule<'ClusterRole', typeof clusterRoleSchema, ClusterRole> = {
  kind: 'ClusterRole',
  api: { group: RBAC_GROUP, version: 'v1', resource: 'clusterroles' },
  namespaced: false,
  schema: clusterRoleSchema,
  toModel: (d) => ({
    name: d.metadata.name,
    labels: sharedLabels(d.metadata.labels),
    rules: sharedRules(d.rules),
    ...createdOf(d.metadata),
    ...(d.aggregationRule && { aggregationRule: d.aggregationRule }),
  }),
  toManifest: (r) => ({
    metadata: meta(r.name, r.labels, undefined, r.created),
    rules: r.rules,
    ...(r.aggregationRule && { aggregationRule: r.aggregationRule }),
  }),
  addTo: ({ model }, r) => void model.clusterRoles.push(r),
  of: (model) => model.clusterRoles,
};
