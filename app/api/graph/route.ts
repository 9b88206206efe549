import type { NextRequest } from 'next/server';
import { namespaceView } from '@/lib/graph/namespace-view';
import { parseViewParams } from '@/lib/web/graph-params';
import { badRequest, json } from '@/lib/web/api';
import { withSource } from '@/lib/web/with-source';
import { currentData } from '@/lib/web/current';
import { firstParam, searchParamsOf } from '@/lib/web/search-params';
import { graphWithHrefs } from '@/lib/web/links';
import { riskStatusJson } from '@/lib/reports/risk-status';

export const dynamic = 'force-dynamic';

export async function GET(req: NextRequest) {
  const q = searchParamsOf(req.nextUrl.searchParams);
  const namespace = firstParam(q.namespace);
  if (!namespace) return badRequest('namespace is required');
  const params = parseViewParams(q);
  if (!params.success)
    return badRequest(params.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return withSource(async () => {
    const { engine, source } = await currentData();
    if (!engine.namespace(namespace)) return json({ error: `namespace "${namespace}" not found` }, 404);
    // Its ring of risky pods reads the attack paths: read before drawing (risk-status.ts).
    const risks = riskStatusJson(engine.risks.status());
    return json({
      ...engine.completeness('view', namespace),
      risks,
      ...graphWithHrefs(await namespaceView(engine, namespace, params.data, source.cluster?.resourceTypes)),
    });
  });
}
