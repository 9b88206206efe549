// An /api path no route has: a JSON 404 that lists what exists, never the HTML page.
import { json } from '@/lib/web/api';

export const dynamic = 'force-dynamic';

const ROUTES = [
  '/api/can-i',
  '/api/who-can',
  '/api/subjects',
  '/api/roles',
  '/api/bindings',
  '/api/namespaces',
  '/api/graph',
  '/api/paths',
  '/api/findings',
  '/api/changes',
  '/api/diff',
  '/api/search',
  '/api/healthz',
  '/api/readyz',
];

export async function GET(request: Request) {
  const { pathname } = new URL(request.url);
  return json({ error: `no API at ${pathname}`, routes: ROUTES }, 404);
}
