// Node ids: stable, readable in a URL (`?node=subject:ServiceAccount:default/demo-sa`), and
// parsed back into what they name for the side panel. A subject's, role's and binding's id is a
// function of its ref (refs.ts key or label), read back with refs.ts's parsers.
import {
  bindingLabel,
  parseBindingKey,
  parseRoleKey,
  parseSubjectKey,
  roleLabel,
  subjectKey,
  type BindingRef,
  type RoleRef,
  type SubjectRef,
} from '@/lib/rbac';

export type NodeRef =
  | { type: 'subject'; subject: SubjectRef }
  | { type: 'binding'; kind: 'RoleBinding' | 'ClusterRoleBinding'; namespace?: string; name: string }
  | { type: 'role'; role: RoleRef }
  | { type: 'resource'; label: string }
  /** The summary node of a role's (or subject's) many resources. */
  | { type: 'resource-group'; source: string }
  | { type: 'pods'; namespace: string; serviceAccount: string }
  /** The ClusterRoleBindings that grant in the namespace only to subjects elsewhere, as one node. */
  | { type: 'cluster-bindings' }
  /** The subjects of a binding that names too many to draw, as one node (those drawn anyway left out). */
  | {
      type: 'binding-subjects';
      binding: { kind: 'RoleBinding' | 'ClusterRoleBinding'; namespace?: string; name: string };
    }
  /** The built-in bindings of one role, as one node. */
  | { type: 'builtin-bindings'; role: RoleRef }
  | { type: 'pod'; namespace: string; name: string }
  /** One of the built-in chain's nodes: its identities, their bindings, or those bindings' roles. */
  | { type: 'builtin-group'; part: BuiltinPart };

export const BUILTIN_PARTS = ['identities', 'bindings', 'roles'] as const;
export type BuiltinPart = (typeof BUILTIN_PARTS)[number];
export const builtinGroupNodeId = (part: BuiltinPart) => `builtin:${part}`;

export const subjectNodeId = (ref: SubjectRef) => `subject:${subjectKey(ref)}`;
export const roleNodeId = (r: RoleRef) => `${r.kind.toLowerCase()}:${roleLabel(r)}`;
export const bindingNodeId = (b: BindingRef) => `${b.kind.toLowerCase()}:${bindingLabel(b)}`;
export const bindingSubjectsNodeId = (b: BindingRef) => `subjects:${bindingNodeId(b)}`;
export const builtinBindingsNodeId = (r: RoleRef) => `builtin-bindings:${roleNodeId(r)}`;
export const resourceNodeId = (label: string) => `resource:${label}`;
export const podGroupNodeId = (namespace: string, sa: string) => `pods:${namespace}/${sa}`;
export const podNodeId = (namespace: string, name: string) => `pod:${namespace}/${name}`;

/** The kinds whose node id is the lower-cased kind and the ref's label. */
const ROLE_KINDS = { role: 'Role', clusterrole: 'ClusterRole' } as const;
const BINDING_KINDS = { rolebinding: 'RoleBinding', clusterrolebinding: 'ClusterRoleBinding' } as const;

function split(rest: string): [string, string] | undefined {
  const i = rest.indexOf('/');
  return i > 0 ? [rest.slice(0, i), rest.slice(i + 1)] : undefined;
}

export function parseNodeId(id: string): NodeRef | undefined {
  const colon = id.indexOf(':');
  if (colon < 0) return undefined;
  const type = id.slice(0, colon);
  const rest = id.slice(colon + 1);
  switch (type) {
    case 'subject': {
      const subject = parseSubjectKey(rest);
      return subject && { type: 'subject', subject };
    }
    case 'rolebinding':
    case 'clusterrolebinding': {
      const binding = parseBindingKey(`${BINDING_KINDS[type]}:${rest}`);
      return binding && { type: 'binding', ...binding };
    }
    case 'role':
    case 'clusterrole': {
      const role = parseRoleKey(`${ROLE_KINDS[type]}:${rest}`);
      return role && { type: 'role', role };
    }
    case 'resource':
      return { type: 'resource', label: rest };
    case 'resources':
      return { type: 'resource-group', source: rest };
    case 'subjects': {
      const binding = parseNodeId(rest);
      if (binding?.type !== 'binding') return undefined;
      const { kind, namespace, name } = binding;
      return { type: 'binding-subjects', binding: { kind, ...(namespace !== undefined && { namespace }), name } };
    }
    case 'builtin-bindings': {
      const role = parseNodeId(rest);
      return role?.type === 'role' ? { type: 'builtin-bindings', role: role.role } : undefined;
    }
    case 'builtin': {
      const part = BUILTIN_PARTS.find((x) => x === rest);
      return part && { type: 'builtin-group', part };
    }
    case 'clusterrolebindings':
      return rest === 'elsewhere' ? { type: 'cluster-bindings' } : undefined;
    case 'pods': {
      const parts = split(rest);
      return parts && { type: 'pods', namespace: parts[0], serviceAccount: parts[1] };
    }
    case 'pod': {
      const parts = split(rest);
      return parts && { type: 'pod', namespace: parts[0], name: parts[1] };
    }
    default:
      return undefined;
  }
}
