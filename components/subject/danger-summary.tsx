// What a subject's page leads with: whether it is (or can become) cluster-admin, and each dangerous
// grant it holds, where, and through which binding and role.
import { ContextLink as Link } from '@/components/layout/context-link';
import { linkClass } from '@/components/layout/page-container';
import { RiskStatusNotice } from '@/components/layout/risk-status-notice';
import { describeRole, type AttackPath, type Grant, type RiskStatus, type SubjectDanger } from '@/lib/rbac';
import { bindingHref, namespaceHref, roleHref } from '@/lib/web/links';

const PLACES_SHOWN = 8;

export function DangerSummary({
  dangers,
  admin,
  toAdmin,
  risks,
}: {
  dangers: readonly SubjectDanger[];
  admin: boolean;
  toAdmin: AttackPath | undefined;
  /**
   * Where the attack paths stand: computing, whether it holds or can become cluster-admin is not
   * known yet; previous, what is said here (and its absence) is of an earlier version.
   */
  risks: RiskStatus;
}) {
  return (
    <section aria-labelledby="dangers-title" className="mt-6">
      <h2 id="dangers-title" className="text-lg font-semibold">
        What could go wrong
      </h2>
      {risks.state === 'computing' && (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          Whether it holds every permission or can become cluster-admin: being computed (see Can become).
        </p>
      )}
      {risks.state === 'previous' && <RiskStatusNotice status={risks} className="mt-2" />}
      {admin && (
        <p className="mt-2 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm font-medium text-red-900 dark:border-red-800 dark:bg-red-950/40 dark:text-red-200">
          Holds every permission in the cluster.
        </p>
      )}
      {!admin && toAdmin && (
        <p className="mt-2 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm font-medium text-red-900 dark:border-red-800 dark:bg-red-950/40 dark:text-red-200">
          Can become cluster-admin in {toAdmin.steps.length} step{toAdmin.steps.length === 1 ? '' : 's'}:{' '}
          <a href="#can-become" className="underline">
            see the path
          </a>
          .
        </p>
      )}
      {dangers.length === 0 ? (
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          No dangerous grant: nothing here lets it read secrets, run or enter pods, impersonate, bind or escalate.
        </p>
      ) : (
        <DangerRows rows={dangerRows(dangers)} />
      )}
    </section>
  );
}

/** One (binding, role) that grants dangers: its namespaces (same-named bindings) and the dangers. */
interface DangerRow {
  binding: Grant['binding'];
  role: Grant['role'];
  /** "" for cluster-wide. */
  namespaces: string[];
  dangers: string[];
}

/**
 * The dangers regrouped by what grants them: one binding → role that grants six dangers is one row
 * with six chips, and a same-named binding to the same role in many namespaces one row with them all.
 */
function dangerRows(dangers: readonly SubjectDanger[]): DangerRow[] {
  const rows = new Map<string, DangerRow>();
  for (const d of dangers)
    for (const w of d.where)
      for (const g of w.grants) {
        const key = JSON.stringify([g.binding.kind, g.binding.name, g.role.kind, g.role.name]);
        const row = rows.get(key) ?? { binding: g.binding, role: g.role, namespaces: [], dangers: [] };
        rows.set(key, row);
        if (!row.namespaces.includes(w.namespace)) row.namespaces.push(w.namespace);
        if (!row.dangers.includes(d.danger.title)) row.dangers.push(d.danger.title);
      }
  return [...rows.values()];
}

function DangerRows({ rows }: { rows: readonly DangerRow[] }) {
  return (
    <ul
      aria-label="Dangerous grants"
      className="mt-2 divide-y divide-slate-200 rounded-md border border-slate-200 bg-white text-sm dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900"
    >
      {rows.map((r) => (
        <li
          key={JSON.stringify([r.binding, r.role])}
          className="grid items-start gap-x-4 gap-y-1 px-3 py-2 md:grid-cols-[minmax(0,2fr)_minmax(0,2fr)_minmax(0,3fr)]"
        >
          <span className="break-words">
            <Link href={bindingHref(r.binding)} className={`font-mono ${linkClass}`}>
              {r.binding.name}
            </Link>{' '}
            →{' '}
            <Link href={roleHref(r.role)} className={`font-mono ${linkClass}`}>
              {describeRole(r.role)}
            </Link>
          </span>
          <Places namespaces={r.namespaces} />
          <span className="flex flex-wrap gap-1">
            {r.dangers.map((title) => (
              <span
                key={title}
                title={title}
                className="rounded bg-red-50 px-1.5 py-0.5 text-xs text-red-800 ring-1 ring-red-200 ring-inset dark:bg-red-950/60 dark:text-red-300 dark:ring-red-900"
              >
                {title.split(':')[0]}
              </span>
            ))}
          </span>
        </li>
      ))}
    </ul>
  );
}

function Places({ namespaces }: { namespaces: readonly string[] }) {
  return (
    <span className="text-slate-700 dark:text-slate-300">
      {namespaces.slice(0, PLACES_SHOWN).map((ns, i) => (
        <span key={ns}>
          {i > 0 && ', '}
          {ns ? (
            <>
              in{' '}
              <Link href={namespaceHref(ns)} className={`font-mono ${linkClass}`}>
                {ns}
              </Link>
            </>
          ) : (
            <strong>cluster-wide</strong>
          )}
        </span>
      ))}
      {namespaces.length > PLACES_SHOWN && ` and ${namespaces.length - PLACES_SHOWN} more namespaces`}
    </span>
  );
}
