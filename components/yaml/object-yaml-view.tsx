// The raw YAML view of a role's, a binding's or a subject's page: one element to place.
import { currentData } from '@/lib/web/current';
import { bindingHref, roleHref, subjectHref } from '@/lib/web/links';
import { objectYaml, type YamlRef } from '@/lib/web/object-yaml';
import type { BindingRef, RoleRef, SubjectRef } from '@/lib/rbac';
import { RawYaml } from './raw-yaml';

function pageOf(ref: YamlRef): { href: string; what: string } {
  if (ref.kind === 'Role' || ref.kind === 'ClusterRole') return { href: roleHref(ref as RoleRef), what: ref.kind };
  if (ref.kind === 'RoleBinding' || ref.kind === 'ClusterRoleBinding')
    return { href: bindingHref(ref as BindingRef), what: ref.kind };
  const what =
    ref.kind === 'ServiceAccount' ? 'the ServiceAccount, or the bindings that name it' : 'the bindings that name it';
  return { href: subjectHref(ref as SubjectRef), what };
}

export async function ObjectYamlView({ objectRef }: { objectRef: YamlRef }) {
  const data = await currentData();
  const yaml = objectYaml(data, objectRef);
  if (yaml === undefined) return null;
  const { href, what } = pageOf(objectRef);
  return <RawYaml yaml={yaml} api={`/api${href}`} context={data.context} what={what} />;
}
