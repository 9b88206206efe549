import { forbidden } from 'next/navigation';
import type { ReactNode } from 'react';
import { currentDataOrError, type CurrentData } from '@/lib/web/current';
import { authMode } from '@/lib/web/viewer';
import { SourceErrorPage } from './source-error';

/**
 * Every page's opening: the current source's data, or, when the source could not be read, the page
 * that says why and how to fix it (never an empty page, never a thrown error). In `token` mode, a
 * page the viewer may not see is answered 403: app/forbidden.tsx says why (a missing viewer too, which
 * the proxy has already sent to sign in but on exempt addresses).
 */
export async function withCurrentData(
  render: (data: CurrentData) => ReactNode | Promise<ReactNode>,
): Promise<ReactNode> {
  const data = await currentDataOrError();
  if ('refused' in data) forbidden();
  return 'error' in data ? <SourceErrorPage message={data.error} /> : render(data);
}

/**
 * For a page that reads no current data (two snapshots compared, a form): in `token` mode the
 * viewer's access is still checked, and a page they may not see is answered 403. When the source
 * cannot be read and the viewer's access could not be shown without it, the page shows the
 * source's error and nothing else (returned: render it instead of the page): it fails closed.
 */
export async function requireViewerAccess(): Promise<ReactNode | undefined> {
  if (authMode() === 'none') return undefined;
  const data = await currentDataOrError();
  if ('refused' in data) forbidden();
  if ('error' in data && !data.shown) return <SourceErrorPage message={data.error} />;
  return undefined;
}
