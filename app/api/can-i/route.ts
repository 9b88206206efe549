import type { NextRequest } from 'next/server';
import { withSource } from '@/lib/web/with-source';
import { currentData } from '@/lib/web/current';
import { canIHandler } from '@/lib/web/request-api';

export const dynamic = 'force-dynamic';

/** Whether one identity (user, groups) may make a request (verb, resource, …), and why. */
export async function GET(req: NextRequest) {
  const handler = canIHandler(req.nextUrl.searchParams);
  if (!handler.ok) return handler.response;
  return withSource(async () => {
    const { engine, source } = await currentData();
    return handler.answer(engine, source.cluster?.resourceTypes);
  });
}
