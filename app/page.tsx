// The landing page: the cluster's posture in one screen, each section a link to the page that
// lists it. Everything from the engine's posture index (computed once per data version).
import { withCurrentData } from '@/components/layout/with-current-data';
import { SourceNotices } from '@/components/layout/source-notices';
import { ClusterCounts } from '@/components/layout/cluster-counts';
import { RiskStatusNotice } from '@/components/layout/risk-status-notice';
import { IncompleteNotice } from '@/components/layout/incomplete-notice';
import { HistoryNotice } from '@/components/overview/history-notice';
import {
  AdminSection,
  DangerSection,
  HygieneSection,
  RecentChanges,
  RiskyNamespaces,
  SeverityCounts,
} from '@/components/overview/sections';
import { TrendSection } from '@/components/overview/trend';
import { ReadyQuestions } from '@/components/who-can/ready-questions';
import { posture } from '@/lib/rbac';
import { changeHistory, CLUSTER_WORDS, seesCluster, seesEverything, watching } from '@/lib/web/current';
import { HiddenByAccess } from '@/components/layout/hidden-by-access';
import { postureTrend } from '@/lib/web/posture-trend';
import type { SearchParams } from '@/lib/web/search-params';
import { param } from '@/lib/web/url-state';
import { redirect } from 'next/navigation';
import { defaultsComparison, describeComparison } from '@/lib/reports/defaults-versions';

export const dynamic = 'force-dynamic';

/** Changes listed on the overview: the newest. */
const RECENT_CHANGES = 5;

export default async function OverviewPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  const query = param(sp, 'q').slice(0, 200);
  // The search has its own page now: an old link or bookmark to /?q= lands there.
  if (query)
    redirect(
      `/search?${new URLSearchParams({ q: query, ...(param(sp, 'context') && { context: param(sp, 'context') }) })}`,
    );
  return withCurrentData(async (data) => {
    const { source, engine } = data;
    const defaults = defaultsComparison(source.cluster?.version);
    // The trend and the history count every namespace: only for a viewer who sees everything.
    const everything = seesEverything(data);
    const trend = everything ? await postureTrend(data) : undefined;
    const p = posture(engine);
    const risks = engine.risks.status();
    return (
      <div className="mx-auto max-w-6xl px-6 py-8">
        <SourceNotices demo={source.spec.kind === 'demo'} issues={source.issues} skippedKinds={source.skippedKinds} />
        <h1 className="text-2xl font-semibold tracking-tight">Overview</h1>
        <ClusterCounts counts={engine.counts} linkNamespaces={true} />
        <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">{describeComparison(defaults)}</p>
        {defaults.warning && (
          <p
            role="alert"
            aria-label="Kubernetes version"
            className="mt-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100"
          >
            <strong className="font-semibold">Other defaults:</strong> {defaults.warning}.
          </p>
        )}
        <IncompleteNotice completeness={engine.completeness('view')} what="This overview" />
        <HistoryNotice />
        <h2 className="sr-only">Ready questions</h2>
        <ReadyQuestions />
        <div className="mt-6 grid gap-4 lg:grid-cols-2">
          {risks.state === 'computing' ? (
            <RiskStatusNotice status={risks} className="lg:col-span-2" />
          ) : (
            <>
              <RiskStatusNotice status={risks} className="lg:col-span-2" />
              <SeverityCounts posture={p} totals={engine.riskTotals()} />
              {/* Paths to cluster-admin run through ClusterRoleBindings: a count without them would read as none. */}
              {seesCluster(data) ? (
                <AdminSection posture={p} />
              ) : (
                <HiddenByAccess what="Who can become cluster-admin" because={CLUSTER_WORDS} />
              )}
              <RiskyNamespaces posture={p} />
            </>
          )}
          {/* Its points count findings: none while they are computed. */}
          {risks.state !== 'computing' && (trend ? <TrendSection trend={trend} /> : <HiddenByAccess what="Trend" />)}
          <DangerSection posture={p} />
          <div className="grid content-start gap-4">
            <HygieneSection posture={p} />
            {everything ? (
              <RecentChanges
                entries={changeHistory(data.context)?.list().slice(0, RECENT_CHANGES) ?? []}
                watching={watching()}
              />
            ) : (
              <HiddenByAccess what="What changed recently" />
            )}
          </div>
        </div>
      </div>
    );
  });
}
