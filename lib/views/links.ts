// One spelling of every page link: namespaces, subjects, roles and bindings.
import { bindingNodeId } from '@/lib/graph/node-ids';
import type { BindingRef, RoleRefResolved, SubjectRef } from '@/lib/rbac';

const enc = encodeURIComponent;

export function namespaceHref(name: string, query = ''): string {
  return `/namespaces/${enc(name)}${query}`;
}

export function subjectHref(ref: SubjectRef): string {
  return ref.kind === 'ServiceAccount'
    ? `/subjects/serviceaccount/${enc(ref.namespace)}/${enc(ref.name)}`
    : `/subjects/${ref.kind.toLowerCase()}/${enc(ref.name)}`;
}

export function roleHref(r: RoleRefResolved): string {
  return r.namespace ? `/roles/role/${enc(r.namespace)}/${enc(r.name)}` : `/roles/clusterrole/${enc(r.name)}`;
}

/** A binding's own page: its subjects, its role, what it grants and where. */
export function bindingHref(b: BindingRef): string {
  return b.kind === 'RoleBinding'
    ? `/bindings/rolebinding/${enc(b.namespace ?? '')}/${enc(b.name)}`
    : `/bindings/clusterrolebinding/${enc(b.name)}`;
}

/** A binding selected in its namespace's graph (built-ins shown, so it is drawn). */
export function bindingInGraphHref(b: BindingRef & { namespace: string }): string {
  return namespaceHref(b.namespace, `?node=${enc(bindingNodeId(b))}&system=show`);
}
