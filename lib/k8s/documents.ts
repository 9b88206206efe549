// Splits a file's text into Kubernetes objects: JSON, multi-document YAML, `kind: List` and typed
// `*List` wrappers (what `kubectl get ... -o yaml|json` prints), and single objects.
import { Composer, LineCounter, Parser } from 'yaml';
import { z } from 'zod';
import type { MissingKind } from '@/lib/rbac';
import type { SourceIssue } from './issues';
import { KNOWN_KINDS } from './objects';

/** A snapshot written from a partial read says what it lacks, so answers from it stay marked incomplete. */
export const NOT_READ_ANNOTATION = 'rbac-atlas.io/not-read';

const notReadSchema = z.array(
  z.object({ kind: z.enum(KNOWN_KINDS), reason: z.string(), readIn: z.array(z.string()).optional() }),
);

export interface RawObject {
  raw: Record<string, unknown>;
  document?: number;
  item?: number;
}

export interface SplitResult {
  objects: RawObject[];
  issues: SourceIssue[];
  /** From a List's not-read annotation. */
  notRead: MissingKind[];
}

/** The kinds a List written by `rbac-atlas snapshot` says were not read; a malformed annotation is an issue. */
export function listNotRead(list: Record<string, unknown>, file: string, document: number): SplitResult {
  const annotations = (list.metadata as { annotations?: Record<string, unknown> } | undefined)?.annotations;
  const value = annotations?.[NOT_READ_ANNOTATION];
  if (value === undefined) return { objects: [], issues: [], notRead: [] };
  let parsed;
  try {
    parsed = notReadSchema.safeParse(JSON.parse(String(value)));
  } catch {
    parsed = undefined;
  }
  if (parsed?.success) return { objects: [], issues: [], notRead: parsed.data };
  // Unreadable: assume every kind may be short rather than claim completeness.
  return {
    objects: [],
    issues: [
      { file, document, severity: 'error', message: `metadata.annotations["${NOT_READ_ANNOTATION}"] is not valid` },
    ],
    notRead: KNOWN_KINDS.map((kind) => ({ kind, reason: `${file}: the snapshot's not-read annotation is invalid` })),
  };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseDocuments(
  file: string,
  text: string,
): { docs: { value: unknown; document: number }[]; issues: SourceIssue[] } {
  if (file.endsWith('.json')) {
    try {
      return { docs: [{ value: JSON.parse(text), document: 1 }], issues: [] };
    } catch (e) {
      return {
        docs: [],
        issues: [{ file, document: 1, severity: 'error', message: `invalid JSON: ${(e as Error).message}` }],
      };
    }
  }
  const docs: { value: unknown; document: number }[] = [];
  const issues: SourceIssue[] = [];
  // One document at a time: each is composed, turned into plain values and its tree dropped.
  const lines = new LineCounter();
  const composer = new Composer();
  let i = 0;
  for (const doc of composer.compose(new Parser(lines.addNewLine).parse(text), true)) {
    const document = ++i;
    if (doc.errors.length > 0) {
      const err = doc.errors[0]!;
      const pos = lines.linePos(err.pos[0]);
      const at = ` at line ${pos.line}, column ${pos.col}`;
      issues.push({
        file,
        document,
        severity: 'error',
        message: `invalid YAML${at}: ${err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
      });
      continue;
    }
    docs.push({ value: doc.toJS({ maxAliasCount: 100 }), document });
  }
  return { docs, issues };
}

/** Items of a typed list (`RoleBindingList`) may omit kind and apiVersion: they inherit them. */
export function listItemDefaults(list: Record<string, unknown>): Record<string, unknown> {
  const kind = typeof list.kind === 'string' && list.kind !== 'List' ? list.kind.slice(0, -'List'.length) : undefined;
  return kind ? { kind, apiVersion: list.apiVersion } : {};
}

export function splitObjects(file: string, text: string): SplitResult {
  const { docs, issues } = parseDocuments(file, text);
  const objects: RawObject[] = [];
  const notRead: MissingKind[] = [];
  for (const { value, document } of docs) {
    if (value === null || value === undefined) continue; // an empty document between `---` separators
    if (!isRecord(value)) {
      issues.push({
        file,
        document,
        severity: 'error',
        message: `expected a Kubernetes object, got ${Array.isArray(value) ? 'an array' : typeof value}`,
      });
      continue;
    }
    const kind = value.kind;
    if (typeof kind === 'string' && kind.endsWith('List') && 'items' in value) {
      if (!Array.isArray(value.items)) {
        issues.push({ file, document, severity: 'error', message: `${kind}.items must be an array` });
        continue;
      }
      const listed = listNotRead(value, file, document);
      notRead.push(...listed.notRead);
      issues.push(...listed.issues);
      const defaults = listItemDefaults(value);
      value.items.forEach((item: unknown, i) => {
        if (isRecord(item)) objects.push({ raw: { ...defaults, ...item }, document, item: i });
        else issues.push({ file, document, item: i, severity: 'error', message: 'expected a Kubernetes object' });
      });
      continue;
    }
    objects.push({ raw: value, document });
  }
  return { objects, issues, notRead };
}
