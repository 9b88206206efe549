import type { NextRequest } from 'next/server';
import { badRequest, csv, json } from '@/lib/web/api';
import { withSource } from '@/lib/web/with-source';
import { currentData } from '@/lib/web/current';
import { subjectCsv } from '@/lib/reports/csv';
import { subjectReport, subjectReportPage, unknownSubjectBody } from '@/lib/reports/subject-report';
import { subjectFromSegments } from '@/lib/web/links';
import { apiPaging, pageFields } from '@/lib/web/paging';
import { exportFormat } from '@/lib/web/url-state';

export const dynamic = 'force-dynamic';

export async function GET(req: NextRequest, { params }: { params: Promise<{ ref: string[] }> }) {
  const ref = subjectFromSegments((await params).ref);
  const format = exportFormat(req.nextUrl.searchParams);
  if (!format.ok) return badRequest(format.error);
  if (!ref)
    return badRequest(
      'expected /api/subjects/serviceaccount/NAMESPACE/NAME, /api/subjects/user/NAME or /api/subjects/group/NAME',
    );
  const paging = apiPaging(req.nextUrl.searchParams);
  if (!paging.ok) return badRequest(paging.error);
  return withSource(async () => {
    const { engine } = await currentData();
    // A service account unknown to the data read: a 404 that says whether that data was whole
    // (complete, missing). A user or group no binding names still has what system:authenticated
    // grants, as the subject page shows: answered, with `named: false`.
    const named = engine.isKnown(ref);
    if (!named && ref.kind === 'ServiceAccount') return json(unknownSubjectBody(engine, ref), 404);
    const full = subjectReport(engine, ref);
    const completeness = engine.completeness('permissions');
    if (format.value === 'csv') return csv(subjectCsv(full), 'permissions.csv', completeness);
    // Paged by grant (limit grants a page: cluster-wide first, then namespace by namespace).
    const { report, page } = subjectReportPage(full, paging.offset, paging.limit);
    return json({ ...completeness, named, ...report, ...pageFields(page) });
  });
}
