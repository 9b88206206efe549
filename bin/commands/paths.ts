import {
  CLUSTER_ADMIN,
  createEngine,
  describeGrant,
  describePathNode,
  describeVia,
  parseSubjectText,
  subjectText,
  type AttackPath,
  type PathTarget,
  type SubjectRef,
} from '@/lib/rbac';
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
  if (!ref)
    throw new UsageError(
      `${flag} "${value}": expected system:serviceaccount:NAMESPACE:NAME, user:NAME or group:NAME (a bare name is a user)`,
    );
  return ref;
}

const plural = (n: number) => `${n} step${n === 1 ? '' : 's'}`;

/** One path as numbered steps, each with what it goes through and the grants that allow it. */
function pathLines(p: AttackPath): string[] {
  const lines = [`${subjectText(p.from)} can become ${describePathNode(p.to)} in ${plural(p.steps.length)}:`];
  p.steps.forEach((s, i) => {
    lines.push(`  ${i + 1}. ${s.technique} → ${describePathNode(s.to)}${s.via ? ` ${describeVia(s.via)}` : ''}`);
    for (const g of s.grants) lines.push(`       ${describeGrant(g)}`);
    if (s.assumes) lines.push(`       assumes ${s.assumes}`);
  });
  if (p.holds) {
    const last = p.steps.at(-1)?.to ?? p.from;
    lines.push(`  ${describePathNode(last)} holds every permission:`);
    for (const g of p.holds) lines.push(`       ${describeGrant(g)}`);
    if (p.holds.length === 0) lines.push('       system:masters: allowed by the API server before RBAC is consulted');
  }
  return lines;
}

export async function runPaths(flags: PathsFlags, out: Output): Promise<number> {
  const format = flags.output ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--output must be table or json, got "${format}"`);
  const target: PathTarget = !flags.to || flags.to === CLUSTER_ADMIN ? CLUSTER_ADMIN : subjectFlag('--to', flags.to);
  const from = flags.from === undefined ? undefined : subjectFlag('--from', flags.from);
  const source = await loadFromFlags(flags, out.err);
  const engine = createEngine(source.model);
  const completeness = engine.completeness('paths');
  const found = from ? engine.pathFrom(from, target) : undefined;
  const paths = from ? (found && found.steps.length > 0 ? [found] : []) : engine.pathsTo(target);
  if (format === 'json') {
    out.out(JSON.stringify({ ...completeness, paths }, null, 2));
    return exitFor(0, completeness, flags, out.err);
  }
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
