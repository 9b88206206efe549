import type { NextRequest } from 'next/server';
import { badRequest, json, withSource } from '@/lib/views/api';
import { currentData } from '@/lib/views/current';
import { findingJson } from '@/lib/views/findings-report';

export const dynamic = 'force-dynamic';

/** The same JSON as `rbac-atlas audit -o json` (without exceptions, which are the CLI's file). */
export async function GET(req: NextRequest) {
  const builtin = req.nextUrl.searchParams.get('builtin') ?? 'hide';
  if (builtin !== 'hide' && builtin !== 'show') return badRequest(`builtin must be hide or show, got "${builtin}"`);
  return withSource(async () => {
    const { engine } = await currentData();
    const findings = engine.findings().filter((f) => builtin === 'show' || !f.builtin);
    return json({ ...engine.completeness('paths'), findings: findings.map((f) => findingJson(f)) });
  });
}
