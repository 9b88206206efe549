// A subject's attack paths: to cluster-admin first, then the identities it can become.
import { ContextLink as Link } from '@/components/layout/context-link';
import { linkClass } from '@/components/layout/page-container';
import { CLUSTER_ADMIN, describePathNode, TECHNIQUES, type AttackPath, type RiskStatus } from '@/lib/rbac';
import { RiskStatusNotice } from '@/components/layout/risk-status-notice';
import { PathFlow } from './path-flow';

export function CanBecome({
  admin,
  toAdmin,
  others,
  limit,
  risks,
}: {
  admin: boolean;
  toAdmin: AttackPath | undefined;
  others: readonly AttackPath[];
  limit: number;
  /** Where the attack paths stand: computing, none is shown (never "no other identity"). */
  risks: RiskStatus;
}) {
  const identities = others.filter((p) => p.to !== CLUSTER_ADMIN);
  return (
    <section className="mt-6" aria-labelledby="can-become" id="can-become">
      <h2 id="can-become" className="text-lg font-semibold">
        Can become
      </h2>
      <RiskStatusNotice status={risks} className="mt-2" />
      {risks.state !== 'computing' && <Paths admin={admin} toAdmin={toAdmin} identities={identities} limit={limit} />}
    </section>
  );
}

function Paths({
  admin,
  toAdmin,
  identities,
  limit,
}: {
  admin: boolean;
  toAdmin: AttackPath | undefined;
  identities: readonly AttackPath[];
  limit: number;
}) {
  return (
    <>
      {admin && (
        <p className="mt-1 text-sm font-medium text-red-800 dark:text-red-300">
          Holds every permission in the cluster already.
        </p>
      )}
      {!admin && toAdmin && (
        <div className="mt-2 rounded-lg border border-red-300 bg-red-50 p-3 dark:border-red-800 dark:bg-red-950/40">
          <p className="mb-2 text-sm font-medium text-red-900 dark:text-red-200">
            cluster-admin, in {toAdmin.steps.length} step{toAdmin.steps.length === 1 ? '' : 's'}
          </p>
          <PathFlow path={toAdmin} />
        </div>
      )}
      {!admin && !toAdmin && identities.length === 0 && (
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          No other identity, and not cluster-admin: no grant lets it impersonate, mint tokens, run or enter pods, reach
          nodes, bind or widen roles.
        </p>
      )}
      {identities.length > 0 && <BecomeGroups paths={identities} />}
      {identities.length >= limit && (
        <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
          The nearest {limit} shown;{' '}
          <Link href="/risks" className={linkClass}>
            Risks
          </Link>{' '}
          lists every path to cluster-admin.
        </p>
      )}
    </>
  );
}

/** Targets named in a group's summary line before "and N more". */
const TARGETS_NAMED = 3;

/**
 * Paths made of the same techniques, as one row: "Impersonate … → 12 identities (a, b, c and 9
 * more)", opening to each path. Twelve impersonations read as one finding, not twelve.
 */
function BecomeGroups({ paths }: { paths: readonly AttackPath[] }) {
  const groups = new Map<string, AttackPath[]>();
  for (const p of paths) {
    const key = p.steps.map((s) => s.technique).join(' → ');
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return (
    <ul aria-label="Identities it can become" className="mt-3 space-y-2">
      {[...groups].map(([key, group]) => (
        <li
          key={key}
          className="rounded-lg border border-slate-200 bg-white px-3 py-2 text-sm dark:border-slate-800 dark:bg-slate-900"
        >
          {group.length === 1 && group[0] ? (
            <PathFlow path={group[0]} />
          ) : (
            <details>
              <summary className="cursor-pointer">
                <BecomeSummary techniques={key} paths={group} />
              </summary>
              <ul className="mt-2 space-y-3">
                {group.map((p, i) => (
                  <li key={i}>
                    <PathFlow path={p} />
                  </li>
                ))}
              </ul>
            </details>
          )}
        </li>
      ))}
    </ul>
  );
}

function BecomeSummary({ techniques, paths }: { techniques: string; paths: readonly AttackPath[] }) {
  const first = paths[0]?.steps[0]?.technique;
  const named = paths.slice(0, TARGETS_NAMED).map((p) => describePathNode(p.to));
  const more = paths.length - named.length;
  return (
    <>
      <span className="font-medium">{first ? TECHNIQUES[first].title : techniques}</span>
      <span className="text-slate-600 dark:text-slate-400">
        {' '}
        ({techniques}) → <strong className="text-slate-900 dark:text-slate-100">{paths.length} identities</strong>:{' '}
        {named.join(', ')}
        {more > 0 && ` and ${more} more`}
      </span>
    </>
  );
}
