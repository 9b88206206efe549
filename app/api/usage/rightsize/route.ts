import type { NextRequest } from 'next/server';
import { badRequest, json } from '@/lib/web/api';
import { currentData, reviewEngine } from '@/lib/web/current';
import { withSource } from '@/lib/web/with-source';
import { describeRequest, subjectText } from '@/lib/rbac';
import { diffJson } from '@/lib/reports/diff-report';
import { usageAnswers, type RequestUse } from '@/lib/web/usage';
import { parseRightsizeTarget } from '@/lib/web/usage-filter';
import { rightsizeView } from '@/lib/web/usage-rightsize';
import { checkText } from '@/lib/web/usage-rightsize-words';
import { usageState } from '@/lib/web/usage-source';

export const dynamic = 'force-dynamic';

const FORMATS = ['json', 'yaml'] as const;

const requestJson = (r: RequestUse) => ({
  user: r.identity.user,
  request: describeRequest(r.request),
  allowed: r.allowed,
  denied: r.denied,
  last: new Date(r.last).toISOString(),
  where: r.where,
});

/**
 * The right-sizing of `subject` (or `namespace`'s service accounts): JSON (the proposal's YAML to
 * apply and to delete, the check that every allowed request is still allowed, the change review,
 * denied requests apart), or `format=yaml`, the YAML to apply as a file. No audit log: 404 with why.
 */
export async function GET(req: NextRequest) {
  const q = req.nextUrl.searchParams;
  const target = parseRightsizeTarget(q);
  if (!target.ok) return badRequest(target.error);
  const format = q.get('format') ?? 'json';
  if (!FORMATS.includes(format as (typeof FORMATS)[number]))
    return badRequest(`format must be json or yaml, got "${format.slice(0, 40)}"`);
  return withSource(async () => {
    const { engine: current, source } = await currentData();
    const usage = usageState();
    if ('none' in usage) return json({ error: usage.none }, 404);
    const engine = reviewEngine(current);
    const view = rightsizeView(
      engine,
      source,
      usageAnswers(engine, usage.feed),
      usage.feed.index.version,
      target.value,
    );
    if (format === 'yaml')
      return new Response(view.applyYaml, {
        headers: {
          'content-type': 'application/yaml; charset=utf-8',
          'content-disposition': 'attachment; filename="rightsize.yaml"',
          'cache-control': 'no-store',
        },
      });
    return json({
      subjects: view.subjects.map(subjectText),
      window: usage.feed.window(),
      applyYaml: view.applyYaml,
      deleteYaml: view.deleteYaml,
      notes: view.notes,
      check: {
        text: checkText(view.check),
        checked: view.check.checked,
        failures: view.check.failures.map(requestJson),
      },
      review: diffJson(view.diff, {
        from: 'now',
        to: 'with the proposal',
        completeness: engine.completeness('paths'),
        notes: view.notes,
      }),
      denied: view.denied.map(requestJson),
      superuser: view.superuser.map(requestJson),
    });
  });
}
