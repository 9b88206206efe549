// Constrained impersonation (Kubernetes 1.36, KEP-5284) performed on the API server: the headers a
// step of each mode sends, one concrete request per action rule, and the server's answer read as
// the impersonation filter gives it (k8s.io/apiserver pkg/endpoints/filters/impersonation:
// constrained_impersonation.go tries the modes in turn, mode.go checks `impersonate-on:<mode>:<verb>`
// on the request itself, then `impersonate:<mode>` on the identity; a refusal is a 403 naming the
// verb that failed, before the request reaches the authorizer as the impersonated identity).
import { ruleAllows, type AccessRequest, type PathStep } from '@/lib/rbac';
import type { Api, Credential, Response } from './api';

/** What the impersonated identity may do (the engine's PathStep.actions, AttackPath.limitedTo). */
export type StepActions = NonNullable<PathStep['actions']>;
/** One of its rules: verbs without the `impersonate-on:<mode>:` prefix, held in `namespace` ('' = everywhere). */
export type ActionRule = StepActions['rules'][number];
export type ImpersonationMode = StepActions['mode'];

/** The technique of each constrained mode (lib/rbac/paths/techniques.ts). */
export const CONSTRAINED_TECHNIQUES: Readonly<Record<string, ImpersonationMode>> = {
  IMPERSONATE_SERVICEACCOUNT: 'serviceaccount',
  IMPERSONATE_USER_INFO: 'user-info',
  IMPERSONATE_ARBITRARY_NODE: 'arbitrary-node',
  IMPERSONATE_ASSOCIATED_NODE: 'associated-node',
};

export const modeOf = (step: PathStep): ImpersonationMode | undefined => CONSTRAINED_TECHNIQUES[step.technique];

export function actionsOf(step: PathStep): StepActions {
  if (!step.actions) throw new Error(`${step.technique} step carries no actions`);
  return step.actions;
}

/** An action rule as a PolicyRule, for the one matcher (lib/rbac/authorizer/match.ts). */
export function actionAllows(rule: ActionRule, req: AccessRequest): boolean {
  if (req.kind === 'resource') {
    if (rule.namespace !== '' && rule.namespace !== req.namespace) return false;
    // Held through a RoleBinding in every namespace: nothing cluster-scoped.
    if (rule.namespacedOnly && req.namespace === '') return false;
  } else if (rule.namespace !== '' || rule.namespacedOnly) return false;
  return ruleAllows(rule, req);
}

const PROBE_NAME = 'rbac-atlas-probe';
/** Verbs a request can be made with over HTTP (the others, bind, escalate, use…, are checked inside handlers). */
const HTTP_VERBS = new Set(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection']);
/** A non-resource request's verb is its method, lowercased (RequestInfoFactory). */
const NON_RESOURCE_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** A type the API serves: where its collection lives. */
interface Served {
  base: string;
  namespaced: boolean;
}

/** The API server's discovery (as the admin): the path of each group/resource. */
export class Discovery {
  private table?: Map<string, Served>;
  constructor(private readonly api: Api) {}

  async served(group: string, resource: string): Promise<Served | undefined> {
    this.table ??= await this.read();
    return this.table.get(`${group}/${resource}`);
  }

  /** The group serving a resource (the first, core first), for a rule whose apiGroups is "*". */
  async groupOf(resource: string): Promise<string | undefined> {
    this.table ??= await this.read();
    for (const key of this.table.keys()) if (key.endsWith(`/${resource}`)) return key.slice(0, -resource.length - 1);
    return undefined;
  }

  private async read(): Promise<Map<string, Served>> {
    const table = new Map<string, Served>();
    const add = async (group: string, base: string) => {
      const r = await this.api.send(this.api.admin, 'GET', base);
      for (const res of (r.body as { resources?: { name: string; namespaced: boolean }[] }).resources ?? [])
        if (!res.name.includes('/')) table.set(`${group}/${res.name}`, { base, namespaced: res.namespaced });
    };
    await add('', '/api/v1');
    const groups = (await this.api.send(this.api.admin, 'GET', '/apis')).body as {
      groups: { name: string; preferredVersion: { groupVersion: string } }[];
    };
    for (const g of groups.groups) await add(g.name, `/apis/${g.preferredVersion.groupVersion}`);
    return table;
  }
}

/**
 * One concrete request a rule allows: its first verb, resource and name ("*" read as get,
 * configmaps), the group among its groups that serves the resource, in its namespace
 * (`fallbackNamespace` when the rule allows every one). Undefined when no request the API server
 * could see matches: a verb checked only inside a handler (bind, escalate, approve…: never a
 * request's verb, so the impersonation filter never asks about it), or names on a request that
 * names nothing when authorized (a create, a deletecollection: RequestInfo has no name for them;
 * a list or watch names one through its metadata.name field selector).
 */
export async function requestOf(
  rule: ActionRule,
  discovery: Discovery,
  fallbackNamespace: string,
): Promise<AccessRequest | undefined> {
  const verb = rule.verbs.find((v) => v !== '*') ?? 'get';
  if (rule.nonResourceURLs.length > 0) {
    const path = rule.nonResourceURLs[0]!.replace(/\*$/, PROBE_NAME);
    return NON_RESOURCE_VERBS.has(verb) ? { kind: 'nonResource', verb, path } : undefined;
  }
  const [resource = 'configmaps', subresource = ''] = rule.resources[0]!.replace(/^\*/, 'configmaps').split('/');
  const group = await servingGroup(rule.apiGroups, resource, discovery);
  const served = await discovery.served(group, resource);
  const name = rule.resourceNames[0];
  const unnamed = (verb === 'create' && !subresource) || verb === 'deletecollection';
  if (!HTTP_VERBS.has(verb) || (name !== undefined && unnamed)) return undefined;
  const wantsName = subresource !== '' || ['get', 'update', 'patch', 'delete'].includes(verb);
  return {
    kind: 'resource',
    verb,
    group,
    resource,
    subresource: subresource === '*' ? 'status' : subresource,
    name: unnamed ? '' : (name ?? (wantsName ? PROBE_NAME : '')),
    namespace: served?.namespaced === false ? '' : rule.namespace || fallbackNamespace,
  };
}

/** Of a rule's groups, one that serves the resource (a rule may list several, or "*"), else its first. */
async function servingGroup(groups: readonly string[], resource: string, discovery: Discovery): Promise<string> {
  if (groups.includes('*')) return (await discovery.groupOf(resource)) ?? '';
  for (const g of groups) if (await discovery.served(g, resource)) return g;
  return groups[0] ?? '';
}

/**
 * One request per verb and resource of the rule (its first name): what a hop and a limited path's
 * end are checked with. Combinations no request can match are left out; none left means the rule
 * allows nothing.
 */
export async function requestsOf(
  rule: ActionRule,
  discovery: Discovery,
  fallbackNamespace: string,
): Promise<{ requests: AccessRequest[]; none: number }> {
  const verbs = rule.nonResourceURLs.length > 0 || rule.verbs.length === 0 ? [rule.verbs] : rule.verbs.map((v) => [v]);
  const resources = rule.resources.length > 0 ? rule.resources.map((r) => [r]) : [rule.resources];
  const all = await Promise.all(
    verbs.flatMap((v) =>
      resources.map((r) => requestOf({ ...rule, verbs: v, resources: r }, discovery, fallbackNamespace)),
    ),
  );
  // A rule held in every namespace but nothing cluster-scoped (namespacedOnly) makes no request of a cluster-scoped type.
  const requests = all.filter((req): req is AccessRequest => req !== undefined && actionAllows(rule, req));
  return { requests, none: all.length - requests.length };
}

/** Whether a request can be sent over HTTP as it is (a review's made-up verb cannot). */
export const performable = (req: AccessRequest) =>
  (req.kind === 'resource' ? HTTP_VERBS : NON_RESOURCE_VERBS).has(req.verb);

/**
 * Makes the request as the credential, changing nothing: writes are dry runs with an empty body
 * (refused by validation once authorized), a deletecollection selects nothing, a watch ends in a second.
 */
export async function perform(api: Api, cred: Credential, req: AccessRequest, discovery: Discovery): Promise<Response> {
  if (req.kind === 'nonResource') return api.send(cred, req.verb.toUpperCase(), req.path);
  const served = await discovery.served(req.group, req.resource);
  const base = served?.base ?? (req.group === '' ? '/api/v1' : `/apis/${req.group}/v1`);
  const collection = `${base}${req.namespace ? `/namespaces/${req.namespace}` : ''}/${req.resource}`;
  const object = `${collection}/${req.name || PROBE_NAME}${req.subresource ? `/${req.subresource}` : ''}`;
  // A list or watch of one name: RequestInfo takes the name from the metadata.name field selector.
  const byName = req.name ? `fieldSelector=${encodeURIComponent(`metadata.name=${req.name}`)}` : '';
  switch (req.verb) {
    case 'get':
      return api.send(cred, 'GET', object);
    case 'list':
      return api.send(cred, 'GET', `${collection}?${byName}`);
    case 'watch':
      return api.send(cred, 'GET', `${collection}?watch=1&timeoutSeconds=1&${byName}`);
    case 'create':
      return api.send(cred, 'POST', `${req.subresource ? object : collection}?dryRun=All`, {});
    case 'update':
      return api.send(cred, 'PUT', `${object}?dryRun=All`, {});
    case 'patch':
      return api.send(cred, 'PATCH', `${object}?dryRun=All`, {}, 'application/merge-patch+json');
    case 'delete':
      return api.send(cred, 'DELETE', `${object}?dryRun=All`);
    case 'deletecollection':
      return api.send(cred, 'DELETE', `${collection}?dryRun=All&labelSelector=rbac-atlas-probe%3Dnone`);
  }
  throw new Error(`${req.verb} is not an HTTP request`);
}

const messageOf = (r: Response) => (r.body as { message?: string }).message ?? String(r.body);

/** How the server answered a request made while impersonating. */
export type Answer = 'allowed' | 'impersonation refused' | 'refused as the impersonated identity';

export function answerOf(r: Response): Answer {
  if (r.status !== 403) return 'allowed';
  return /impersonat/.test(messageOf(r)) ? 'impersonation refused' : 'refused as the impersonated identity';
}

/** Requests tried in turn for one the actions do not allow: SelfSubjectReview (whoAmI) first. */
const OUTSIDE: AccessRequest[] = [
  {
    kind: 'resource',
    verb: 'create',
    group: 'authentication.k8s.io',
    resource: 'selfsubjectreviews',
    subresource: '',
    name: '',
    namespace: '',
  },
  {
    kind: 'resource',
    verb: 'list',
    group: '',
    resource: 'configmaps',
    subresource: '',
    name: '',
    namespace: 'kube-public',
  },
  {
    kind: 'resource',
    verb: 'get',
    group: '',
    resource: 'namespaces',
    subresource: '',
    name: 'kube-system',
    namespace: 'kube-system',
  },
  { kind: 'nonResource', verb: 'get', path: '/version' },
];

/** A request none of the rules allows (undefined when they allow all of OUTSIDE). */
export function outsideRequest(rules: readonly ActionRule[]): AccessRequest | undefined {
  return OUTSIDE.find((req) => !rules.some((rule) => actionAllows(rule, req)));
}

/** Whether a 403 names the mode's `impersonate-on` verb: the action check refused it. */
export function refusedByActions(r: Response, mode: ImpersonationMode): boolean {
  return r.status === 403 && messageOf(r).includes(`impersonate-on:${mode}:`);
}

export const statusText = (r: Response) => `${r.status} ${messageOf(r)}`;
