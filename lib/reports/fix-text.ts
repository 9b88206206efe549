// A fix as text to apply: the manifests to apply and to delete as YAML (the fields RBAC Atlas reads,
// written by the kind's own manifest function, which the caller passes: reports never read
// sources), and the kubectl commands that do it. Names come from the cluster: every word of a
// command is quoted for a POSIX shell unless it is plainly safe, and a here-document's delimiter is
// chosen to appear in no line of the YAML.
import { stringify } from 'yaml';
import type { Fix, FixObject } from '@/lib/rbac';

export type ManifestOf = (o: FixObject) => Record<string, unknown>;

export interface FixText {
  /** The objects to apply, as one YAML stream ("" when none). */
  applyYaml: string;
  /** The objects to delete, as they are now ("" when none). */
  deleteYaml: string;
  /** The kubectl commands, one a line (a here-document spans lines). */
  command: string;
}

const SAFE = /^[A-Za-z0-9_./:@%+=,-]+$/;

/** One word for a POSIX shell: as is when plainly safe, else single-quoted. */
export function shellQuote(word: string): string {
  if (SAFE.test(word) && !word.startsWith('-')) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Manifests as kubectl writes YAML: one document each, sequences not indented under their key. */
export function yamlStream(manifests: readonly Record<string, unknown>[]): string {
  return manifests.map((m) => stringify(m, { lineWidth: 0, indentSeq: false })).join('---\n');
}

/** A delimiter no line of the text is. */
function delimiter(text: string): string {
  const lines = new Set(text.split('\n'));
  let d = 'EOF';
  for (let i = 1; lines.has(d); i++) d = `EOF_${i}`;
  return d;
}

const RESOURCE: Record<FixObject['kind'], string> = {
  Role: 'role',
  ClusterRole: 'clusterrole',
  RoleBinding: 'rolebinding',
  ClusterRoleBinding: 'clusterrolebinding',
  ServiceAccount: 'serviceaccount',
};

/** `kubectl VERB KIND [-n NS] NAME ...`: a name that starts with `-` after `--`, so it is no flag. */
function byName(verb: string, o: FixObject, rest: readonly string[] = []): string {
  const ns = 'namespace' in o.value ? ['-n', shellQuote(o.value.namespace)] : [];
  const name = o.value.name.startsWith('-') ? ['--', shellQuote(o.value.name)] : [shellQuote(o.value.name)];
  const words = o.value.name.startsWith('-') ? [...ns, ...rest, ...name] : [...name, ...ns, ...rest];
  return ['kubectl', verb, RESOURCE[o.kind], ...words].join(' ');
}

/** A service account's change is a patch of the one field (apply would own its other fields). */
const isTokenPatch = (o: FixObject) => o.kind === 'ServiceAccount';

/** A literal as a field selector's value: `\`, `,` and `=` escaped (apimachinery fields/selector.go EscapeValue). */
export const fieldSelectorValue = (value: string) => value.replace(/[\\,=]/g, (c) => `\\${c}`);

/**
 * The Secret of that name deleted only if it is a token Secret: `.secrets` may also list the
 * mountable Secrets of kubernetes.io/enforce-mountable-secrets, which RBAC Atlas has never read.
 * Secrets select on metadata.name and type (pkg/registry/core/secret/strategy.go SelectableFields,
 * pkg/apis/core/v1/conversion.go AddFieldLabelConversionsForSecret); no match deletes nothing.
 */
const deleteTokenSecret = (namespace: string, name: string) =>
  [
    'kubectl delete secret -n',
    shellQuote(namespace),
    '--field-selector',
    shellQuote(`metadata.name=${fieldSelectorValue(name)},type=kubernetes.io/service-account-token`),
  ].join(' ');

/**
 * A service account's one changed field as a merge patch: `.secrets` emptied (null removes it) and
 * its token Secrets deleted, or the token automount turned off.
 */
function serviceAccountPatch(o: FixObject, secretsRemoved: readonly string[] | undefined): string[] {
  if (!secretsRemoved)
    return [byName('patch', o, ['--type', 'merge', '-p', shellQuote('{"automountServiceAccountToken":false}')])];
  const ns = 'namespace' in o.value ? o.value.namespace : '';
  return [
    byName('patch', o, ['--type', 'merge', '-p', shellQuote('{"secrets":null}')]),
    ...secretsRemoved.map((name) => deleteTokenSecret(ns, name)),
  ];
}

export function fixText(fix: Fix, manifestOf: ManifestOf): FixText {
  const { apply, delete: deleted } = fix.change;
  const applyYaml = yamlStream(apply.map(manifestOf));
  const deleteYaml = yamlStream(deleted.map(manifestOf));
  const commands: string[] = [];
  const applied = apply.filter((o) => !isTokenPatch(o));
  if (fix.labelsRemoved && applied.length === 1) {
    commands.push(
      byName(
        'label',
        applied[0]!,
        fix.labelsRemoved.map((k) => shellQuote(`${k}-`)),
      ),
    );
  } else if (applied.length > 0) {
    const text = yamlStream(applied.map(manifestOf));
    const end = delimiter(text);
    commands.push(`kubectl apply -f - <<'${end}'\n${text}${end}`);
  }
  for (const o of apply.filter(isTokenPatch)) commands.push(...serviceAccountPatch(o, fix.secretsRemoved));
  for (const o of deleted) commands.push(byName('delete', o));
  return { applyYaml, deleteYaml, command: commands.join('\n') };
}
