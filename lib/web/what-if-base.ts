// What a what-if review compares against: the current source of the request's context, as the server
// reads it now, and the name the CLI gives it (so the review's command gives the same answer).
import 'server-only';
import type { SourceSpec } from '@/lib/k8s/source';
import { availableContexts, currentData, reviewEngine } from './current';
import type { ReviewBase } from './what-if-review';

async function cliSource(spec: SourceSpec, context: string | undefined): Promise<string> {
  if (spec.kind === 'demo') return 'demo';
  if (spec.kind === 'snapshot') return spec.path;
  if (spec.kind === 'in-cluster') return 'SNAPSHOT (rbac-atlas snapshot -o SNAPSHOT, run in the cluster)';
  const name = context ?? spec.context ?? (await availableContexts())?.default;
  return `context:${name ?? 'NAME'}`;
}

export async function currentReviewBase(): Promise<ReviewBase> {
  const data = await currentData();
  const spec = data.source.spec;
  return {
    model: data.source.model,
    engine: reviewEngine(data.engine),
    description: data.source.description,
    fromFiles: spec.kind === 'snapshot' || spec.kind === 'demo',
    cliSource: await cliSource(spec, data.context),
  };
}
