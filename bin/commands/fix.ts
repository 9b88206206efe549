// `rbac-atlas fix`: the change that removes a finding (as `audit` lists it: its id and ref), its
// YAML and kubectl command, and its effect measured on that YAML — the words /fix and /api/fix use.
import { createEngine, findingTarget, fixOfFinding, FIX_CHOICES, type Finding, type FixChoice } from '@/lib/rbac';
import { fixEffect, fixManifest } from '@/lib/k8s/fix-effect';
import { findingRef } from '@/lib/reports/findings-report';
import { findingAbout, fixJson, fixLines, type FixReport } from '@/lib/reports/fix-report';
import { fixText } from '@/lib/reports/fix-text';
import { UsageError } from '../errors';
import { loadFromFlags, type SourceFlags } from '../load';
import type { Output } from '../output';

export interface FixFlags extends SourceFlags {
  ref?: string;
  choice?: string;
  output?: string;
}

const FORMATS = ['text', 'json', 'yaml', 'command'];

/** The one finding of `id` (and `ref`, as audit prints it); a usage error lists the refs when several match. */
function chosen(findings: readonly Finding[], id: string, ref: string | undefined): Finding {
  const ofId = findings.filter((f) => f.id === id);
  const matching = ref === undefined ? ofId : ofId.filter((f) => findingRef(f) === ref);
  if (matching.length === 1) return matching[0]!;
  if (ofId.length === 0) throw new UsageError(`no ${id} finding (rbac-atlas audit lists them)`);
  const refs = ofId.map((f) => `  --ref ${findingRef(f)}`).join('\n');
  throw new UsageError(`${matching.length === 0 ? 'no' : 'more than one'} ${id} finding matches; name one:\n${refs}`);
}

export async function runFix(id: string, flags: FixFlags, out: Output): Promise<number> {
  const format = flags.output ?? 'text';
  if (!FORMATS.includes(format)) throw new UsageError(`--output must be one of ${FORMATS.join(', ')}, got "${format}"`);
  if (flags.choice !== undefined && !FIX_CHOICES.includes(flags.choice as FixChoice))
    throw new UsageError(`--choice must be one of ${FIX_CHOICES.join(', ')}, got "${flags.choice}"`);
  const source = await loadFromFlags(flags, out.err);
  const engine = createEngine(source.model);
  const finding = chosen(engine.findings(), id, flags.ref);
  const answer = fixOfFinding({ engine, model: source.model }, finding, flags.choice as FixChoice | undefined);
  const report: FixReport = {
    about: findingAbout(finding),
    finding,
    answer,
    completeness: engine.completeness('paths'),
    source: source.description,
  };
  if (answer.fix) {
    report.text = fixText(answer.fix, fixManifest);
    // A file source keeps an aggregated role's stored rules no role read explains (what-if.ts).
    const e = fixEffect(engine, source.model, report.text, {
      keepStored: !source.objects,
      finding: findingTarget(finding),
    });
    report.effect = { diff: e.diff, notes: e.notes, ...(e.remains !== undefined && { remains: e.remains }) };
  }
  if (format === 'json') out.out(JSON.stringify(fixJson(report), null, 2));
  else if (format === 'yaml') out.out((report.text?.applyYaml ?? '').trimEnd());
  else if (format === 'command') out.out(report.text?.command ?? '');
  else for (const line of fixLines(report)) out.out(line);
  return answer.fix ? 0 : 1;
}
