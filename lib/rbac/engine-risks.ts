// Attack paths and findings, the risk answers: seconds at 10,000 namespaces, so kept apart from the
// indexes the authorizer's questions read (engine.ts), built when first asked, then kept; or, in the
// web server, built in slices off the request path while a previous engine's complete answers are
// served (RiskHandle). An engine made for the next version of a live cluster (engine-update.ts) takes
// them over when the change cannot alter them.
import type { Engine } from './engine';
import type { BindingIndex } from './authorizer/bindings';
import { attackGraphWork, buildAttackGraph, type AttackGraph } from './paths/attack-graph';
import { computeFindings, findingsWork, type Finding } from './findings/findings';
import { findingCounts, type FindingCounts } from './findings/finding-counts';
import { findingGroupsWork, indexFindingGroups, type FindingGroups } from './findings/finding-groups';
import { whoCan } from './indexes/who-can';
import { eachOf, runWork, within, type Work } from './sliced-work';
import type { Severity } from './paths/techniques';
import type { SubjectIndex } from './indexes/subject-index';
import { effectiveWhoCan, type EffectiveWhoCan } from './indexes/effective-who-can';
import type { AccessRequest, ClusterModel } from './model/types';

export type RiskAnswers = Pick<
  Engine,
  | 'risks'
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
  return runWork(countRisksWork(findings));
}

/** In slices (sliced-work.ts): 150,000 findings at 10,000 namespaces. */
function* countRisksWork(findings: readonly Finding[]): Work<Map<string, Record<Severity, number>>> {
  const out = new Map<string, Record<Severity, number>>();
  const count = (f: Finding) => {
    if (f.builtin || !f.namespace) return;
    const counts = out.get(f.namespace) ?? { ...NO_RISKS };
    counts[f.severity]++;
    out.set(f.namespace, counts);
  };
  yield* eachOf(findings, count, 8192);
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

/**
 * Where an engine's risk answers stand. current: its own (or, without a build in slices, computed on
 * the call); previous: a previous engine's complete answers, served while its own are built
 * (`asOf`: when that engine was made, `version`: its version); computing: none complete yet, the
 * answers are empty and must not be read as "no findings" or "no path". `progress`: 0 to 1 of the
 * build under way (0: waiting for its turn).
 */
export type RiskStatus =
  | { state: 'current' }
  | { state: 'previous'; asOf: string; version: number; progress: number; problem?: string }
  | { state: 'computing'; progress: number; problem?: string };

/** What a build of the risk answers fills in; each part made when first asked unless a build made it. */
class RiskParts {
  graph?: AttackGraph;
  findings?: Finding[];
  groups?: FindingGroups;
  tallies?: { risks: Map<string, Record<Severity, number>>; totals: RiskTotals };
  readonly effective = recentAnswers<AccessRequest, EffectiveWhoCan>(4);
  readonly madeAt = new Date().toISOString();

  constructor(
    readonly inputs: RiskInputs,
    readonly version: number,
  ) {}

  get complete(): boolean {
    return this.tallies !== undefined;
  }

  /** What a stopped build made so far. */
  drop(): void {
    this.graph = this.findings = this.groups = undefined;
    this.counts.clear();
  }

  attack = (): AttackGraph =>
    (this.graph ??= buildAttackGraph(this.inputs.model, this.inputs.index, this.inputs.subjects));
  all = (): Finding[] => (this.findings ??= computeFindings({ ...this.inputs, graph: this.attack() }));
  grouped = (): FindingGroups => (this.groups ??= indexFindingGroups(this.all()));
  tallied = () => (this.tallies ??= { risks: countRisks(this.all()), totals: totalRisks(this.all()) });
  // /risks asks on every view: 150,000 findings counted each time was some 30 ms at 10,000 namespaces.
  private readonly counts = new Map<boolean, FindingCounts>();
  counted = (builtin: boolean): FindingCounts => {
    let found = this.counts.get(builtin);
    if (!found) this.counts.set(builtin, (found = findingCounts(this.all(), builtin)));
    return found;
  };

  /** Every part, in slices: the graph (and its search to cluster-admin), the findings, their groups and counts. */
  *work(): Work<void> {
    const { model, index, subjects } = this.inputs;
    this.graph ??= yield* within(attackGraphWork(model, index, subjects), 0, 0.5);
    this.findings ??= yield* within(findingsWork({ ...this.inputs, graph: this.graph }), 0.5, 0.9);
    this.groups ??= yield* within(findingGroupsWork(this.findings), 0.9, 0.97);
    const risks = yield* within(countRisksWork(this.findings), 0.97, 0.99);
    this.tallies ??= { risks, totals: totalRisks(this.findings) };
  }
}

/**
 * An engine's risk answers and how they are built. Without a build in slices they are computed on
 * the first call that needs them (the CLI, tests). Once `work` is asked for (the web server's
 * scheduler, lib/web/risk-builds.ts), no call computes them: a call reads this engine's answers
 * when complete, else the newest complete ones of a previous engine, else empty answers that
 * `status` says are not answers.
 */
export class RiskHandle {
  private deferred = false;
  private building = false;
  private progress = 0;
  private problem: string | undefined;

  constructor(
    readonly parts: RiskParts,
    /** The engine whose answers are served meanwhile: one that is complete or being built. */
    private previous: RiskHandle | undefined,
  ) {}

  /** The parts answers are read from now: undefined while nothing is complete (deferred only). */
  serving(): RiskParts | undefined {
    if (!this.deferred || this.parts.complete) return this.parts;
    for (let p = this.previous; p; p = p.previous) if (p.parts.complete) return p.parts;
    return undefined;
  }

  /** Whether an engine made after this one may serve its answers: complete, or being built. */
  private servable(): RiskHandle | undefined {
    if (this.parts.complete || this.building) return this;
    return this.previous?.servable();
  }

  static after(parts: RiskParts, previous: RiskHandle | undefined): RiskHandle {
    return new RiskHandle(parts, previous?.servable());
  }

  status(): RiskStatus {
    const served = this.serving();
    if (served === this.parts) return { state: 'current' };
    const problem = this.problem && { problem: this.problem };
    if (!served) return { state: 'computing', progress: this.progress, ...problem };
    return { state: 'previous', asOf: served.madeAt, version: served.version, progress: this.progress, ...problem };
  }

  /**
   * The build was stopped (`problem`: why, said with the status): what it made so far is dropped, so
   * its memory is freed; a later engine's build tries again.
   */
  stop(problem: string): void {
    this.problem = problem;
    this.progress = 0;
    if (!this.parts.complete) this.parts.drop();
  }

  /** From now on no answer computes the risk answers on the call (see the class): `work` builds them. */
  defer(): void {
    this.deferred = true;
  }

  /**
   * The build of every risk answer in slices (deferring them, see the class). Abandoned work
   * (return()) leaves what it finished for the next.
   */
  *work(): Work<void> {
    this.deferred = true;
    if (this.parts.complete) return;
    this.building = true;
    try {
      for (const fraction of this.parts.work()) yield (this.progress = fraction);
      this.progress = 1;
      this.previous = undefined;
    } finally {
      this.building = false;
    }
  }
}

const NO_TOTALS: RiskTotals = { severities: NO_RISKS, modifiedDefaults: 0, impostors: 0 };
const NO_GROUPS = indexFindingGroups([]);

/**
 * Attack paths and findings: seconds at 10,000 namespaces, so computed when first asked and kept,
 * or built in slices ahead of any question (RiskHandle). `previous`: the engine of the model before,
 * whose complete answers are served while these are built. (An engine whose changes cannot alter
 * them takes the previous answers over whole: engine-update.ts.)
 */
export function riskAnswers(inputs: RiskInputs, version: number, previous?: RiskHandle): RiskAnswers {
  const parts = new RiskParts(inputs, version);
  const handle = RiskHandle.after(parts, previous);
  const at = handle.serving.bind(handle);
  return {
    risks: handle,
    pathsTo: (target) => at()?.attack().pathsTo(target) ?? [],
    pathFrom: (from, target) => at()?.attack().pathFrom(from, target),
    canBecome: (from, limit) => at()?.attack().reachableFrom(from, limit) ?? [],
    distanceToAdmin: (ref) => at()?.attack().distanceToAdmin(ref),
    whoCanEffective(request) {
      const p = at();
      const answer = p?.effective(request, () =>
        effectiveWhoCan(p.inputs.index, p.inputs.subjects, p.attack(), request),
      );
      // Who holds it is the authorizer's answer, always this model's; who can become a holder, the paths'.
      if (p === parts && answer) return answer;
      return { direct: whoCan(inputs.index, inputs.subjects, request), indirect: answer?.indirect ?? [] };
    },
    findings: () => at()?.all() ?? [],
    riskCounts: (namespace) => at()?.tallied().risks.get(namespace) ?? NO_RISKS,
    riskTotals: () => at()?.tallied().totals ?? NO_TOTALS,
    findingCounts: (builtin) => at()?.counted(builtin) ?? findingCounts([], builtin),
    findingGroups: (query) => (at()?.grouped() ?? NO_GROUPS).query(query),
    subjectRisk: (ref) => (at()?.grouped() ?? NO_GROUPS).subject(ref),
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
