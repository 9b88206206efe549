// RoleBinding (namespaced) and ClusterRoleBinding (cluster-scoped), rbac.authorization.k8s.io/v1:
// a roleRef, which the API server never lets change (what-if says so), and the subjects it grants.
import { z } from 'zod';
import type { ClusterRoleBinding, RoleBinding } from '@/lib/rbac';
import {
  createdOf,
  isObject,
  meta,
  metadata,
  plainMetadata,
  RBAC_GROUP,
  sharedLabels,
  sharedRef,
  type KindModule,
} from './common';

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

type Data = z.infer<typeof schema>;
type Subject = Data['subjects'][number];

const SUBJECT_KINDS: readonly unknown[] = ['ServiceAccount', 'User', 'Group'];
const ROLE_KINDS: readonly unknown[] = ['Role', 'ClusterRole'];
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const optionalString = (v: unknown): v is string | undefined => v === undefined || typeof v === 'string';

/** A subject as the schema gives it (its fields in the schema's order, absent ones left out), or undefined. */
function plainSubject(s: unknown): Subject | undefined {
  if (!isObject(s) || !SUBJECT_KINDS.includes(s.kind) || !nonEmpty(s.name)) return undefined;
  if (!optionalString(s.namespace) || !optionalString(s.apiGroup)) return undefined;
  const out = { kind: s.kind, name: s.name } as Subject;
  if (s.namespace !== undefined) out.namespace = s.namespace;
  if (s.apiGroup !== undefined) out.apiGroup = s.apiGroup;
  return out;
}

/**
 * The schema's output without zod, for a binding in the API server's shape (50,000 RoleBindings at
 * 10,000 namespaces): the same checks, new objects in the schema's key order (they are kept).
 * Undefined: zod decides, and says what is wrong.
 */
function plain(raw: Record<string, unknown>): Data | undefined {
  const { roleRef: r, subjects: list } = raw;
  const m = plainMetadata(raw.metadata);
  if (!m || !isObject(r) || !ROLE_KINDS.includes(r.kind) || !nonEmpty(r.name)) return undefined;
  if (!optionalString(r.apiGroup) || !(list == null || Array.isArray(list))) return undefined;
  const subjects: Subject[] = [];
  for (const s of list ?? []) {
    const one = plainSubject(s);
    if (!one) return undefined;
    subjects.push(one);
  }
  const roleRef = { kind: r.kind, name: r.name, apiGroup: r.apiGroup ?? RBAC_GROUP } as Data['roleRef'];
  return { metadata: m, roleRef, subjects };
}

// "cannot change roleRef": k8s.io/kubernetes pkg/apis/rbac/validation/validation.go ValidateRoleBindingUpdate.
const immutable = (b: { roleRef: { kind: string; name: string } }) => `${b.roleRef.kind}/${b.roleRef.name}`;

export const roleBindingKind: KindModule<'RoleBinding', typeof schema, RoleBinding> = {
  kind: 'RoleBinding',
  api: { group: RBAC_GROUP, version: 'v1', resource: 'rolebindings' },
  namespaced: true,
  schema,
  plain,
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
  plain,
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
