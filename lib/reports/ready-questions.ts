// The questions an admin asks first, as data: one table for the who-can page's chips, the
// overview's and the CLI's examples. Each is a who-can request; where a request shape of the
// findings fits (request-shapes.ts) the question is that shape, so "who can exec" here and the
// exec danger there cannot drift apart.
import { REQUEST_SHAPES, type Shape, type ShapeId } from '@/lib/rbac/findings/request-shapes';
import type { ResourceRequest } from '@/lib/rbac/model/types';

export interface ReadyQuestion {
  id: string;
  /** The chip's words for every namespace ("who is cluster-admin"), and for one ("…in payments"). */
  label: string;
  inNamespace: (namespace: string) => string;
  /** verb, API group, resource, subresource. */
  shape: Shape;
  /** A cluster-scoped type (users, clusterroles) is asked at cluster scope, whatever namespace is current. */
  clusterScoped: boolean;
}

/** The first shape a findings list names: the one request that asks it. */
const first = (id: ShapeId): Shape => {
  const shape = REQUEST_SHAPES[id][0];
  if (!shape) throw new Error(`request shape ${id} is empty`);
  return shape;
};

/** `*` on `*` in every group: only a rule of `*` verbs on `*` resources allows it, cluster-admin's. */
const EVERYTHING: Shape = ['*', '*', '*', ''];

export const READY_QUESTIONS: readonly ReadyQuestion[] = [
  {
    id: 'cluster-admin',
    label: 'Who is cluster-admin',
    inNamespace: (ns) => `Who holds every permission in ${ns}`,
    shape: EVERYTHING,
    clusterScoped: false,
  },
  q('exec', 'Who can exec into pods', first('execPods'), false),
  q('secrets', 'Who can read secrets', first('readSecrets'), false),
  q('impersonate', 'Who can impersonate users', first('impersonateUsers'), true),
  q('create-pods', 'Who can create pods', first('createPods'), false),
  q('escalate', 'Who can escalate roles', first('escalateRoles'), false),
  q('bind', 'Who can bind cluster roles', first('bindClusterRoles'), true),
];

function q(id: string, label: string, shape: Shape, clusterScoped: boolean): ReadyQuestion {
  return { id, label, inNamespace: (ns) => (clusterScoped ? label : `${label} in ${ns}`), shape, clusterScoped };
}

/** The question as a request: in `namespace` ("" for every namespace) unless its type is cluster-scoped. */
export function readyRequest(question: ReadyQuestion, namespace = ''): ResourceRequest {
  const [verb, group, resource, subresource] = question.shape;
  return {
    kind: 'resource',
    verb,
    group,
    resource,
    subresource,
    name: '',
    namespace: question.clusterScoped ? '' : namespace,
  };
}

/** The CLI line that asks it: `rbac-atlas who-can create pods/exec -A`. */
export function readyCommand(question: ReadyQuestion, namespace = ''): string {
  const r = readyRequest(question, namespace);
  const type = `${r.resource}${r.group !== '' ? `.${r.group}` : ''}${r.subresource ? `/${r.subresource}` : ''}`;
  const where = r.namespace !== '' ? `-n ${r.namespace}` : '-A';
  // A shell would expand `*`: quoted.
  const word = (w: string) => (w.includes('*') ? `'${w}'` : w);
  return `rbac-atlas who-can ${word(r.verb)} ${word(type)} ${where}`;
}
