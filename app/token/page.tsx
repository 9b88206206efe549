import type { Metadata } from 'next';
import { PageContainer } from '@/components/layout/page-container';
import { TokenInspector } from '@/components/token/token-inspector';

export const metadata: Metadata = { title: 'Token inspector' };

export default function TokenPage() {
  return (
    <PageContainer>
      <h1 className="text-2xl font-semibold tracking-tight">Token inspector</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        What a bearer token found in a log, a repository or a pod is: who it authenticates as, for which audiences,
        until when, and what it is bound to; whether that object still exists; whether the API server still accepts it;
        and what it can do. The same answers as <code className="font-mono">rbac-atlas token</code>.
      </p>
      <TokenInspector />
    </PageContainer>
  );
}
