import { RiskStatusNotice } from '@/components/layout/risk-status-notice';
import type { Metadata } from 'next';
import { ContextLink as Link } from '@/components/layout/context-link';
import { linkClass, PageContainer } from '@/components/layout/page-container';
import { withCurrentData } from '@/components/layout/with-current-data';
import { SEVERITY_CLASS } from '@/components/risks/severity';
import { FixEffectView } from '@/components/fix/fix-effect';
import { CodeBlock } from '@/components/yaml/code-block';
import { withContext } from '@/lib/web/context';
import { fixReport, parseFixRequest, type FixRequest } from '@/lib/web/fix';
import { fixHref, subjectHref } from '@/lib/web/links';
import { verdictText, type FixReport } from '@/lib/reports/fix-report';
import { subjectLabel } from '@/lib/rbac';
import type { SearchParams } from '@/lib/web/search-params';

export const metadata: Metadata = { title: 'Fix' };
export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<SearchParams> };

const targetOf = (req: FixRequest) => ('finding' in req ? req.finding : req.grant);

export default async function FixPage({ searchParams }: Props) {
  const parsed = parseFixRequest(await searchParams);
  if (!parsed.ok)
    return (
      <PageContainer>
        <h1 className="text-2xl font-semibold tracking-tight">Fix</h1>
        <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-400">
          {parsed.error}. Open a fix from a finding on{' '}
          <Link href="/risks" className={`underline ${linkClass}`}>
            Risks
          </Link>
          .
        </p>
      </PageContainer>
    );
  const req = parsed.value;
  return withCurrentData((data) => {
    const report = fixReport(data, req);
    return (
      <PageContainer>
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h1 className="text-2xl font-semibold tracking-tight">Fix</h1>
          <a
            className={`text-sm ${linkClass}`}
            href={withContext(`/api${fixHref(targetOf(req), req.choice)}`, data.context)}
          >
            Export as JSON
          </a>
        </div>
        {report ? (
          <FixBody report={report} req={req} />
        ) : data.engine.risks.status().state !== 'current' ? (
          <RiskStatusNotice status={data.engine.risks.status()} />
        ) : (
          <p role="status" className="mt-3 text-sm">
            This finding is not found in the current data: it may be fixed already.{' '}
            <Link href="/risks" className={`underline ${linkClass}`}>
              Back to Risks
            </Link>
          </p>
        )}
      </PageContainer>
    );
  });
}

function About({ report: r }: { report: FixReport }) {
  const f = r.finding;
  if (!f) return <p className="mt-2 text-sm">Dangerous {r.about}.</p>;
  return (
    <p className="mt-2 text-sm break-words">
      <span className={`mr-2 rounded px-1.5 py-0.5 text-xs font-semibold uppercase ${SEVERITY_CLASS[f.severity]}`}>
        {f.severity}
      </span>
      {f.subject && (
        <Link href={subjectHref(f.subject)} className={`font-mono font-medium ${linkClass}`}>
          {f.subject.kind} {subjectLabel(f.subject)}
        </Link>
      )}{' '}
      {f.title}
    </p>
  );
}

function FixBody({ report: r, req }: { report: FixReport; req: FixRequest }) {
  const { fix, alternative, none } = r.answer;
  return (
    <>
      <About report={r} />
      {!fix || !r.text ? (
        <p role="status" className="mt-4 text-sm">
          No change to propose: {none}
        </p>
      ) : (
        <>
          <section aria-label="The change" className="mt-4 text-sm">
            <h2 className="text-lg font-semibold">The change</h2>
            <p className="mt-1">{fix.why}</p>
            {fix.notes.length > 0 && (
              <ul className="mt-1 list-disc pl-5 text-slate-700 dark:text-slate-300">
                {fix.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            )}
            {alternative && (
              <p className="mt-2">
                Instead:{' '}
                <Link href={fixHref(targetOf(req), alternative.choice)} className={`underline ${linkClass}`}>
                  {alternative.why}
                </Link>
              </p>
            )}
          </section>
          {r.effect && <FixEffectView diff={r.effect.diff} verdict={verdictText(r)} remains={r.effect.remains} />}
          {r.effect && r.effect.notes.length > 0 && (
            <p className="mt-2 text-sm text-amber-800 dark:text-amber-300">Note: {r.effect.notes.join('; ')}</p>
          )}
          <section aria-label="Apply it" className="mt-6">
            <h2 className="text-lg font-semibold">Apply it</h2>
            {r.text.applyYaml && (
              <CodeBlock id="fix-yaml" title="YAML to apply" text={r.text.applyYaml} copyLabel="Copy YAML" />
            )}
            {r.text.deleteYaml && (
              <CodeBlock
                id="fix-delete-yaml"
                title="Deleted (as it is now)"
                text={r.text.deleteYaml}
                copyLabel="Copy YAML"
              />
            )}
            <CodeBlock id="fix-command" title="kubectl" text={r.text.command} copyLabel="Copy command" />
          </section>
        </>
      )}
    </>
  );
}
