// POST /api/session: the sign-in page's token, reviewed by the API server (TokenReview); accepted,
// a session cookie (its id only) and the viewer's name; refused, 401 with the server's reason.
// lib/web/auth/session-api.ts; docs/security.md says why it is safe.
import type { NextRequest } from 'next/server';
import { signIn } from '@/lib/web/auth/session-api';
import { CONTEXT_PARAM, validContext } from '@/lib/web/context';

export const dynamic = 'force-dynamic';

export async function POST(req: NextRequest) {
  return signIn(req, validContext(req.nextUrl.searchParams.get(CONTEXT_PARAM)));
}
