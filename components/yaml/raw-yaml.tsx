// An object as the app read it, as YAML: collapsed, so the page still leads with its answer.
import { withContext } from '@/lib/web/context';
import { CodeBlock } from './code-block';

/** What the YAML holds: only what RBAC Atlas reads, never the whole stored object. */
export const KEPT_FIELDS =
  'The fields RBAC Atlas reads (name, namespace, labels, rules, aggregationRule, roleRef, subjects, automountServiceAccountToken); ' +
  'not the stored object: no annotations, managedFields, resourceVersion or status.';

export function RawYaml(props: { yaml: string; api: string; context: string | undefined; what: string }) {
  const { yaml, api, context, what } = props;
  const sep = api.includes('?') ? '&' : '?';
  return (
    <details className="mt-6 rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900">
      <summary className="cursor-pointer font-medium">YAML ({what})</summary>
      <p className="mt-2 text-xs text-slate-700 dark:text-slate-300">{KEPT_FIELDS}</p>
      <CodeBlock
        id="raw-yaml"
        title="As read"
        text={yaml}
        copyLabel="Copy YAML"
        download={withContext(`${api}${sep}format=yaml`, context)}
      />
    </details>
  );
}
