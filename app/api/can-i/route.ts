import { requestNamespace } from '@/lib/rbac';
import type { NextRequest } from 'next/server';
import { parseIdentityQuery, parseRequestQuery } from '@/lib/request/query';
import { badRequest, json, withSource } from '@/lib/views/api';
import { currentData } from '@/lib/views/current';

export const dynamic = 'force-dynamic';

export async function GET(req: NextRequest) {
  const q = req.nextUrl.searchParams;
  const identity = parseIdentityQuery(q);
  if (!identity.ok) return badRequest(identity.error);
  const request = parseRequestQuery(q);
  if (!request.ok) return badRequest(request.error);
  return withSource(async () => {
    const { engine } = await currentData();
    const answer = engine.canI(identity.value, request.value);
    return json({
      allowed: answer.allowed,
      ...engine.completeness('can-i', requestNamespace(request.value), answer.allowed),
      grants: answer.grants,
      identity: identity.value,
    });
  });
}
