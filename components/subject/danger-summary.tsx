// What a subject's page leads with: whether it is (or can become) cluster-admin, and each dangerous
// grant it holds, where, and through which binding and role.
import { ContextLink as Link } from '@/components/layout/context-link';
import { linkClass } from '@/components/layout/page-container';
import { describeRole, type AttackPath, type Grant, type SubjectDanger } from '@/lib/rbac';
import { bindingHref, namespaceHref, roleHref } from '@/lib/web/links';

const PLACES_SHOWN = 8;
const VIA_SHOWN = 3;

export function DangerSummary({
  dangers,
  admin,
  toAdmin,
}: {
  dangers: readonly SubjectDanger[];
  admin: boolean;
  toAdmin: AttackPath | undefined;
}) {
  return (
    <section aria-labelledby="dangers-title" className="mt-6">
      <h2 id="dangers-title" className="text-lg font-semibold">
        What could go wrong
      </h2>
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
        <ul aria-label="Dangerous grants" className="mt-2 space-y-2">
          {dangers.map((d) => (
            <li
              key={d.danger.id}
              className="rounded-md border border-slate-200 bg-white px-3 py-2 text-sm dark:border-slate-800 dark:bg-slate-900"
            >
              <p className="font-medium text-red-800 dark:text-red-300">{d.danger.title}</p>
              <p className="mt-0.5 text-slate-700 dark:text-slate-300">
                {d.where.slice(0, PLACES_SHOWN).map((w, i) => (
                  <span key={w.namespace}>
                    {i > 0 && ', '}
                    {w.namespace ? (
                      <>
                        in{' '}
                        <Link href={namespaceHref(w.namespace)} className={`font-mono ${linkClass}`}>
                          {w.namespace}
                        </Link>
                      </>
                    ) : (
                      <strong>cluster-wide</strong>
                    )}
                  </span>
                ))}
                {d.where.length > PLACES_SHOWN && ` and ${d.where.length - PLACES_SHOWN} more namespaces`}
                <Via grants={d.where.flatMap((w) => w.grants)} />
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Via({ grants }: { grants: readonly Grant[] }) {
  const seen = new Map<string, Grant>();
  for (const g of grants) seen.set(`${g.binding.kind}/${g.binding.namespace ?? ''}/${g.binding.name}`, g);
  const shown = [...seen.values()].slice(0, VIA_SHOWN);
  return (
    <span className="text-slate-600 dark:text-slate-400">
      {' '}
      — through{' '}
      {shown.map((g, i) => (
        <span key={i}>
          {i > 0 && '; '}
          <Link href={bindingHref(g.binding)} className={`font-mono ${linkClass}`}>
            {g.binding.name}
          </Link>{' '}
          →{' '}
          <Link href={roleHref(g.role)} className={`font-mono ${linkClass}`}>
            {describeRole(g.role)}
          </Link>
        </span>
      ))}
      {seen.size > shown.length && ` and ${seen.size - shown.length} more bindings`}
    </span>
  );
}
