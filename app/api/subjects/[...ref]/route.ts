import type { NextRequest } from 'next/server';
import { subjectLabel } from '@/lib/rbac';
import { badRequest, json, withSource } from '@/lib/views/api';
import { currentData } from '@/lib/views/current';
import { subjectFromSegments, subjectKnown, subjectReport } from '@/lib/views/subject-report';

export const dynamic = 'force-dynamic';

export async function GET(_req: NextRequest, { params }: { params: Promise<{ ref: string[] }> }) {
  const ref = subjectFromSegments((await params).ref);
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
    return json(subjectReport(engine, ref));
  });
}
