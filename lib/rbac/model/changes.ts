// One change to the model between two versions of a live cluster: the object as the previous model
// held it and as the next one holds it (absent: added, or deleted). What lets the engine update the
// indexes a change touches instead of indexing the world again (engine-update.ts).
import type { ClusterRole, ClusterRoleBinding, Namespace, Pod, Role, RoleBinding, ServiceAccount } from './types';

interface Change<K extends string, T> {
  kind: K;
  before?: T;
  after?: T;
}

export type ModelChange =
  | Change<'Namespace', Namespace>
  | Change<'ServiceAccount', ServiceAccount>
  | Change<'Pod', Pod>
  | Change<'Role', Role>
  | Change<'ClusterRole', ClusterRole>
  | Change<'RoleBinding', RoleBinding>
  | Change<'ClusterRoleBinding', ClusterRoleBinding>;
