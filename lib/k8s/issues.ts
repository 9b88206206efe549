import type { MissingKind, ModelKind } from '@/lib/rbac';
import { KNOWN_KINDS } from './kinds';

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

/**
 * The kinds a read's errors may have hidden. An error means something was not read: an object of a
 * model kind that failed validation hides that kind (a single object: the whole kind, wherever it
 * is, since the engine cannot say which answers it would have changed); a file, folder, document or
 * object whose kind is unknown hides all seven; an object of another kind (a ConfigMap without
 * apiVersion) hides none. One entry per kind, naming the first place and how many more.
 */
export function missingFromIssues(issues: readonly SourceIssue[]): MissingKind[] {
  const byKind = new Map<ModelKind, SourceIssue[]>();
  for (const issue of issues) {
    if (issue.severity !== 'error') continue;
    const named = issue.object?.split(' ')[0];
    const kinds: readonly ModelKind[] = named === undefined ? KNOWN_KINDS : KNOWN_KINDS.filter((k) => k === named);
    for (const kind of kinds) {
      const list = byKind.get(kind);
      if (list) list.push(issue);
      else byKind.set(kind, [issue]);
    }
  }
  return KNOWN_KINDS.flatMap((kind) => {
    const found = byKind.get(kind);
    if (!found) return [];
    const more = found.length > 1 ? ` (and ${found.length - 1} more problem(s) that may hide this kind)` : '';
    return [{ kind, reason: `not read: ${formatIssue(found[0]!)}${more}` }];
  });
}
