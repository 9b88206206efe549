// Who effectively can: the subjects that can become a holder of the request, grouped by steps away
// ("1 step away", as the CLI prints them), each with its path drawn as /risks and the subject pages
// draw one (each step opens to the grants that allow it).
import { ContextLink as Link } from '@/components/layout/context-link';
import { linkClass } from '@/components/layout/page-container';
import { PathFlow } from '@/components/risks/path-flow';
import { subjectKey, type EffectiveWhoCan } from '@/lib/rbac';
import { indirectHeading, stepsAway } from '@/lib/reports/path-lines';

/** Subjects drawn per distance: the API (effective=1) lists them all. */
const SHOWN_PER_DISTANCE = 50;

export function EffectiveAnswer({
  indirect,
  hidden,
  asked,
  showHref,
  exportApi,
}: {
  indirect: EffectiveWhoCan['indirect'];
  hidden: number;
  asked: string;
  showHref: string;
  exportApi: string;
}) {
  const total = indirect.reduce((n, g) => n + g.subjects.length, 0);
  return (
    <section aria-label="Who effectively can" className="mt-8">
      <h2 className="text-lg font-semibold">{indirectHeading(total, asked).replace(/[.:]$/, '')}</h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        By its shortest attack path (impersonation, a token, a pod that runs as them, a role it binds…), each step
        opening to the grants that allow it.
        {hidden > 0 && (
          <>
            {' '}
            {hidden.toLocaleString('en')} more that {hidden === 1 ? 'is' : 'are'} Kubernetes&apos; own (its controllers,
            named only by its default bindings) hidden.{' '}
            <Link className={`${linkClass} underline`} href={showHref}>
              Show them
            </Link>
          </>
        )}
      </p>
      {indirect.map((g) => (
        <div key={g.distance} className="mt-4">
          <h3 className="text-base font-medium">
            {stepsAway(g.distance)}{' '}
            <span className="text-sm font-normal text-slate-600 dark:text-slate-400">
              ({g.subjects.length.toLocaleString('en')})
            </span>
          </h3>
          <ul aria-label={stepsAway(g.distance)} className="mt-2 space-y-3">
            {g.subjects.slice(0, SHOWN_PER_DISTANCE).map((s) => (
              <li
                key={subjectKey(s.subject)}
                className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900"
              >
                <PathFlow path={s.path} />
              </li>
            ))}
          </ul>
          {g.subjects.length > SHOWN_PER_DISTANCE && (
            <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
              The first {SHOWN_PER_DISTANCE} shown;{' '}
              <a href={exportApi} className={`${linkClass} underline`}>
                the API
              </a>{' '}
              lists all {g.subjects.length.toLocaleString('en')}.
            </p>
          )}
        </div>
      ))}
    </section>
  );
}
