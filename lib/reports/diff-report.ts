// A change review as people and machines read it: lines for a terminal, Markdown sized for a pull
// request comment (a summary table, details folded), SARIF for code scanning, and JSON. Each keeps
// the engine's order (most dangerous first) and folds the long tail into "and N more".
import { createHash } from 'node:crypto';
import {
  describeGrant,
  describePathNode,
  describeSubject,
  subjectKey,
  subjectText,
  type AttackPath,
  type Completeness,
  type DiffPermission,
  type Grant,
  type RbacDiff,
  type RbacObjectRef,
  type SubjectDiff,
  type SubjectRef,
} from '@/lib/rbac';
import { markdownText, sarifLog } from './findings-report';
import { pathLines, stepCount } from './path-lines';
import { diffCounts, lineText, listed, objectText, permissionLines } from './diff-lines';

// The words live in diff-lines.ts (pure, so pages render them in the browser too); here for every caller.
export * from './diff-lines';

/** What was compared, and what the reader must know about how. */
export interface DiffMeta {
  from: string;
  to: string;
  completeness: Completeness;
  /** Things the comparison met on the way: a manifest's roleRef change, a deletion of nothing. */
  notes: string[];
}

/** Two states' answers together: complete when both are, else what each could not read. */
export function bothComplete(a: Completeness, b: Completeness): Completeness {
  if (a.complete && b.complete) return a;
  return { complete: false, missing: [...(a.complete ? [] : a.missing), ...(b.complete ? [] : b.missing)] };
}

export const FAIL_ON = ['new-path', 'new-danger', 'any'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** new-path: a subject can newly become cluster-admin; new-danger: that, or a dangerous gain; any: any move. */
export function failsOn(d: RbacDiff, condition: FailOn): boolean {
  const c = diffCounts(d);
  if (condition === 'new-path') return c.opened > 0;
  if (condition === 'new-danger') return c.opened > 0 || c.dangerous > 0;
  return d.subjects.length > 0 || c.opened > 0 || c.closed > 0;
}

export function summaryText(d: RbacDiff): string {
  const c = diffCounts(d);
  const parts = [
    `${d.objects.length} object(s) changed`,
    `${c.gaining} subject(s) gain permissions (${c.dangerous} dangerous)`,
    `${c.losing} lose permissions`,
  ];
  if (d.paths) parts.push(`paths to cluster-admin: ${c.opened} opened, ${c.closed} closed`);
  return `${parts.join('; ')}.`;
}

export interface TextLimits {
  subjects: number;
  lines: number;
}

/** The terminal's report: objects, paths opened and closed step by step, then each subject's lines. */
export function diffText(d: RbacDiff, meta: DiffMeta, limits: TextLimits = { subjects: 50, lines: 8 }): string[] {
  const out = [`Comparing ${meta.from} → ${meta.to}`, summaryText(d)];
  if (d.objects.length > 0) out.push('', 'Objects:', ...d.objects.map((o) => `  ${objectText(o)}`));
  if (d.paths) {
    for (const [label, list] of [
      ['Paths to cluster-admin opened', d.paths.opened],
      ['Paths to cluster-admin closed', d.paths.closed],
    ] as const)
      if (list.length > 0) {
        out.push('', `${label} (${list.length}):`);
        for (const p of list.slice(0, limits.subjects)) out.push(...pathLines(p).map((l) => `  ${l}`));
        if (list.length > limits.subjects) out.push(`  … and ${list.length - limits.subjects} more`);
      }
  }
  for (const s of d.subjects.slice(0, limits.subjects)) {
    out.push('', `${describeSubject(s.subject)}: gained ${s.gained.length}, lost ${s.lost.length}`);
    const lines = [
      ...permissionLines(s.gained).map((l) => ['+', l] as const),
      ...permissionLines(s.lost).map((l) => ['-', l] as const),
    ];
    for (const [sign, l] of lines.slice(0, limits.lines)) {
      const danger = l.dangers.length > 0 ? ` [${l.dangers.join(', ')}]` : '';
      out.push(`  ${sign} ${lineText(l)}${danger}  (${listed(l.via, 2)})`);
    }
    if (lines.length > limits.lines) out.push(`  … and ${lines.length - limits.lines} more lines`);
  }
  if (d.subjects.length > limits.subjects) out.push('', `… and ${d.subjects.length - limits.subjects} more subjects`);
  if (d.subjects.length === 0) out.push('', 'No subject gains or loses a permission.');
  return out;
}

/** Text inside HTML (a <summary>): entities, never markup. */
function htmlText(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/[\r\n]+/g, ' ');
}

function pathCell(s: SubjectDiff, d: RbacDiff): string {
  const key = subjectKey(s.subject);
  const opened = d.paths?.opened.find((p) => subjectKey(p.from) === key);
  const closed = d.paths?.closed.find((p) => subjectKey(p.from) === key);
  if (opened) return `**opened** (${stepCount(opened.steps.length)})`;
  return closed ? `closed` : '';
}

function markdownPath(p: AttackPath): string[] {
  const head = `${describeSubject(p.from)} → ${describePathNode(p.to)} (${stepCount(p.steps.length)})`;
  return [
    '<details>',
    `<summary>${htmlText(head)}</summary>`,
    '',
    '```text',
    ...pathLines(p).map((l) => l.replace(/`/g, "'")),
    '```',
    '',
    '</details>',
  ];
}

function markdownOf(d: RbacDiff, meta: DiffMeta, detailed: number, perSubject: number): string {
  const c = diffCounts(d);
  const out = [
    '## RBAC Atlas change review',
    '',
    `${markdownText(meta.from)} → ${markdownText(meta.to)}`,
    '',
    c.opened > 0
      ? `**${c.opened} new path(s) to cluster-admin.** ${markdownText(summaryText(d))}`
      : markdownText(summaryText(d)),
  ];
  if (!meta.completeness.complete)
    out.push(
      '',
      `> **Incomplete:** not read: ${markdownText(meta.completeness.missing.map((m) => m.kind).join(', '))}.`,
    );
  for (const n of meta.notes) out.push('', `> ${markdownText(n)}`);
  if (d.subjects.length > 0) {
    out.push(
      '',
      '| Subject | Gained | Lost | Dangerous gains | Path to cluster-admin |',
      '| --- | ---: | ---: | --- | --- |',
    );
    for (const s of d.subjects.slice(0, detailed)) {
      const dangers = [...new Set(s.gained.flatMap((p) => p.dangers))];
      out.push(
        `| ${markdownText(describeSubject(s.subject))} | ${s.gained.length} | ${s.lost.length} | ${markdownText(dangers.join(', '))} | ${pathCell(s, d)} |`,
      );
    }
    if (d.subjects.length > detailed) out.push(`| … and ${d.subjects.length - detailed} more subjects | | | | |`);
  }
  if (d.paths && d.paths.opened.length > 0) {
    out.push('', `### Paths to cluster-admin opened (${d.paths.opened.length})`, '');
    for (const p of d.paths.opened.slice(0, detailed)) out.push(...markdownPath(p));
    if (d.paths.opened.length > detailed) out.push('', `… and ${d.paths.opened.length - detailed} more`);
  }
  if (d.paths && d.paths.closed.length > 0)
    out.push(
      '',
      `### Paths to cluster-admin closed (${d.paths.closed.length})`,
      '',
      markdownText(
        listed(
          d.paths.closed.map((p) => describeSubject(p.from)),
          detailed,
        ),
      ),
    );
  if (d.subjects.length > 0) out.push('', '### Details', '');
  for (const s of d.subjects.slice(0, detailed)) {
    out.push(
      '<details>',
      `<summary>${htmlText(`${describeSubject(s.subject)}: gained ${s.gained.length}, lost ${s.lost.length}`)}</summary>`,
      '',
    );
    const lines = [
      ...permissionLines(s.gained).map((l) => ['gained', l] as const),
      ...permissionLines(s.lost).map((l) => ['lost', l] as const),
    ];
    for (const [what, l] of lines.slice(0, perSubject)) {
      const danger = l.dangers.length > 0 ? ` ⚠ ${markdownText(l.dangers.join(', '))}` : '';
      out.push(`- **${what}** ${markdownText(lineText(l))}${danger} — ${markdownText(listed(l.via, 2))}`);
    }
    if (lines.length > perSubject) out.push(`- … and ${lines.length - perSubject} more`);
    out.push('', '</details>');
  }
  return `${out.join('\n')}\n`;
}

/** GitHub takes comments up to 65,536 characters: fewer details until it fits. */
export const MARKDOWN_LIMIT = 60_000;

export function diffMarkdown(d: RbacDiff, meta: DiffMeta): string {
  let detailed = 25;
  let perSubject = 10;
  let text = markdownOf(d, meta, detailed, perSubject);
  while (text.length > MARKDOWN_LIMIT && detailed > 1) {
    detailed = Math.floor(detailed / 2);
    perSubject = Math.max(3, perSubject - 2);
    text = markdownOf(d, meta, detailed, perSubject);
  }
  return text.length > MARKDOWN_LIMIT ? `${text.slice(0, MARKDOWN_LIMIT)}\n\n… (cut to fit a comment)\n` : text;
}

/** A grant as the JSON names it: binding, role, rule index and subject (the rule is the role's; 100 admins gaining 70 permissions each would repeat it 7,000 times). */
const grantRef = ({ binding, role, ruleIndex, subject }: Grant) => ({ binding, role, ruleIndex, subject });
const permissionJson = (p: DiffPermission) => ({ ...p, grants: p.grants.map(grantRef) });

export function diffJson(d: RbacDiff, meta: DiffMeta) {
  return {
    from: meta.from,
    to: meta.to,
    ...meta.completeness,
    notes: meta.notes,
    objects: d.objects,
    subjects: d.subjects.map((s) => ({
      ...s.subject,
      gained: s.gained.map(permissionJson),
      lost: s.lost.map(permissionJson),
    })),
    ...(d.paths && { paths: d.paths }),
  };
}

const SARIF_RULES = [
  {
    id: 'new-path-to-cluster-admin',
    level: 'error',
    severity: '9.5',
    text: 'A subject can newly become cluster-admin',
  },
  {
    id: 'dangerous-permission-gained',
    level: 'warning',
    severity: '8.0',
    text: 'A subject gains a dangerous permission',
  },
  { id: 'permission-gained', level: 'note', severity: '3.0', text: 'A subject gains a permission' },
] as const;

type SarifRule = (typeof SARIF_RULES)[number];

/**
 * SARIF 2.1.0: a result per opened path and per subject's gains, located at the manifest that
 * carries the binding or role behind it when the change came from manifests, else at the source.
 */
export function diffSarif(
  d: RbacDiff,
  meta: DiffMeta & { version: string; uri: string; origin?: (ref: RbacObjectRef) => string | undefined },
) {
  // The manifest of the first binding or role behind the result that came from one, by ref.
  const locate = (refs: readonly RbacObjectRef[]) => refs.map((r) => meta.origin?.(r)).find(Boolean) ?? meta.uri;
  const result = (rule: SarifRule, subject: SubjectRef, text: string, refs: RbacObjectRef[], detail: string[]) => ({
    ruleId: rule.id,
    level: rule.level,
    message: { text },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: locate(refs) } },
        logicalLocations: [{ fullyQualifiedName: subjectText(subject), kind: 'subject' }],
      },
    ],
    partialFingerprints: {
      'rbacAtlasChange/v1': createHash('sha256')
        .update(`${rule.id}\n${subjectText(subject)}\n${detail.join('\n')}`)
        .digest('hex'),
    },
    properties: { details: detail },
  });
  const results = [];
  for (const p of d.paths?.opened ?? []) {
    const grants = p.steps.flatMap((s) => s.grants).concat(p.holds ?? []);
    const refs = grants.flatMap((g): RbacObjectRef[] => [...(g.binding ? [g.binding] : []), g.role]);
    results.push(
      result(
        SARIF_RULES[0],
        p.from,
        `${subjectText(p.from)} can newly become cluster-admin in ${stepCount(p.steps.length)}`,
        refs,
        pathLines(p),
      ),
    );
  }
  for (const s of d.subjects) {
    if (s.gained.length === 0) continue;
    const dangerous = s.gained.filter((p) => p.dangers.length > 0);
    const rule = dangerous.length > 0 ? SARIF_RULES[1] : SARIF_RULES[2];
    const shown = dangerous.length > 0 ? dangerous : s.gained;
    const refs = shown.flatMap((p) => p.grants.flatMap((g): RbacObjectRef[] => [g.binding, g.role]));
    const lines = permissionLines(shown).map(lineText);
    results.push(
      result(
        rule,
        s.subject,
        `${subjectText(s.subject)} gains ${listed(lines, 3)}`,
        refs,
        shown.flatMap((p) => p.grants.map(describeGrant)),
      ),
    );
  }
  const used = new Set(results.map((r) => r.ruleId));
  const rules = SARIF_RULES.filter((r) => used.has(r.id)).map((r) => ({
    id: r.id,
    shortDescription: { text: r.text },
    defaultConfiguration: { level: r.level },
    properties: { 'security-severity': r.severity, tags: ['security', 'kubernetes', 'rbac'] },
  }));
  return sarifLog(meta.version, rules, results);
}
