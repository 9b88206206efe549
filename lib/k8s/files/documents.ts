// Splits a file's text into Kubernetes objects: JSON, multi-document YAML, `kind: List` and typed
// `*List` wrappers (what `kubectl get ... -o yaml|json` prints), and single objects.
import { Composer, LineCounter, Parser } from 'yaml';
import { z } from 'zod';
import type { MissingKind } from '@/lib/rbac';
import { FEATURE_GATES, type FeatureGate } from '@/lib/rbac/model/kube-version';
import type { SourceIssue } from '../issues';
import { KNOWN_KINDS } from '../kinds/objects';

/** A snapshot written from a partial read says what it lacks, so answers from it stay marked incomplete. */
export const NOT_READ_ANNOTATION = 'rbac-atlas.io/not-read';

/** The live server's version a snapshot was read from (and the gates its /metrics reported). */
export const KUBERNETES_ANNOTATION = 'rbac-atlas.io/kubernetes';

const recordedSchema = z.object({
  server: z.string().min(1),
  features: z
    .record(z.enum(FEATURE_GATES.map((g) => g.gate) as [FeatureGate, ...FeatureGate[]]), z.boolean())
    .optional(),
});

export type RecordedKubernetes = z.infer<typeof recordedSchema>;

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
  /** From a List's kubernetes annotation. */
  kubernetes?: RecordedKubernetes;
}

/** The server version a List written by `rbac-atlas snapshot` records; a malformed annotation is an issue. */
function listKubernetes(
  annotations: Record<string, unknown> | undefined,
  file: string,
  document: number,
): Pick<SplitResult, 'issues' | 'kubernetes'> {
  const value = annotations?.[KUBERNETES_ANNOTATION];
  if (value === undefined) return { issues: [] };
  let parsed;
  try {
    parsed = recordedSchema.safeParse(JSON.parse(String(value)));
  } catch {
    parsed = undefined;
  }
  if (parsed?.success) return { issues: [], kubernetes: parsed.data };
  // A warning: the answers then model the default version (or --kube-version), and say which.
  const message = `metadata.annotations["${KUBERNETES_ANNOTATION}"] is not valid; the version modelled is the default or --kube-version`;
  return { issues: [{ file, document, severity: 'warning', message }] };
}

/** The kinds a List written by `rbac-atlas snapshot` says were not read; a malformed annotation is an issue. */
export function listNotRead(list: Record<string, unknown>, file: string, document: number): SplitResult {
  const annotations = (list.metadata as { annotations?: Record<string, unknown> } | undefined)?.annotations;
  const recorded = listKubernetes(annotations, file, document);
  const notRead = listNotReadKinds(annotations, file, document);
  return {
    ...notRead,
    issues: [...recorded.issues, ...notRead.issues],
    ...(recorded.kubernetes && { kubernetes: recorded.kubernetes }),
  };
}

function listNotReadKinds(
  annotations: Record<string, unknown> | undefined,
  file: string,
  document: number,
): SplitResult {
  const value = annotations?.[NOT_READ_ANNOTATION];
  if (value === undefined) return { objects: [], issues: [], notRead: [] };
  let parsed;
  try {
    parsed = notReadSchema.safeParse(JSON.parse(String(value)));
  } catch {
    parsed = undefined;
  }
  if (parsed?.success) return { objects: [], issues: [], notRead: parsed.data };
  // Unreadable: the error marks every kind missing (missingFromIssues), rather than claim completeness.
  return {
    objects: [],
    issues: [
      { file, document, severity: 'error', message: `metadata.annotations["${NOT_READ_ANNOTATION}"] is not valid` },
    ],
    notRead: [],
  };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * What was wrong with a JSON text, without quoting it: V8's messages carry an excerpt of the input
 * (`Unexpected token 'S', ..."assword": SUPERSECRE"... is not valid JSON`), and a snapshot may hold
 * a Secret. Only the position, when the message has one, and the kind of error are kept.
 */
export function jsonErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const at = /\(line (\d+) column (\d+)\)/.exec(message) ?? /at position (\d+)/.exec(message);
  const where = at ? (at.length > 2 ? ` at line ${at[1]}, column ${at[2]}` : ` at offset ${at[1]}`) : '';
  if (/end of (JSON|data)/i.test(message)) return `invalid JSON${where}: it ends too early`;
  if (/bad control character/i.test(message)) return `invalid JSON${where}: a control character in a string`;
  if (/unterminated string/i.test(message)) return `invalid JSON${where}: a string never ends`;
  return `invalid JSON${where}: unexpected text`;
}

/** A YAML error's kind and place (yaml's codes: DUPLICATE_KEY → "duplicate key"), never its text. */
function yamlErrorMessage(code: string, pos: { line: number; col: number }): string {
  return `invalid YAML at line ${pos.line}, column ${pos.col}: ${code.toLowerCase().replace(/_/g, ' ')}`;
}

/** yaml's own default; more aliases than this in one document is a "billion laughs" expansion. */
const MAX_ALIASES = 100;

interface Documents {
  docs: { value: unknown; document: number }[];
  issues: SourceIssue[];
}

function parseDocuments(file: string, text: string): Documents {
  if (file.endsWith('.json')) {
    if (text.trim() === '') return { docs: [], issues: [] };
    try {
      return { docs: [{ value: JSON.parse(text), document: 1 }], issues: [] };
    } catch (e) {
      return { docs: [], issues: [{ file, document: 1, severity: 'error', message: jsonErrorMessage(e) }] };
    }
  }
  const docs: Documents['docs'] = [];
  const issues: SourceIssue[] = [];
  // One document at a time: each is composed, turned into plain values and its tree dropped.
  const lines = new LineCounter();
  const composer = new Composer();
  let i = 0;
  for (const doc of composer.compose(new Parser(lines.addNewLine).parse(text), true)) {
    const document = ++i;
    const err = doc.errors[0];
    if (err) {
      issues.push({
        file,
        document,
        severity: 'error',
        message: yamlErrorMessage(err.code, lines.linePos(err.pos[0])),
      });
      continue;
    }
    try {
      docs.push({ value: doc.toJS({ maxAliasCount: MAX_ALIASES }), document });
    } catch {
      // yaml throws a ReferenceError for an alias bomb: this document's problem, not the file's.
      const message = `its aliases expand past ${MAX_ALIASES} (a "billion laughs" document); skipped`;
      issues.push({ file, document, severity: 'error', message });
    }
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
  let kubernetes: RecordedKubernetes | undefined;
  let documents = 0;
  for (const { value, document } of docs) {
    if (value === null || value === undefined) continue; // an empty document between `---` separators
    documents++;
    if (!isRecord(value)) {
      issues.push({
        file,
        document,
        severity: 'error',
        message: `expected a Kubernetes object, got ${Array.isArray(value) ? 'an array' : typeof value}`,
      });
      continue;
    }
    if (isList(value)) {
      const listed = listNotRead(value, file, document);
      notRead.push(...listed.notRead);
      issues.push(...listed.issues);
      kubernetes = listed.kubernetes ?? kubernetes;
    }
    flatten(value, { file, document }, objects, issues);
  }
  if (documents === 0 && issues.length === 0)
    issues.push({ file, severity: 'warning', message: 'empty: no Kubernetes objects in this file' });
  return { objects, issues, notRead, ...(kubernetes && { kubernetes }) };
}

export function isList(value: Record<string, unknown>): boolean {
  return typeof value.kind === 'string' && value.kind.endsWith('List') && 'items' in value;
}

/** Lists in lists are read as kubectl reads them (its FlattenListVisitor): every object, at any depth. */
export function flatten(
  value: Record<string, unknown>,
  where: { file: string; document: number; item?: number },
  objects: RawObject[],
  issues: SourceIssue[],
  depth = 0,
): void {
  const { file, document } = where;
  if (!isList(value))
    return void objects.push({ raw: value, document, ...(where.item !== undefined && { item: where.item }) });
  if (!Array.isArray(value.items) || depth > 8) {
    const problem = depth > 8 ? 'lists nested more than 8 deep' : `${String(value.kind)}.items must be an array`;
    return void issues.push({ ...where, severity: 'error', message: problem });
  }
  const defaults = listItemDefaults(value);
  value.items.forEach((item: unknown, i) => {
    const at = { file, document, item: where.item ?? i };
    if (isRecord(item)) flatten({ ...defaults, ...item }, at, objects, issues, depth + 1);
    else issues.push({ ...at, severity: 'error', message: 'expected a Kubernetes object' });
  });
}
