// The seven kinds RBAC Atlas reads, one module each, in the order the model lists them. Everything
// that works over "any kind" (objects.ts: parse, manifest, list path; model-builder.ts; what-if.ts;
// the watch cache; snapshots) goes through this table, so a kind's knowledge is in its module only.
import type {
  ClusterRole,
  ClusterRoleBinding,
  ModelKind,
  Namespace,
  Role,
  RoleBinding,
  ServiceAccount,
} from '@/lib/rbac';
import { clusterRoleBindingKind, roleBindingKind } from './binding';
import type { KindApi, KindModule } from './common';
import { namespaceKind } from './namespace';
import { podKind, type PodObject } from './pod';
import { clusterRoleKind, roleKind } from './role';
import { serviceAccountKind } from './service-account';

export const KINDS = {
  Namespace: namespaceKind,
  ServiceAccount: serviceAccountKind,
  Pod: podKind,
  Role: roleKind,
  ClusterRole: clusterRoleKind,
  RoleBinding: roleBindingKind,
  ClusterRoleBinding: clusterRoleBindingKind,
} as const satisfies Record<ModelKind, unknown>;

export type KnownKind = keyof typeof KINDS;

export type ParsedObject =
  | { kind: 'Namespace'; value: Namespace }
  | { kind: 'ServiceAccount'; value: ServiceAccount }
  | { kind: 'Pod'; value: PodObject }
  | { kind: 'Role'; value: Role }
  | { kind: 'ClusterRole'; value: ClusterRole }
  | { kind: 'RoleBinding'; value: RoleBinding }
  | { kind: 'ClusterRoleBinding'; value: ClusterRoleBinding };

/** Any kind's module, seen through the value it converts: what generic code calls. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyKind = KindModule<KnownKind, any, ParsedObject['value']>;

/** The module of `kind`, as generic code uses it (the table is checked kind by kind above). */
export const kindOf = (kind: KnownKind): AnyKind => KINDS[kind] as unknown as AnyKind;

export const KNOWN_KINDS = Object.keys(KINDS) as KnownKind[];

/** Where each kind is served: its API group, version and resource (the URL plural). */
export const KIND_API = Object.fromEntries(KNOWN_KINDS.map((k) => [k, KINDS[k].api])) as Record<KnownKind, KindApi>;

export const NAMESPACED: ReadonlySet<KnownKind> = new Set(KNOWN_KINDS.filter((k) => KINDS[k].namespaced));

export type { PodObject } from './pod';
