// The panels of binding nodes: one binding, the subjects of a binding too big to draw, and the
// ClusterRoleBindings summed up as one node.
import { ContextLink as Link, LinkPending } from '@/components/layout/context-link';
import { linkClass } from '@/components/layout/page-container';
import { DangerBadges } from '@/components/inventory/danger-badges';
import { SubjectLinks } from '@/components/role/subject-links';
import { bindingHref, roleHref, subjectHref } from '@/lib/web/links';
import { subjectNodeId } from '@/lib/graph/node-ids';
import type { NamespaceGraph } from '@/lib/graph/types';
import { subjectKey, subjectLabel, subjectRefOf, type BindingRef, type Engine } from '@/lib/rbac';
import { Field, PANEL_LIST_LIMIT, type RefOf } from './shared';

export function BindingPanel({ engine, binding }: { engine: Engine; binding: RefOf<'binding'> }) {
  const bound = engine.binding(binding);
  if (!bound) return <p className="text-sm">Not found.</p>;
  const dangers = engine.inventory.bindingRow(binding)?.dangers ?? [];
  return (
    <>
      <Link href={bindingHref(binding)} className={`text-sm ${linkClass}`}>
        Its page: what it grants, where, and to whom →
      </Link>
      <dl className="space-y-1">
        <Field name="Kind">{binding.kind}</Field>
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

/** The subjects of a binding that names too many to draw: counted by kind, the first named, all a link away. */
export function FoldedSubjectsPanel({
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

/** The ClusterRoleBindings that grant here only to subjects of other namespaces, summed up as one node. */
export function ClusterBindingsPanel({
  engine,
  namespace,
  expandHref,
}: {
  engine: Engine;
  namespace: string;
  expandHref: string;
}) {
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
        <LinkPending text="drawing…" />
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
