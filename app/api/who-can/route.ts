import type { NextRequest } from 'next/server';
import { withSource } from '@/lib/web/with-source';
import { currentData } from '@/lib/web/current';
import { whoCanHandler } from '@/lib/web/request-api';

export const dynamic = 'force-dynamic';

/** Who can make a request (verb, resource, …): JSON a page at a time, or CSV (format=csv); builtin=hide. */
export async function GET(req: NextRequest) {
  const handler = whoCanHandler(req.nextUrl.searchParams);
  if (!handler.ok) return handler.response;
  return withSource(async () => {
    const { engine, source } = await currentData();
    return handler.answer(engine, source.cluster?.resourceTypes);
  });
}
