// Whether the next engine can take over the previous engine's risk answers (attack paths, findings:
// seconds at 10,000 namespaces). They read of pods only what podFacts (paths/attack-graph-world.ts)
// and the token findings (findings/token-findings.ts) read: which pods exist, in which namespace, as
// which account, whether they carry a token, on which node, made by which workload, and, while they
// run, the Secrets they mount and the tokens they project. A pod's phase going Pending → Running
// changes none of it; any RBAC, ServiceAccount or Namespace change may change anything.
import type { ModelChange } from '../model/changes';
import { carriesToken, podFinished, type Pod } from '../model/types';

/** What the risk answers read of a pod, as one comparable value. */
function riskFacts(p: Pod): string {
  const { namespace, name, serviceAccountName, nodeName, owner, templateHash } = p;
  const o = owner && [owner.group, owner.kind, owner.name];
  const volumes = podFinished(p) ? [] : [p.secretVolumes, p.projectedTokens];
  return JSON.stringify([namespace, name, serviceAccountName, carriesToken(p), nodeName, o, templateHash, ...volumes]);
}

export function keepsRiskAnswers(changes: readonly ModelChange[]): boolean {
  return changes.every(
    (c) =>
      c.kind === 'Pod' && c.before !== undefined && c.after !== undefined && riskFacts(c.before) === riskFacts(c.after),
  );
}
