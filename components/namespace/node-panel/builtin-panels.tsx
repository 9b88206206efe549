// The panels of the nodes that fold Kubernetes' own objects: a role's built-in bindings, and the
// built-in chain's identities, bindings and roles. Each lists what it stands for, a link each.
import { ContextLink as Link, LinkPending } from '@/components/layout/context-link';
import { linkClass } from '@/components/layout/page-container';
import { bindingHref, roleHref, subjectHref } from '@/lib/web/links';
import type { BuiltinPart } from '@/lib/graph/node-ids';
import type { NamespaceGraph } from '@/lib/graph/types';
import {
  bindingKey,
  bindingLabel,
  describeBinding,
  describeRole,
  roleLabel,
  subjectKey,
  subjectLabel,
  type Engine,
  type RoleRef,
} from '@/lib/rbac';
import { PANEL_LIST_LIMIT } from './shared';

export function BuiltinBindingsPanel({ engine, role, drawHref }: { engine: Engine; role: RoleRef; drawHref: string }) {
  const bindings = engine.bindingsOf(role).filter((b) => b.builtin);
  return (
    <>
      <p className="text-sm">
        {bindings.length} built-in bindings bind{' '}
        <Link href={roleHref(role)} className={linkClass}>
          {role.name}
        </Link>
        ; they are one node to keep the graph readable.{' '}
        <Link href={drawHref} className={linkClass}>
          Draw them one by one →
          <LinkPending text="drawing…" />
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

const BUILTIN_PART_TEXT: Record<BuiltinPart, string> = {
  identities:
    'Kubernetes\u2019 own identities (controllers, the control plane\u2019s users) bound here only by built-in bindings and running no pod in this namespace.',
  bindings: 'The built-in bindings that name only those identities.',
  roles: 'The roles bound only through those bindings.',
};

/** What one part of the built-in chain stands for: a key, a label and a link each. */
function builtinItems(graph: NamespaceGraph, part: BuiltinPart) {
  const group = graph.builtinGroup;
  if (part === 'identities')
    return (group?.subjects ?? []).map((s) => ({ key: subjectKey(s), label: subjectLabel(s), href: subjectHref(s) }));
  if (part === 'bindings')
    return (group?.bindings ?? []).map((b) => ({
      key: describeBinding(b),
      label: bindingLabel(b),
      href: bindingHref(b),
    }));
  return (group?.roles ?? []).map((r) => ({ key: describeRole(r), label: roleLabel(r), href: roleHref(r) }));
}

/** Who one node of the built-in chain stands for, each a link to its own page. */
export function BuiltinGroupPanel({
  graph,
  part,
  drawHref,
}: {
  graph: NamespaceGraph;
  part: BuiltinPart;
  drawHref: string;
}) {
  return (
    <>
      <p className="text-sm">
        {BUILTIN_PART_TEXT[part]} They are one node to keep the graph readable.{' '}
        <Link href={drawHref} className={linkClass}>
          Draw them one by one →
          <LinkPending text="drawing…" />
        </Link>
      </p>
      <ul className="font-mono text-xs">
        {builtinItems(graph, part).map((x) => (
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
