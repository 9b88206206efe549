// A fix as the CLI, the API and the page say it: what it is about, the change, its text to apply,
// and its effect (the diff of the state before and after, and whether the finding is still found).
import {
  describeRole,
  describeBinding,
  describeSubject,
  type Completeness,
  type Finding,
  type FixAnswer,
  type GrantTarget,
  type RbacDiff,
} from '@/lib/rbac';
import { diffJson, diffText } from './diff-report';
import type { FixText } from './fix-text';

export interface FixReport {
  /** One line: the finding ("CRITICAL PATH_TO_CLUSTER_ADMIN ServiceAccount ci/x: can become …") or the grant. */
  about: string;
  finding?: Finding;
  grant?: GrantTarget;
  answer: FixAnswer;
  text?: FixText;
  effect?: { diff: RbacDiff; notes: string[]; remains?: boolean };
  completeness: Completeness;
  /** What the source is: "demo data". */
  source: string;
}

export function findingAbout(f: Finding): string {
  const who = f.subject ? `${describeSubject(f.subject)}: ` : '';
  return `${f.severity.toUpperCase()} ${f.id} ${who}${f.title}`;
}

export function grantAbout(t: GrantTarget): string {
  const through = t.binding ? ` through ${describeBinding(t.binding)}` : '';
  const who = t.subject ? ` held by ${describeSubject(t.subject)}` : '';
  return `rule ${t.ruleIndex} of ${describeRole(t.role)}${through}${who}`;
}

/** Whether the change removes what it is about, in words ('' for a grant: the diff says it). */
export function verdictText(r: FixReport): string {
  if (r.effect?.remains === undefined) return '';
  if (!r.effect.remains) return 'After this change the finding is gone.';
  const why =
    r.answer.fix?.notes[0] ?? 'other grants still give it; the effect below lists what the change takes away.';
  return `After this change the finding is still found: ${why}`;
}

export function fixJson(r: FixReport) {
  const { fix, alternative, none } = r.answer;
  return {
    about: r.about,
    ...(r.finding && { finding: { id: r.finding.id, severity: r.finding.severity, title: r.finding.title } }),
    ...(r.grant && { grant: r.grant }),
    ...(none && { none }),
    ...(fix && { choice: fix.choice, why: fix.why, notes: fix.notes }),
    ...(alternative && { alternative: { choice: alternative.choice, why: alternative.why } }),
    ...(r.text && { yaml: r.text.applyYaml, deleteYaml: r.text.deleteYaml, command: r.text.command }),
    ...(r.effect && {
      verdict: verdictText(r),
      ...(r.effect.remains !== undefined && { findingRemains: r.effect.remains }),
      effect: diffJson(r.effect.diff, meta(r)),
    }),
  };
}

const meta = (r: FixReport) => ({
  from: r.source,
  to: `${r.source} with the fix applied`,
  completeness: r.completeness,
  notes: r.effect?.notes ?? [],
});

/** The CLI's text: about, the change and why, the command, the effect. */
export function fixLines(r: FixReport): string[] {
  const { fix, alternative, none } = r.answer;
  const out = [r.about, ''];
  if (!fix || !r.text) return [...out, `No fix: ${none ?? 'nothing to change.'}`];
  out.push(`Fix: ${fix.why}`, ...fix.notes.map((n) => `  note: ${n}`));
  if (alternative) out.push(`Alternative (--choice ${alternative.choice}): ${alternative.why}`);
  out.push('', r.text.command, '');
  if (r.effect) {
    const verdict = verdictText(r);
    if (verdict) out.push(verdict, '');
    out.push(...diffText(r.effect.diff, meta(r)));
  }
  return out;
}
