import type { ReactNode } from 'react';
import { currentDataOrError, type CurrentData } from '@/lib/web/current';
import { SourceErrorPage } from './source-error';

/**
 * Every page's opening: the current source's data, or, when the source could not be read, the page
 * that says why and how to fix it (never an empty page, never a thrown error).
 */
export async function withCurrentData(
  render: (data: CurrentData) => ReactNode | Promise<ReactNode>,
): Promise<ReactNode> {
  const data = await currentDataOrError();
  return 'error' in data ? <SourceErrorPage message={data.error} /> : render(data);
}
