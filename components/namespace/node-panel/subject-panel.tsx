// A subject's panel: who it is, the pods that run as it here, and its permissions in this namespace.
import { ContextLink as Link } from '@/components/layout/context-link';
import { Breakable } from '@/components/layout/breakable';
import { PermissionMatrix } from '@/components/subject/permission-matrix';
import { subjectHref } from '@/lib/web/links';
import {
  identityOfSubject,
  mountsToken,
  permissionMatrix,
  subjectLabel,
  type Engine,
  type SubjectRef,
} from '@/lib/rbac';
import { Field, PANEL_ROWS_LIMIT, type PanelContext } from './shared';

export function SubjectPanel({ ctx, subject: s }: { ctx: PanelContext; subject: SubjectRef }) {
  return (
    <>
      <dl className="space-y-1">
        <Field name="Kind">{s.kind}</Field>
        <Field name="Name">{subjectLabel(s)}</Field>
        {s.kind === 'ServiceAccount' && (
          <Field name="User">
            <Breakable text={identityOfSubject(s).user} />
          </Field>
        )}
      </dl>
      <Link href={subjectHref(s)} className="text-sm text-sky-700 underline dark:text-sky-400">
        Everything this subject can do, in every namespace →
      </Link>
      {s.kind === 'ServiceAccount' && <PodsRunningAs engine={ctx.engine} namespace={s.namespace} name={s.name} />}
      <PermissionsHere ctx={ctx} subject={s} />
    </>
  );
}

function PodsRunningAs({ engine, namespace, name }: { engine: Engine; namespace: string; name: string }) {
  const pods = engine.podsOf(namespace, name);
  return (
    <section>
      <h3 className="text-sm font-semibold">Pods running as it here ({pods.length})</h3>
      <ul className="mt-1 font-mono text-xs">
        {pods.map((p) => (
          <li key={p.name}>
            {p.name}
            {mountsToken(p) ? '' : ' — token not mounted'}
          </li>
        ))}
      </ul>
    </section>
  );
}

function PermissionsHere({ ctx: { engine, view, namespace }, subject: s }: { ctx: PanelContext; subject: SubjectRef }) {
  const rules = engine.rulesFor(identityOfSubject(s), namespace);
  // Built-in grants as the graph shows them: folded unless built-in bindings are shown.
  const grants = engine.visibleGrants(rules.grants, view.builtin === 'show').shown;
  const hiddenGrants = rules.grants.length - grants.length;
  return (
    <section>
      <h3 className="mb-1 text-sm font-semibold">Permissions in {namespace}</h3>
      <PermissionMatrix
        id="m-panel"
        matrix={permissionMatrix(grants)}
        caption={`of ${subjectLabel(s)} in namespace ${namespace}`}
        narrow
        more={{ size: PANEL_ROWS_LIMIT, href: subjectHref(s) }}
      />
      {hiddenGrants > 0 && (
        <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
          {hiddenGrants} built-in grant{hiddenGrants === 1 ? '' : 's'} (discovery, self-reviews) hidden, as in the
          graph; show built-in bindings to list them.
        </p>
      )}
      {rules.dangling.length > 0 && (
        <p className="mt-2 text-xs text-amber-700 dark:text-amber-400">
          Dangling: {rules.dangling.map((d) => `${d.binding.name} (${d.reason})`).join('; ')}
        </p>
      )}
    </section>
  );
}
