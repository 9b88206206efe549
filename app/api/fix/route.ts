import type { NextRequest } from 'next/server';
import { badRequest, json } from '@/lib/web/api';
import { withSource } from '@/lib/web/with-source';
import { currentData } from '@/lib/web/current';
import { fixReport, parseFixRequest } from '@/lib/web/fix';
import { fixJson } from '@/lib/reports/fix-report';

export const dynamic = 'force-dynamic';

/** The fix /fix shows, as `rbac-atlas fix -o json` gives it: the change, its YAML and command, its effect. */
export async function GET(req: NextRequest) {
  const parsed = parseFixRequest(req.nextUrl.searchParams);
  if (!parsed.ok) return badRequest(parsed.error);
  return withSource(async () => {
    const data = await currentData();
    const risks = data.engine.risks.status();
    const report = fixReport(data, parsed.value);
    // No finding is found while none is computed: that says nothing of this one (docs/api.md).
    if (!report && risks.state !== 'current') {
      const res = json({ error: "this version's findings are being computed: ask again in a moment", risks }, 503);
      res.headers.set('retry-after', '5');
      return res;
    }
    if (!report) return json({ error: 'the finding is not found in the current data' }, 404);
    return json(fixJson(report));
  });
}
