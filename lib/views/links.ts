// One spelling of every page link to a subject or a role.
import type { RoleRefResolved, SubjectRef } from '@/lib/rbac';

const enc = encodeURIComponent;

export function subjectHref(ref: SubjectRef): string {
  return ref.kind === 'ServiceAccount'
    ? `/subjects/serviceaccount/${enc(ref.namespace)}/${enc(ref.name)}`
    : `/subjects/${ref.kind.toLowerCase()}/${enc(ref.name)}`;
}

export function roleHref(r: RoleRefResolved): string {
  return r.namespace ? `/roles/role/${enc(r.namespace)}/${enc(r.name)}` : `/roles/clusterrole/${enc(r.name)}`;
}
