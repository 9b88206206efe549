// A what-if answer as the page shows it: the input's problems first (where each is: file, document,
// line), the notes kubectl would give, the command that gives the same review, then the review
// itself, rendered by the component /diff uses.
'use client';
import { useEffect, useRef, useState } from 'react';
import { DiffReview } from '@/components/diff/diff-review';
import type { ReviewedDiff } from '@/lib/reports/diff-lines';
import type { WhatIfJson } from '@/lib/web/what-if-review';
import { CopyLine } from './copy-line';

const SHOWN = 25;

/** The JSON's subjects (ref and changes flattened, as the CLI prints them) back as a diff to show. */
export function reviewedDiff(answer: WhatIfJson): ReviewedDiff {
  return {
    objects: answer.objects,
    subjects: answer.subjects.map(({ gained, lost, ...subject }) => ({ subject, gained, lost })),
    ...(answer.paths && { paths: answer.paths }),
  };
}

function Problems({ answer }: { answer: WhatIfJson }) {
  const missing = answer.complete ? [] : answer.missing;
  if (answer.issues.length === 0 && answer.notes.length === 0 && missing.length === 0) return null;
  return (
    <div className="mt-3 space-y-2 text-sm">
      {answer.partial && (
        <div
          role="alert"
          className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
        >
          <p className="font-medium">
            Partial review: {answer.issues.filter((i) => i.severity === 'error').length} problem(s) in the input. The
            rest was applied and is reviewed below; what did not read is left out.
          </p>
          <ul className="mt-1 ml-4 list-disc">
            {answer.issues.map((i) => (
              <li key={i.text} className="font-mono text-xs break-words">
                {i.text}
              </li>
            ))}
          </ul>
        </div>
      )}
      {!answer.partial && answer.issues.length > 0 && (
        <ul className="ml-4 list-disc text-slate-700 dark:text-slate-300">
          {answer.issues.map((i) => (
            <li key={i.text}>{i.text}</li>
          ))}
        </ul>
      )}
      {answer.notes.length > 0 && (
        <ul aria-label="Notes" className="ml-4 list-disc text-slate-700 dark:text-slate-300">
          {answer.notes.map((n) => (
            <li key={n}>note: {n}</li>
          ))}
        </ul>
      )}
      {missing.length > 0 && (
        <details className="text-amber-800 dark:text-amber-300">
          <summary className="cursor-pointer">
            Incomplete: what did not read may hold {missing.map((m) => m.kind).join(', ')} objects; an answer that
            depends on them may be missing a gain or a loss.
          </summary>
          <ul className="mt-1 ml-4 list-disc">
            {[...new Set(missing.map((m) => m.reason))].map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

export function WhatIfResult({ answer }: { answer: WhatIfJson }) {
  const [shown, setShown] = useState(SHOWN);
  const region = useRef<HTMLDivElement>(null);
  // A new answer is read from its top: below the forms, it may start under the fold.
  useEffect(() => region.current?.scrollIntoView({ block: 'start' }), [answer]);
  const d = reviewedDiff(answer);
  const rest = d.subjects.length - shown;
  return (
    <div ref={region} aria-label="What-if review" role="region" className="scroll-mt-4">
      <CopyLine label="The same review from the command line:" text={answer.command} />
      <DiffReview
        d={d}
        from={answer.from}
        to={answer.to}
        shown={d.subjects.slice(0, shown)}
        notice={<Problems answer={answer} />}
        everything="the command above, with -o json,"
        more={
          rest > 0 && (
            <button
              type="button"
              onClick={() => setShown(shown + SHOWN)}
              className="mt-3 rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
            >
              Show {Math.min(rest, SHOWN)} more of {rest.toLocaleString('en')}
            </button>
          )
        }
      />
    </div>
  );
}
