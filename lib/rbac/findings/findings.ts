// Risk findings: attack paths to cluster-admin, the grants that make steps, and the grants and
// objects that are risky without being a step (the rules are data: finding-rules.ts). Each finding
// carries the grants behind it, so every one has its why.
import { allowances, type Held } from './capabilities';
import { findingRule, makeFinding, type Finding } from './finding-rules';
import { allBindings, nsOf, sources, throughGroupOnly, type FindingInputs, type IsBuiltin } from './finding-inputs';
import { grantFindingsWork } from './grant-findings';
import { runWork, sortWork, within, type Work } from '../sliced-work';
import { PRIVILEGED_GROUP } from '../model/identity';
import { objectFindings } from './object-findings';
import { CLUSTER_ADMIN, type PathGrant } from '../paths/path-types';
import { provenanceFindings } from './provenance-findings';
import { compareSubjects } from '../authorizer/subjects';
import { severityRank } from '../paths/techniques';
import { findingPrecedence } from './severity';

export {
  FINDING_RULES,
  findingRule,
  type Finding,
  type FindingId,
  type FindingObject,
  type FindingRule,
  type SeverityContext,
} from './finding-rules';

export function computeFindings(inputs: FindingInputs): Finding[] {
  return runWork(findingsWork(inputs));
}

/** computeFindings in slices (sliced-work.ts): part by part, subject by subject, then sorted in runs. */
export function* findingsWork(inputs: FindingInputs): Work<Finding[]> {
  const isBuiltin: IsBuiltin = (grants) =>
    grants.length > 0 && grants.every((g) => !g.binding || inputs.binding(g.binding)?.builtin === true);
  const findings: Finding[] = [];
  // Hundreds of thousands at 10,000 namespaces: appended one by one, never spread onto the stack.
  const parts: (() => Work<Finding[]>)[] = [
    () => pathFindings(inputs, isBuiltin),
    () => holderFindings(inputs, isBuiltin),
    () => grantFindingsWork(inputs, isBuiltin),
    () => objectFindings(inputs),
    () => provenanceFindings(inputs.model, inputs.index, allBindings(inputs.index)),
  ];
  for (const [i, part] of parts.entries())
    for (const f of yield* within(part(), (i / parts.length) * 0.8, ((i + 1) / parts.length) * 0.8)) findings.push(f);
  return yield* within(sortWork(findings, compareFindings), 0.8, 1);
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    Number(a.builtin) - Number(b.builtin) ||
    findingPrecedence(a.id) - findingPrecedence(b.id) ||
    a.id.localeCompare(b.id) ||
    (a.subject && b.subject ? compareSubjects(a.subject, b.subject) : 0)
  );
}

/** Every subject's shortest path to cluster-admin (system:masters holds it before RBAC). */
function* pathFindings({ graph }: FindingInputs, isBuiltin: IsBuiltin): Work<Finding[]> {
  const out: Finding[] = [];
  for (const path of yield* graph.pathsToWork(CLUSTER_ADMIN)) {
    if (path.from.kind === 'Group' && path.from.name === PRIVILEGED_GROUP) continue;
    const grants = path.steps.flatMap((s) => s.grants);
    const n = path.steps.length;
    out.push(
      makeFinding('PATH_TO_CLUSTER_ADMIN', {
        title: `can become cluster-admin in ${n} step${n === 1 ? '' : 's'}`,
        grants,
        builtin: isBuiltin(grants),
        extra: { subject: path.from, ...(nsOf(path.from) && { namespace: nsOf(path.from) }), path },
      }),
    );
  }
  return out;
}

/** What a subject holds across all its bindings: every permission, or CSR approval. */
function* holderFindings({ subjects, graph }: FindingInputs, isBuiltin: IsBuiltin): Work<Finding[]> {
  const out: Finding[] = [];
  const all = sources(subjects);
  for (const [i, ref] of all.entries()) {
    if (i % 512 === 511) yield i / all.length;
    if (ref.kind === 'Group' && ref.name === PRIVILEGED_GROUP) continue;
    const extra = { subject: ref, ...(nsOf(ref) && { namespace: nsOf(ref) }) };
    const admin = graph.adminGrantsOf(ref);
    // Reported on the group when a group grants it, not on each of its members.
    if (admin && admin.length > 0 && !throughGroupOnly(admin, ref))
      out.push(
        makeFinding('CLUSTER_ADMIN_BINDING', {
          title: 'holds every permission in the cluster',
          grants: admin,
          builtin: isBuiltin(admin),
          extra,
        }),
      );
    const csr = admin ? undefined : heldTogether(graph.heldOf(ref));
    if (csr && !throughGroupOnly(csr, ref))
      out.push(
        makeFinding('CSR_APPROVE', {
          title: 'can approve certificate signing requests',
          grants: csr,
          builtin: isBuiltin(csr),
          extra,
        }),
      );
  }
  return out;
}

/** CSR_APPROVE's shapes, each allowed by something the subject holds (cluster-wide): one grant of each. */
function heldTogether(held: readonly Held[]): PathGrant[] | undefined {
  const match = findingRule('CSR_APPROVE').match;
  const grants: PathGrant[] = [];
  for (const id of match?.shapes ?? []) {
    const a = allowances(held, id).find((x) => !match?.clusterWide || x.scope === '');
    if (!a) return undefined;
    grants.push(a.grant);
  }
  return grants.length > 0 ? grants : undefined;
}
