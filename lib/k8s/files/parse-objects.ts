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

export function parseRawObjects(file: string, objects: readonly RawObject[]) {
  const parsed: Located<ParsedObject>[] = [];
  const issues: SourceIssue[] = [];
  const skippedKinds: Record<string, number> = {};
  for (const { raw, document, item } of objects) {
    const where = { file, ...(document !== undefined && { document }), ...(item !== undefined && { item }) };
    const { kind, apiVersion } = raw;
    if (typeof kind !== 'string' || kind === '') {
      issues.push({ ...where, severity: 'error', message: 'missing kind' });
      continue;
    }
    if (typeof apiVersion !== 'string' || apiVersion === '') {
      issues.push({ ...where, object: describe(raw), severity: 'error', message: 'missing apiVersion' });
      continue;
    }
    const known = knownKind(kind, apiVersion);
    if (!known) {
      const label = apiVersion.includes('/') ? `${kind}.${apiVersion.split('/')[0]}` : kind;
      skippedKinds[label] = (skippedKinds[label] ?? 0) + 1;
      continue;
    }
    const result = parseObject(known, raw, 'default');
    if (result.ok) {
      parsed.push({ value: result.object, where });
      if (result.warning)
        issues.push({ ...where, object: describe(raw), severity: 'warning', message: result.warning });
    } else issues.push({ ...where, object: describe(raw), severity: 'error', message: result.message });
  }
  return { parsed, issues, skippedKinds };
}
