import {
  CLUSTER_ADMIN,
  createEngine,
  describePathNode,
  kubeVersionJson,
  kubeVersionSummary,
  parseSubjectText,
  SUBJECT_TEXT_FORMS,
  subjectText,
  type PathTarget,
  type SubjectRef,
} from '@/lib/rbac';
import { pathLines } from '@/lib/reports/path-lines';
import { unknownSubjectCompleteness } from '@/lib/reports/subject-report';
import { UsageError } from '../errors';
import { exitFor, loadFromFlags, type SourceFlags } from '../load';
import type { Output } from '../output';
import { formatTable } from '../table';

export interface PathsFlags extends SourceFlags {
  from?: string;
  to?: string;
  output?: string;
}

function subjectFlag(flag: string, value: string): SubjectRef {
  const ref = parseSubjectText(value);
  if (!ref) throw new UsageError(`${flag} "${value}": expected ${SUBJECT_TEXT_FORMS}`);
  return ref;
}

/** `user:ghost is named by no binding ...`: what the data read says of a subject it does not know. */
function unknownSubjectNote(ref: SubjectRef, completeness: { complete: boolean }): string {
  const named = `${subjectText(ref)} is named by no binding${ref.kind === 'ServiceAccount' ? ' and is no ServiceAccount' : ''} in the data read`;
  return completeness.complete
    ? `${named} (a typo? only the groups it is in can give it a path)`
    : `${named}, which is incomplete: a binding that was not read may name it`;
}

export async function runPaths(flags: PathsFlags, out: Output): Promise<number> {
  const format = flags.output ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--output must be table or json, got "${format}"`);
  const target: PathTarget = !flags.to || flags.to === CLUSTER_ADMIN ? CLUSTER_ADMIN : subjectFlag('--to', flags.to);
  const from = flags.from === undefined ? undefined : subjectFlag('--from', flags.from);
  const source = await loadFromFlags(flags, out.err);
  const engine = createEngine(source.model);
  const completeness = engine.completeness('paths');
  // A subject no binding read names: said, with the incompleteness when the data was not whole.
  for (const [flag, ref] of [
    ['--from', from],
    ['--to', target === CLUSTER_ADMIN ? undefined : target],
  ] as const)
    if (ref && !engine.isKnown(ref))
      out.err(`Note: ${flag} ${unknownSubjectNote(ref, unknownSubjectCompleteness(engine, ref))}`);
  const found = from ? engine.pathFrom(from, target) : undefined;
  const paths = from ? (found && found.steps.length > 0 ? [found] : []) : engine.pathsTo(target);
  if (format === 'json') {
    out.out(JSON.stringify({ kubernetes: kubeVersionJson(engine.kubernetes), ...completeness, paths }, null, 2));
    return exitFor(0, completeness, flags, out.err);
  }
  out.err(kubeVersionSummary(engine.kubernetes));
  const to = describePathNode(target);
  if (from) {
    if (found && found.steps.length === 0) out.out(`${subjectText(from)} already is ${to}.`);
    else if (!found) out.out(`No path from ${subjectText(from)} to ${to}.`);
    else out.out(pathLines(found).join('\n'));
    return exitFor(0, completeness, flags, out.err);
  }
  if (paths.length === 0) {
    out.out(`No subject can become ${to}.`);
    return exitFor(0, completeness, flags, out.err);
  }
  const rows = paths.map((p) => [
    subjectText(p.from),
    String(p.steps.length),
    p.steps.map((s) => `${s.technique} → ${describePathNode(s.to)}`).join(', '),
  ]);
  out.out(formatTable(['FROM', 'STEPS', 'PATH'], rows));
  out.err(
    `${paths.length} subject(s) can become ${to}; rbac-atlas paths --from SUBJECT shows the grants of each step.`,
  );
  return exitFor(0, completeness, flags, out.err);
}
