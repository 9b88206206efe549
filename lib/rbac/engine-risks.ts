// Attack paths and findings, the risk answers: seconds at 10,000 namespaces, so kept apart from the
// indexes the authorizer's questions read (engine.ts), built when first asked, then kept. An engine
// made for the next version of a live cluster (engine-update.ts) takes them over when the change
// cannot alter them.
import type { Engine } from './engine';
import type { BindingIndex } from './authorizer/bindings';
import { buildAttackGraph, type AttackGraph } from './paths/attack-graph';
import { computeFindings, type Finding } from './findings/findings';
import { findingCounts } from './findings/finding-counts';
import { indexFindingGroups, type FindingGroups } from './findings/finding-groups';
import type { Severity } from './paths/techniques';
import type { SubjectIndex } from './indexes/subject-index';
import { effectiveWhoCan, type EffectiveWhoCan } from './indexes/effective-who-can';
import type { AccessRequest, ClusterModel } from './model/types';

export type RiskAnswers = Pick<
  Engine,
  | 'pathsTo'
  | 'pathFrom'
  | 'canBecome'
  | 'distanceToAdmin'
  | 'whoCanEffective'
  | 'findings'
  | 'riskCounts'
  | 'riskTotals'
  | 'findingCounts'
  | 'findingGroups'
  | 'subjectRisk'
>;

/** What the risk answers are computed from. */
export interface RiskInputs {
  model: ClusterModel;
  index: BindingIndex;
  subjects: SubjectIndex;
  binding: Engine['binding'];
}

export const NO_RISKS: Readonly<Record<Severity, number>> = { critical: 0, high: 0, medium: 0, low: 0 };

function countRisks(findings: readonly Finding[]): Map<string, Record<Severity, number>> {
  const out = new Map<string, Record<Severity, number>>();
  for (const f of findings) {
    if (f.builtin || !f.namespace) continue;
    const counts = out.get(f.namespace) ?? { ...NO_RISKS };
    counts[f.severity]++;
    out.set(f.namespace, counts);
  }
  return out;
}

export interface RiskTotals {
  severities: Record<Severity, number>;
  modifiedDefaults: number;
  impostors: number;
}

function totalRisks(findings: readonly Finding[]): RiskTotals {
  const totals = { severities: { ...NO_RISKS }, modifiedDefaults: 0, impostors: 0 };
  for (const f of findings) {
    if (f.builtin) continue;
    totals.severities[f.severity]++;
    if (f.id === 'MODIFIED_DEFAULT') totals.modifiedDefaults++;
    if (f.id === 'BUILTIN_IMPOSTOR') totals.impostors++;
  }
  return totals;
}

/** Attack paths and findings: seconds at 10,000 namespaces, so built when first asked, then kept. */
export function riskAnswers({ model, index, subjects, binding }: RiskInputs): RiskAnswers {
  let graph: AttackGraph | undefined;
  let findings: readonly Finding[] | undefined;
  let groups: FindingGroups | undefined;
  let risks: Map<string, Record<Severity, number>> | undefined;
  let totals: RiskTotals | undefined;
  const attack = () => (graph ??= buildAttackGraph(model, index, subjects));
  const effective = recentAnswers<AccessRequest, EffectiveWhoCan>(4);
  const allFindings = () => (findings ??= computeFindings({ model, index, subjects, graph: attack(), binding }));
  return {
    pathsTo: (target) => attack().pathsTo(target),
    pathFrom: (from, target) => attack().pathFrom(from, target),
    canBecome: (from, limit) => attack().reachableFrom(from, limit),
    distanceToAdmin: (ref) => attack().distanceToAdmin(ref),
    whoCanEffective: (request) => effective(request, () => effectiveWhoCan(index, subjects, attack(), request)),
    findings: allFindings,
    riskCounts(namespace) {
      risks ??= countRisks(allFindings());
      return risks.get(namespace) ?? NO_RISKS;
    },
    riskTotals: () => (totals ??= totalRisks(allFindings())),
    findingCounts: (builtin) => findingCounts(allFindings(), builtin),
    findingGroups: (query) => (groups ??= indexFindingGroups(allFindings())).query(query),
    subjectRisk: (ref) => (groups ??= indexFindingGroups(allFindings())).subject(ref),
  };
}

/**
 * The last `size` answers by question (a request: its JSON): effective who-can searches the attack
 * graph per request (about half a second at 3,000 namespaces), and the page, its export and the API
 * ask the same one in turn. An answer of 25,000 paths is some 10 MB: a few are kept. Answers are
 * shared: read, never change.
 */
function recentAnswers<Q, A>(size: number): (question: Q, compute: () => A) => A {
  const cache = new Map<string, A>();
  return (question, compute) => {
    const key = JSON.stringify(question);
    let answer = cache.get(key);
    if (answer === undefined) {
      answer = compute();
      const oldest = cache.keys().next();
      if (cache.size >= size && !oldest.done) cache.delete(oldest.value);
      cache.set(key, answer);
    }
    return answer;
  };
}
