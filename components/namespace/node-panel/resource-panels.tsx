// The panels of resource nodes: who-can's answer for one resource (a verb to pick), and the summary
// node of a role's or a subject's many resources.
import { ContextLink as Link, LinkPending } from '@/components/layout/context-link';
import { linkClass } from '@/components/layout/page-container';
import { GrantList } from '@/components/who-can/grant-list';
import { roleHref, subjectHref } from '@/lib/web/links';
import { resourceRequest } from '@/lib/graph/highlight';
import { parseNodeId } from '@/lib/graph/node-ids';
import { requestQuery } from '@/lib/web/query';
import { subjectKey, subjectLabel, type WhoCanSubject } from '@/lib/rbac';
import { PANEL_LIST_LIMIT, type PanelContext, type PanelHref } from './shared';

/** Verbs offered for a resource's who-can, in the order kubectl lists them. */
const PANEL_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] as const;

/** Exactly who-can's answer for the resource in this namespace (built-ins as the view shows them). */
export function ResourcePanel({ ctx, label }: { ctx: PanelContext; label: string }) {
  const { engine, view, namespace } = ctx;
  // The resource the highlight resolved to (the view's `resource=secret` is the node `secrets`).
  const highlighted = ctx.graph.highlight?.resource;
  const verb = (view.resource === label || highlighted === label) && view.verb ? view.verb : 'get';
  const request = resourceRequest(label, verb, namespace);
  if (!request) return <p className="text-sm">Not a resource this view can ask about.</p>;
  const everyone = engine.whoCan(request);
  const showBuiltin = view.builtin === 'show';
  const { shown: answer, hidden } = engine.visibleAnswer(everyone, showBuiltin);
  // The request as answered here: literal=true where the who-can page would resolve the label otherwise.
  const whoCan = requestQuery(request);
  if (showBuiltin) whoCan.set('builtin', 'show');
  return (
    <>
      <VerbPicker label={label} verb={verb} nodeId={ctx.nodeId} panelHref={ctx.panelHref} />
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
      <WhoCanList answer={answer} verb={verb} label={label} />
      <Link href={`/who-can?${whoCan.toString()}`} className={`text-sm ${linkClass}`}>
        The same question in Who can →
      </Link>
    </>
  );
}

function VerbPicker({
  label,
  verb,
  nodeId,
  panelHref,
}: {
  label: string;
  verb: string;
  nodeId: string;
  panelHref: PanelHref;
}) {
  return (
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
  );
}

/** The subjects who-can answered, the first of them with the grants that allow it. */
function WhoCanList({ answer, verb, label }: { answer: readonly WhoCanSubject[]; verb: string; label: string }) {
  return (
    <>
      <ul aria-label={`Who can ${verb} ${label}`} className="space-y-2">
        {answer.slice(0, PANEL_LIST_LIMIT).map((s) => (
          <li key={subjectKey(s)} className="text-sm">
            <span className="text-xs text-slate-500 dark:text-slate-400">{s.kind} </span>
            <Link href={subjectHref(s)} className={`font-mono break-words ${linkClass}`}>
              {subjectLabel(s)}
            </Link>
            {s.superuser && <p className="text-xs">Allowed everything before RBAC is consulted.</p>}
            <GrantList grants={s.grants} holder={s} />
          </li>
        ))}
      </ul>
      {answer.length > PANEL_LIST_LIMIT && <p className="text-xs">… and {answer.length - PANEL_LIST_LIMIT} more.</p>}
    </>
  );
}

/**
 * The summary node of too many resources to draw. Its `source` is the node id of the role (or
 * subject, or built-in chain) that grants them, parsed back here into what it names.
 */
export function ResourceGroupPanel({ ctx, source }: { ctx: PanelContext; source: string }) {
  const from = ctx.graph.nodes.find((n) => n.id === source);
  const role = parseNodeId(source);
  if (role?.type === 'builtin-group')
    return (
      <p className="text-sm">
        What the built-in roles grant, together.{' '}
        <Link href={ctx.drawBuiltinHref} className={linkClass}>
          Draw them one by one →
          <LinkPending text="drawing…" />
        </Link>
      </p>
    );
  return (
    <p className="text-sm">
      {from?.label ?? source} grants more resources than the graph draws one by one: these are one node (red when any is
      dangerous); when only a few are folded, its dangerous ones are drawn apart.{' '}
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
