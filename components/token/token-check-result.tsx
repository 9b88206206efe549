'use client';
// POST /api/token's answer: the verdict, the objects the token names as the data read has them,
// the API server's TokenReview, and what the identity can do with a link to each subject's page.
import { ContextLink as Link } from '@/components/layout/context-link';
import { IncompleteNotice } from '@/components/layout/incomplete-notice';
import { linkClass, mutedClass } from '@/components/layout/page-container';
import { riskStatusText } from '@/lib/reports/risk-status';
import { subjectSummaryLines } from '@/lib/tokens/summary-words';
import { subjectText } from '@/lib/rbac/model/refs';
import type { TokenCheck } from '@/lib/web/token-check';

const MARK = { valid: '✓', invalid: '✗', unknown: '?' } as const;
const TONE = {
  valid: 'text-emerald-700 dark:text-emerald-400',
  invalid: 'text-red-700 dark:text-red-400',
  unknown: 'text-amber-700 dark:text-amber-400',
} as const;

function Verdict({ answer }: { answer: TokenCheck }) {
  if (answer.verdict === 'refused')
    return (
      <div className={TONE.invalid}>
        <p className="font-semibold">It does not work:</p>
        <ul className="ml-5 list-disc">
          {answer.reasons.map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ul>
      </div>
    );
  if (answer.verdict === 'accepted')
    return (
      <div>
        <p className={`font-semibold ${TONE.valid}`}>The API server accepts it.</p>
        {answer.notes.length > 0 && (
          <ul className={`ml-5 list-disc ${TONE.unknown}`} aria-label="Notes">
            {answer.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        )}
      </div>
    );
  return (
    <p className={`font-semibold ${TONE.unknown}`}>
      Nothing read says it fails, but the API server could not verify it
      {answer.review?.state === 'unavailable' ? `: ${answer.review.reason}` : ''}.
    </p>
  );
}

function Review({ review }: { review: TokenCheck['review'] }) {
  if (!review) return null;
  const text =
    review.state === 'accepted'
      ? `accepts it, as ${review.user.username} in the groups ${review.user.groups.join(', ') || '(none)'}${review.audiences ? `, for the audiences ${review.audiences.join(', ')}` : ''}`
      : review.state === 'refused'
        ? `refuses it: ${review.reason}`
        : `could not be asked: ${review.reason}`;
  return (
    <p>
      <span className="font-medium">API server (TokenReview):</span> {text}
    </p>
  );
}

function Identity({ answer }: { answer: TokenCheck }) {
  const id = answer.identity;
  if (!id) return <p className={mutedClass}>What it can do is unknown until the API server names its user.</p>;
  const hrefs = new Map(answer.links.map((l) => [subjectText(l.subject), l.href]));
  const status = riskStatusText(answer.risks);
  return (
    <section aria-labelledby="identity-title">
      <h3 id="identity-title" className="font-semibold">
        What {id.report.identity.user} can do{' '}
        <span className={`font-normal ${mutedClass}`}>
          ({id.from === 'review' ? 'as the API server named it' : 'as its claims name it'})
        </span>
      </h3>
      {status && (
        <p role="status" className={TONE.unknown}>
          <span className="font-medium">{status.title}.</span> {status.text}
        </p>
      )}
      <ul className="mt-1 space-y-2">
        {id.report.subjects.map((s) => {
          const key = subjectText(s.subject);
          return (
            <li key={key}>
              <Link href={hrefs.get(key) ?? '/subjects'} className={linkClass}>
                {key}
              </Link>
              <ul className="ml-5 list-disc">
                {subjectSummaryLines(s, answer.risks).map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ul>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function TokenCheckResult({ answer }: { answer: TokenCheck }) {
  return (
    <section
      aria-labelledby="check-title"
      className="space-y-3 rounded-md border border-slate-200 p-3 text-sm dark:border-slate-800"
    >
      <h2 id="check-title" className="text-lg font-semibold">
        Checked
      </h2>
      <Verdict answer={answer} />
      {answer.objects && (
        <div>
          <p className="font-medium">Objects it names, in the data read:</p>
          <ul className="mt-1 space-y-1">
            {answer.objects.map((o, i) => (
              <li key={i} className={TONE[o.effect]}>
                <span aria-hidden="true">{MARK[o.effect]}</span> {o.text}
              </li>
            ))}
          </ul>
        </div>
      )}
      <Review review={answer.review} />
      <Identity answer={answer} />
      <IncompleteNotice completeness={answer.completeness} what="This answer" />
    </section>
  );
}
