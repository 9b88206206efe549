// Raw objects (from a file or a live list) to validated model objects: unknown kinds are counted,
// invalid objects become issues naming where they came from.
import type { RawObject } from './documents';
import type { SourceIssue } from '../issues';
import type { Located } from '../kinds/model-builder';
import { knownKind, parseObject, type ParsedObject } from '../kinds/objects';

function describe(raw: Record<string, unknown>): string | undefined {
  const meta = raw.metadata as { name?: unknown; namespace?: unknown } | undefined;
  const name = typeof meta?.name === 'string' ? meta.name : undefined;
  if (typeof raw.kind !== 'string') return undefined;
  const ns = typeof meta?.namespace === 'string' ? `${meta.namespace}/` : '';
  return name ? `${raw.kind} ${ns}${name}` : raw.kind;
}

/** Where a file's objects go as they are read (the model being built, or a list), and what else it met. */
export interface ObjectSink {
  add(o: ParsedObject, where: Located<unknown>['where']): void;
  issues: SourceIssue[];
  skippedKinds: Record<string, number>;
}

/** One raw object into `sink`: a model object, a kind counted, or an issue. */
export function parseRawObject(file: string, { raw, document, item }: RawObject, sink: ObjectSink): void {
  // Each of the four shapes written out: a spread per object was a measurable part of a large read.
  const where =
    document === undefined
      ? item === undefined
        ? { file }
        : { file, item }
      : item === undefined
        ? { file, document }
        : { file, document, item };
  const { kind, apiVersion } = raw;
  if (typeof kind !== 'string' || kind === '')
    return void sink.issues.push({ ...where, severity: 'error', message: 'missing kind' });
  if (typeof apiVersion !== 'string' || apiVersion === '')
    return void sink.issues.push({ ...where, object: describe(raw), severity: 'error', message: 'missing apiVersion' });
  const known = knownKind(kind, apiVersion);
  if (!known) {
    const label = apiVersion.includes('/') ? `${kind}.${apiVersion.split('/')[0]}` : kind;
    sink.skippedKinds[label] = (sink.skippedKinds[label] ?? 0) + 1;
    return;
  }
  const result = parseObject(known, raw, 'default');
  if (result.ok) {
    sink.add(result.object, where);
    if (result.warning)
      sink.issues.push({ ...where, object: describe(raw), severity: 'warning', message: result.warning });
  } else sink.issues.push({ ...where, object: describe(raw), severity: 'error', message: result.message });
}

export function parseRawObjects(file: string, objects: readonly RawObject[]) {
  const parsed: Located<ParsedObject>[] = [];
  const sink: ObjectSink = { add: (value, where) => parsed.push({ value, where }), issues: [], skippedKinds: {} };
  for (const o of objects) parseRawObject(file, o, sink);
  return { parsed, issues: sink.issues, skippedKinds: sink.skippedKinds };
}
