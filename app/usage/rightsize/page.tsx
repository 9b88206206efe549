import type { Metadata } from 'next';
import { Breadcrumbs } from '@/components/layout/breadcrumbs';
import { ContextLink as Link } from '@/components/layout/context-link';
import { linkClass, mutedClass, PageContainer } from '@/components/layout/page-container';
import { RiskStatusNotice } from '@/components/layout/risk-status-notice';
import { withCurrentData } from '@/components/layout/with-current-data';
import { NoAuditLog } from '@/components/usage/no-audit-log';
import { RightsizeBody } from '@/components/usage/rightsize-view';
import { UsageWindowNote } from '@/components/usage/usage-window';
import { subjectLabel } from '@/lib/rbac';
import { withContext } from '@/lib/web/context';
import { subjectHref } from '@/lib/web/links';
import type { SearchParams } from '@/lib/web/search-params';
import { parseRightsizeTarget, rightsizeHref, type RightsizeTarget } from '@/lib/web/usage-filter';
import { rightsizeView } from '@/lib/web/usage-rightsize';
import { readyUsageState } from '@/lib/web/usage-source';

export const metadata: Metadata = { title: 'Right-size' };
export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<SearchParams> };

export default async function RightsizePage({ searchParams }: Props) {
  const parsed = parseRightsizeTarget(await searchParams);
  if (!parsed.ok)
    return (
      <PageContainer>
        <Header />
        <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-400">
          {parsed.error}. Open right-sizing from a subject&apos;s page or from{' '}
          <Link href="/usage?list=identities" className={linkClass}>
            Usage
          </Link>
          .
        </p>
      </PageContainer>
    );
  const target = parsed.value;
  const usage = await readyUsageState();
  return withCurrentData(({ engine, context }) => {
    const api = `/api${rightsizeHref(target)}`;
    return (
      <PageContainer>
        <Header target={target} exports={'feed' in usage ? withContext(api, context) : undefined} />
        {'none' in usage ? (
          <NoAuditLog why={usage.none} />
        ) : (
          <>
            <UsageWindowNote window={usage.feed.window()} problems={usage.feed.problems} reading={!usage.feed.read} />
            {/* The proposal and its check need no attack paths; which paths close waits for this version's. */}
            <RiskStatusNotice status={engine.risks.status()} />
            <RightsizeBody
              engine={engine}
              view={rightsizeView(engine, usage.feed, target, engine.risks.status().state === 'current')}
              download={withContext(`${api}&format=yaml`, context)}
            />
          </>
        )}
      </PageContainer>
    );
  });
}

function Header({ target, exports }: { target?: RightsizeTarget; exports?: string }) {
  return (
    <>
      <Breadcrumbs items={[{ label: 'Usage', href: '/usage?list=identities' }, { label: 'Right-size' }]} />
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold tracking-tight break-words">
          Right-size{' '}
          {target &&
            ('subject' in target ? (
              <Link href={subjectHref(target.subject)} className={`font-mono ${linkClass}`}>
                {target.subject.kind} {subjectLabel(target.subject)}
              </Link>
            ) : (
              <span className="font-mono">the service accounts of {target.namespace}</span>
            ))}
        </h1>
        {exports && (
          <a className={`text-sm ${linkClass}`} href={exports}>
            Export as JSON
          </a>
        )}
      </div>
      <p className={`mt-1 text-sm ${mutedClass}`}>
        From what the audit log says it did: the roles that allow exactly that, checked by the engine against every
        request it made, and what the change takes away.
      </p>
    </>
  );
}
