import { ContextLink as Link } from '@/components/layout/context-link';
import { PermissionMatrix } from '@/components/subject/permission-matrix';
import { roleHref, subjectHref } from '@/lib/views/links';
import { parseNodeId } from '@/lib/graph/node-ids';
import type { NamespaceGraph } from '@/lib/graph/types';
import {
  describeRule,
  describeSubject,
  identityOfSubject,
  permissionMatrix,
  subjectLabel,
  type Engine,
} from '@/lib/rbac';

function Field({ name, children }: { name: string; children: React.ReactNode }) {
  return (
    <div className="flex gap-2 text-sm">
      <dt className="w-24 shrink-0 text-slate-500 dark:text-slate-400">{name}</dt>
      <dd className="min-w-0 font-mono break-all">{children}</dd>
    </div>
  );
}

/** The side panel for the selected node: its details, and for a subject its permissions here. */
export function NodePanel({
  engine,
  graph,
  nodeId,
  closeHref,
  expandHref,
}: {
  engine: Engine;
  graph: NamespaceGraph;
  nodeId: string;
  closeHref: string;
  /** The view with the summed-up ClusterRoleBindings drawn one by one. */
  expandHref: string;
}) {
  const ref = parseNodeId(nodeId);
  const node = graph.nodes.find((n) => n.id === nodeId);
  const ns = graph.namespace;
  return (
    <aside
      aria-labelledby="panel-title"
      className="flex h-full flex-col overflow-y-auto border-l border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex items-start justify-between gap-2">
        <h2 id="panel-title" className="text-base font-semibold break-all">
          {node ? node.label : nodeId}
        </h2>
        <Link
          href={closeHref}
          scroll={false}
          replace
          className="rounded px-2 text-sm text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800"
          aria-label="Close panel"
        >
          ✕
        </Link>
      </div>
      {!node && (
        <p className="mt-2 text-sm text-amber-700 dark:text-amber-400">
          This node is not in the current view (a filter may hide it).
        </p>
      )}
      <div className="mt-3 space-y-4">
        {ref && <PanelBody engine={engine} graph={graph} nodeRef={ref} namespace={ns} expandHref={expandHref} />}
      </div>
    </aside>
  );
}

/** Lists in the panel show this many, then say how many more. */
const PANEL_LIST_LIMIT = 50;

function PanelBody({
  engine,
  graph,
  nodeRef,
  namespace,
  expandHref,
}: {
  engine: Engine;
  graph: NamespaceGraph;
  nodeRef: NonNullable<ReturnType<typeof parseNodeId>>;
  namespace: string;
  expandHref: string;
}) {
  switch (nodeRef.type) {
    case 'subject': {
      const s = nodeRef.subject;
      const pods = s.kind === 'ServiceAccount' ? engine.podsOf(s.namespace, s.name) : [];
      const rules = engine.rulesFor(identityOfSubject(s), namespace);
      return (
        <>
          <dl className="space-y-1">
            <Field name="Kind">{s.kind}</Field>
            <Field name="Name">{subjectLabel(s)}</Field>
            {s.kind === 'ServiceAccount' && (
              <Field name="User">
                system:serviceaccount:{s.namespace}:{s.name}
              </Field>
            )}
          </dl>
          <Link href={subjectHref(s)} className="text-sm text-sky-700 underline dark:text-sky-400">
            Everything this subject can do, in every namespace →
          </Link>
          {s.kind === 'ServiceAccount' && (
            <section>
              <h3 className="text-sm font-semibold">Pods running as it here ({pods.length})</h3>
              <ul className="mt-1 font-mono text-xs">
                {pods.map((p) => (
                  <li key={p.name}>
                    {p.name}
                    {p.automountServiceAccountToken ? '' : ' — token not mounted'}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <section>
            <h3 className="mb-1 text-sm font-semibold">Permissions in {namespace}</h3>
            <PermissionMatrix
              id="m-panel"
              matrix={permissionMatrix(rules.grants)}
              caption={`of ${subjectLabel(s)} in namespace ${namespace}`}
            />
            {rules.dangling.length > 0 && (
              <p className="mt-2 text-xs text-amber-700 dark:text-amber-400">
                Dangling: {rules.dangling.map((d) => `${d.binding.name} (${d.reason})`).join('; ')}
              </p>
            )}
          </section>
        </>
      );
    }
    case 'binding': {
      const bound = engine.binding(nodeRef);
      if (!bound) return <p className="text-sm">Not found.</p>;
      return (
        <dl className="space-y-1">
          <Field name="Kind">{nodeRef.kind}</Field>
          <Field name="Role">
            {bound.roleRef.kind} {bound.roleRef.name}
          </Field>
          <Field name="Subjects">
            <ul>
              {bound.subjects.map((s, i) => (
                <li key={i}>{describeSubject(s, bound.namespace)}</li>
              ))}
            </ul>
          </Field>
          {bound.dangling && (
            <p className="text-xs text-amber-700 dark:text-amber-400">
              Its role does not exist: this binding grants nothing ({bound.dangling.reason}).
            </p>
          )}
        </dl>
      );
    }
    case 'cluster-bindings': {
      const { elsewhere } = engine.clusterBindingsFor(namespace);
      const shown = elsewhere.slice(0, PANEL_LIST_LIMIT);
      return (
        <>
          <p className="text-sm">
            {elsewhere.length.toLocaleString('en')} ClusterRoleBindings grant something in every namespace, this one
            included, to subjects that are not this namespace&apos;s. They are summed up here to keep the graph about{' '}
            {namespace}.
          </p>
          <Link href={expandHref} className="text-sm text-sky-700 underline dark:text-sky-400">
            Draw them one by one →
          </Link>
          <ul className="font-mono text-xs">
            {shown.map((b) => (
              <li key={b.binding.name}>
                {b.binding.name} → {b.roleRef.name}
              </li>
            ))}
            {elsewhere.length > shown.length && <li>… and {elsewhere.length - shown.length} more</li>}
          </ul>
        </>
      );
    }
    case 'role': {
      const r = nodeRef.role;
      const role = engine.role(r);
      return (
        <>
          <Link href={roleHref(r)} className="text-sm text-sky-700 underline dark:text-sky-400">
            Where this role is bound, and to whom →
          </Link>
          <ol className="list-decimal space-y-1 pl-5 font-mono text-xs">
            {(role?.rules ?? []).map((rule, i) => (
              <li key={i}>{describeRule(rule)}</li>
            ))}
          </ol>
        </>
      );
    }
    case 'resource': {
      const id = `resource:${nodeRef.label}`;
      const label = new Map(graph.nodes.map((n) => [n.id, n.label]));
      return (
        <ul className="space-y-1 text-sm">
          {graph.edges
            .filter((e) => e.target === id)
            .map((e) => (
              <li key={e.id} className={e.dangerous ? 'text-red-700 dark:text-red-400' : ''}>
                {label.get(e.source)}: <span className="font-mono">{e.verbs?.join(', ')}</span>
              </li>
            ))}
        </ul>
      );
    }
    case 'resource-group': {
      const from = graph.nodes.find((n) => n.id === nodeRef.source);
      const role = parseNodeId(nodeRef.source);
      return (
        <p className="text-sm">
          {from?.label ?? nodeRef.source} grants too many resources to draw one by one.{' '}
          {role?.type === 'role' ? (
            <Link href={roleHref(role.role)} className="text-sky-700 underline dark:text-sky-400">
              See its rules →
            </Link>
          ) : (
            'Select the subject to see them in its permission matrix.'
          )}
        </p>
      );
    }
    case 'pods':
    case 'pod': {
      const all = engine.podsIn(nodeRef.namespace);
      const sa =
        nodeRef.type === 'pods' ? nodeRef.serviceAccount : all.find((p) => p.name === nodeRef.name)?.serviceAccountName;
      const pods =
        nodeRef.type === 'pod'
          ? all.filter((p) => p.name === nodeRef.name)
          : engine.podsOf(nodeRef.namespace, sa ?? '');
      return (
        <>
          <p className="text-sm">
            Runs as service account <span className="font-mono">{sa}</span>: a pod with a mounted token holds its
            permissions.
          </p>
          <ul className="font-mono text-xs">
            {pods.map((p) => (
              <li key={p.name}>
                {p.name} {p.phase ? `(${p.phase})` : ''} {p.automountServiceAccountToken ? '' : '— token not mounted'}
              </li>
            ))}
          </ul>
        </>
      );
    }
  }
}
