import type { NextRequest } from 'next/server';
import { subjectLabel } from '@/lib/rbac';
import { badRequest, csv, json, withSource } from '@/lib/views/api';
import { currentData } from '@/lib/views/current';
import { subjectCsv } from '@/lib/views/csv';
import { subjectFromSegments, subjectKnown, subjectReport } from '@/lib/views/subject-report';

export const dynamic = 'force-dynamic';

export async function GET(req: NextRequest, { params }: { params: Promise<{ ref: string[] }> }) {
  const ref = subjectFromSegments((await params).ref);
  const format = req.nextUrl.searchParams.get('format') ?? 'json';
  if (format !== 'json' && format !== 'csv') return badRequest(`format must be json or csv, got "${format}"`);
  if (!ref)
    return badRequest(
      'expected /api/subjects/serviceaccount/NAMESPACE/NAME, /api/subjects/user/NAME or /api/subjects/group/NAME',
    );
  return withSource(async () => {
    const { engine } = await currentData();
    if (!subjectKnown(engine, ref))
      return json(
        { error: `${ref.kind} "${subjectLabel(ref)}" not found: no such object, and no binding names it` },
        404,
      );
    const report = subjectReport(engine, ref);
    if (format === 'csv') {
      return csv(subjectCsv(report), 'permissions.csv');
    }
    return json(report);
  });
}
