// An object as the app read it, as YAML: collapsed, so the page still leads with its answer.
import { withContext } from '@/lib/web/context';
import { CodeBlock } from './code-block';

/** What the YAML holds: only what RBAC Atlas reads, never the whole stored object. */
export const KEPT_FIELDS =
  'The fields RBAC Atlas reads (name, namespace, uid, labels, rules, aggregationRule, roleRef, subjects, ' +
  "automountServiceAccountToken, a service account's secrets, a pod's Secret volumes and projected tokens); " +
  'not the stored object: no annotations, managedFields, resourceVersion or status.';

/**
 * Past this the YAML is a download, not part of the page: a 20,000-rule ClusterRole is megabytes,
 * and every page stays under its size bound (e2e/large.spec.ts).
 */
export const INLINE_YAML_CHARS = 64 * 1024;

export function RawYaml(props: { yaml: string; api: string; context: string | undefined; what: string }) {
  const { yaml, api, context, what } = props;
  const sep = api.includes('?') ? '&' : '?';
  const download = withContext(`${api}${sep}format=yaml`, context);
  return (
    <details className="mt-6 rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900">
      <summary className="cursor-pointer font-medium">YAML ({what})</summary>
      <p className="mt-2 text-xs text-slate-700 dark:text-slate-300">{KEPT_FIELDS}</p>
      {yaml.length > INLINE_YAML_CHARS ? (
        <p className="mt-2">
          {Math.round(yaml.length / 1024).toLocaleString('en')} KB of YAML: too large to show here.{' '}
          <a href={download} download className="text-sky-800 underline underline-offset-2 dark:text-sky-300">
            Download it
          </a>
        </p>
      ) : (
        <CodeBlock id="raw-yaml" title="As read" text={yaml} copyLabel="Copy YAML" download={download} />
      )}
    </details>
  );
}
