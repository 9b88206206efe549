// A fix's effect, as /diff shows a change: who loses what, which paths to cluster-admin close (or
// open), and whether the finding is still found.
import { ContextLink as Link } from '@/components/layout/context-link';
import { linkClass } from '@/components/layout/page-container';
import { PermissionLines } from '@/components/changes/permission-lines';
import { subjectKey, subjectLabel, type RbacDiff } from '@/lib/rbac';
import { objectText } from '@/lib/reports/diff-report';
import { subjectHref } from '@/lib/web/links';

const SHOWN = 20;

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "Changed ClusterRole x. 1 subject loses or gains permissions; 1 path to cluster-admin closes." */
function effectSummary(d: RbacDiff): string {
  const objects = d.objects.map(objectText).join('; ');
  const closed = d.paths?.closed.length ?? 0;
  const opened = d.paths?.opened.length ?? 0;
  const subjects = count(d.subjects.length, 'subject loses or gains', 'subjects lose or gain');
  // No paths in the diff: they were not compared (a review made before they were computed), never "0 close".
  const paths = d.paths
    ? count(closed, 'path to cluster-admin closes', 'paths to cluster-admin close')
    : 'paths to cluster-admin not compared';
  const open = opened > 0 ? `, ${count(opened, 'opens', 'open')}` : '';
  const head = objects ? `${objects.charAt(0).toUpperCase()}${objects.slice(1)}. ` : '';
  return `${head}${subjects} permissions; ${paths}${open}.`;
}

export function FixEffectView({ diff: d, verdict, remains }: { diff: RbacDiff; verdict: string; remains?: boolean }) {
  const closed = d.paths?.closed ?? [];
  const tone =
    remains === true
      ? 'border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100'
      : 'border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100';
  return (
    <section aria-label="Effect" className="mt-6">
      <h2 className="text-lg font-semibold">Effect</h2>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        The YAML below applied to the current data and compared with the engine&apos;s diff, before you copy it.
      </p>
      {verdict && <p className={`mt-2 rounded-md border p-2 text-sm font-medium ${tone}`}>{verdict}</p>}
      <p className="mt-2 text-sm">{effectSummary(d)}</p>
      {closed.length > 0 && (
        <p className="mt-2 text-sm">
          <span className="font-medium text-emerald-800 dark:text-emerald-300">Paths to cluster-admin closed:</span>{' '}
          {closed.slice(0, SHOWN).map((p, i) => (
            <span key={subjectKey(p.from)}>
              {i > 0 && ', '}
              <Link href={subjectHref(p.from)} className={`font-mono ${linkClass}`}>
                {subjectLabel(p.from)}
              </Link>
            </span>
          ))}
          {closed.length > SHOWN && ` and ${closed.length - SHOWN} more`}
        </p>
      )}
      <ol aria-label="Who loses what" className="mt-3 space-y-2">
        {d.subjects.slice(0, SHOWN).map((s) => (
          <li
            key={subjectKey(s.subject)}
            className="rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900"
          >
            {s.subject.kind}{' '}
            <Link href={subjectHref(s.subject)} className={`font-mono ${linkClass}`}>
              {subjectLabel(s.subject)}
            </Link>
            <PermissionLines label="lost" perms={s.lost} />
            <PermissionLines label="gained" perms={s.gained} />
          </li>
        ))}
      </ol>
      {d.subjects.length > SHOWN && (
        <p className="mt-2 text-sm">and {d.subjects.length - SHOWN} more subjects (the JSON lists them all)</p>
      )}
    </section>
  );
}
