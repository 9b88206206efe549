// Performs an attack path on a real API server, hop by hop, as the attacker: each step is the request
// the technique makes (impersonation headers, a TokenRequest, a pod admitted with that
// serviceAccountName, a SelfSubjectAccessReview for exec/attach/ephemeral/nodes-proxy, a binding
// created, a role updated), and after each hop the gained identity is checked with
// SelfSubjectReview / SelfSubjectAccessReview. Objects a path creates or changes are put back.
import {
  carriesToken,
  CLUSTER_ADMIN,
  describeRequest,
  workloadsOfPod,
  serviceAccountUsername,
  impersonatedIdentity,
  type AccessRequest,
  type AttackPath,
  type Identity,
  type Engine,
  type PathNode,
  type PathStep,
  type PathTarget,
  type Pod,
  type PolicyRule,
  type SubjectRef,
} from '@/lib/rbac';
import { AUTHENTICATED_GROUP, NODES_GROUP, nodeOfUsername } from '@/lib/rbac/model/identity';
import { ok, type Api, type Credential, type Response } from './api';
import {
  actionsOf,
  answerOf,
  statusText,
  Discovery,
  modeOf,
  outsideRequest,
  perform,
  performable,
  refusedByActions,
  requestsOf,
  type ActionRule,
  type ImpersonationMode,
  type StepActions,
} from './constrained';

const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const DRY = '?dryRun=All';
const ENFORCE = 'pod-security.kubernetes.io/enforce';

/** Whether a step's first grant allows `patch` (else it allows `update`): the request the attacker sends. */
function usesPatch(step: PathStep): boolean {
  const verbs = step.grants[0]!.rule.verbs;
  return verbs.includes('patch') || verbs.includes('*');
}

export const memberOf = (group: string) => `member-of:${group}`;

/** A pod spec the restricted Pod Security level admits, running as `serviceAccountName`. */
export function podSpec(serviceAccountName: string, extra: Record<string, unknown> = {}) {
  return {
    serviceAccountName,
    automountServiceAccountToken: true,
    securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      {
        name: 'c',
        image: 'registry.invalid/probe:1',
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      },
    ],
    ...extra,
  };
}

const WORKLOADS: Record<string, (ns: string, spec: object) => { path: string; body: object }> = {
  'deployments.apps': (ns, spec) => ({
    path: `/apis/apps/v1/namespaces/${ns}/deployments`,
    body: { apiVersion: 'apps/v1', kind: 'Deployment', ...selectorWorkload(spec) },
  }),
  'replicasets.apps': (ns, spec) => ({
    path: `/apis/apps/v1/namespaces/${ns}/replicasets`,
    body: { apiVersion: 'apps/v1', kind: 'ReplicaSet', ...selectorWorkload(spec) },
  }),
  'daemonsets.apps': (ns, spec) => ({
    path: `/apis/apps/v1/namespaces/${ns}/daemonsets`,
    body: { apiVersion: 'apps/v1', kind: 'DaemonSet', ...selectorWorkload(spec) },
  }),
  'statefulsets.apps': (ns, spec) => {
    const w = selectorWorkload(spec);
    return {
      path: `/apis/apps/v1/namespaces/${ns}/statefulsets`,
      body: { apiVersion: 'apps/v1', kind: 'StatefulSet', ...w, spec: { ...w.spec, serviceName: 'probe' } },
    };
  },
  'jobs.batch': (ns, spec) => ({
    path: `/apis/batch/v1/namespaces/${ns}/jobs`,
    body: {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'probe' },
      spec: { template: { spec: { ...spec, restartPolicy: 'Never' } } },
    },
  }),
  'cronjobs.batch': (ns, spec) => ({
    path: `/apis/batch/v1/namespaces/${ns}/cronjobs`,
    body: {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'probe' },
      spec: {
        schedule: '0 0 * * *',
        jobTemplate: { spec: { template: { spec: { ...spec, restartPolicy: 'Never' } } } },
      },
    },
  }),
  replicationcontrollers: (ns, spec) => ({
    path: `/api/v1/namespaces/${ns}/replicationcontrollers`,
    body: {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'probe' },
      spec: { selector: { app: 'probe' }, template: { metadata: { labels: { app: 'probe' } }, spec } },
    },
  }),
};
export const WORKLOAD_KINDS = Object.keys(WORKLOADS);

/** A pod spec only the privileged Pod Security level admits: the host's filesystem on a chosen node. */
function privilegedSpec(node: string) {
  return {
    nodeName: node,
    hostPID: true,
    containers: [
      {
        name: 'c',
        image: 'registry.invalid/probe:1',
        securityContext: { privileged: true },
        volumeMounts: [{ name: 'host', mountPath: '/host' }],
      },
    ],
    volumes: [{ name: 'host', hostPath: { path: '/' } }],
  };
}

/** The pod template's spec of a workload body (a CronJob's through its Job template). */
function templateOf(body: object): object {
  type Template = { template?: { spec: object }; jobTemplate?: { spec: { template: { spec: object } } } };
  const spec = (body as { spec: Template }).spec;
  return spec.template?.spec ?? spec.jobTemplate!.spec.template.spec;
}

function selectorWorkload(spec: object) {
  return {
    metadata: { name: 'probe' },
    spec: { selector: { matchLabels: { app: 'probe' } }, template: { metadata: { labels: { app: 'probe' } }, spec } },
  };
}

const res = (
  verb: string,
  resource: string,
  o: { group?: string; subresource?: string; name?: string; namespace?: string } = {},
): AccessRequest => ({
  kind: 'resource',
  verb,
  group: o.group ?? '',
  resource,
  subresource: o.subresource ?? '',
  name: o.name ?? '',
  namespace: o.namespace ?? '',
});

const EVERY_RESOURCE = (namespace = '') =>
  res('x-rbac-atlas-any-verb', 'x-rbac-atlas-any', {
    group: 'x-rbac-atlas.invalid',
    subresource: 'x-rbac-atlas-any',
    namespace,
  });
const EVERY_URL: AccessRequest = { kind: 'nonResource', verb: 'x-rbac-atlas-any-verb', path: '/x-rbac-atlas-any' };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retries while refused: the authorizer sees a new binding a moment after it is stored. */
export async function eventually<T>(attempt: () => Promise<T>, done: (t: T) => boolean, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const t = await attempt();
    if (done(t) || Date.now() > deadline) return t;
    await sleep(100);
  }
}

export class HopFailed extends Error {}

type Undo = () => Promise<void>;

/** What the constrained impersonation checks did, for the printed totals. */
export interface ConstrainedTally {
  hops: number;
  refusedOutside: number;
  limitedRequests: number;
  /** Requests within the actions the impersonated identity's own rules allowed, and refused (each as the engine said). */
  allowedAsIdentity: number;
  refusedAsIdentity: number;
  /** Verb and resource combinations of action rules that no request matches (bind, a create by name…). */
  matchNoRequest: number;
}

export class Executor {
  private undo: Undo[] = [];
  private seq = 0;
  private readonly discovery: Discovery;
  private namespaces?: string[];
  readonly tally: ConstrainedTally = {
    hops: 0,
    refusedOutside: 0,
    limitedRequests: 0,
    allowedAsIdentity: 0,
    refusedAsIdentity: 0,
    matchNoRequest: 0,
  };
  constructor(
    private readonly api: Api,
    private readonly engine: Engine,
    private readonly userTokens: ReadonlyMap<string, string>,
  ) {
    this.discovery = new Discovery(api);
  }

  /** Makes the request as the credential over HTTP, changing nothing (constrained.ts perform). */
  request(cred: Credential, req: AccessRequest): Promise<Response> {
    return perform(this.api, cred, req, this.discovery);
  }

  /**
   * Whether the credential may make the request: a SelfSubjectAccessReview, except while
   * impersonating in a constrained mode, where the review is itself a request the actions may not
   * allow: the request is then made (changing nothing) and any answer but 403 is allowed.
   */
  async can(cred: Credential, req: AccessRequest): Promise<boolean> {
    if (!cred.impersonate?.mode || !performable(req)) return this.api.can(cred, req);
    return answerOf(await perform(this.api, cred, req, this.discovery)) === 'allowed';
  }

  async credentialOf(subject: SubjectRef): Promise<Credential> {
    if (subject.kind === 'ServiceAccount') return this.api.tokenOf(subject.namespace, subject.name);
    const name = subject.kind === 'User' ? subject.name : memberOf(subject.name);
    const token = this.userTokens.get(name);
    if (!token) throw new Error(`no static token for ${name}`);
    return { token, owner: { kind: 'User', name } };
  }

  /**
   * Performs every step; throws HopFailed naming the step the server refused. `atEnd` is asked of
   * the identity gained, before the world is restored (effective who-can: a SelfSubjectAccessReview).
   */
  async run(path: AttackPath, atEnd?: (cred: Credential) => Promise<void>): Promise<void> {
    let cred = await this.credentialOf(path.from);
    try {
      for (const [i, step] of path.steps.entries()) {
        cred = await this.perform(step, cred).catch((e: unknown) => {
          throw new HopFailed(`step ${i + 1} ${step.technique}: ${e instanceof Error ? e.message : String(e)}`);
        });
        const mode = modeOf(step);
        if (mode) await this.checkActions(actionsOf(step), cred, `step ${i + 1}`);
        else if (step.to !== CLUSTER_ADMIN) await this.checkIdentity(cred, step.to, `step ${i + 1}`);
      }
      await this.checkEnd(path, cred);
      await atEnd?.(cred);
    } finally {
      await this.restore();
    }
  }

  /**
   * A path to cluster-admin ends holding every permission; a limited one ends where each request
   * of its actions is answered as the engine answers it for the impersonated identity.
   */
  private async checkEnd(path: AttackPath, cred: Credential): Promise<void> {
    if (path.limitedTo) {
      for (const req of await this.requestsOfActions(path.limitedTo)) {
        this.tally.limitedRequests++;
        await this.impersonatedRequest(cred, req, 'the limited end');
      }
    }
    if (path.to !== CLUSTER_ADMIN) return;
    const admin = await eventually(
      () => this.isAdmin(cred),
      (x) => x,
    );
    if (!admin) throw new HopFailed('the last identity does not hold every permission');
  }

  /** One request per verb and resource of each rule; the combinations no request matches are counted. */
  private async requestsOfActions(actions: StepActions): Promise<AccessRequest[]> {
    const all = await Promise.all(actions.rules.map((r) => requestsOf(r, this.discovery, 'default')));
    this.tally.matchNoRequest += all.reduce((n, r) => n + r.none, 0);
    return all.flatMap((r) => r.requests);
  }

  /**
   * A constrained hop: each request its actions allow (one per verb and resource of each rule) is
   * answered as the engine answers it, and one they do not allow is refused with the mode's
   * impersonate-on verb named.
   */
  private async checkActions(actions: StepActions, cred: Credential, where: string): Promise<void> {
    this.tally.hops++;
    const inside = await this.requestsOfActions(actions);
    if (inside.length === 0)
      throw new HopFailed(`${where}: the step's actions match no request the API server could be sent`);
    for (const req of inside) await this.impersonatedRequest(cred, req, where);
    const outside = outsideRequest(actions.rules);
    if (!outside) return;
    const refused = await perform(this.api, cred, outside, this.discovery);
    if (!refusedByActions(refused, actions.mode))
      throw new HopFailed(`${where}: ${describeRequest(outside)} is outside the actions, yet: ${statusText(refused)}`);
    this.tally.refusedOutside++;
  }

  /**
   * A request the actions allow, made while impersonating: the filter lets it through as the
   * identity, and the server then allows it exactly when the engine's canI allows that identity
   * (its own rules: impersonation only narrows them).
   */
  private async impersonatedRequest(cred: Credential, req: AccessRequest, where: string): Promise<void> {
    const imp = cred.impersonate!;
    const r = await eventually(
      () => perform(this.api, cred, req, this.discovery),
      (x) => answerOf(x) !== 'impersonation refused',
    );
    const answer = answerOf(r);
    if (answer === 'impersonation refused')
      throw new HopFailed(`${where}: ${describeRequest(req)} as ${imp.user}: ${statusText(r)}`);
    const expected = this.engine.canI(impersonatedAs(imp), req).allowed;
    if ((answer === 'allowed') !== expected)
      throw new HopFailed(
        `${where}: ${describeRequest(req)} as ${imp.user}: the engine says ${expected ? 'allowed' : 'refused'}, the server ${statusText(r)}`,
      );
    if (expected) this.tally.allowedAsIdentity++;
    else this.tally.refusedAsIdentity++;
  }

  private async isAdmin(cred: Credential): Promise<boolean> {
    return (await this.api.can(cred, EVERY_RESOURCE())) && (await this.api.can(cred, EVERY_URL));
  }

  /** SelfSubjectReview says the credential is the node; for a role or namespace, one permission it holds. */
  private async checkIdentity(cred: Credential, node: PathNode, where: string): Promise<void> {
    if (node.kind === 'ServiceAccount' || node.kind === 'User' || node.kind === 'Group') {
      const me = await this.api.whoAmI(cred);
      if ('status' in me) throw new HopFailed(`${where}: SelfSubjectReview refused (${me.status})`);
      const good =
        node.kind === 'Group'
          ? me.groups.includes(node.name)
          : me.user === (node.kind === 'User' ? node.name : serviceAccountUsername(node.namespace, node.name));
      if (!good) throw new HopFailed(`${where}: the server says ${me.user} [${me.groups.join(', ')}]`);
      return;
    }
    const probe =
      node.kind === 'Namespace' ? EVERY_RESOURCE(node.name === '*' ? 'default' : node.name) : this.roleProbe(node);
    if (
      probe &&
      !(await eventually(
        () => this.can(cred, probe),
        (x) => x,
      ))
    )
      throw new HopFailed(`${where}: ${JSON.stringify(node)} not held`);
  }

  /** A request the role's first plain rule allows, in the binding's scope. */
  private roleProbe(node: Extract<PathNode, { kind: 'Role' | 'ClusterRole' }>): AccessRequest | undefined {
    const role = this.engine.role(
      node.kind === 'Role'
        ? { kind: 'Role', name: node.name, namespace: node.namespace }
        : { kind: 'ClusterRole', name: node.name },
    );
    const rule = role?.rules.find((r) => r.resources.length > 0 && r.nonResourceURLs.length === 0);
    if (!rule) return undefined;
    const [resource = '', subresource = ''] = rule.resources[0]!.replace('*', 'x-any').split('/');
    return res(rule.verbs[0] === '*' ? 'get' : rule.verbs[0]!, resource, {
      group: rule.apiGroups[0] === '*' ? 'x-any' : (rule.apiGroups[0] ?? ''),
      subresource: subresource.replace('*', 'x-any'),
      name: rule.resourceNames[0] ?? '',
      namespace: node.namespace && node.namespace !== '*' ? node.namespace : '',
    });
  }

  private async perform(step: PathStep, cred: Credential): Promise<Credential> {
    const to = step.to;
    const mode = modeOf(step);
    if (mode) return this.impersonateConstrained(step, mode, cred);
    switch (step.technique) {
      case 'IMPERSONATE':
        return this.impersonate(step, cred);
      case 'TOKEN_REQUEST':
        return this.requestToken(cred, to as Extract<PathNode, { kind: 'ServiceAccount' }>);
      case 'POD_CREATE': {
        const sa = to as Extract<PathNode, { kind: 'ServiceAccount' }>;
        const via = step.via?.kind === 'Workload' ? step.via : undefined;
        const r = via
          ? await this.createWorkload(cred, via.resource, sa.namespace, sa.name)
          : await this.api.send(cred, 'POST', `/api/v1/namespaces/${sa.namespace}/pods${DRY}`, {
              apiVersion: 'v1',
              kind: 'Pod',
              metadata: { name: 'probe' },
              spec: podSpec(sa.name),
            });
        expectOk(r, via ? `create ${via.resource}` : 'create pod');
        return this.api.tokenOf(sa.namespace, sa.name);
      }
      case 'POD_EXEC': {
        const via = step.via as Extract<PathStep['via'], { kind: 'Pod' }>;
        await this.execAllowed(cred, via.namespace, via.name);
        return this.tokenOfPod(via.namespace, via.name);
      }
      case 'NODE_ESCAPE': {
        const via = step.via as Extract<PathStep['via'], { kind: 'Node' }>;
        if (via.privilegedPodIn !== undefined) {
          await this.privilegedPodAdmitted(cred, via.privilegedPodIn, via.name, via.privilegedPodBy);
        } else {
          const allowed =
            (await this.can(cred, res('get', 'nodes', { subresource: 'proxy', name: via.name }))) ||
            (await this.can(cred, res('create', 'nodes', { subresource: 'proxy', name: via.name })));
          if (!allowed) throw new Error(`nodes/proxy on ${via.name} not allowed`);
        }
        return this.tokenOfPod(via.pod!.namespace, via.pod!.name);
      }
      case 'POD_PATCH': {
        const via = step.via as Extract<PathStep['via'], { kind: 'Pod' }>;
        await this.patchPodImage(cred, step, via.namespace, via.name);
        return this.tokenOfPod(via.namespace, via.name);
      }
      case 'WORKLOAD_UPDATE': {
        const sa = to as Extract<PathNode, { kind: 'ServiceAccount' }>;
        const via = step.via as Extract<PathStep['via'], { kind: 'Workload' }>;
        const r = await this.updateWorkload(cred, usesPatch(step), via.resource, via.namespace, via.name!, sa.name);
        expectOk(r, `update ${via.resource} ${via.namespace}/${via.name}`);
        const template = (r.body as { spec: { template: { spec: { serviceAccountName?: string } } } }).spec.template;
        if (template.spec.serviceAccountName !== sa.name)
          throw new Error(`the updated template runs as ${template.spec.serviceAccountName}`);
        return this.api.tokenOf(sa.namespace, sa.name);
      }
      case 'NAMESPACE_RELABEL': {
        const via = step.via as Extract<PathStep['via'], { kind: 'Node' }>;
        const namespace = via.privilegedPodIn!;
        await this.relabel(cred, usesPatch(step), namespace);
        await this.privilegedPodAdmitted(cred, namespace, via.name, via.privilegedPodBy, 'relabelled ');
        return this.tokenOfPod(via.pod!.namespace, via.pod!.name);
      }
      case 'ROLE_BIND':
        return this.bind(step, cred);
      case 'ROLE_ESCALATE':
        return this.escalate(step, cred);
      default:
        throw new Error(`the executor does not perform ${step.technique} yet`);
    }
  }

  /** A TokenRequest for the service account, sent as the credential (impersonating, when it does). */
  private async requestToken(cred: Credential, sa: { namespace: string; name: string }): Promise<Credential> {
    const r = await this.api.send(cred, 'POST', `/api/v1/namespaces/${sa.namespace}/serviceaccounts/${sa.name}/token`, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { expirationSeconds: 600 },
    });
    expectOk(r, 'TokenRequest');
    const token = (r.body as { status: { token: string } }).status.token;
    return { token, owner: { kind: 'ServiceAccount', namespace: sa.namespace, name: sa.name } };
  }

  private async impersonate(step: PathStep, cred: Credential): Promise<Credential> {
    if (cred.impersonate) throw new Error('impersonation does not chain');
    const to = step.to as SubjectRef;
    let impersonate: Credential['impersonate'];
    if (to.kind === 'ServiceAccount') impersonate = { user: serviceAccountUsername(to.namespace, to.name), groups: [] };
    else if (to.kind === 'User') impersonate = { user: to.name, groups: [] };
    else
      impersonate = {
        // The second grant allows the user; one rule may allow both (the step lists it once).
        user: this.userToImpersonate(step.grants.at(-1)!.rule, step.grants.at(-1)!.binding?.namespace),
        groups: [to.name],
      };
    const next = { ...cred, impersonate };
    const me = await this.api.whoAmI(next);
    if ('status' in me) throw new Error(`impersonation refused: ${me.status} ${message(me)}`);
    return next;
  }

  /**
   * The headers of a constrained mode: the service account's or node's user name alone (those modes
   * fix the groups), or a user-info user with the group the step reaches. For associated-node the
   * requester's token is the one the kubelet mounts in its pod on that node (bound to the pod, so it
   * carries authentication.kubernetes.io/node-name: pkg/serviceaccount/claims.go).
   */
  private async impersonateConstrained(step: PathStep, mode: ImpersonationMode, cred: Credential): Promise<Credential> {
    if (cred.impersonate) throw new Error('impersonation does not chain');
    const to = step.to as SubjectRef;
    if (to.kind === 'ServiceAccount')
      return { ...cred, impersonate: { user: serviceAccountUsername(to.namespace, to.name), groups: [], mode } };
    if (to.kind === 'Group')
      return { ...cred, impersonate: { user: this.userInfoUser(step), groups: [to.name], mode } };
    const requester = mode === 'associated-node' ? await this.podBoundToken(cred, to.name) : cred;
    return { ...requester, impersonate: { user: to.name, groups: [], mode } };
  }

  /** The user a user-info group goes with: one the step's `users` rule names (any, when it names none). */
  private userInfoUser(step: PathStep): string {
    const rule = step.grants
      .map((g) => g.rule)
      .find(
        (r) =>
          r.resources.some((x) => x === 'users' || x === '*') &&
          r.verbs.some((v) => v.startsWith('impersonate:') || v === '*'),
      );
    return rule?.resourceNames[0] ?? 'rbac-atlas-probe';
  }

  /** The token of the credential's service account bound to its pod on the node `system:node:<name>`. */
  async podBoundToken(cred: Credential, nodeUser: string): Promise<Credential> {
    const owner = cred.owner;
    if (owner.kind !== 'ServiceAccount') throw new Error('associated-node needs a service account requester');
    const node = nodeUser.replace(/^system:node:/, '');
    const pod = this.engine.podsOf(owner.namespace, owner.name).find((p) => p.nodeName === node && carriesToken(p));
    if (!pod) throw new Error(`no pod of ${owner.namespace}/${owner.name} with a token on ${node}`);
    const r = await this.api.send(
      this.api.admin,
      'POST',
      `/api/v1/namespaces/${owner.namespace}/serviceaccounts/${owner.name}/token`,
      {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: 3600, boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: pod.name } },
      },
    );
    expectOk(r, `the token of pod ${owner.namespace}/${pod.name}`);
    return { token: (r.body as { status: { token: string } }).status.token, owner };
  }

  /** The user an Impersonate-Group goes with: one the second grant allows. */
  private userToImpersonate(rule: PolicyRule, namespace: string | undefined): string {
    const name = rule.resourceNames[0];
    if (rule.resources.includes('users') || rule.resources.includes('*')) return name ?? 'rbac-atlas-probe';
    return serviceAccountUsername(namespace || 'default', name ?? 'default');
  }

  private createWorkload(cred: Credential, resource: string, namespace: string, sa: string): Promise<Response> {
    const w = WORKLOADS[resource];
    if (!w) throw new Error(`unknown workload ${resource}`);
    const { path, body } = w(namespace, podSpec(sa));
    return this.api.send(cred, 'POST', `${path}${DRY}`, body);
  }

  /** Changes the pod's first container image as the attacker (dry run): what POD_PATCH claims the server allows. */
  private async patchPodImage(cred: Credential, step: PathStep | undefined, namespace: string, name: string) {
    const r = await this.podImageChange(cred, step ? usesPatch(step) : true, namespace, name);
    expectOk(r, `change the image of pod ${namespace}/${name}`);
  }

  async podImageChange(cred: Credential, patch: boolean, namespace: string, name: string): Promise<Response> {
    const url = `/api/v1/namespaces/${namespace}/pods/${name}`;
    const image = 'registry.invalid/attacker:1';
    if (patch)
      return this.api.send(
        cred,
        'PATCH',
        `${url}${DRY}`,
        [{ op: 'replace', path: '/spec/containers/0/image', value: image }],
        'application/json-patch+json',
      );
    const before = await this.api.send(this.api.admin, 'GET', url);
    expectOk(before, `get pod ${namespace}/${name}`);
    const pod = before.body as { spec: { containers: { image: string }[] } };
    pod.spec.containers[0]!.image = image;
    return this.api.send(cred, 'PUT', `${url}${DRY}`, pod);
  }

  /** Sets an existing workload's pod template to run as `sa` (dry run), by patch or by update. */
  async updateWorkload(
    cred: Credential,
    patch: boolean,
    resource: string,
    namespace: string,
    name: string,
    sa: string,
  ): Promise<Response> {
    const w = WORKLOADS[resource];
    if (!w) throw new Error(`unknown workload ${resource}`);
    const url = `${w(namespace, {}).path}/${name}`;
    if (patch)
      return this.api.send(
        cred,
        'PATCH',
        `${url}${DRY}`,
        [{ op: 'add', path: '/spec/template/spec/serviceAccountName', value: sa }],
        'application/json-patch+json',
      );
    const before = await this.api.send(this.api.admin, 'GET', url);
    expectOk(before, `get ${resource} ${namespace}/${name}`);
    const obj = before.body as { spec: { template: { spec: Record<string, unknown> } } };
    obj.spec.template.spec.serviceAccountName = sa;
    return this.api.send(cred, 'PUT', `${url}${DRY}`, obj);
  }

  /** Sets the namespace's Pod Security level to privileged for real (a later dry-run pod must see it); put back after. */
  private async relabel(cred: Credential, patch: boolean, namespace: string): Promise<void> {
    const url = `/api/v1/namespaces/${namespace}`;
    const before = await this.api.send(this.api.admin, 'GET', url);
    expectOk(before, `get namespace ${namespace}`);
    const obj = before.body as { metadata: { labels?: Record<string, string> } };
    const level = obj.metadata.labels?.[ENFORCE] ?? null;
    const r = patch
      ? await this.api.send(
          cred,
          'PATCH',
          url,
          { metadata: { labels: { [ENFORCE]: 'privileged' } } },
          'application/merge-patch+json',
        )
      : await this.api.send(cred, 'PUT', url, {
          ...obj,
          metadata: { ...obj.metadata, labels: { ...obj.metadata.labels, [ENFORCE]: 'privileged' } },
        });
    expectOk(r, `relabel namespace ${namespace}`);
    this.undo.push(async () => {
      const back = await this.api.send(
        this.api.admin,
        'PATCH',
        url,
        { metadata: { labels: { [ENFORCE]: level } } },
        'application/merge-patch+json',
      );
      expectOk(back, `restore the labels of namespace ${namespace}`);
    });
  }

  /** Whether the namespace could be relabelled (dry run) by the credential. */
  relabelAllowed(cred: Credential, namespace: string): Promise<Response> {
    return this.api.send(
      cred,
      'PATCH',
      `/api/v1/namespaces/${namespace}${DRY}`,
      { metadata: { labels: { [ENFORCE]: 'privileged' } } },
      'application/merge-patch+json',
    );
  }

  /**
   * A privileged pod on `node` is admitted in `namespace`: created by the credential (dry run), or,
   * through a workload, the workload created by the credential (dry run: Pod Security only warns on
   * it) and then a pod with exactly its template created (dry run, by the admin: a dry-run workload
   * makes no pod) to show admission lets its controller's pods in. Retried while the namespace's new
   * label is not yet seen.
   */
  private async privilegedPodAdmitted(
    cred: Credential,
    namespace: string,
    node: string,
    by: string | undefined,
    relabelled = '',
  ): Promise<void> {
    const where = `in ${relabelled}${namespace} on ${node}`;
    if (!by) {
      expectOk(await eventually(() => this.privilegedPod(cred, namespace, node), ok), `privileged pod ${where}`);
      return;
    }
    const w = await this.privilegedWorkload(cred, by, namespace, node);
    expectOk(w.workload, `create ${by} with a privileged template ${where}`);
    expectOk(await eventually(w.pod, ok), `the privileged pod of its template ${where}`);
  }

  /** Creates (dry run) a workload whose template is privileged on `node`; `pod` tries its template as a pod. */
  async privilegedWorkload(
    cred: Credential,
    resource: string,
    namespace: string,
    node: string,
  ): Promise<{ workload: Response; pod: () => Promise<Response> }> {
    const w = WORKLOADS[resource];
    if (!w) throw new Error(`unknown workload ${resource}`);
    const { path, body } = w(namespace, privilegedSpec(node));
    const workload = await this.api.send(cred, 'POST', `${path}${DRY}`, body);
    const spec = templateOf(body);
    return { workload, pod: () => this.podOf(this.api.admin, namespace, spec) };
  }

  privilegedPod(cred: Credential, namespace: string, node: string): Promise<Response> {
    return this.podOf(cred, namespace, privilegedSpec(node));
  }

  private podOf(cred: Credential, namespace: string, spec: object): Promise<Response> {
    return this.api.send(cred, 'POST', `/api/v1/namespaces/${namespace}/pods${DRY}`, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'node-probe' },
      spec,
    });
  }

  /** Whether the credential may create pods in the namespace, itself or through any workload kind. */
  private async createsPodsIn(cred: Credential, namespace: string): Promise<boolean> {
    if (await this.can(cred, res('create', 'pods', { namespace }))) return true;
    for (const kind of WORKLOAD_KINDS) {
      const [resource, group = ''] = kind.split(/\.(.*)/);
      if (await this.can(cred, res('create', resource!, { group, namespace }))) return true;
    }
    return false;
  }

  private async execAllowed(cred: Credential, namespace: string, pod: string): Promise<void> {
    const asks = [
      res('create', 'pods', { subresource: 'exec', name: pod, namespace }),
      res('create', 'pods', { subresource: 'attach', name: pod, namespace }),
      res('update', 'pods', { subresource: 'ephemeralcontainers', name: pod, namespace }),
      res('patch', 'pods', { subresource: 'ephemeralcontainers', name: pod, namespace }),
    ];
    for (const a of asks) if (await this.can(cred, a)) return;
    throw new Error(`exec, attach and ephemeral containers on ${namespace}/${pod} not allowed`);
  }

  /** The token the kubelet mounts into the pod: the pod must carry the projected token volume. */
  private async tokenOfPod(namespace: string, name: string): Promise<Credential> {
    const r = await this.api.send(this.api.admin, 'GET', `/api/v1/namespaces/${namespace}/pods/${name}`);
    expectOk(r, `get pod ${namespace}/${name}`);
    const pod = r.body as {
      spec: {
        serviceAccountName: string;
        volumes?: { projected?: { sources?: { serviceAccountToken?: unknown }[] } }[];
      };
    };
    const mounted = (pod.spec.volumes ?? []).some((v) => v.projected?.sources?.some((s) => s.serviceAccountToken));
    if (!mounted) throw new Error(`pod ${namespace}/${name} has no service-account token volume`);
    return this.api.tokenOf(namespace, pod.spec.serviceAccountName);
  }

  private bindingSubject(cred: Credential) {
    const o = cred.owner;
    return o.kind === 'ServiceAccount'
      ? { kind: 'ServiceAccount', name: o.name, namespace: o.namespace }
      : { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: o.name };
  }

  /** Creates (or, via an existing binding, extends) a binding of the role to the credential's owner. */
  private async bind(step: PathStep, cred: Credential): Promise<Credential> {
    const node = step.to as Extract<PathNode, { kind: 'Role' | 'ClusterRole' }>;
    const subject = this.bindingSubject(cred);
    if (step.via?.kind === 'Binding') {
      const b = step.via.binding;
      const url =
        b.kind === 'RoleBinding'
          ? `${RBAC}/namespaces/${b.namespace}/rolebindings/${b.name}`
          : `${RBAC}/clusterrolebindings/${b.name}`;
      const before = await this.api.send(this.api.admin, 'GET', url);
      expectOk(before, `get ${b.kind} ${b.name}`);
      const obj = before.body as { subjects?: unknown[] };
      const subjects = [...(obj.subjects ?? []), subject];
      // The step claims update or patch; impersonating in a constrained mode, its actions may allow one only.
      const change = async () => {
        const put = await this.api.send(cred, 'PUT', url, { ...obj, subjects });
        if (!cred.impersonate?.mode || answerOf(put) !== 'impersonation refused') return put;
        return this.api.send(cred, 'PATCH', url, { subjects }, 'application/merge-patch+json');
      };
      const r = await eventually(change, ok);
      expectOk(r, `update ${b.kind} ${b.name}`);
      this.undo.push(async () => {
        const now = await this.api.send(this.api.admin, 'GET', url);
        await this.api.send(this.api.admin, 'PUT', url, { ...(now.body as object), subjects: obj.subjects ?? [] });
      });
    } else {
      await this.createBinding(cred, node, subject);
    }
    return { token: cred.token, owner: cred.owner };
  }

  private async createBinding(
    cred: Credential,
    node:
      Extract<PathNode, { kind: 'Role' | 'ClusterRole' }> | { kind: 'ClusterRole'; name: string; namespace?: string },
    subject: object,
  ): Promise<void> {
    const name = `path-${++this.seq}`;
    const namespace = node.namespace;
    const roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: node.kind, name: node.name };
    const url = namespace ? `${RBAC}/namespaces/${namespace}/rolebindings` : `${RBAC}/clusterrolebindings`;
    const body = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: namespace ? 'RoleBinding' : 'ClusterRoleBinding',
      metadata: { name },
      roleRef,
      subjects: [subject],
    };
    const r = await eventually(() => this.api.send(cred, 'POST', url, body), ok);
    expectOk(r, `create ${body.kind} to ${node.kind} ${node.name}`);
    this.undo.push(async () => void (await this.api.send(this.api.admin, 'DELETE', `${url}/${name}`)));
  }

  /** Adds a rule allowing everything to the role (binding it first when the path says so). */
  private async escalate(step: PathStep, cred: Credential): Promise<Credential> {
    const via = step.via as Extract<PathStep['via'], { kind: 'Role' }>;
    const role = via.role;
    const scope = step.to === CLUSTER_ADMIN ? undefined : (step.to as { name: string }).name;
    let next = cred;
    if (via.bindsFirst) {
      const node =
        role.kind === 'Role'
          ? { kind: 'Role' as const, name: role.name, namespace: role.namespace! }
          : { kind: 'ClusterRole' as const, name: role.name, ...(scope && scope !== '*' && { namespace: scope }) };
      await this.createBinding(cred, node, this.bindingSubject(cred));
      next = { token: cred.token, owner: cred.owner };
    }
    const url =
      role.kind === 'Role'
        ? `${RBAC}/namespaces/${role.namespace}/roles/${role.name}`
        : `${RBAC}/clusterroles/${role.name}`;
    const before = await this.api.send(this.api.admin, 'GET', url);
    expectOk(before, `get ${role.kind} ${role.name}`);
    const obj = before.body as { rules?: unknown[] };
    const added = [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      ...(role.kind === 'ClusterRole' ? [{ nonResourceURLs: ['*'], verbs: ['*'] }] : []),
    ];
    const r = await eventually(
      () => this.api.send(cred, 'PUT', url, { ...obj, rules: [...(obj.rules ?? []), ...added] }),
      ok,
    );
    expectOk(r, `update ${role.kind} ${role.name}`);
    this.undo.push(async () => {
      const now = await this.api.send(this.api.admin, 'GET', url);
      await this.api.send(this.api.admin, 'PUT', url, { ...(now.body as object), rules: obj.rules ?? [] });
    });
    return next;
  }

  /** Puts back what a path changed, and waits until the authorizer no longer sees it. */
  private async restore(): Promise<void> {
    const undo = this.undo.reverse();
    this.undo = [];
    for (const u of undo) await u();
    if (undo.length > 0) await sleep(1500);
  }

  /**
   * The one-step attempts toward a target that a "no path" answer says the server refuses: every
   * technique aimed directly at it. Returns what the server allowed (nothing, when the engine is right).
   */
  async directSteps(
    from: SubjectRef,
    target: PathTarget,
    privilegedNamespaces: readonly string[],
    closedNamespaces: readonly string[] = [],
  ): Promise<string[]> {
    const cred = await this.credentialOf(from);
    const allowed: string[] = [];
    const attempt: Attempt = async (what, r) => {
      const out = await r;
      if (typeof out === 'boolean' ? out : ok(out)) allowed.push(what);
    };
    if (target === CLUSTER_ADMIN) {
      await this.directStepsToAdmin(cred, attempt);
      return allowed;
    }
    if (target.kind !== 'ServiceAccount') throw new Error('direct steps are checked toward service accounts');
    const { namespace, name } = target;
    await this.identitySteps(cred, namespace, name, attempt);
    await this.workloadSteps(cred, namespace, name, attempt);
    for (const pod of this.engine.podsOf(namespace, name))
      if (carriesToken(pod)) await this.podSteps(cred, pod, privilegedNamespaces, attempt);
    await this.nodeSteps(cred, namespace, name, { privilegedNamespaces, closedNamespaces }, attempt);
    return allowed;
  }

  private async directStepsToAdmin(cred: Credential, attempt: Attempt): Promise<void> {
    await attempt(
      'impersonate system:masters',
      this.api
        .whoAmI({ ...cred, impersonate: { user: 'rbac-atlas-probe', groups: ['system:masters'] } })
        .then((me) => !('status' in me)),
    );
    await attempt(
      'bind cluster-admin',
      this.api.send(cred, 'POST', `${RBAC}/clusterrolebindings${DRY}`, {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'probe' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
        subjects: [this.bindingSubject(cred)],
      }),
    );
    await attempt('every permission', this.isAdmin(cred));
  }

  /**
   * Whether the server lets the credential impersonate in a constrained mode: its identity check
   * (a review of the `impersonate:<mode>` verb) allows the identity, and some rule the server lists
   * for it (SelfSubjectRulesReview, in every namespace) allows an `impersonate-on:<mode>:` action
   * that some request can match: then some request may be made as that identity.
   */
  private async constrainedReach(cred: Credential, mode: ImpersonationMode, identity: AccessRequest) {
    if (!(await this.api.can(cred, identity))) return false;
    this.namespaces ??= (
      (await this.api.send(this.api.admin, 'GET', '/api/v1/namespaces')).body as {
        items: { metadata: { name: string } }[];
      }
    ).items.map((n) => n.metadata.name);
    for (const namespace of this.namespaces) {
      const r = await this.api.send(cred, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectRulesReview',
        spec: { namespace },
      });
      const status = (r.body as { status?: ReviewedRules }).status ?? {};
      for (const rule of [...(status.resourceRules ?? []), ...(status.nonResourceRules ?? [])]) {
        const action = actionOfReviewed(rule, mode, namespace);
        if (action && (await requestsOf(action, this.discovery, namespace)).requests.length > 0) return true;
      }
    }
    return false;
  }

  /** Becoming the service account itself: impersonation, a token, a pod or workload running as it. */
  private async identitySteps(cred: Credential, namespace: string, name: string, attempt: Attempt): Promise<void> {
    await attempt(
      'impersonate',
      this.api
        .whoAmI({ ...cred, impersonate: { user: serviceAccountUsername(namespace, name), groups: [] } })
        .then((me) => !('status' in me)),
    );
    await attempt(
      'impersonate (serviceaccount mode)',
      this.constrainedReach(
        cred,
        'serviceaccount',
        res('impersonate:serviceaccount', 'serviceaccounts', { group: 'authentication.k8s.io', name, namespace }),
      ),
    );
    await attempt(
      'token request',
      this.api.send(cred, 'POST', `/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`, {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: 600 },
      }),
    );
    await attempt(
      'create pod',
      this.api.send(cred, 'POST', `/api/v1/namespaces/${namespace}/pods${DRY}`, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'probe' },
        spec: podSpec(name),
      }),
    );
    for (const kind of WORKLOAD_KINDS)
      await attempt(`create ${kind}`, this.createWorkload(cred, kind, namespace, name));
  }

  /**
   * An existing workload of the namespace set to run as the target, by patch and by update (a Job
   * too: its template is immutable, which is why the engine makes no step of it).
   */
  private async workloadSteps(cred: Credential, namespace: string, name: string, attempt: Attempt): Promise<void> {
    for (const w of this.engine.podsIn(namespace).flatMap(workloadsOfPod)) {
      const resource = w.kind.group === '' ? w.kind.resource : `${w.kind.resource}.${w.kind.group}`;
      for (const patch of [true, false])
        await attempt(
          `${patch ? 'patch' : 'update'} ${resource} ${w.name}`,
          this.updateWorkload(cred, patch, resource, namespace, w.name, name),
        );
    }
  }

  /** A pod carrying the target's token: exec into it, change its image, reach its node. */
  private async podSteps(cred: Credential, pod: Pod, privilegedNamespaces: readonly string[], attempt: Attempt) {
    const { namespace } = pod;
    await attempt(
      `exec ${pod.name}`,
      this.execAllowed(cred, namespace, pod.name).then(
        () => true,
        () => false,
      ),
    );
    for (const patch of [true, false])
      await attempt(
        `${patch ? 'patch' : 'update'} pod ${pod.name}`,
        this.podImageChange(cred, patch, namespace, pod.name),
      );
    if (!pod.nodeName) return;
    for (const verb of ['get', 'create'])
      await attempt(
        verb === 'get' ? `nodes/proxy ${pod.nodeName}` : `nodes/proxy create ${pod.nodeName}`,
        this.api.can(cred, res(verb, 'nodes', { subresource: 'proxy', name: pod.nodeName })),
      );
    for (const ns of privilegedNamespaces)
      await attempt(`privileged pod in ${ns} on ${pod.nodeName}`, this.privilegedPod(cred, ns, pod.nodeName));
  }

  /**
   * The target's node through a workload whose controller would create a privileged pod (once per
   * open namespace and kind), or through a closed namespace relabelled (dry run) to admit one.
   */
  private async nodeSteps(
    cred: Credential,
    namespace: string,
    name: string,
    where: { privilegedNamespaces: readonly string[]; closedNamespaces: readonly string[] },
    attempt: Attempt,
  ): Promise<void> {
    const node = this.engine.podsOf(namespace, name).find((p) => carriesToken(p) && p.nodeName)?.nodeName;
    if (!node) return;
    for (const ns of where.privilegedNamespaces)
      for (const kind of WORKLOAD_KINDS)
        await attempt(
          `privileged ${kind} in ${ns} on ${node}`,
          this.privilegedWorkload(cred, kind, ns, node).then(async (w) => ok(w.workload) && ok(await w.pod())),
        );
    for (const ns of where.closedNamespaces)
      await attempt(
        `relabel ${ns} and create a pod there`,
        this.relabelAllowed(cred, ns).then(async (r) => ok(r) && (await this.createsPodsIn(cred, ns))),
      );
  }
}

/** The rules a SelfSubjectRulesReview lists. */
interface ReviewedRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}
type ReviewedRules = { resourceRules?: ReviewedRule[]; nonResourceRules?: ReviewedRule[] };

/**
 * A reviewed rule as the action rule of a mode: its verbs "*" and `impersonate-on:<mode>:<verb>`,
 * the prefix taken off (RBAC matches verbs whole, so `impersonate-on:<mode>:*` is no wildcard: it
 * is left out), or undefined when it has none.
 */
function actionOfReviewed(rule: ReviewedRule, mode: ImpersonationMode, namespace: string): ActionRule | undefined {
  const prefix = `impersonate-on:${mode}:`;
  const verbs = rule.verbs.flatMap((v) =>
    v === '*' ? ['*'] : v.startsWith(prefix) && v !== `${prefix}*` ? [v.slice(prefix.length)] : [],
  );
  if (verbs.length === 0) return undefined;
  const resourceRule = (rule.resources ?? []).length > 0;
  return {
    verbs,
    apiGroups: rule.apiGroups ?? [],
    resources: rule.resources ?? [],
    resourceNames: rule.resourceNames ?? [],
    nonResourceURLs: rule.nonResourceURLs ?? [],
    namespace: resourceRule ? namespace : '',
  };
}

/**
 * The identity the server makes of constrained impersonation headers (mode.go): a node's user gets
 * system:nodes, a service account its groups, a user-info user the groups asked; all authenticated.
 */
function impersonatedAs(imp: NonNullable<Credential['impersonate']>): Identity {
  if (imp.mode && nodeOfUsername(imp.user)) return { user: imp.user, groups: [NODES_GROUP, AUTHENTICATED_GROUP] };
  return impersonatedIdentity(imp.user, imp.groups);
}

/** One attempt of a direct step: what it is, and the server's answer (allowed or not). */
type Attempt = (what: string, r: Promise<Response | boolean>) => Promise<void>;

function message(r: Response): string {
  return (r.body as { message?: string }).message ?? '';
}

function expectOk(r: Response, what: string): void {
  if (!ok(r)) throw new Error(`${what}: ${r.status} ${message(r)}`);
}
