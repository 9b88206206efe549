// Findings about grants, per subject and finding rule: the grants that make attack steps (one
// finding per technique), and the grants a rule names by request shapes (read Secrets, control
// webhooks, bind or escalate with no step today), each with where it holds.
import type { ResolvedBinding } from '../authorizer/bindings';
import { FINDING_RULES, findingRule, makeFinding, type Finding, type FindingId } from './finding-rules';
import {
  allBindings,
  firstThree,
  nsOf,
  sources,
  throughGroupOnly,
  type FindingInputs,
  type IsBuiltin,
} from './finding-inputs';
import { PRIVILEGED_GROUP } from '../model/identity';
import { grantKey, type PathGrant } from '../paths/path-types';
import { REQUEST_SHAPES, ruleMatchesShape, shapesOf, type Shape } from './request-shapes';
import { subjectRefOf } from '../authorizer/subjects';
import type { TechniqueId } from '../paths/techniques';
import type { Subject } from '../model/types';
import { MUTABLE_WORKLOAD_KINDS } from '../indexes/workloads';
import { eachOf, within, type Work } from '../sliced-work';
import { subjectKey, type SubjectRef } from '../model/refs';

/** A finding's step keeps this many of the grants that give it (the rest are the same kind of reason). */
const STEP_GRANTS = 50;

const STEP_WORDS: Record<TechniqueId, string> = {
  IMPERSONATE: 'can impersonate',
  IMPERSONATE_SERVICEACCOUNT: 'can impersonate service accounts for the requests impersonate-on allows',
  IMPERSONATE_USER_INFO: 'can impersonate users and groups for the requests impersonate-on allows',
  IMPERSONATE_ARBITRARY_NODE: 'can impersonate nodes for the requests impersonate-on allows',
  IMPERSONATE_ASSOCIATED_NODE: 'can impersonate the nodes its pods run on for the requests impersonate-on allows',
  TOKEN_REQUEST: 'can request service-account tokens',
  POD_CREATE: 'can create pods (and run them as any service account)',
  POD_EXEC: 'can exec into pods',
  POD_PATCH: "can change running pods' images (and run with their tokens)",
  WORKLOAD_UPDATE: "can change existing workloads' pod templates (and run them as any service account)",
  NODE_ESCAPE: 'can reach nodes and the tokens of their pods',
  NAMESPACE_RELABEL: "can relabel a namespace's Pod Security level and reach nodes from a privileged pod",
  ROLE_BIND: 'can bind roles it does not hold',
  ROLE_ESCALATE: 'can add permissions to roles it is bound to',
};

/** The rules one binding's grants make on their own, with their shapes as one list (a stable key for `matching`). */
const BINDING_RULES = FINDING_RULES.flatMap(({ id, match }) =>
  match?.by === 'binding' ? [{ id, clusterWide: match.clusterWide, shapes: shapesOf(match.shapes) }] : [],
);

interface Step {
  grants: PathGrant[];
  keys: Set<string>;
  scopes: Set<string>;
  /** WORKLOAD_UPDATE: the kinds (and where) it may update with no workload of theirs seen. */
  unseen: Set<string>;
}

/** The steps of each subject by finding id, each grant once, no more than a step keeps. */
class StepsBySubject {
  private readonly bySubject = new Map<string, { ref: SubjectRef; steps: Map<FindingId, Step> }>();

  step(ref: SubjectRef, id: FindingId): Step {
    const key = subjectKey(ref);
    const entry = this.bySubject.get(key) ?? { ref, steps: new Map<FindingId, Step>() };
    this.bySubject.set(key, entry);
    const step = entry.steps.get(id) ?? { grants: [], keys: new Set(), scopes: new Set(), unseen: new Set() };
    entry.steps.set(id, step);
    return step;
  }

  has(ref: SubjectRef, id: FindingId): boolean {
    return this.bySubject.get(subjectKey(ref))?.steps.has(id) ?? false;
  }

  add(ref: SubjectRef, id: FindingId, grants: readonly PathGrant[], scope: string): void {
    const step = this.step(ref, id);
    // Each grant once (its key computed once, not against every grant kept so far).
    for (const g of grants) {
      if (step.grants.length >= STEP_GRANTS) break;
      const key = grantKey(g);
      if (step.keys.has(key)) continue;
      step.keys.add(key);
      step.grants.push(g);
    }
    step.scopes.add(scope);
  }

  /** In slices (sliced-work.ts): a hundred thousand findings at 10,000 namespaces took most of a second. */
  *findings(isBuiltin: IsBuiltin): Work<Finding[]> {
    const out: Finding[] = [];
    const ofSubject = ({ ref, steps }: { ref: SubjectRef; steps: Map<FindingId, Step> }) => {
      for (const [id, step] of steps) {
        // bind or escalate that some binding already turns into a step is that step's finding.
        if (id === 'BIND_OR_ESCALATE' && (steps.has('ROLE_BIND') || steps.has('ROLE_ESCALATE'))) continue;
        out.push(stepFinding(ref, id, step, isBuiltin));
      }
    };
    yield* eachOf([...this.bySubject.values()], ofSubject, 1024);
    return out;
  }
}

/** Per subject and technique or rule: the grants that make steps, and where. */
/** In slices (sliced-work.ts): a few bindings at a time. */
export function* grantFindingsWork(inputs: FindingInputs, isBuiltin: IsBuiltin): Work<Finding[]> {
  const steps = new StepsBySubject();
  const bindings = allBindings(inputs.index);
  let subjects = 0;
  for (const [i, b] of bindings.entries()) {
    if (!b.role) continue;
    const at = (i / bindings.length) * 0.8;
    for (const subject of b.subjects) yield* within(bindingSteps(inputs, steps, b, subject), at, at);
    // A binding may name thousands of subjects: a slice ends after a few hundred.
    subjects += b.subjects.length;
    if (subjects >= 128) {
      subjects = 0;
      yield (i / bindings.length) * 0.8;
    }
  }
  yield* within(relabelStepsWork(inputs, steps), 0.8, 0.9);
  return yield* within(steps.findings(isBuiltin), 0.9, 1);
}

/** What one binding gives one of its subjects on its own. */
function* bindingSteps(inputs: FindingInputs, steps: StepsBySubject, b: ResolvedBinding, subject: Subject): Work<void> {
  const ref = subjectRefOf(subject, b.namespace);
  // A subject that holds every permission has every step: its CLUSTER_ADMIN_BINDING says so once.
  if (!ref || (ref.kind === 'Group' && ref.name === PRIVILEGED_GROUP) || inputs.graph.adminGrantsOf(ref)) return;
  const seen = new Set<TechniqueId>();
  // A binding of a role that may bind every role of the cluster steps to each: in slices.
  const edges = yield* inputs.graph.stepsOfBindingWork(b, subject);
  for (const e of edges) {
    if (seen.has(e.technique)) continue;
    seen.add(e.technique);
    steps.add(ref, e.technique, e.grants, b.namespace);
  }
  // Updating a workload kind with no known workload is no step (the proof needs one that exists),
  // yet one may exist unseen: a Deployment scaled to zero, any CronJob. The grant is a finding.
  for (const kind of MUTABLE_WORKLOAD_KINDS) {
    if (edges.some((e) => e.to.t === 'workload' && e.to.kind === kind.kind)) continue;
    const grants = matching(b, subject, REQUEST_SHAPES[kind.updateProbe]);
    if (grants.length === 0) continue;
    steps.add(ref, 'WORKLOAD_UPDATE', grants, b.namespace);
    steps.step(ref, 'WORKLOAD_UPDATE').unseen.add(`${kind.resource} ${where(b.namespace, 'in ')}`);
  }
  for (const { id, clusterWide, shapes } of BINDING_RULES) {
    // A cluster-scoped resource is granted only by a ClusterRoleBinding.
    if (clusterWide && b.namespace !== '') continue;
    const grants = matching(b, subject, shapes);
    if (grants.length > 0) steps.add(ref, id, grants, b.namespace);
  }
}

/**
 * Relabelling takes two grants that two bindings may give (patch the namespace cluster-wide, create
 * pods through a RoleBinding there): what a subject holds together, reported where a group gives it.
 */
function* relabelStepsWork(inputs: FindingInputs, steps: StepsBySubject): Work<void> {
  const all = sources(inputs.subjects);
  for (const [i, ref] of all.entries()) {
    if (i % 512 === 511) yield i / all.length;
    if (steps.has(ref, 'NAMESPACE_RELABEL') || inputs.graph.adminGrantsOf(ref)) continue;
    const step = inputs.graph.relabelStepsOf(ref)[0];
    // A relabel step always names the namespace it opens; were one not to, the finding still stands.
    if (step && !throughGroupOnly(step.grants, ref))
      steps.add(ref, 'NAMESPACE_RELABEL', step.grants, step.privilegedPodIn ?? '');
  }
}

const where = (scope: string, prefix = '') => (scope === '' ? 'cluster-wide' : `${prefix}${scope}`);

/** One subject's finding of one id: where it holds, and cluster-wide when any grant is. */
function stepFinding(ref: SubjectRef, id: FindingId, step: Step, isBuiltin: IsBuiltin): Finding {
  const { grants, scopes, unseen } = step;
  const words = id in STEP_WORDS ? STEP_WORDS[id as TechniqueId] : findingRule(id).title.toLowerCase();
  const only = scopes.size === 1 && !scopes.has('') ? [...scopes][0] : undefined;
  const namespace = nsOf(ref) ?? only;
  return makeFinding(id, {
    title: `${words}: ${firstThree([...scopes].map((s) => where(s)))}${unseenNote(unseen)}`,
    grants,
    builtin: isBuiltin(grants),
    ...(scopes.has('') && { context: 'cluster-wide' as const }),
    extra: { subject: ref, ...(namespace && { namespace }) },
  });
}

/** What a WORKLOAD_UPDATE finding says of the kinds it saw no workload of. */
function unseenNote(unseen: ReadonlySet<string>): string {
  if (unseen.size === 0) return '';
  return (
    ` (can update ${firstThree([...unseen])}; no workload of that kind seen: RBAC Atlas knows workloads only from ` +
    'their pods, so one scaled to zero or a CronJob is not seen)'
  );
}

/**
 * The binding's rules that allow one of the shapes, whatever names they are limited to; no more
 * than a step keeps (a role of 20,000 matching rules bound to 5,000 subjects made 100 million).
 */
function matching(b: ResolvedBinding, subject: Subject, shapes: readonly Shape[]): PathGrant[] {
  const role = b.role;
  if (!role) return [];
  return matchingRules(b, shapes)
    .slice(0, STEP_GRANTS)
    .flatMap((ruleIndex) => {
      const rule = b.rules[ruleIndex];
      return rule ? [{ binding: b.binding, role, ruleIndex, rule, subject }] : [];
    });
}

/**
 * The indexes of a binding's rules that allow one of the shapes, kept per binding and shape list:
 * they do not depend on the subject, and a binding naming 5,000 subjects to a role of 20,000 rules
 * took 70 s to match subject by subject (issue #25).
 */
const matchedRules = new WeakMap<ResolvedBinding, Map<readonly Shape[], readonly number[]>>();
function matchingRules(b: ResolvedBinding, shapes: readonly Shape[]): readonly number[] {
  let byShapes = matchedRules.get(b);
  if (!byShapes) matchedRules.set(b, (byShapes = new Map()));
  let found = byShapes.get(shapes);
  if (!found) {
    found = b.rules.flatMap((rule, i) => (shapes.some((shape) => ruleMatchesShape(rule, shape)) ? [i] : []));
    byShapes.set(shapes, found);
  }
  return found;
}
