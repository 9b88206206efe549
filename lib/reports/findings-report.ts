// Findings as the audit command and /api/findings give them: JSON, SARIF 2.1.0 for code-scanning
// dashboards, and Markdown for a pull request comment. Names come from the cluster, so Markdown
// escapes them; JSON and SARIF are escaped by JSON itself.
import { createHash } from 'node:crypto';
import {
  objectLabel,
  FINDING_RULES,
  describeBinding,
  describeGrant,
  describeRole,
  describeRule,
  subjectText,
  SEVERITY_LEVELS,
  type Finding,
  type FindingGroup,
  type FindingObject,
  type Severity,
} from '@/lib/rbac';

/** How exceptions and reports name what a finding is about: its subject, else its object. */
export function findingRef(f: Finding): string {
  if (f.subject) return subjectText(f.subject);
  return f.object ? objectText(f.object) : '';
}

function objectText(o: FindingObject): string {
  if (o.kind === 'Pod') return `pod/${o.namespace}/${o.name}`;
  return `${o.kind.toLowerCase()}/${objectLabel(o)}`;
}

export interface FindingJson {
  id: string;
  severity: Severity;
  title: string;
  ref: string;
  subject?: Finding['subject'];
  object?: FindingObject;
  namespace?: string;
  builtin: boolean;
  grants: Finding['grants'];
  path?: Finding['path'];
  remediation: string;
  excepted?: { reason: string; expires?: string };
}

export function findingJson(f: Finding, excepted?: { reason: string; expires?: string }): FindingJson {
  return {
    id: f.id,
    severity: f.severity,
    title: f.title,
    ref: findingRef(f),
    ...(f.subject && { subject: f.subject }),
    ...(f.object && { object: f.object }),
    ...(f.namespace && { namespace: f.namespace }),
    builtin: f.builtin,
    grants: f.grants,
    ...(f.path && { path: f.path }),
    remediation: f.remediation,
    ...(excepted && { excepted }),
  };
}

export interface FindingGroupJson {
  key: string;
  subject?: Finding['subject'];
  object?: FindingObject;
  id?: string;
  /** The worst finding's: the subject's (or kind's) severity. */
  severity: Severity;
  severities: Record<Severity, number>;
  total: number;
  /** By kind: how many subjects and objects it is about. */
  about: number;
  worst: FindingJson;
}

/** One row of /risks as /api/findings?by= gives it: the group's tally and its worst finding. */
export function findingGroupJson(g: FindingGroup): FindingGroupJson {
  return {
    key: g.key,
    ...(g.subject && { subject: g.subject }),
    ...(g.object && { object: g.object }),
    ...(g.id && { id: g.id }),
    severity: g.severity,
    severities: g.severities,
    total: g.total,
    about: g.about,
    worst: findingJson(g.worst),
  };
}

// The engine's severity model says what each severity is to a code-scanning dashboard.
const SECURITY_SEVERITY = (s: Severity) => SEVERITY_LEVELS[s].securitySeverity;
const LEVEL = (s: Severity) => SEVERITY_LEVELS[s].sarif;

/** A SARIF 2.1.0 log of one run of rbac-atlas: the envelope the audit and the change review share. */
export function sarifLog<R, T>(version: string, rules: readonly R[], results: readonly T[]) {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'rbac-atlas', version, informationUri: 'https://github.com/rbac-atlas/rbac-atlas', rules },
        },
        results,
      },
    ],
  };
}

/** SARIF 2.1.0: one rule per finding kind, one result per finding, located at the source read. */
export function findingsSarif(findings: readonly Finding[], source: { uri: string; version: string }) {
  const used = new Set(findings.map((f) => f.id));
  const rules = FINDING_RULES.filter((r) => used.has(r.id)).map((r) => ({
    id: r.id,
    name: r.id
      .toLowerCase()
      .split('_')
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join(''),
    shortDescription: { text: r.title },
    fullDescription: { text: r.description },
    help: { text: `${r.remediation}\n${r.references.join('\n')}` },
    helpUri: r.references[0],
    defaultConfiguration: { level: LEVEL(r.severity) },
    properties: { 'security-severity': SECURITY_SEVERITY(r.severity), tags: ['security', 'kubernetes', 'rbac'] },
  }));
  const results = findings.map((f) => {
    const ref = findingRef(f);
    return {
      ruleId: f.id,
      level: LEVEL(f.severity),
      message: { text: `${ref ? `${ref}: ` : ''}${f.title}` },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: source.uri } },
          logicalLocations: [{ fullyQualifiedName: ref || f.id, kind: f.subject ? 'subject' : 'object' }],
        },
      ],
      partialFingerprints: {
        'rbacAtlasFinding/v1': createHash('sha256').update(`${f.id}\n${ref}`).digest('hex'),
      },
      properties: { severity: f.severity, builtin: f.builtin, grants: f.grants.map(describeGrant) },
    };
  });
  return sarifLog(source.version, rules, results);
}

/** Text from the cluster inside Markdown: no formatting, no table breaks, no HTML. */
export function markdownText(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+!|<>~]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ');
}

export function findingsMarkdown(findings: readonly Finding[], heading: string): string {
  const lines = [`# ${markdownText(heading)}`, ''];
  const counts = new Map<Severity, number>();
  for (const f of findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  lines.push('| Severity | Findings |', '| --- | ---: |');
  for (const s of ['critical', 'high', 'medium', 'low'] as const) lines.push(`| ${s} | ${counts.get(s) ?? 0} |`);
  for (const s of ['critical', 'high', 'medium', 'low'] as const) {
    const of = findings.filter((f) => f.severity === s);
    if (of.length === 0) continue;
    lines.push(
      '',
      `## ${s[0]!.toUpperCase()}${s.slice(1)} (${of.length})`,
      '',
      '| Finding | Subject or object | Why | Fix |',
      '| --- | --- | --- | --- |',
    );
    for (const f of of) {
      const why = f.path
        ? f.path.steps.map((st) => st.technique).join(' → ')
        : [
            ...new Set(
              f.grants.map((g) =>
                g.binding
                  ? `${describeBinding(g.binding)} → ${describeRole(g.role)}`
                  : `${describeRole(g.role)}: ${describeRule(g.rule)}`,
              ),
            ),
          ]
            .slice(0, 3)
            .join('; ');
      lines.push(
        `| ${f.id}: ${markdownText(f.title)} | ${markdownText(findingRef(f))} | ${markdownText(why)} | ${markdownText(f.remediation)} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
