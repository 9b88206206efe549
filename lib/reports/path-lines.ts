// An attack path as numbered lines of text, each step with what it goes through and the grants
// that allow it: the CLI's `paths` and the change review's reports print it alike.
import {
  describeActions,
  describeGrant,
  describePathNode,
  describeVia,
  subjectText,
  type AttackPath,
  type EffectiveWhoCan,
} from '@/lib/rbac';

export const stepCount = (n: number) => `${n} step${n === 1 ? '' : 's'}`;

export function pathLines(p: AttackPath): string[] {
  const limited = p.limitedTo ? `, ${describeActions(p.limitedTo)}` : '';
  const lines = [
    `${subjectText(p.from)} can become ${describePathNode(p.to)} in ${stepCount(p.steps.length)}${limited}:`,
  ];
  p.steps.forEach((s, i) => {
    lines.push(`  ${i + 1}. ${s.technique} → ${describePathNode(s.to)}${s.via ? ` ${describeVia(s.via)}` : ''}`);
    for (const g of s.grants) lines.push(`       ${describeGrant(g)}`);
    if (s.actions) lines.push(`       as it: ${describeActions(s.actions)}`);
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

/** How far an indirect holder is: "1 step away", "2 steps away". */
export const stepsAway = (n: number) => `${stepCount(n)} away`;

/** The heading of who effectively can's indirect holders, on the CLI and the page alike. */
export function indirectHeading(total: number, asked: string): string {
  if (total === 0) return `No other subject can become one that can ${asked}.`;
  return `${total.toLocaleString('en')} more subject${total === 1 ? '' : 's'} can become one that can ${asked}:`;
}

/**
 * Who effectively can, as text: each distance a heading ("1 step away (3)"), each subject its path's
 * lines, ending at the holder it becomes. The CLI's `who-can --effective` prints it; the page and the
 * API use the same headings (stepsAway).
 */
export function effectiveLines(answer: EffectiveWhoCan, asked: string): string[] {
  const lines: string[] = [];
  const total = answer.indirect.reduce((n, g) => n + g.subjects.length, 0);
  lines.push(indirectHeading(total, asked));
  if (total === 0) return lines;
  for (const g of answer.indirect) {
    lines.push('', `${stepsAway(g.distance)} (${g.subjects.length}):`);
    for (const s of g.subjects) lines.push(...pathLines(s.path).map((l) => `  ${l}`));
  }
  return lines;
}
