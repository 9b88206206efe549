// An attack path as numbered lines of text, each step with what it goes through and the grants
// that allow it: the CLI's `paths` and the change review's reports print it alike.
import {
  describeActions,
  describeGrant,
  describePathNode,
  describeVia,
  subjectText,
  type AttackPath,
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
