import type { NextRequest } from 'next/server';
import { badRequest, json } from '@/lib/web/api';
import { withSource } from '@/lib/web/with-source';
import { bothComplete, diffJson } from '@/lib/reports/diff-report';
import { diffOf, diffSide } from '@/lib/web/snapshot-diff';

export const dynamic = 'force-dynamic';

/** Two states compared (snapshots in RBAC_ATLAS_SNAPSHOT_DIR, or "current"): as `rbac-atlas diff -o json` gives it. */
export async function GET(req: NextRequest) {
  const from = req.nextUrl.searchParams.get('from') ?? '';
  const to = req.nextUrl.searchParams.get('to') ?? '';
  if (!from || !to)
    return badRequest('from and to are required: snapshot names in RBAC_ATLAS_SNAPSHOT_DIR, or current');
  return withSource(
    async () => {
      const [before, after] = await Promise.all([diffSide(from), diffSide(to)]);
      if ('problem' in before) return badRequest(`from: ${before.problem}`);
      if ('problem' in after) return badRequest(`to: ${after.problem}`);
      const completeness = bothComplete(before.engine.completeness('paths'), after.engine.completeness('paths'));
      return json(
        diffJson(diffOf(before.engine, after.engine), {
          from: before.description,
          to: after.description,
          completeness,
          notes: [...before.problems, ...after.problems],
        }),
      );
    },
    from === 'current' || to === 'current',
  );
}
