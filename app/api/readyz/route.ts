import { currentSource } from '@/lib/k8s/current-source';
import { json, withSource } from '@/lib/views/api';

export const dynamic = 'force-dynamic';

/** Ready when the source has been read; 503 with the reason when it cannot be. */
export async function GET() {
  return withSource(async () => {
    const source = await currentSource();
    return json({ status: 'ok', source: source.description, readAt: source.readAt, problems: source.issues.length });
  });
}
