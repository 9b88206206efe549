// Liveness: the process is up. Says nothing about the source (that is /api/readyz).
export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ status: 'ok' });
}
