// Role → resource edges: verbs per resource, red where they make a danger, many resources one node.
import { resourceLabel, ruleDangers, type Grant } from '@/lib/rbac';
import { resourceNodeId } from './node-ids';

import { GraphBuilder } from './graph-builder';

/** Above this many resources one role (or, in access mode, one subject) points at a single summary node. */
export const RESOURCE_GROUP_THRESHOLD = 12;
/**
 * Above this many (up to RESOURCE_GROUP_THRESHOLD), a role's dangerous resources are drawn one by
 * one and the rest are one node ("5 more resources"): a column of resources was what made a graph
 * too tall to read at Fit, and what is dangerous is never folded into a count.
 */
export const RESOURCES_DRAWN = 4;

type Target = { verbs: Set<string>; names: Set<string> | undefined; dangerous: boolean };

/** Role → resource edges of one rule set: verbs per resource, red where the verbs make a danger. */
export function addResources(
  b: GraphBuilder,
  fromId: string,
  grants: readonly Grant[],
  kind: 'grants' | 'can',
  tier: number,
  summarize = false,
): void {
  // names: the objects every grant so far is limited to; undefined once one grant names none (all).
  const targets = new Map<string, Target>();
  for (const g of grants) {
    const viaClusterAdmin = g.role.kind === 'ClusterRole' && g.role.name === 'cluster-admin';
    const limited = g.rule.resourceNames.length > 0;
    for (const group of g.rule.apiGroups) {
      for (const resource of g.rule.resources) {
        const label = resourceLabel(group, resource);
        const probe = { ...g.rule, apiGroups: [group], resources: [resource] };
        const t = targets.get(label) ?? { verbs: new Set<string>(), names: new Set<string>(), dangerous: false };
        g.rule.verbs.forEach((v) => t.verbs.add(v));
        if (!limited) t.names = undefined;
        else g.rule.resourceNames.forEach((n) => t.names?.add(n));
        t.dangerous ||= viaClusterAdmin || ruleDangers(probe).length > 0;
        targets.set(label, t);
      }
    }
  }
  const all = targets.size > RESOURCE_GROUP_THRESHOLD || (summarize && targets.size > 1);
  const folded = all
    ? [...targets]
    : targets.size > RESOURCES_DRAWN
      ? [...targets].filter(([, t]) => !t.dangerous)
      : [];
  // Folding one resource saves nothing: it is drawn as itself.
  const fold = folded.length > 1 ? new Set(folded.map(([label]) => label)) : new Set<string>();
  if (fold.size > 0) addResourceGroup(b, fromId, folded, kind, tier, all);
  for (const [label, t] of targets) {
    if (fold.has(label)) continue;
    b.node(
      {
        id: resourceNodeId(label),
        kind: 'resource',
        label: label === '*' ? '* (all resources)' : label,
        dangerous: t.dangerous,
      },
      tier,
    );
    b.edge(fromId, resourceNodeId(label), kind, {
      verbs: [...t.verbs],
      ...(t.names && { resourceNames: [...t.names] }),
      dangerous: t.dangerous,
    });
  }
}

/** The resources of one role (or subject) as one node: all of them, or the rest beside its dangerous ones. */
function addResourceGroup(
  b: GraphBuilder,
  fromId: string,
  folded: readonly [string, Target][],
  kind: 'grants' | 'can',
  tier: number,
  all: boolean,
): void {
  const dangerous = folded.some(([, t]) => t.dangerous);
  const id = `resources:${fromId}`;
  const label = `${folded.length} ${all ? '' : 'more '}resources`;
  b.node({ id, kind: 'resource', label, dangerous, count: folded.length }, tier);
  b.edge(fromId, id, kind, { verbs: [...new Set(folded.flatMap(([, t]) => [...t.verbs]))], dangerous });
}
