// Role → resource edges: verbs per resource, red where they make a danger, many resources one node.
import { resourceLabel, ruleDangers, type Grant } from '@/lib/rbac';
import { resourceNodeId } from './node-ids';

import { GraphBuilder } from './graph-builder';

/** Above this many resources one role (or, in access mode, one subject) points at a single summary node. */
export const RESOURCE_GROUP_THRESHOLD = 12;

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
  const targets = new Map<string, { verbs: Set<string>; names: Set<string> | undefined; dangerous: boolean }>();
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
  if (targets.size > RESOURCE_GROUP_THRESHOLD || (summarize && targets.size > 1)) {
    // Aggregate before drawing: a role such as view grants dozens of resources.
    const dangerous = [...targets.values()].some((t) => t.dangerous);
    const id = `resources:${fromId}`;
    b.node({ id, kind: 'resource', label: `${targets.size} resources`, dangerous, count: targets.size }, tier);
    b.edge(fromId, id, kind, { verbs: [...new Set([...targets.values()].flatMap((t) => [...t.verbs]))], dangerous });
    return;
  }
  for (const [label, t] of targets) {
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
