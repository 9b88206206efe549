// The sign-in page (token mode): a Kubernetes bearer token, checked by the API server, starts a
// session. Reachable without a token (proxy.ts exempts it); it shows nothing of the cluster.
import type { Metadata } from 'next';
import { connection } from 'next/server';
import { SignInForm } from '@/components/auth/sign-in-form';
import { PageContainer } from '@/components/layout/page-container';
import { safeNext } from '@/lib/web/auth/next-path';
import { authMode, currentViewer } from '@/lib/web/viewer';

export const metadata: Metadata = { title: 'Sign in' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined);

export default async function SignInPage({ searchParams }: Props) {
  await connection();
  const params = await searchParams;
  const next = safeNext(one(params.next));
  if (authMode() === 'none')
    return (
      <PageContainer>
        <h1 className="text-2xl font-semibold tracking-tight">Sign in</h1>
        <p className="mt-2 text-sm">
          There is no sign-in here: RBAC_ATLAS_AUTH is <code>none</code>, so whoever reaches RBAC Atlas sees what it
          reads. Set it to <code>token</code> to have each viewer present a Kubernetes token.
        </p>
      </PageContainer>
    );
  const viewer = await currentViewer();
  return (
    <PageContainer>
      <h1 className="text-2xl font-semibold tracking-tight">Sign in</h1>
      <p className="mt-1 max-w-2xl text-sm text-slate-600 dark:text-slate-400">
        RBAC Atlas shows each viewer what their own Kubernetes identity may see. Paste a bearer token the API server
        accepts.
      </p>
      {one(params.ended) === '1' && (
        <p
          role="status"
          className="mt-4 max-w-xl rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
        >
          Your session ended: the API server no longer accepts its token, or the session expired. Sign in again.
        </p>
      )}
      {viewer && <p className="mt-4 text-sm">You are signed in as {viewer.username}.</p>}
      <SignInForm next={next} />
    </PageContainer>
  );
}
