// What to print when the engine and the API server disagree: the request, the identity, and only
// the objects that could matter (bindings reaching the namespace that name the identity or whose
// role has a rule for the request), so that the case can be rebuilt by hand.
import { bindingsReaching, indexBindings } from '@/lib/rbac/authorizer/bindings';
import { ruleAllows } from '@/lib/rbac/authorizer/match';
import { subjectAppliesTo } from '@/lib/rbac/authorizer/subjects';
import type { AccessRequest, ClusterModel, Identity } from '@/lib/rbac';

export function reproduction(
  model: ClusterModel,
  identity: Identity,
  request: AccessRequest,
  server: boolean,
  engine: boolean,
): string {
  const index = indexBindings(model);
  const ns = request.kind === 'resource' ? request.namespace : '';
  const relevant = bindingsReaching(index, ns).filter(
    (b) =>
      b.subjects.some((s) => subjectAppliesTo(identity, s, b.namespace)) || b.rules.some((r) => ruleAllows(r, request)),
  );
  const lines = [
    `DISAGREEMENT: server allowed=${server}, engine allowed=${engine}`,
    `  request:  ${JSON.stringify(request)}`,
    `  identity: ${JSON.stringify(identity)}`,
    ...relevant.map(
      (b) =>
        `  ${b.binding.kind} ${b.binding.namespace ? `${b.binding.namespace}/` : ''}${b.binding.name} → ${b.roleRef.kind} ${b.roleRef.name}` +
        `${b.dangling ? ` (dangling: ${b.dangling.reason})` : ''}\n    subjects: ${JSON.stringify(b.subjects)}\n    rules: ${JSON.stringify(b.rules)}`,
    ),
  ];
  return lines.join('\n');
}
