// A right-sizing proposal as the page shows it: the check that nothing used is lost, the YAML
// (copy, download), its effect as a change review (who loses what, which paths close), what it
// tried and could not (never granted), and what only system:masters allowed.
import { FixEffectView } from '@/components/fix/fix-effect';
import { mutedClass } from '@/components/layout/page-container';
import { CodeBlock } from '@/components/yaml/code-block';
import { describeRequest } from '@/lib/rbac';
import type { RequestUse } from '@/lib/web/usage';
import type { RightsizeView } from '@/lib/web/usage-rightsize';
import { checkText } from '@/lib/web/usage-rightsize-words';
import { auditTime } from '@/lib/web/usage-words';

export function RightsizeBody({ view, download }: { view: RightsizeView; download: string }) {
  return (
    <>
      <section aria-label="The proposal" className="mt-6">
        <h2 className="text-lg font-semibold">The proposal</h2>
        <p className="mt-1 text-sm">
          The smallest Roles and ClusterRoles, with their bindings, that allow every allowed request it made in the
          window, replacing the bindings that name it alone.
        </p>
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
            Nothing to apply: it made no allowed request in the window.
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
        {view.notes.length > 0 && (
          <ul className="mt-2 list-disc pl-5 text-sm text-amber-800 dark:text-amber-300">
            {view.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        )}
      </section>
      <FixEffectView diff={view.diff} verdict={checkText(view.check)} remains={view.check.failures.length > 0} />
      <RequestList
        id="denied"
        title="What it tried and could not"
        text="Denied in the window, and not granted by the proposal."
        requests={view.denied}
      />
      <RequestList
        id="superuser"
        title="Allowed only as system:masters"
        text="The API server allows system:masters whatever RBAC says: not granted by the proposal."
        requests={view.superuser}
      />
    </>
  );
}

function RequestList(props: { id: string; title: string; text: string; requests: readonly RequestUse[] }) {
  const { id, title, text, requests } = props;
  if (requests.length === 0) return null;
  return (
    <section aria-labelledby={`${id}-title`} className="mt-6">
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        {title} ({requests.length.toLocaleString('en')})
      </h2>
      <p className={`text-sm ${mutedClass}`}>{text}</p>
      <ul className="mt-2 space-y-1 text-sm">
        {requests.map((r, i) => (
          <li key={i} className="break-words">
            <span className="font-mono">{describeRequest(r.request)}</span>{' '}
            <span className={mutedClass}>
              — {r.identity.user}, {(r.denied || r.count).toLocaleString('en')} times, last {auditTime(r.last)} (
              {r.where.file}:{r.where.line})
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
