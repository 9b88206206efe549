/** A problem found while reading input, with where it was found. */
export interface SourceIssue {
  /** File path, or a source name such as "cluster" for live data. */
  file: string;
  /** 1-based YAML document (or JSON file = document 1). */
  document?: number;
  /** 0-based index within a List's items. */
  item?: number;
  /** "Kind namespace/name" when known. */
  object?: string;
  message: string;
  /** Warnings do not stop a strict load. */
  severity: 'error' | 'warning';
}

export function formatIssue(issue: SourceIssue): string {
  let where = issue.file;
  if (issue.document !== undefined) where += `, document ${issue.document}`;
  if (issue.item !== undefined) where += `, item ${issue.item}`;
  if (issue.object) where += ` (${issue.object})`;
  return `${where}: ${issue.message}`;
}

/** Objects of kinds RBAC Atlas does not read, counted by kind: said once, the same way everywhere. */
export function formatSkippedKinds(skippedKinds: Readonly<Record<string, number>>): string | undefined {
  const skipped = Object.entries(skippedKinds).sort(([a], [b]) => a.localeCompare(b));
  if (skipped.length === 0) return undefined;
  return `Skipped objects of other kinds: ${skipped.map(([k, n]) => `${k} (${n})`).join(', ')}.`;
}
