// POST /api/session/end: sign-out; the session is forgotten and its cookie cleared (lib/web/auth/session-api.ts).
import type { NextRequest } from 'next/server';
import { signOut } from '@/lib/web/auth/session-api';

export const dynamic = 'force-dynamic';

export async function POST(req: NextRequest) {
  return signOut(req);
}
