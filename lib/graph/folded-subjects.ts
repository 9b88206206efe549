// The subjects of a binding that names too many to draw: one node per binding, with counts by kind.
import {
  grantDangers,
  grantsOf,
  subjectKey,
  subjectRefOf,
  type Engine,
  groupCovers,
  type ResolvedBinding,
  type SubjectRef,
} from '@/lib/rbac';
import { bindingNodeId, bindingSubjectsNodeId, subjectNodeId } from './node-ids';
import type { GraphNode, NodeKind } from './types';

import { GraphBuilder } from './graph-builder';

import { addResources } from './resource-nodes';
import { BINDING_SUBJECTS_DRAWN, type Tier } from './view-limits';

/** The subjects of one binding that names too many to draw: those not drawn for another reason. */
export interface Folded {
  id: string;
  bound: ResolvedBinding;
  tier: Tier;
  refs: SubjectRef[];
}

/**
 * For each drawn binding naming more than BINDING_SUBJECTS_DRAWN subjects: those drawn anyway (the
 * namespace's service accounts and those its pods run as, and whoever a smaller binding names)
 * keep their node and edge; the rest, each counted once, are folded into one node.
 */
export function foldSubjects(
  engine: Engine,
  namespace: string,
  drawn: readonly (readonly [ResolvedBinding, Tier])[],
  subjects: ReadonlyMap<string, unknown>,
  addSubject: (ref: SubjectRef, tier: Tier) => void,
): Folded[] {
  const podAccounts = new Set(
    engine.podsIn(namespace).map((p) => subjectKey({ kind: 'ServiceAccount', namespace, name: p.serviceAccountName })),
  );
  const anchored = new Set([...subjects.keys(), ...podAccounts]);
  const out: Folded[] = [];
  for (const [bound, tier] of drawn) {
    if (bound.subjects.length <= BINDING_SUBJECTS_DRAWN) continue;
    const refs = new Map<string, SubjectRef>();
    for (const s of bound.subjects) {
      const ref = subjectRefOf(s, bound.namespace);
      if (!ref) continue;
      const key = subjectKey(ref);
      if (anchored.has(key)) addSubject(ref, tier);
      else refs.set(key, ref);
    }
    if (refs.size > 0) out.push({ id: bindingSubjectsNodeId(bound.binding), bound, tier, refs: [...refs.values()] });
  }
  return out;
}

/**
 * A folded binding's subjects as one node: to its binding (structure), or to what the binding
 * grants them (access); group membership edges kept where a folded subject has one.
 */
const FOLDED_KIND = { User: 'user', Group: 'group', ServiceAccount: 'serviceaccount' } as const;

type FoldedKind = keyof typeof FOLDED_KIND;

function foldedCounts(refs: readonly SubjectRef[]): Partial<Record<FoldedKind, number>> {
  const out: Partial<Record<FoldedKind, number>> = {};
  for (const r of refs) out[r.kind] = (out[r.kind] ?? 0) + 1;
  return out;
}

export function addFoldedSubjects(
  b: GraphBuilder,
  f: Folded,
  subjects: ReadonlyMap<string, { ref: SubjectRef }>,
  nodeOf: (ref: SubjectRef) => string,
  mode: 'structure' | 'access',
): void {
  const kinds = new Set(f.refs.map((r) => r.kind));
  const only = kinds.size === 1 ? [...kinds][0] : undefined;
  const kind: NodeKind = only ? FOLDED_KIND[only] : 'user';
  const grants = f.bound.subjects[0] ? grantsOf(f.bound, f.bound.subjects[0]) : [];
  const n = f.refs.length;
  b.node(
    {
      id: f.id,
      kind,
      label: `${n.toLocaleString('en')} subject${n === 1 ? '' : 's'} of ${f.bound.binding.name}`,
      count: n,
      folds: foldedCounts(f.refs),
      object: { binding: f.bound.binding },
      dangerous: grants.some((g) => grantDangers(g).length > 0),
    },
    f.tier,
  );
  if (mode === 'structure') b.edge(f.id, bindingNodeId(f.bound.binding), 'subject-of');
  else addResources(b, f.id, grants, 'can', f.tier === 0 ? 1 : 3);
  const drawnSubjects = [...subjects.values()].map((s) => s.ref);
  for (const g of drawnSubjects.filter((r) => r.kind === 'Group'))
    if (f.refs.some((m) => m.kind !== 'Group' && groupCovers(g.name, m))) b.edge(f.id, subjectNodeId(g), 'member-of');
  for (const g of f.refs.filter((r) => r.kind === 'Group'))
    for (const m of drawnSubjects)
      if (m.kind !== 'Group' && groupCovers(g.name, m)) b.edge(nodeOf(m), f.id, 'member-of');
}

/** A node's kinds as the filter and the cut count them: a folded node's subjects by their own kinds. */
export function nodeKinds(n: GraphNode): [NodeKind, number][] {
  if (!n.folds) return [[n.kind, 1]];
  return Object.entries(n.folds).map(([k, count]) => [FOLDED_KIND[k as FoldedKind], count ?? 0]);
}
