// Tables as CSV (RFC 4180 quoting), for the export buttons.
import {
  describeBinding,
  describeRole,
  describeRule,
  resourceLabel,
  SEVERITIES,
  type Engine,
  type NamespaceSummary,
  type WhoCanSubject,
} from '@/lib/rbac';
import { joinedInChunks } from './chunks';
import type { SubjectReport } from './subject-report';

/**
 * Names come from the cluster, and a user named `=HYPERLINK(…)` is valid there: a cell a spreadsheet
 * would run as a formula (starting with =, +, -, @, a tab or a carriage return) gets a leading `'`, as
 * OWASP's CSV-injection advice says, so it opens as text.
 */
function neutral(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

function cell(raw: string): string {
  const v = neutral(raw);
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/** One CSV record, quoted and ended. */
export const csvLine = (r: readonly string[]) => `${r.map(cell).join(',')}\r\n`;
const line = csvLine;

export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return line(header) + rows.map(line).join('');
}

/** The text of toCsv(header, items.map(row)) in chunks, for exports too large to hold whole. */
export function* csvChunks<T>(
  header: readonly string[],
  items: readonly T[],
  row: (item: T) => readonly string[],
): Generator<string> {
  yield line(header);
  yield* csvRows(items, row);
}

/** The rows alone (no header), in chunks: for exports that are several lists one after another. */
export function* csvRows<T>(items: readonly T[], row: (item: T) => readonly string[]): Generator<string> {
  yield* joinedInChunks(items, (item) => line(row(item)));
}

export function whoCanCsv(subjects: readonly WhoCanSubject[]): string {
  return toCsv(
    ['kind', 'namespace', 'name', 'via', 'binding', 'role', 'rule'],
    subjects.flatMap((s) =>
      s.grants.map((g) => [
        s.kind,
        s.kind === 'ServiceAccount' ? s.namespace : '',
        s.name,
        g.subject.kind === 'Group' && s.kind !== 'Group' ? `Group ${g.subject.name}` : '',
        describeBinding(g.binding),
        describeRole(g.role),
        `${g.ruleIndex}: ${describeRule(g.rule)}`,
      ]),
    ),
  );
}

/** One row per granted verb on a resource (or URL), per scope, with the chain behind it. */
export function subjectCsv(report: SubjectReport): string {
  const rows = [
    { scope: 'cluster-wide', grants: report.clusterWide },
    ...report.namespaces.map((n) => ({ scope: n.namespace, grants: n.grants })),
  ].flatMap(({ scope, grants }) =>
    grants.flatMap((g) =>
      [
        ...g.rule.resources.flatMap((r) => g.rule.apiGroups.map((group) => resourceLabel(group, r))),
        ...g.rule.nonResourceURLs,
      ].map((what) => [
        scope,
        what,
        g.rule.verbs.join(' '),
        g.rule.resourceNames.join(' '),
        describeBinding(g.binding),
        describeRole(g.role),
        String(g.ruleIndex),
      ]),
    ),
  );
  return toCsv(['scope', 'resource', 'verbs', 'resourceNames', 'binding', 'role', 'rule'], rows);
}

/** The overview's table: each namespace's counts and its risk counts by severity. */
export function namespacesCsv(engine: Engine, namespaces: readonly NamespaceSummary[]): string {
  return toCsv(
    ['namespace', 'serviceAccounts', 'pods', 'roleBindings', 'subjects', ...SEVERITIES.map((s) => `${s}Risks`)],
    namespaces.map((ns) => {
      const risks = engine.riskCounts(ns.name);
      const counts = [ns.serviceAccounts, ns.pods, ns.roleBindings, ns.subjects, ...SEVERITIES.map((s) => risks[s])];
      return [ns.name, ...counts.map(String)];
    }),
  );
}
