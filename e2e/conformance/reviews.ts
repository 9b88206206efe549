// SubjectAccessReview and impersonated SelfSubjectAccessReview: the API server's own answers.
import { Agent, request } from 'node:https';
import type { AccessRequest, Identity } from '@/lib/rbac';
import { adminFetch, type ControlPlane } from '@/scripts/control-plane/control-plane';
import { AGGREGATE_ROLE } from './world';

type Cp = Pick<ControlPlane, 'server' | 'caPem' | 'adminToken'>;

/** A request as a review's spec spells it. */
export function attributes(req: AccessRequest) {
  return req.kind === 'resource'
    ? {
        resourceAttributes: {
          namespace: req.namespace,
          verb: req.verb,
          group: req.group,
          resource: req.resource,
          subresource: req.subresource,
          name: req.name,
        },
      }
    : { nonResourceAttributes: { path: req.path, verb: req.verb } };
}

export class Reviewer {
  private readonly agent: Agent;

  constructor(private readonly cp: Cp) {
    this.agent = new Agent({ keepAlive: true, maxSockets: 8, ca: cp.caPem });
  }

  close(): void {
    this.agent.destroy();
  }

  private post(
    path: string,
    body: unknown,
    headers: Record<string, string | string[]> = {},
  ): Promise<{ status: number; body: unknown }> {
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        new URL(path, this.cp.server),
        {
          method: 'POST',
          agent: this.agent,
          headers: { authorization: `Bearer ${this.cp.adminToken}`, 'content-type': 'application/json', ...headers },
          timeout: 15_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
          );
        },
      );
      req.on('timeout', () => req.destroy(new Error(`timeout: POST ${path}`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  private static allowed(res: { status: number; body: unknown }): boolean {
    const status = (res.body as { status?: { allowed?: boolean } }).status;
    if (res.status !== 201 || !status) throw new Error(`review failed: ${res.status} ${JSON.stringify(res.body)}`);
    return status.allowed === true;
  }

  /** The authorizer's answer for exactly this user and these groups. */
  async subjectAccessReview(identity: Identity, req: AccessRequest): Promise<boolean> {
    const res = await this.post('/apis/authorization.k8s.io/v1/subjectaccessreviews', {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: { user: identity.user, groups: identity.groups, ...attributes(req) },
    });
    return Reviewer.allowed(res);
  }

  /** The answer for `--as USER --as-group G...`: the server's impersonation filter builds the identity. */
  async impersonatedReview(user: string, groups: readonly string[], req: AccessRequest): Promise<boolean> {
    const headers: Record<string, string | string[]> = { 'Impersonate-User': user };
    if (groups.length > 0) headers['Impersonate-Group'] = [...groups];
    const res = await this.post(
      '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: attributes(req) },
      headers,
    );
    return Reviewer.allowed(res);
  }
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

/** Waits until kube-controller-manager has filled the aggregating ClusterRole (answers depend on its rules). */
export async function aggregated(cp: Cp): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { body } = await adminFetch(cp, `/apis/rbac.authorization.k8s.io/v1/clusterroles/${AGGREGATE_ROLE}`);
    const rules = (body as { rules?: unknown[] | null }).rules ?? [];
    if (rules.length > 0) return void console.log(`${AGGREGATE_ROLE}: ${rules.length} rules aggregated`);
    if (Date.now() > deadline) throw new Error(`${AGGREGATE_ROLE} was not aggregated in 60 s`);
    await new Promise((res) => setTimeout(res, 200));
  }
}
