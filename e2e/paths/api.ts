// Requests to the API server as some credential: a bearer token, optionally with impersonation
// headers (what an attacker holding that token sends).
import { Agent, request } from 'node:https';
import type { AccessRequest } from '@/lib/rbac';
import type { ControlPlane } from '@/scripts/control-plane/control-plane';
import { attributes } from '../conformance/reviews';

export interface Credential {
  token: string;
  /** Who holds the token, as a binding subject names it (what ROLE_BIND binds to). */
  owner: { kind: 'ServiceAccount'; namespace: string; name: string } | { kind: 'User'; name: string };
  /** Impersonation headers; `mode` when the path chose a constrained mode (only its actions are allowed). */
  impersonate?: { user: string; groups: string[]; mode?: string };
}

export interface Response {
  status: number;
  body: unknown;
}

export class Api {
  private readonly agent: Agent;
  constructor(private readonly cp: Pick<ControlPlane, 'server' | 'caPem' | 'adminToken'>) {
    this.agent = new Agent({ keepAlive: true, maxSockets: 8, ca: cp.caPem });
  }

  close(): void {
    this.agent.destroy();
  }

  get admin(): Credential {
    return { token: this.cp.adminToken, owner: { kind: 'User', name: 'admin' } };
  }

  send(
    cred: Credential,
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<Response> {
    const headers: Record<string, string | string[]> = {
      authorization: `Bearer ${cred.token}`,
      accept: 'application/json',
    };
    if (cred.impersonate) {
      headers['Impersonate-User'] = cred.impersonate.user;
      if (cred.impersonate.groups.length > 0) headers['Impersonate-Group'] = cred.impersonate.groups;
    }
    const payload = body === undefined ? undefined : JSON.stringify(body);
    if (payload) headers['content-type'] = contentType;
    return new Promise((resolve, reject) => {
      const req = request(
        new URL(path, this.cp.server),
        { method, agent: this.agent, headers, timeout: 15_000 },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              /* plain text */
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${path}`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** The API server's view of who a credential is (SelfSubjectReview), or the refusal. */
  async whoAmI(cred: Credential): Promise<{ user: string; groups: string[] } | Response> {
    const res = await this.send(cred, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
    });
    const info = (res.body as { status?: { userInfo?: { username?: string; groups?: string[] } } }).status?.userInfo;
    return res.status === 201 && info ? { user: info.username ?? '', groups: info.groups ?? [] } : res;
  }

  /** SelfSubjectAccessReview as the credential. */
  async can(cred: Credential, req: AccessRequest): Promise<boolean> {
    const spec = attributes(req);
    const res = await this.send(cred, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec,
    });
    if (res.status !== 201) return false;
    return (res.body as { status?: { allowed?: boolean } }).status?.allowed === true;
  }

  /** A token for a service account, minted by the admin as the kubelet mints a pod's (TokenRequest). */
  async tokenOf(namespace: string, name: string): Promise<Credential> {
    const res = await this.send(this.admin, 'POST', `/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { expirationSeconds: 3600 },
    });
    const token = (res.body as { status?: { token?: string } }).status?.token;
    if (res.status !== 201 || !token)
      throw new Error(`token for ${namespace}/${name}: ${res.status} ${JSON.stringify(res.body)}`);
    return { token, owner: { kind: 'ServiceAccount', namespace, name } };
  }
}

export const ok = (res: Response) => res.status >= 200 && res.status < 300;
