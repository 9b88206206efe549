import {
  impersonatedIdentity,
  serviceAccountIdentity,
  type AccessRequest,
  type ClusterModel,
  type Identity,
  type PolicyRule,
} from '@/lib/rbac';
import type { Random } from './random';
import { VOCAB } from './world';

function fresh(r: Random, namespaces: readonly string[]): AccessRequest {
  if (r.chance(0.15)) {
    return { kind: 'nonResource', verb: r.pick(['get', 'post', 'put', 'delete']), path: r.pick(VOCAB.paths) };
  }
  return {
    kind: 'resource',
    verb: r.pick(VOCAB.verbs),
    group: r.pick(VOCAB.groups),
    resource: r.pick(VOCAB.resources),
    subresource: r.chance(0.25) ? r.pick(VOCAB.subresources) : '',
    name: r.chance(0.3) ? r.pick(VOCAB.names) : '',
    namespace: r.chance(0.15) ? '' : r.pick([...namespaces, 'default']),
  };
}

const concrete = (r: Random, value: string, pool: readonly string[]) => (value === '*' ? r.pick(pool) : value);

/** A request a rule allows, or nearly: the boundaries (subresources, names, prefixes) are where bugs live. */
export function nearRule(r: Random, rule: PolicyRule, namespaces: readonly string[]): AccessRequest {
  const verb = concrete(r, r.pick(rule.verbs), VOCAB.verbs);
  if (rule.nonResourceURLs.length > 0) {
    const url = r.pick(rule.nonResourceURLs);
    const path =
      url === '*'
        ? r.pick(VOCAB.paths)
        : url.endsWith('*')
          ? `${url.replace(/\*+$/, '')}${r.pick(['', 'x', '/y'])}`
          : url;
    return { kind: 'nonResource', verb: concrete(r, verb, ['get', 'post']), path };
  }
  const [resource = '*', sub = ''] = r.pick(rule.resources).split('/');
  const request: AccessRequest = {
    kind: 'resource',
    verb,
    group: concrete(r, r.pick(rule.apiGroups), VOCAB.groups),
    resource: concrete(r, resource, VOCAB.resources),
    subresource: concrete(r, sub, VOCAB.subresources),
    name: rule.resourceNames.length > 0 ? r.pick(rule.resourceNames) : r.chance(0.3) ? r.pick(VOCAB.names) : '',
    namespace: r.chance(0.15) ? '' : r.pick([...namespaces, 'default']),
  };
  // Nudge one attribute off the rule a third of the time.
  if (r.chance(0.33)) {
    const field = r.pick(['verb', 'group', 'resource', 'subresource', 'name'] as const);
    const pools = {
      verb: VOCAB.verbs,
      group: VOCAB.groups,
      resource: VOCAB.resources,
      subresource: ['', ...VOCAB.subresources],
      name: ['', ...VOCAB.names],
    };
    request[field] = r.pick(pools[field]);
  }
  return request;
}

/** Half fresh requests over the vocabulary, half built near one of the world's rules. */
export function randomRequest(
  r: Random,
  namespaces: readonly string[],
  rules: readonly PolicyRule[] = [],
): AccessRequest {
  return rules.length > 0 && r.chance(0.5) ? nearRule(r, r.pick(rules), namespaces) : fresh(r, namespaces);
}

export interface Case {
  identity: Identity;
  request: AccessRequest;
}

/** An identity a binding names (or a member of a group it names), asking near one of its role's rules. */
export function boundCase(r: Random, model: ClusterModel, identities: readonly Identity[]): Case | undefined {
  const bindings = [...model.roleBindings, ...model.clusterRoleBindings.map((b) => ({ ...b, namespace: '' }))];
  const b = r.pick(bindings);
  const role =
    b.roleRef.kind === 'Role'
      ? model.roles.find((x) => x.namespace === b.namespace && x.name === b.roleRef.name)
      : model.clusterRoles.find((x) => x.name === b.roleRef.name);
  const subject = b.subjects.length > 0 ? r.pick(b.subjects) : undefined;
  if (!role || role.rules.length === 0 || !subject) return undefined;
  let identity: Identity | undefined;
  if (subject.kind === 'ServiceAccount')
    identity = serviceAccountIdentity(subject.namespace || b.namespace || 'default', subject.name);
  else if (subject.kind === 'User') identity = impersonatedIdentity(subject.name, []);
  else {
    const members = identities.filter((i) => i.groups.includes(subject.name));
    identity = members.length > 0 ? r.pick(members) : impersonatedIdentity('member', [subject.name]);
  }
  const request = nearRule(r, r.pick(role.rules), b.namespace ? [b.namespace] : ['default']);
  if (request.kind === 'resource' && b.namespace && r.chance(0.85)) request.namespace = b.namespace;
  return { identity, request };
}
