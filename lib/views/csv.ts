// Tables as CSV (RFC 4180 quoting), for the export buttons.
import { describeBinding, describeRole, describeRule, type PermissionMatrix, type WhoCanSubject } from '@/lib/rbac';

function cell(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
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

export function matrixCsv(matrix: PermissionMatrix): string {
  return toCsv(
    ['resource', ...matrix.verbs],
    matrix.rows.map((r) => [
      r.resource,
      ...matrix.verbs.map((v) =>
        r.cells[v] ? (r.cells[v].resourceNames.length ? r.cells[v].resourceNames.join(' ') : 'yes') : '',
      ),
    ]),
  );
}
