import { ContextLink as Link } from '@/components/layout/context-link';
import { PermissionMatrix } from '@/components/subject/permission-matrix';
import { Breakable } from '@/components/layout/breakable';
import { RuleTable } from '@/components/role/rule-table';
import { SubjectLinks } from '@/components/role/subject-links';
import { DangerBadges } from '@/components/inventory/danger-badges';
import { bindingHref, roleHref, subjectHref } from '@/lib/web/links';
import { linkClass } from '@/components/layout/page-container';
import { GrantList } from '@/components/who-can/grant-list';
import { EXPAND_BUILTIN, resourceRequest } from '@/lib/graph/namespace-graph';
import { requestQuery } from '@/lib/web/query';
import type { ViewParams } from '@/lib/web/graph-params';
import { parseNodeId, subjectNodeId, type BuiltinPart } from '@/lib/graph/node-ids';
import type { NamespaceGraph } from '@/lib/graph/types';
import {
  bindingKey,
  bindingLabel,
  describeBinding,
  describeRole,
  identityOfSubject,
  permissionMatrix,
  roleLabel,
  ruleTable,
  subjectKey,
  subjectLabel,
  subjectRefOf,
  subjectText,
  type BindingRef,
  type Engine,
} from '@/lib/rbac';

function Field({ name, children }: { name: string; children: React.ReactNode }) {
  return (
    <div className="flex gap-2 text-sm">
      <dt className="w-24 shrink-0 text-slate-500 dark:text-slate-400">{name}</dt>
      <dd className="min-w-0 font-mono break-words">{children}</dd>
    </div>
  );
}

/** The side panel for the selected node: its details, and for a subject its permissions here. */
export function NodePanel({
  engine,
  graph,
  view,
  nodeId,
  closeHref,
  expandHref,
  panelHref,
}: {
  engine: Engine;
  graph: NamespaceGraph;
  view: ViewParams;
  nodeId: string;
  closeHref: string;
  /** The view with the summed-up ClusterRoleBindings drawn one by one. */
  expandHref: string;
  /** The view with some parameters changed. */
  panelHref: (extra: Partial<ViewParams>) => string;
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
        <h2 id="panel-title" className="text-base font-semibold break-words">
          {node ? node.label : nodeId}
        </h2>
        <Link
          href={closeHref}
          scroll={false}
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
        {ref && (
          <PanelBody
            engine={engine}
            graph={graph}
            view={view}
            nodeId={nodeId}
            nodeRef={ref}
            namespace={ns}
            expandHref={expandHref}
            panelHref={panelHref}
          />
        )}
      </div>
    </aside>
  );
}

/** Lists in the panel show this many, then say how many more. */
const PANEL_LIST_LIMIT = 50;
/** Rule rows and matrix rows: every one of Kubernetes' own roles (admin has 75), not a role of 20,000 (#25). */
const PANEL_ROWS_LIMIT = 100;

/** The subjects of a binding that names too many to draw: counted by kind, the first named, all a link away. */
function FoldedSubjectsPanel({
  engine,
  graph,
  binding,
}: {
  engine: Engine;
  graph: NamespaceGraph;
  binding: BindingRef;
}) {
  const bound = engine.binding(binding);
  if (!bound) return <p className="text-sm">Not found.</p>;
  const drawn = new Set(graph.nodes.map((n) => n.id));
  const refs = bound.subjects.flatMap((s) => {
    const r = subjectRefOf(s, bound.namespace);
    return r && !drawn.has(subjectNodeId(r)) ? [r] : [];
  });
  const folded = [...new Map(refs.map((r) => [subjectKey(r), r])).values()];
  const count = (kind: string) => folded.filter((r) => r.kind === kind).length;
  const n = (x: number) => x.toLocaleString('en');
  return (
    <>
      <p className="text-sm">
        {binding.kind} {binding.name} names {n(bound.subjects.length)} subjects: too many to draw. The{' '}
        {n(folded.length)} not drawn for another reason are this node ({n(count('User'))} users, {n(count('Group'))}{' '}
        groups, {n(count('ServiceAccount'))} service accounts); each of them holds what the binding grants.
      </p>
      <Link href={`${bindingHref(binding)}#subjects`} className={`text-sm ${linkClass}`}>
        All {n(bound.subjects.length)} subjects, page by page →
      </Link>
      <ul className="font-mono text-xs">
        {folded.slice(0, PANEL_LIST_LIMIT).map((r) => (
          <li key={subjectKey(r)} className="break-words">
            <Link href={subjectHref(r)} className={linkClass}>
              {subjectLabel(r)}
            </Link>
          </li>
        ))}
        {folded.length > PANEL_LIST_LIMIT && <li>… and {n(folded.length - PANEL_LIST_LIMIT)} more</li>}
      </ul>
    </>
  );
}

function PanelBody({
  engine,
  graph,
  view,
  nodeId,
  nodeRef,
  namespace,
  expandHref,
  panelHref,
}: {
  engine: Engine;
  graph: NamespaceGraph;
  view: ViewParams;
  nodeId: string;
  nodeRef: NonNullable<ReturnType<typeof parseNodeId>>;
  namespace: string;
  expandHref: string;
  panelHref: (extra: Partial<ViewParams>) => string;
}) {
  const drawBuiltinHref = panelHref({ expand: [...(view.expand ?? []), EXPAND_BUILTIN], node: undefined });
  switch (nodeRef.type) {
    case 'subject': {
      const s = nodeRef.subject;
      const pods = s.kind === 'ServiceAccount' ? engine.podsOf(s.namespace, s.name) : [];
      const rules = engine.rulesFor(identityOfSubject(s), namespace);
      // Built-in grants as the graph shows them: folded unless built-in bindings are shown.
      const grants = engine.visibleGrants(rules.grants, view.builtin === 'show').shown;
      const hiddenGrants = rules.grants.length - grants.length;
      return (
        <>
          <dl className="space-y-1">
            <Field name="Kind">{s.kind}</Field>
            <Field name="Name">{subjectLabel(s)}</Field>
            {s.kind === 'ServiceAccount' && (
              <Field name="User">
                <Breakable text={subjectText(s)} />
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
        </>
      );
    }
    case 'binding': {
      const bound = engine.binding(nodeRef);
      if (!bound) return <p className="text-sm">Not found.</p>;
      const dangers = engine.inventory.bindingRow(nodeRef)?.dangers ?? [];
      return (
        <>
          <Link href={bindingHref(nodeRef)} className={`text-sm ${linkClass}`}>
            Its page: what it grants, where, and to whom →
          </Link>
          <dl className="space-y-1">
            <Field name="Kind">{nodeRef.kind}</Field>
            <Field name="Role">
              {bound.role ? (
                <Link href={roleHref(bound.role)} className={linkClass}>
                  {bound.roleRef.kind} {bound.roleRef.name}
                </Link>
              ) : (
                `${bound.roleRef.kind} ${bound.roleRef.name}`
              )}
            </Field>
            <Field name="Subjects">
              <SubjectLinks binding={bound} limit={PANEL_LIST_LIMIT} />
            </Field>
            {dangers.length > 0 && (
              <Field name="Danger">
                <DangerBadges ids={dangers} />
              </Field>
            )}
          </dl>
          {bound.dangling && (
            <p className="text-xs text-amber-700 dark:text-amber-400">
              Its role does not exist: this binding grants nothing ({bound.dangling.reason}).
            </p>
          )}
        </>
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
      const rows = ruleTable(engine.role(r)?.rules ?? []);
      return (
        <>
          <Link href={roleHref(r)} className="text-sm text-sky-700 underline dark:text-sky-400">
            Where this role is bound, and to whom →
          </Link>
          <RuleTable rows={rows.slice(0, PANEL_ROWS_LIMIT)} caption={`Rules of ${r.kind} ${r.name}`} narrow />
          {rows.length > PANEL_ROWS_LIMIT && (
            <Link href={`${roleHref(r)}#rules-title`} className={`text-xs ${linkClass}`}>
              … and {(rows.length - PANEL_ROWS_LIMIT).toLocaleString('en')} more rule rows
            </Link>
          )}
        </>
      );
    }
    case 'binding-subjects':
      return <FoldedSubjectsPanel engine={engine} graph={graph} binding={nodeRef.binding} />;
    case 'resource':
      return (
        <ResourcePanel
          engine={engine}
          label={nodeRef.label}
          namespace={namespace}
          view={view}
          highlighted={graph.highlight?.resource}
          nodeId={nodeId}
          panelHref={panelHref}
        />
      );
    case 'builtin-bindings': {
      const bindings = engine.bindingsOf(nodeRef.role).filter((b) => b.builtin);
      return (
        <>
          <p className="text-sm">
            {bindings.length} built-in bindings bind{' '}
            <Link href={roleHref(nodeRef.role)} className={linkClass}>
              {nodeRef.role.name}
            </Link>
            ; they are one node to keep the graph readable.{' '}
            <Link href={drawBuiltinHref} className={linkClass}>
              Draw them one by one →
            </Link>
          </p>
          <ul className="font-mono text-xs">
            {bindings.slice(0, PANEL_LIST_LIMIT).map((b) => (
              <li key={bindingKey(b.binding)} className="break-words">
                <Link href={bindingHref(b.binding)} className={linkClass}>
                  {b.binding.name}
                </Link>
              </li>
            ))}
          </ul>
        </>
      );
    }
    case 'builtin-group':
      return <BuiltinGroupPanel graph={graph} part={nodeRef.part} drawHref={drawBuiltinHref} />;
    case 'resource-group': {
      const from = graph.nodes.find((n) => n.id === nodeRef.source);
      const role = parseNodeId(nodeRef.source);
      if (role?.type === 'builtin-group')
        return (
          <p className="text-sm">
            What the built-in roles grant, together.{' '}
            <Link href={drawBuiltinHref} className={linkClass}>
              Draw them one by one →
            </Link>
          </p>
        );
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

/** Verbs offered for a resource's who-can, in the order kubectl lists them. */
const PANEL_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] as const;

/** Exactly who-can's answer for the resource in this namespace (built-ins as the view shows them). */
function ResourcePanel({
  engine,
  label,
  namespace,
  view,
  highlighted,
  nodeId,
  panelHref,
}: {
  engine: Engine;
  label: string;
  namespace: string;
  view: ViewParams;
  /** The resource the highlight resolved to (the view's `resource=secret` is the node `secrets`). */
  highlighted: string | undefined;
  nodeId: string;
  panelHref: (extra: Partial<ViewParams>) => string;
}) {
  const verb = (view.resource === label || highlighted === label) && view.verb ? view.verb : 'get';
  const request = resourceRequest(label, verb, namespace);
  if (!request) return <p className="text-sm">Not a resource this view can ask about.</p>;
  const everyone = engine.whoCan(request);
  const showBuiltin = view.builtin === 'show';
  const answer = showBuiltin ? everyone : everyone.filter((s) => !engine.isBuiltinAnswer(s));
  const hidden = everyone.length - answer.length;
  // The request as answered here: literal=true where the who-can page would resolve the label otherwise.
  const whoCan = requestQuery(request);
  if (showBuiltin) whoCan.set('builtin', 'show');
  return (
    <>
      <nav aria-label="Verb" className="flex flex-wrap gap-1">
        {PANEL_VERBS.map((v) => (
          <Link
            key={v}
            href={panelHref({ verb: v, resource: label, node: nodeId })}
            scroll={false}
            aria-current={v === verb ? 'true' : undefined}
            className="rounded border border-slate-300 px-1.5 py-0.5 font-mono text-xs hover:bg-slate-100 aria-[current=true]:border-sky-600 aria-[current=true]:bg-sky-100 aria-[current=true]:text-sky-900 dark:border-slate-700 dark:hover:bg-slate-800 dark:aria-[current=true]:bg-sky-950 dark:aria-[current=true]:text-sky-200"
          >
            {v}
          </Link>
        ))}
      </nav>
      <h3 className="text-sm font-semibold">
        {answer.length} subject{answer.length === 1 ? '' : 's'} can {verb}{' '}
        <span className="font-mono break-words">{label}</span>{' '}
        {request.kind === 'resource' && request.namespace === '' ? 'cluster-wide' : `in ${namespace}`}
      </h3>
      {hidden > 0 && (
        <p className="text-xs text-slate-600 dark:text-slate-400">
          {hidden} built-in identit{hidden === 1 ? 'y' : 'ies'} hidden, as in the graph (show built-in bindings to list
          them).
        </p>
      )}
      <ul aria-label={`Who can ${verb} ${label}`} className="space-y-2">
        {answer.slice(0, PANEL_LIST_LIMIT).map((s) => (
          <li key={`${s.kind}:${subjectLabel(s)}`} className="text-sm">
            <span className="text-xs text-slate-500 dark:text-slate-400">{s.kind} </span>
            <Link href={subjectHref(s)} className={`font-mono break-words ${linkClass}`}>
              {subjectLabel(s)}
            </Link>
            {s.superuser && <p className="text-xs">Allowed everything before RBAC is consulted.</p>}
            <GrantList
              grants={s.grants}
              via={(g) => (g.subject.kind === 'Group' && s.kind !== 'Group' ? `Group ${g.subject.name}` : undefined)}
            />
          </li>
        ))}
      </ul>
      {answer.length > PANEL_LIST_LIMIT && <p className="text-xs">… and {answer.length - PANEL_LIST_LIMIT} more.</p>}
      <Link href={`/who-can?${whoCan.toString()}`} className={`text-sm ${linkClass}`}>
        The same question in Who can →
      </Link>
    </>
  );
}

const BUILTIN_PART_TEXT: Record<BuiltinPart, string> = {
  identities:
    'Kubernetes\u2019 own identities (controllers, the control plane\u2019s users) bound here only by built-in bindings and running no pod in this namespace.',
  bindings: 'The built-in bindings that name only those identities.',
  roles: 'The roles bound only through those bindings.',
};

/** Who one node of the built-in chain stands for, each a link to its own page. */
function BuiltinGroupPanel({ graph, part, drawHref }: { graph: NamespaceGraph; part: BuiltinPart; drawHref: string }) {
  const group = graph.builtinGroup;
  const items =
    part === 'identities'
      ? (group?.subjects ?? []).map((s) => ({ key: subjectKey(s), label: subjectLabel(s), href: subjectHref(s) }))
      : part === 'bindings'
        ? (group?.bindings ?? []).map((b) => ({
            key: describeBinding(b),
            label: bindingLabel(b),
            href: bindingHref(b),
          }))
        : (group?.roles ?? []).map((r) => ({ key: describeRole(r), label: roleLabel(r), href: roleHref(r) }));
  return (
    <>
      <p className="text-sm">
        {BUILTIN_PART_TEXT[part]} They are one node to keep the graph readable.{' '}
        <Link href={drawHref} className={linkClass}>
          Draw them one by one →
        </Link>
      </p>
      <ul className="font-mono text-xs">
        {items.map((x) => (
          <li key={x.key} className="break-words">
            <Link href={x.href} className={linkClass}>
              {x.label}
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
