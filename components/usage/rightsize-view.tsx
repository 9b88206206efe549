// A right-sizing as the page shows it: the engine's check that nothing used is lost, its effect as a
// change review (who loses what, which paths to cluster-admin close), the YAML (copy, download),
// what it tried and could not (never granted), and what RBAC did not allow (never granted either).
import { FixEffectView } from '@/components/fix/fix-effect';
import { ContextLink as Link } from '@/components/layout/context-link';
import { linkClass, mutedClass } from '@/components/layout/page-container';
import { CodeBlock } from '@/components/yaml/code-block';
import { describeRequest, subjectLabel, type Engine, type Rightsizing, type ShapeUsage } from '@/lib/rbac';
import { subjectHref } from '@/lib/web/links';
import type { RightsizeView } from '@/lib/web/usage-rightsize';
import { checkText, editNotes, rightsizeNotes } from '@/lib/web/usage-rightsize-words';
import { auditTime, timesText } from '@/lib/web/usage-words';

export function RightsizeBody({ engine, view, download }: { engine: Engine; view: RightsizeView; download: string }) {
  const failed = view.proposals.some((r) => r.check.failures.length > 0);
  const verdict =
    view.proposals.length === 1
      ? checkText(view.proposals[0]!)
      : `${view.proposals.length} service accounts: ${failed ? 'some allowed requests would be denied (below)' : 'every allowed request each made is still allowed after the change'}.`;
  return (
    <>
      {view.proposals.length > 1 && <PerSubject proposals={view.proposals} />}
      <FixEffectView diff={view.diff} verdict={verdict} remains={failed} />
      {!view.pathsCompared && (
        <p className={`mt-2 text-sm ${mutedClass}`}>
          Paths to cluster-admin are compared one subject at a time: open a service account above.
        </p>
      )}
      <section aria-label="Apply it" className="mt-6">
        <h2 className="text-lg font-semibold">Apply it</h2>
        {view.applyYaml ? (
          <CodeBlock
            id="rightsize-yaml"
            title="YAML to apply"
            text={view.applyYaml}
            copyLabel="Copy YAML"
            download={download}
          />
        ) : (
          <p role="status" className="mt-2 text-sm">
            Nothing to apply: no allowed request in the window needs a new grant.
          </p>
        )}
        {view.deleteYaml && (
          <CodeBlock
            id="rightsize-delete-yaml"
            title="Deleted (as it is now)"
            text={view.deleteYaml}
            copyLabel="Copy YAML"
          />
        )}
        <Notes notes={[...editNotes(view.edits), ...view.proposals.flatMap((r) => rightsizeNotes(engine, r))]} />
      </section>
      <ShapeList
        id="denied"
        title="What it tried and could not"
        text="Denied in the window: not granted by the proposal."
        shapes={view.proposals.flatMap((r) => r.denied)}
      />
      <ShapeList
        id="masters"
        title="Allowed only as system:masters"
        text="The API server allows system:masters whatever RBAC says: not granted by the proposal."
        shapes={view.proposals.flatMap((r) => r.mastersOnly.map((u) => u.shape))}
      />
      <ShapeList
        id="not-granted"
        title="Allowed by the server, granted by no RBAC object read"
        text="Another authorizer, or a binding no longer there: not granted by the proposal."
        shapes={view.proposals.flatMap((r) => r.notGranted.map((u) => u.shape))}
      />
    </>
  );
}

function Notes({ notes }: { notes: string[] }) {
  if (notes.length === 0) return null;
  return (
    <ul className="mt-2 list-disc pl-5 text-sm text-slate-700 dark:text-slate-300">
      {notes.map((n) => (
        <li key={n}>{n}</li>
      ))}
    </ul>
  );
}

function PerSubject({ proposals }: { proposals: readonly Rightsizing[] }) {
  return (
    <ul aria-label="Service accounts" className="mt-4 space-y-1 text-sm">
      {proposals.map((r) => (
        <li key={subjectLabel(r.subject)}>
          <Link href={subjectHref(r.subject)} className={`font-mono ${linkClass}`}>
            {subjectLabel(r.subject)}
          </Link>{' '}
          <span className={r.check.failures.length > 0 ? 'text-red-700 dark:text-red-400' : mutedClass}>
            — {checkText(r)}
          </span>
        </li>
      ))}
    </ul>
  );
}

function ShapeList(props: { id: string; title: string; text: string; shapes: readonly ShapeUsage[] }) {
  const { id, title, text, shapes } = props;
  if (shapes.length === 0) return null;
  return (
    <section aria-labelledby={`${id}-title`} className="mt-6">
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        {title} ({shapes.length.toLocaleString('en')})
      </h2>
      <p className={`text-sm ${mutedClass}`}>{text}</p>
      <ul className="mt-2 space-y-1 text-sm">
        {shapes.map((s) => (
          <li key={s.key} className="break-words">
            <span className="font-mono">{describeRequest(s.request)}</span>{' '}
            <span className={mutedClass}>
              — {s.identity.user}, {timesText(s.count)}, last {auditTime(s.last)} ({s.lastWhere.file}:{s.lastWhere.line}
              )
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
