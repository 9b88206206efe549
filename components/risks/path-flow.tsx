// An attack path drawn left to right: each place a box (linked to its page), each step an arrow
// labelled with its technique that opens to its why (the grants that allow it).
import { Fragment } from 'react';
import { ContextLink as Link } from '@/components/layout/context-link';
import { linkClass } from '@/components/layout/page-container';
import {
  CLUSTER_ADMIN,
  TECHNIQUES,
  describeActions,
  describeGrant,
  describePathNode,
  describeVia,
  type AttackPath,
  type PathGrant,
  type PathTarget,
} from '@/lib/rbac';
import { bindingHref, roleHref, subjectHref } from '@/lib/web/links';

function placeHref(n: PathTarget): string | undefined {
  if (n === CLUSTER_ADMIN) return undefined;
  if (n.kind === 'ServiceAccount' || n.kind === 'User' || n.kind === 'Group') return subjectHref(n);
  if (n.kind === 'Role') return roleHref({ kind: 'Role', name: n.name, namespace: n.namespace });
  if (n.kind === 'ClusterRole') return roleHref({ kind: 'ClusterRole', name: n.name });
  return undefined;
}

function Place({ node, admin }: { node: PathTarget; admin?: boolean }) {
  const href = placeHref(node);
  const text = describePathNode(node);
  const cls = `inline-block max-w-64 rounded-md border px-2 py-1 text-xs break-words ${
    admin || node === CLUSTER_ADMIN
      ? 'border-red-400 bg-red-50 font-semibold text-red-900 dark:border-red-500 dark:bg-red-950 dark:text-red-100'
      : 'border-slate-300 bg-white dark:border-slate-700 dark:bg-slate-900'
  }`;
  return href ? (
    <Link href={href} className={`${cls} hover:underline`}>
      {text}
    </Link>
  ) : (
    <span className={cls}>{text}</span>
  );
}

export function GrantLine({ g }: { g: PathGrant }) {
  return (
    <li className="font-mono text-xs break-words">
      {g.binding && g.role ? (
        <Link href={bindingHref(g.binding)} className={linkClass}>
          {describeGrant(g)}
        </Link>
      ) : (
        describeGrant(g)
      )}
    </li>
  );
}

export function PathFlow({ path }: { path: AttackPath }) {
  const last = path.steps.at(-1)?.to;
  return (
    <div className="space-y-2">
      <ol aria-label="Steps" className="flex flex-wrap items-center gap-1">
        <li>
          <Place node={path.from} />
        </li>
        {path.steps.map((step, i) => (
          <Fragment key={i}>
            <li className="flex items-center">
              <details className="group relative">
                <summary
                  className="cursor-pointer list-none rounded px-1 text-xs font-medium text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
                  title={TECHNIQUES[step.technique].title}
                >
                  — {step.technique} →
                </summary>
                <div className="absolute z-10 mt-1 w-[28rem] max-w-[80vw] rounded-md border border-slate-200 bg-white p-3 shadow-lg dark:border-slate-700 dark:bg-slate-900">
                  <p className="text-sm font-medium">{TECHNIQUES[step.technique].title}</p>
                  {step.via && <p className="mt-1 text-xs">{describeVia(step.via)}</p>}
                  <ul className="mt-2 space-y-1">
                    {step.grants.map((g, j) => (
                      <GrantLine key={j} g={g} />
                    ))}
                  </ul>
                  {step.actions && (
                    <p className="mt-2 text-xs text-amber-800 dark:text-amber-300">
                      As {describePathNode(step.to)}: {describeActions(step.actions)}.
                    </p>
                  )}
                  {step.assumes && (
                    <p className="mt-2 text-xs text-amber-800 dark:text-amber-300">Assumes {step.assumes}.</p>
                  )}
                  <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
                    {TECHNIQUES[step.technique].remediation}
                  </p>
                </div>
              </details>
            </li>
            <li>
              <Place node={step.to} admin={i === path.steps.length - 1 && path.to === CLUSTER_ADMIN} />
            </li>
          </Fragment>
        ))}
        {path.holds && last !== CLUSTER_ADMIN && (
          <li className="text-xs text-slate-600 dark:text-slate-400">= every permission</li>
        )}
      </ol>
      {path.limitedTo && (
        <p className="text-xs text-amber-800 dark:text-amber-300" data-testid="path-limited">
          Limited: {describeActions(path.limitedTo)}.
        </p>
      )}
      {path.holds && path.holds.length > 0 && (
        <details className="text-xs">
          <summary className="cursor-pointer text-slate-600 dark:text-slate-400">
            Why the last one holds every permission
          </summary>
          <ul className="mt-1 space-y-1">
            {path.holds.map((g, j) => (
              <GrantLine key={j} g={g} />
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
