import {
  createEngine,
  describeRequest,
  kubeVersionJson,
  kubeVersionSummary,
  type WhoCanSubject,
  requestNamespace,
} from '@/lib/rbac';
import { grantWhyLines } from '@/lib/reports/grant-words';
import { effectiveLines } from '@/lib/reports/path-lines';
import { UsageError } from '../errors';
import { exitFor, requestAndSource, type SourceFlags } from '../load';
import type { Output } from '../output';
import { namespaceFrom, type ScopeFlags } from '../scope';
import { formatTable } from '../table';

export interface WhoCanFlags extends SourceFlags, ScopeFlags {
  subresource?: string;
  output?: string;
  effective?: boolean;
}

/**
 * "RoleBinding a/x → Role a/r, rule 2: get, list on secrets", prefixed with the group when the
 * subject is reached through one: the words the who-can page and the API's `why` use.
 */
function grantedBy(subject: WhoCanSubject): string[] {
  const lines = grantWhyLines(subject.grants, subject);
  if (subject.superuser) lines.push('system:masters: allowed by the API server before RBAC is consulted');
  return lines;
}

export async function runWhoCan(verb: string, target: string, flags: WhoCanFlags, out: Output): Promise<number> {
  const format = flags.output ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--output must be table or json, got "${format}"`);
  const args = { verb, target, subresource: flags.subresource ?? '', namespace: namespaceFrom(flags) };
  const { parsed, source } = await requestAndSource(args, flags, out);
  const engine = createEngine(source.model);
  const effective = flags.effective ? engine.whoCanEffective(parsed.request) : undefined;
  const subjects = effective?.direct ?? engine.whoCan(parsed.request);
  const completeness = engine.completeness(flags.effective ? 'paths' : 'who-can', requestNamespace(parsed.request));
  if (format === 'json') {
    const { complete, missing } = completeness;
    const { request, resolved, warnings } = parsed;
    const kubernetes = kubeVersionJson(engine.kubernetes);
    const indirect = effective && { indirect: effective.indirect };
    out.out(
      JSON.stringify({ kubernetes, request, resolved, warnings, complete, missing, subjects, ...indirect }, null, 2),
    );
    return exitFor(0, completeness, flags, out.err);
  }
  out.err(kubeVersionSummary(engine.kubernetes));
  const asked = describeRequest(parsed.request);
  const more = effective ? ['', ...effectiveLines(effective, asked)].join('\n') : undefined;
  if (subjects.length === 0) {
    out.out(`No subject can ${asked}.${more ? `\n${more}` : ''}`);
    return exitFor(0, completeness, flags, out.err);
  }
  const rows = subjects.flatMap((s) =>
    grantedBy(s).map((why, i) =>
      i === 0 ? [s.kind, s.kind === 'ServiceAccount' ? s.namespace : '', s.name, why] : ['', '', '', why],
    ),
  );
  out.out(formatTable(['KIND', 'NAMESPACE', 'NAME', 'GRANTED BY'], rows));
  if (more) out.out(more);
  out.err(`${subjects.length} subject(s) can ${asked}.`);
  return exitFor(0, completeness, flags, out.err);
}
