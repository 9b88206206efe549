// An object's page as YAML, as the app read it (the fields RBAC Atlas reads): a role, a binding, a
// service account; for a user or a group, which are no objects, the bindings that name it. The
// pages show it collapsed; `?format=yaml` on their API downloads it.
import 'server-only';
import {
  isBindingRef,
  modelBinding,
  modelRole,
  objectKey,
  subjectKey,
  subjectRefOf,
  type BindingRef,
  type RoleRef,
  type SubjectRef,
} from '@/lib/rbac';
import { fixManifest } from '@/lib/k8s/fix-effect';
import { yamlStream } from '@/lib/reports/fix-text';
import { json } from './api';
import { currentData, type CurrentData } from './current';
import { withSource } from './with-source';

export type YamlRef = RoleRef | BindingRef | SubjectRef;

const isRole = (ref: YamlRef): ref is RoleRef => ref.kind === 'Role' || ref.kind === 'ClusterRole';

function subjectYaml({ engine, source }: CurrentData, ref: SubjectRef): string | undefined {
  if (ref.kind === 'ServiceAccount') {
    const sa = source.model.serviceAccounts.find((s) => s.namespace === ref.namespace && s.name === ref.name);
    if (sa) return yamlStream([fixManifest({ kind: 'ServiceAccount', value: sa })]);
  }
  const key = subjectKey(ref);
  const naming = engine.subjectBindings(ref).filter((n) => {
    const r = subjectRefOf(n.via, n.bound.namespace);
    return r !== undefined && subjectKey(r) === key;
  });
  const bindings = naming.flatMap((n) => modelBinding(source.model, n.bound.binding) ?? []);
  return bindings.length > 0 ? yamlStream(bindings.map(fixManifest)) : undefined;
}

/** The YAML of an object's page, or undefined when there is nothing to show. */
export function objectYaml(data: CurrentData, ref: YamlRef): string | undefined {
  if (isRole(ref)) {
    const o = modelRole(data.source.model, ref);
    return o && yamlStream([fixManifest(o)]);
  }
  if (ref.kind === 'RoleBinding' || ref.kind === 'ClusterRoleBinding') {
    const o = isBindingRef(ref) ? modelBinding(data.source.model, ref) : undefined;
    return o && yamlStream([fixManifest(o)]);
  }
  return subjectYaml(data, ref as SubjectRef);
}

/** `?format=yaml` of an object's API: the YAML as a download, or a 404 that says what was not found. */
export function yamlAnswer(ref: YamlRef): Promise<Response> {
  return withSource(async () => {
    const text = objectYaml(await currentData(), ref);
    if (text === undefined) return json({ error: `${objectKey(ref)}: nothing read to show as YAML` }, 404);
    const file = `${objectKey(ref).replace(/[^A-Za-z0-9._-]+/g, '-')}.yaml`;
    return new Response(text, {
      headers: {
        'content-type': 'application/yaml; charset=utf-8',
        'content-disposition': `attachment; filename="${file}"`,
        'cache-control': 'no-store',
      },
    });
  }, false);
}
