// A change review as /diff and /what-if show it: the counts it leads with, the objects changed, the
// paths to cluster-admin opened and closed, then who gains and loses what, each subject linked. No
// state and no data fetching, so a server page (/diff) and a client one (/what-if, from the JSON of
// POST /api/what-if) render the same thing.
import type { ReactNode } from 'react';
import { PermissionLines } from '@/components/changes/permission-lines';
import { ContextLink as Link } from '@/components/layout/context-link';
import { linkClass } from '@/components/layout/page-container';
import { PathFlow } from '@/components/risks/path-flow';
import { subjectKey, subjectLabel } from '@/lib/rbac';
import { diffCounts, objectText, type ReviewedDiff } from '@/lib/reports/diff-lines';
import { namespaceHref, subjectHref } from '@/lib/web/links';

const PATHS_SHOWN = 10;

type ReviewedSubject = ReviewedDiff['subjects'][number];

export interface DiffReviewProps {
  d: ReviewedDiff;
  from: string;
  to: string;
  /** The subjects shown (a page of d.subjects). */
  shown: readonly ReviewedSubject[];
  /** Under the list: a pager, or a "show more" button. */
  more?: ReactNode;
  /** Between the heading line and the counts: what the reader must know first (problems, partial). */
  notice?: ReactNode;
  /** The query of a namespace's graph drawn as this diff (`?from=A&to=B`); none: not drawn. */
  drawnQuery?: string;
  /** Where the JSON with every path is (the long tail's pointer). */
  everything: string;
}

export function DiffReview({ d, from, to, shown, more, notice, drawnQuery, everything }: DiffReviewProps) {
  const c = diffCounts(d);
  return (
    <section aria-label="Differences" className="mt-6">
      <p className="text-sm">
        <span className="font-medium">{from}</span> → <span className="font-medium">{to}</span>
      </p>
      {notice}
      <dl className="mt-3 grid grid-cols-2 gap-3 text-sm sm:grid-cols-5">
        <Figure label="objects changed" value={d.objects.length} />
        <Figure label="subjects gaining" value={c.gaining} />
        <Figure label="gaining something dangerous" value={c.dangerous} tone={c.dangerous > 0 ? 'warn' : undefined} />
        <Figure label="subjects losing" value={c.losing} />
        <Figure label="new paths to cluster-admin" value={c.opened} tone={c.opened > 0 ? 'bad' : undefined} />
      </dl>
      {d.objects.length > 0 && (
        <details className="mt-4 text-sm">
          <summary className="cursor-pointer font-medium">Objects ({d.objects.length})</summary>
          <ul className="mt-1 ml-4 font-mono text-xs">
            {d.objects.map((o) => (
              <li key={objectText(o)}>{objectText(o)}</li>
            ))}
          </ul>
        </details>
      )}
      <Paths d={d} everything={everything} />
      {d.subjects.length === 0 ? (
        <p role="status" className="mt-6 text-sm">
          No subject gains or loses a permission.
        </p>
      ) : (
        <>
          <h2 className="mt-6 text-lg font-semibold">Who gains and loses what</h2>
          <ol aria-label="Subjects" className="mt-2 space-y-3">
            {shown.map((s) => (
              <SubjectItem key={subjectKey(s.subject)} s={s} d={d} drawnQuery={drawnQuery} />
            ))}
          </ol>
          {more}
        </>
      )}
    </section>
  );
}

function Figure({ label, value, tone }: { label: string; value: number; tone?: 'warn' | 'bad' }) {
  const color =
    tone === 'bad'
      ? 'border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100'
      : tone === 'warn'
        ? 'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100'
        : 'border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900';
  return (
    <div className={`rounded-lg border p-3 ${color}`}>
      <dt className="text-xs">{label}</dt>
      <dd className="text-2xl font-semibold tabular-nums">{value.toLocaleString('en')}</dd>
    </div>
  );
}

function Paths({ d, everything }: { d: ReviewedDiff; everything: string }) {
  if (!d.paths || (d.paths.opened.length === 0 && d.paths.closed.length === 0)) return null;
  return (
    <>
      {d.paths.opened.length > 0 && (
        <>
          <h2 className="mt-6 text-lg font-semibold text-red-800 dark:text-red-300">
            Paths to cluster-admin opened ({d.paths.opened.length})
          </h2>
          <ol aria-label="Paths opened" className="mt-2 space-y-3">
            {d.paths.opened.slice(0, PATHS_SHOWN).map((p) => (
              <li
                key={subjectKey(p.from)}
                className="rounded-lg border border-red-200 bg-white p-3 dark:border-red-900 dark:bg-slate-900"
              >
                <PathFlow path={p} />
              </li>
            ))}
          </ol>
          {d.paths.opened.length > PATHS_SHOWN && (
            <p className="mt-2 text-sm">
              and {d.paths.opened.length - PATHS_SHOWN} more ({everything} lists them all)
            </p>
          )}
        </>
      )}
      {d.paths.closed.length > 0 && (
        <p className="mt-4 text-sm">
          <span className="font-medium text-emerald-800 dark:text-emerald-300">
            Paths to cluster-admin closed ({d.paths.closed.length}):
          </span>{' '}
          {d.paths.closed.slice(0, PATHS_SHOWN).map((p, i) => (
            <span key={subjectKey(p.from)}>
              {i > 0 && ', '}
              <Link href={subjectHref(p.from)} className={`font-mono ${linkClass}`}>
                {subjectLabel(p.from)}
              </Link>
            </span>
          ))}
          {d.paths.closed.length > PATHS_SHOWN && ` and ${d.paths.closed.length - PATHS_SHOWN} more`}
        </p>
      )}
    </>
  );
}

/** Where a subject's change is drawn: its own namespace (a service account's), then where it changed. */
function drawnIn(s: ReviewedSubject): string[] {
  const own = s.subject.kind === 'ServiceAccount' ? [s.subject.namespace] : [];
  return [...new Set([...own, ...[...s.gained, ...s.lost].flatMap((p) => (p.namespace ? [p.namespace] : []))])];
}

function SubjectItem({ s, d, drawnQuery }: { s: ReviewedSubject; d: ReviewedDiff; drawnQuery?: string }) {
  const key = subjectKey(s.subject);
  const path = d.paths?.opened.find((p) => subjectKey(p.from) === key);
  const namespaces = drawnQuery === undefined ? [] : drawnIn(s);
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900">
      <p>
        {s.subject.kind}{' '}
        <Link href={subjectHref(s.subject)} className={`font-mono ${linkClass}`}>
          {subjectLabel(s.subject)}
        </Link>{' '}
        <span className="text-slate-600 dark:text-slate-400">
          gained {s.gained.length}, lost {s.lost.length}
        </span>
        {path && (
          <span className="ml-2 rounded bg-red-100 px-1 text-xs font-medium text-red-900 dark:bg-red-950 dark:text-red-200">
            new path to cluster-admin
          </span>
        )}
      </p>
      <PermissionLines label="gained" perms={s.gained} />
      <PermissionLines label="lost" perms={s.lost} />
      {namespaces.length > 0 && (
        <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          See it drawn:{' '}
          {namespaces.slice(0, 5).map((ns, i) => (
            <span key={ns}>
              {i > 0 && ', '}
              <Link href={namespaceHref(ns, drawnQuery)} className={linkClass}>
                {ns}
              </Link>
            </span>
          ))}
          {namespaces.length > 5 && ` and ${namespaces.length - 5} more`}
        </p>
      )}
    </li>
  );
}
