import type { NextRequest } from 'next/server';
import { badRequest, json } from '@/lib/web/api';
import { currentData, reviewEngine } from '@/lib/web/current';
import { withSource } from '@/lib/web/with-source';
import { describeRequest, subjectText, type Engine, type Rightsizing, type ShapeUsage } from '@/lib/rbac';
import { diffJson } from '@/lib/reports/diff-report';
import { parseRightsizeTarget } from '@/lib/web/usage-filter';
import { rightsizeView } from '@/lib/web/usage-rightsize';
import { checkText, editNotes, rightsizeNotes } from '@/lib/web/usage-rightsize-words';
import { readyUsageState } from '@/lib/web/usage-source';

export const dynamic = 'force-dynamic';

const FORMATS = ['json', 'yaml'] as const;

const shapeJson = (s: ShapeUsage) => ({
  user: s.identity.user,
  request: describeRequest(s.request),
  count: s.count,
  allowed: s.allowed,
  denied: s.denied,
  last: new Date(s.last).toISOString(),
  where: s.lastWhere,
});

const proposalJson = (engine: Engine, r: Rightsizing) => ({
  subject: subjectText(r.subject),
  check: {
    text: checkText(r),
    requests: r.check.requests,
    events: r.check.events,
    failures: r.check.failures.map((f) => ({
      user: f.identity.user,
      request: describeRequest(f.request),
      where: f.where,
    })),
  },
  replaced: r.replaced,
  throughGroups: r.throughGroups,
  notes: rightsizeNotes(engine, r),
  denied: r.denied.map(shapeJson),
  mastersOnly: r.mastersOnly.map((u) => shapeJson(u.shape)),
  notGranted: r.notGranted.map((u) => shapeJson(u.shape)),
});

/**
 * The right-sizing of `subject` (or `namespace`'s service accounts): JSON (each proposal's check
 * that every allowed request is still allowed, the YAML to apply and to delete, the change review,
 * denied requests apart), or `format=yaml`, the YAML to apply as a file. No audit log: 404 with why.
 */
export async function GET(req: NextRequest) {
  const q = req.nextUrl.searchParams;
  const target = parseRightsizeTarget(q);
  if (!target.ok) return badRequest(target.error);
  const format = q.get('format') ?? 'json';
  if (!FORMATS.includes(format as (typeof FORMATS)[number]))
    return badRequest(`format must be json or yaml, got "${format.slice(0, 40)}"`);
  const usage = await readyUsageState();
  return withSource(async () => {
    const { engine: current } = await currentData();
    if ('none' in usage) return json({ error: usage.none }, 404);
    // The YAML needs no attack paths; the JSON's review compares them: this version's, never a
    // previous one's (reviewEngine: 503 while they are built).
    const engine = format === 'yaml' ? current : reviewEngine(current);
    const view = rightsizeView(engine, usage.feed, target.value, format !== 'yaml');
    if (format === 'yaml')
      return new Response(view.applyYaml, {
        headers: {
          'content-type': 'application/yaml; charset=utf-8',
          'content-disposition': 'attachment; filename="rightsize.yaml"',
          'cache-control': 'no-store',
        },
      });
    return json({
      window: usage.feed.window(),
      proposals: view.proposals.map((r) => proposalJson(engine, r)),
      edits: view.edits,
      notes: editNotes(view.edits),
      applyYaml: view.applyYaml,
      deleteYaml: view.deleteYaml,
      review: diffJson(view.diff, {
        from: 'now',
        to: 'with the proposal',
        completeness: engine.completeness('paths'),
        notes: view.pathsCompared ? [] : ['paths to cluster-admin are compared one subject at a time'],
      }),
    });
  });
}
