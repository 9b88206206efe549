// Right-sizing for the web: the proposal for a subject (or a namespace's service accounts) as YAML
// to apply and to delete, its effect measured on that very YAML as a fix's is (lib/k8s/fix-effect.ts:
// what it loses, which paths to cluster-admin close), the check that every allowed request it made
// is still allowed after, and its denied requests apart (never granted). Cached per (engine, usage
// version, target): a view never recomputes it.
import 'server-only';
import { fixEffect } from '@/lib/k8s/fix-effect';
import { yamlStream } from '@/lib/reports/fix-text';
import { subjectText, type Engine, type RbacDiff, type SubjectRef } from '@/lib/rbac';
import type { LoadedSource } from '@/lib/k8s/source';
import type { RequestUse, UsageAnswers } from './usage';
import type { RightsizeTarget } from './usage-filter';
import { proposeStandIn } from './usage-rightsize-standin';

export interface RightsizeCheck {
  /** Allowed request shapes re-checked against the model after the change. */
  checked: number;
  /** Those the change would deny: must be none. */
  failures: RequestUse[];
}

export interface RightsizeView {
  target: RightsizeTarget;
  subjects: SubjectRef[];
  applyYaml: string;
  deleteYaml: string;
  /** What kubectl would say, YAML that did not read, and what the proposal leaves as it is. */
  notes: string[];
  diff: RbacDiff;
  check: RightsizeCheck;
  denied: RequestUse[];
  /** Allowed only to system:masters, whatever RBAC says: listed, never granted. */
  superuser: RequestUse[];
}

const STATE = Symbol.for('rbac-atlas.usage-rightsize');
const cache = ((globalThis as { [STATE]?: Map<string, RightsizeView> })[STATE] ??= new Map());
const CACHED = 32;

const targetKey = (t: RightsizeTarget) => ('subject' in t ? subjectText(t.subject) : `namespace:${t.namespace}`);

export function rightsizeView(
  engine: Engine,
  source: LoadedSource,
  answers: UsageAnswers,
  usageVersion: number,
  target: RightsizeTarget,
): RightsizeView {
  const key = `${engine.version}|${usageVersion}|${targetKey(target)}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const proposal = proposeStandIn(engine, answers, target);
  const texts = { applyYaml: yamlStream(proposal.apply), deleteYaml: yamlStream(proposal.delete) };
  const effect = fixEffect(engine, source.model, texts, { keepStored: !source.objects });
  const allowed = proposal.requests.filter((r) => r.allowed > 0 && !proposal.superuser.includes(r));
  const failures = allowed.filter((r) => !effect.after.canI(r.identity, r.request).allowed);
  const view: RightsizeView = {
    target,
    subjects: proposal.subjects,
    ...texts,
    notes: [...proposal.notes, ...effect.notes],
    diff: effect.diff,
    check: { checked: allowed.length, failures },
    denied: proposal.requests.filter((r) => r.denied > 0),
    superuser: proposal.superuser,
  };
  if (cache.size >= CACHED) cache.delete(cache.keys().next().value!);
  cache.set(key, view);
  return view;
}
