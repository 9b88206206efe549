// The one way to name an object: a ref per kind (subject, role, binding, namespace), and for each
// one key (`Kind:ns/name`, what maps are keyed by), one label (`ns/name` or `name`, what a person
// reads) and one parser from the key back to the ref. Descriptions (`Role ns/name`) are built on the
// label in describe.ts; page links and graph node ids are functions of these refs in their layers.
// A subject also has one text form, the CLI's, the API's and exceptions files' (subjectText).
import { SERVICE_ACCOUNT_PREFIX, serviceAccountUsername, splitServiceAccountUsername } from './identity';

/** A subject as a person reads it: a User spelled as a service account's user name (identity.ts) is that service account. */
export type SubjectRef =
  | { kind: 'ServiceAccount'; namespace: string; name: string }
  | { kind: 'User'; name: string }
  | { kind: 'Group'; name: string };

/** A Role (in its namespace) or a ClusterRole: a binding's roleRef once it resolves. */
export interface RoleRef {
  kind: 'Role' | 'ClusterRole';
  name: string;
  /** Only for Roles. */
  namespace?: string;
}

export interface BindingRef {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  /** Only for RoleBindings. */
  namespace?: string;
}

export interface NamespaceRef {
  kind: 'Namespace';
  name: string;
}

/** The RBAC objects a change review compares. */
export type RbacObjectRef = RoleRef | BindingRef;

/** Any object by kind, namespace (namespaced kinds only) and name: what the refs above share. */
export interface ObjectRef {
  kind: string;
  name: string;
  namespace?: string;
}

/** `ns/name` for a namespaced object, `name` otherwise. */
export function objectLabel(ref: ObjectRef | SubjectRef): string {
  return 'namespace' in ref && ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
}

/** `Kind:ns/name` or `Kind:name`: one object across states and maps. */
export function objectKey(ref: ObjectRef | SubjectRef): string {
  return `${ref.kind}:${objectLabel(ref)}`;
}

/** The inverse of objectKey: a namespace only when the label has one (names never hold `/`). */
function parseObjectKey(key: string): ObjectRef | undefined {
  const colon = key.indexOf(':');
  if (colon <= 0) return undefined;
  const kind = key.slice(0, colon);
  const label = key.slice(colon + 1);
  const slash = label.indexOf('/');
  if (slash < 0) return label === '' ? undefined : { kind, name: label };
  const namespace = label.slice(0, slash);
  const name = label.slice(slash + 1);
  return namespace === '' || name === '' ? undefined : { kind, namespace, name };
}

export const subjectKey: (ref: SubjectRef) => string = objectKey;
export const subjectLabel: (ref: SubjectRef) => string = objectLabel;
export const roleKey: (ref: RoleRef) => string = objectKey;
export const roleLabel: (ref: RoleRef) => string = objectLabel;
export const bindingKey: (ref: BindingRef) => string = objectKey;
export const bindingLabel: (ref: BindingRef) => string = objectLabel;
export const namespaceKey: (ref: NamespaceRef) => string = objectKey;

/** A ServiceAccount has a namespace; a User or Group has none. */
export function parseSubjectKey(key: string): SubjectRef | undefined {
  // A user or group name may hold `/` and `:`: everything after the kind is the name.
  for (const kind of ['User', 'Group'] as const)
    if (key.startsWith(`${kind}:`) && key.length > kind.length + 1) return { kind, name: key.slice(kind.length + 1) };
  const ref = parseObjectKey(key);
  return ref?.kind === 'ServiceAccount' && ref.namespace
    ? { kind: 'ServiceAccount', namespace: ref.namespace, name: ref.name }
    : undefined;
}

/** A Role has a namespace; a ClusterRole has none. */
export function parseRoleKey(key: string): RoleRef | undefined {
  const ref = parseObjectKey(key);
  if (ref?.kind === 'Role' && ref.namespace) return { kind: 'Role', namespace: ref.namespace, name: ref.name };
  if (ref?.kind === 'ClusterRole' && !ref.namespace) return { kind: 'ClusterRole', name: ref.name };
  return undefined;
}

/** A RoleBinding has a namespace; a ClusterRoleBinding has none. */
export function parseBindingKey(key: string): BindingRef | undefined {
  const ref = parseObjectKey(key);
  if (ref?.kind === 'RoleBinding' && ref.namespace)
    return { kind: 'RoleBinding', namespace: ref.namespace, name: ref.name };
  if (ref?.kind === 'ClusterRoleBinding' && !ref.namespace) return { kind: 'ClusterRoleBinding', name: ref.name };
  return undefined;
}

export function parseNamespaceKey(key: string): NamespaceRef | undefined {
  const ref = parseObjectKey(key);
  return ref?.kind === 'Namespace' && !ref.namespace ? { kind: 'Namespace', name: ref.name } : undefined;
}

export function isBindingRef(ref: RbacObjectRef): ref is BindingRef {
  return ref.kind === 'RoleBinding' || ref.kind === 'ClusterRoleBinding';
}

/** A role ref from a kind and the namespace it would live in (dropped for a ClusterRole). */
export function roleRef(kind: RoleRef['kind'], namespace: string, name: string): RoleRef {
  return kind === 'Role' ? { kind, name, namespace } : { kind, name };
}

/** A binding ref from a kind and its namespace (dropped for a ClusterRoleBinding). */
export function bindingRef(kind: BindingRef['kind'], namespace: string, name: string): BindingRef {
  return kind === 'RoleBinding' ? { kind, name, namespace } : { kind, name };
}

/**
 * How the CLI, the API and exceptions files spell a subject: a service account's user name
 * (serviceAccountUsername), `user:NAME`, `group:NAME`.
 */
export function subjectText(ref: SubjectRef): string {
  return ref.kind === 'ServiceAccount'
    ? serviceAccountUsername(ref.namespace, ref.name)
    : `${ref.kind.toLowerCase()}:${ref.name}`;
}

/** The forms subjectText writes and parseSubjectText reads, as help and error messages list them. */
export const SUBJECT_TEXT_FORMS = `${serviceAccountUsername('NAMESPACE', 'NAME')}, user:NAME or group:NAME (a bare name is a user)`;

/** The inverse of subjectText; a bare name is a user. Undefined for a malformed service account. */
export function parseSubjectText(text: string): SubjectRef | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (t.startsWith(SERVICE_ACCOUNT_PREFIX)) {
    const sa = splitServiceAccountUsername(t);
    return sa && { kind: 'ServiceAccount', ...sa };
  }
  if (t.startsWith('group:') && t.length > 6) return { kind: 'Group', name: t.slice(6) };
  if (t.startsWith('user:') && t.length > 5) return { kind: 'User', name: t.slice(5) };
  return { kind: 'User', name: t };
}
