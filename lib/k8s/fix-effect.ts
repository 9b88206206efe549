// What a fix does, measured on the very YAML shown: its manifests read back by the snapshot parser,
// applied to (and deleted from) the current model as `kubectl apply` and `kubectl delete` would
// (what-if.ts), and the two states compared by the engine's diff, with paths to cluster-admin.
import {
  createEngine,
  diff,
  findingAt,
  type Engine,
  type FindingTarget,
  type FixObject,
  type RbacDiff,
} from '@/lib/rbac';
import { parseSnapshotText } from './files/snapshot';
import { toManifest, type ParsedObject } from './kinds/objects';
import { whatIf, type WhatIfNote } from './kinds/what-if';
import type { ClusterModel, PolicyRule } from '@/lib/rbac';

/** A rule as kubectl writes it: the lists a rule leaves empty left out (the API reads them as empty). */
function compactRule(rule: PolicyRule): Partial<PolicyRule> {
  const { verbs, ...rest } = rule;
  return { verbs, ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v.length > 0)) };
}

/** The object's manifest to apply: the fields RBAC Atlas reads, without the time the server set. */
export function fixManifest(o: FixObject): Record<string, unknown> {
  const m = toManifest({ kind: o.kind, value: { ...o.value, created: undefined } } as ParsedObject);
  return Array.isArray(m.rules) ? { ...m, rules: (m.rules as PolicyRule[]).map(compactRule) } : m;
}

export interface FixEffect {
  after: Engine;
  diff: RbacDiff;
  /** What kubectl would say (a binding's roleRef cannot change, an object to delete is missing), and YAML that did not read. */
  notes: string[];
  /** The finding is still found after the change (only when one was named). */
  remains?: boolean;
}

export function fixEffect(
  before: Engine,
  model: ClusterModel,
  texts: { applyYaml: string; deleteYaml: string },
  options: { keepStored: boolean; finding?: FindingTarget },
): FixEffect {
  const read = (file: string, text: string) =>
    text === '' ? { parsed: [], issues: [] } : parseSnapshotText(file, text);
  const apply = read('fix.yaml', texts.applyYaml);
  const remove = read('delete.yaml', texts.deleteYaml);
  const result = whatIf(model, apply.parsed, remove.parsed, { keepStored: options.keepStored });
  const after = createEngine(result.model);
  const notes = [
    ...result.notes.map((n: WhatIfNote) => `${n.object}: ${n.message}`),
    ...[...apply.issues, ...remove.issues].map((i) => i.message),
  ];
  const d = diff(before, after, { paths: true });
  const remains = options.finding && findingAt(after.findings(), options.finding) !== undefined;
  return { after, diff: d, notes, ...(remains !== undefined && { remains }) };
}
