import { readiness } from '@/lib/web/readiness';

export const dynamic = 'force-dynamic';

export function GET() {
  return readiness();
}
