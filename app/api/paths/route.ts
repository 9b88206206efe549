import type { NextRequest } from 'next/server';
import { CLUSTER_ADMIN, pageOf, parseSubjectText, SUBJECT_TEXT_FORMS, type PathTarget } from '@/lib/rbac';
import { badRequest, json, jsonStream } from '@/lib/web/api';
import { withSource } from '@/lib/web/with-source';
import { currentData } from '@/lib/web/current';
import { riskStatusJson } from '@/lib/reports/risk-status';
import { expiredContinue, optionalApiPaging, pageFields, riskListVersion } from '@/lib/web/paging';

export const dynamic = 'force-dynamic';

/**
 * The same JSON as `rbac-atlas paths -o json`: every subject's shortest path, streamed, or a page of
 * them (`limit`, `continue`, `total`, as the other lists; a token from another version of the paths
 * is 410 Gone); with `from`, one subject's (never paged).
 */
export async function GET(req: NextRequest) {
  const q = req.nextUrl.searchParams;
  const fromText = q.get('from');
  const toText = q.get('to') ?? CLUSTER_ADMIN;
  const from = fromText === null ? undefined : parseSubjectText(fromText);
  if (fromText !== null && !from) return badRequest(`from: expected ${SUBJECT_TEXT_FORMS}`);
  const to: PathTarget | undefined = toText === CLUSTER_ADMIN ? CLUSTER_ADMIN : parseSubjectText(toText);
  if (!to) return badRequest(`to: expected cluster-admin or ${SUBJECT_TEXT_FORMS}`);
  const paging = optionalApiPaging(q);
  if (!paging.ok) return badRequest(paging.error);
  return withSource(async () => {
    const { engine } = await currentData();
    // Read before the answer: computing, `paths` is empty and says nothing (docs/api.md).
    const risks = riskStatusJson(engine.risks.status());
    const head = { ...engine.completeness('paths'), risks };
    if (from) {
      const path = engine.pathFrom(from, to);
      return json({ ...head, paths: path && path.steps.length > 0 ? [path] : [] });
    }
    if ('all' in paging) return jsonStream(head, 'paths', engine.pathsTo(to));
    // A page's token names the answers' version: one from another is 410 (the list would straddle two).
    const version = riskListVersion(engine);
    const expired = expiredContinue(paging, version, risks);
    if (expired) return expired;
    const page = pageOf(engine.pathsTo(to), paging.offset, paging.limit);
    return jsonStream({ ...head, ...pageFields(page, version) }, 'paths', page.items);
  });
}
