import { fixManifest } from '@/lib/k8s/fix-effect';
import {
  reviewRightsizing,
  rightsize,
  rightsizeNamespace,
  rightsizeObjects,
  subjectText,
  type Engine,
  type Rightsizing,
  type UsageIndex,
  withSharedEdits,
} from '@/lib/rbac';
import {
  reviewLines,
  rightsizeJson,
  rightsizeMarkdown,
  rightsizeMarkdowns,
  rightsizeSummary,
  rightsizeYaml,
} from '@/lib/reports/rightsize-report';
import { UsageError } from '../errors';
import { exitFor, type SourceFlags } from '../load';
import type { Output } from '../output';
import { engineFrom, readUsage, subjectFlag, type AuditLogFlags } from './usage';

export interface RightsizeFlags extends AuditLogFlags {
  subject?: string;
  namespace?: string;
  output?: string;
  paths?: boolean;
}

const FORMATS = ['yaml', 'json', 'markdown'];

/** The proposals the flags ask for: one subject's, or every service account's of a namespace. */
function proposals(engine: Engine, usage: UsageIndex, flags: RightsizeFlags): Rightsizing[] {
  const subject = subjectFlag(flags.subject);
  if (subject) return [rightsize(engine, usage, subject)];
  return rightsizeNamespace(engine, usage, flags.namespace!);
}

function checkFlags(flags: RightsizeFlags): string {
  const format = flags.output ?? 'yaml';
  if (!FORMATS.includes(format)) throw new UsageError(`--output must be yaml, json or markdown, got "${format}"`);
  if ((flags.subject === undefined) === (flags.namespace === undefined))
    throw new UsageError('give one of --subject or -n/--namespace (every service account of the namespace)');
  subjectFlag(flags.subject);
  return format;
}

/** `written`: the proposal with the bindings it shares with others written once (withSharedEdits). */
function printOne(engine: Engine, r: Rightsizing, written: Rightsizing, format: string, flags: RightsizeFlags) {
  const change = rightsizeObjects(engine, written);
  const review = format === 'yaml' ? undefined : reviewRightsizing(engine, r, { paths: flags.paths === true });
  if (format === 'json') return rightsizeJson(r, change, fixManifest, review);
  if (format === 'markdown') return rightsizeMarkdown(r, change, fixManifest, review);
  return rightsizeYaml(r, change, fixManifest);
}

export async function runRightsize(flags: RightsizeFlags, out: Output): Promise<number> {
  const format = checkFlags(flags);
  const engine = await engineFrom(flags, out);
  const usage = await readUsage(flags, out);
  const all = proposals(engine, usage, flags);
  if (all.length === 0)
    out.err(`note: namespace ${flags.namespace} has no service account in the model read or in the window`);
  for (const r of all)
    if (!engine.isKnown(r.subject) && r.granted.length + r.denied.length + r.stillAllowed.length === 0)
      out.err(`note: ${subjectText(r.subject)} is neither in the model read nor in the window: nothing to propose`);
  // A binding two service accounts of the namespace leave is written once, as both leave it: two
  // edits applied in turn would each put the other's subject back.
  const written = withSharedEdits(all);
  const printed = all.map((r, i) => printOne(engine, r, written[i]!, format, flags));
  if (format === 'json') out.out(JSON.stringify(flags.subject ? printed[0] : printed, null, 2));
  else if (format === 'markdown') out.out(rightsizeMarkdowns(printed as string[]).trimEnd());
  else out.out((printed as string[]).join('---\n').trimEnd());
  for (const r of all) {
    out.err(rightsizeSummary(r)[0]!);
    for (const line of rightsizeSummary(r).filter((l) => l.startsWith('After check') || l.startsWith('Note:')))
      out.err(`  ${line}`);
    for (const f of r.check.failures)
      out.err(`  failure: ${f.where.file}:${f.where.line}: still needed and not allowed after`);
  }
  if (format === 'yaml' && flags.paths)
    for (const r of all) for (const l of reviewLines(reviewRightsizing(engine, r, { paths: true }))) out.err(l);
  // A proposal that would break an observed request is never silent: exit 1.
  const failed = all.some((r) => r.check.failures.length > 0);
  return exitFor(failed ? 1 : 0, engine.completeness('permissions'), flags as SourceFlags, out.err);
}
