// POST /api/token: the token inspector's "Check with the API server". The body is JSON {"token"};
// the answer is what `rbac-atlas token --review -o json` prints, with links to the subject pages,
// and never the token. Guarded as /api/what-if is (lib/security/post-guard.ts): only this site's
// page can send it, with a small body; the front door lets POST through here only.
import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { POST_ROUTES, type PostRoute } from '@/lib/security/post-guard';
import { guardedPostBody } from '@/lib/web/guarded-post';
import { decodeToken, MAX_TOKEN_CHARS, tokenText } from '@/lib/tokens/decode';
import { badRequest, json } from '@/lib/web/api';
import { requestContext } from '@/lib/web/current';
import { tokenCheck } from '@/lib/web/token-check';
import { withSource } from '@/lib/web/with-source';

export const dynamic = 'force-dynamic';

/** What the guard says of this address (its body cap, its refusals' words). */
const ROUTE = POST_ROUTES.get('/api/token') as PostRoute;
const body = z.object({ token: z.string().max(MAX_TOKEN_CHARS * 2) }).strict();
const USAGE = 'send {"token": "<the JWT>"} as application/json';

/** The token the body carries, or why there is none (never quoting it). */
function tokenOf(text: string): { token: string } | { error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { error: `the body is not JSON: ${USAGE}` };
  }
  const parsed = body.safeParse(raw);
  return parsed.success ? { token: parsed.data.token } : { error: `the body is not a token check: ${USAGE}` };
}

export async function POST(req: NextRequest) {
  const text = await guardedPostBody(req, ROUTE);
  if (typeof text !== 'string') return text;
  const sent = tokenOf(text);
  if ('error' in sent) return badRequest(sent.error);
  const decoded = decodeToken(sent.token);
  if (!decoded.ok) return badRequest(`not a token: ${decoded.error}`);
  const token = tokenText(sent.token);
  return withSource(async () => json(await tokenCheck(token, decoded.token, await requestContext())));
}
