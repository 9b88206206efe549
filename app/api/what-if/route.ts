// POST /api/what-if: the change review of manifests the reader sends (applied to and deleted from
// the current source, or two snapshots compared), as `rbac-atlas diff -o json` answers it, with
// the input's problems and the CLI command. The one request that is not GET: it writes nothing and
// keeps nothing; lib/security/post-guard.ts refuses what another site could send, and the front
// door lets POST through here only (docs/what-if.md).
import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { WHAT_IF_ROUTE } from '@/lib/security/post-guard';
import { guardedPostBody } from '@/lib/web/guarded-post';
import { badRequest, json } from '@/lib/web/api';
import { currentReviewBase } from '@/lib/web/what-if-base';
import { manifestsReview, snapshotsReview, whatIfJson } from '@/lib/web/what-if-review';
import { withSource } from '@/lib/web/with-source';

export const dynamic = 'force-dynamic';

const file = z.object({ name: z.string().min(1).max(255), text: z.string() }).strict();
const files = z.array(file).max(100).default([]);
const changeBody = z.object({ apply: files, delete: files }).strict();
const snapshotsBody = z.object({ before: file, after: file }).strict();

const USAGE =
  'send {"apply": [{"name", "text"}], "delete": [...]} (manifests on the current source) or {"before": {"name", "text"}, "after": {...}} (two snapshots)';

function parseBody(text: string) {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { kind: 'error' as const, error: `the body is not JSON: ${USAGE}` };
  }
  const snapshots = snapshotsBody.safeParse(raw);
  if (snapshots.success) return { kind: 'snapshots' as const, ...snapshots.data };
  const change = changeBody.safeParse(raw);
  if (!change.success) return { kind: 'error' as const, error: `the body is not a what-if request: ${USAGE}` };
  if (change.data.apply.length + change.data.delete.length === 0)
    return { kind: 'error' as const, error: `nothing to review: ${USAGE}` };
  return { kind: 'change' as const, ...change.data };
}

export async function POST(req: NextRequest) {
  const text = await guardedPostBody(req, WHAT_IF_ROUTE);
  if (typeof text !== 'string') return text;
  const body = parseBody(text);
  if (body.kind === 'error') return badRequest(body.error);
  // Two snapshots read no current data, but a change review is a cluster-wide view: the viewer's access is still checked.
  if (body.kind === 'snapshots')
    return withSource(async () => json(whatIfJson(snapshotsReview(body.before, body.after))), false);
  return withSource(async () => json(whatIfJson(manifestsReview(await currentReviewBase(), body.apply, body.delete))));
}
