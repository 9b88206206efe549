import type { NextRequest } from 'next/server';
import { parseRequestQuery } from '@/lib/request/query';
import { badRequest, csv, json, withSource } from '@/lib/views/api';
import { currentData } from '@/lib/views/current';
import { whoCanCsv } from '@/lib/views/csv';

export const dynamic = 'force-dynamic';

export async function GET(req: NextRequest) {
  const q = req.nextUrl.searchParams;
  const parsed = parseRequestQuery(q);
  if (!parsed.ok) return badRequest(parsed.error);
  const format = q.get('format') ?? 'json';
  if (format !== 'json' && format !== 'csv') return badRequest(`format must be json or csv, got "${format}"`);
  return withSource(async () => {
    const { engine } = await currentData();
    const subjects = engine.whoCan(parsed.value);
    if (format === 'csv') {
      return csv(whoCanCsv(subjects), 'who-can.csv');
    }
    return json({ request: parsed.value, subjects });
  });
}
