// The objects a service-account token names, looked up in the data read: what the API server's
// validator looks up when it authenticates the token (k8s.io/kubernetes pkg/serviceaccount/claims.go,
// validator.Validate, for bound tokens; legacy.go for Secret-based ones). The app reads service
// accounts and pods, never Secrets nor Nodes: what it cannot check it says, and names TokenReview,
// which can. Pure: the engine's lists in, sentences out.
import type { Engine } from './engine';
import type { ModelKind } from './model/types';

/** An object a token's claims name: its name, and its uid when the claim has one. */
export interface TokenObjectRef {
  name: string;
  uid?: string;
}

/** What a service-account token's claims name (bound: the kubernetes.io claim; legacy: its flat claims). */
export interface TokenObjects {
  namespace: string;
  serviceAccount: TokenObjectRef;
  pod?: TokenObjectRef;
  secret?: TokenObjectRef;
  /** A pod-bound token's node (ServiceAccountTokenPodNodeInfo), or the node a node-bound token is bound to. */
  node?: TokenObjectRef;
}

/**
 * - `valid`: the object is there with the claimed uid, or its absence does not matter;
 * - `invalid`: the validator would refuse the token (gone, or another object of that name);
 * - `unknown`: this app cannot tell (not read here, no uid to compare, a kind it never reads).
 */
export type TokenObjectEffect = 'valid' | 'invalid' | 'unknown';

export interface TokenObjectCheck {
  kind: 'ServiceAccount' | 'Pod' | 'Secret' | 'Node';
  namespace?: string;
  name: string;
  uid?: string;
  state: 'exists' | 'other-uid' | 'uid-unknown' | 'gone' | 'not-read' | 'not-checked' | 'informational';
  effect: TokenObjectEffect;
  /** One sentence: what was found and what it means for the token. */
  text: string;
}

interface Found {
  name: string;
  uid?: string;
}

/** Why `kind` was not read in `namespace`, or undefined when it was. */
function unread(engine: Engine, kind: ModelKind, namespace: string): string | undefined {
  const question = kind === 'Pod' ? 'pods' : 'who-can';
  return engine.completeness(question, namespace).missing.find((m) => m.kind === kind)?.reason;
}

/**
 * A service account or pod the token names, against the objects read in its namespace. The
 * validator refuses a token whose object is gone or has another uid ("pod UID (...) does not match
 * service account pod ref claim", claims.go): a pod of the same name made again is another pod.
 */
function lookup(
  engine: Engine,
  kind: 'ServiceAccount' | 'Pod',
  namespace: string,
  ref: TokenObjectRef,
  objects: readonly Found[],
): TokenObjectCheck {
  const base = { kind, namespace, name: ref.name, ...(ref.uid && { uid: ref.uid }) };
  const what = `${kind} ${namespace}/${ref.name}`;
  const reason = unread(engine, kind, namespace);
  if (reason !== undefined)
    return { ...base, state: 'not-read', effect: 'unknown', text: `${what} cannot be looked up: ${reason}.` };
  const found = objects.find((o) => o.name === ref.name);
  if (!found)
    return {
      ...base,
      state: 'gone',
      effect: 'invalid',
      text: `${what} is not in the data read: the API server refuses a token whose ${kind === 'Pod' ? 'pod' : 'service account'} is gone.`,
    };
  if (!ref.uid || !found.uid)
    return {
      ...base,
      state: 'uid-unknown',
      effect: 'unknown',
      text: `${what} exists, but ${ref.uid ? 'the data read has no uid for it' : 'the token claims no uid'}: whether it is the same object is not known here.`,
    };
  if (found.uid !== ref.uid)
    return {
      ...base,
      state: 'other-uid',
      effect: 'invalid',
      text: `${what} exists with another uid (${found.uid}): it is a different object of the same name, so the API server refuses the token.`,
    };
  return { ...base, state: 'exists', effect: 'valid', text: `${what} exists with the uid the token names.` };
}

const SECRET_TEXT =
  'this app never reads Secrets, so whether it still exists (and, for a legacy token, still holds this token) is not checked here; TokenReview checks it.';

function secretCheck(namespace: string, ref: TokenObjectRef): TokenObjectCheck {
  return {
    kind: 'Secret',
    namespace,
    name: ref.name,
    ...(ref.uid && { uid: ref.uid }),
    state: 'not-checked',
    effect: 'unknown',
    text: `Secret ${namespace}/${ref.name}: ${SECRET_TEXT}`,
  };
}

/**
 * A node named by a pod-bound token only says where the pod ran: the validator reads it and looks
 * nothing up (claims.go: "for pod-bound tokens, just extract the node claims"), so a node that is
 * gone does not invalidate the token, which stays valid until it expires or its pod goes. A token
 * bound to the node itself is invalid once the node is gone, and this app does not read Nodes.
 */
function nodeCheck(ref: TokenObjectRef, podBound: boolean): TokenObjectCheck {
  const base = { kind: 'Node' as const, name: ref.name, ...(ref.uid && { uid: ref.uid }) };
  if (podBound)
    return {
      ...base,
      state: 'informational',
      effect: 'valid',
      text: `Node ${ref.name} is where the pod ran when the token was issued; the API server does not look it up, so the token stays valid when the node is gone.`,
    };
  return {
    ...base,
    state: 'not-checked',
    effect: 'unknown',
    text: `Node ${ref.name}: the token is bound to this node and is refused once it is gone, but this app does not read Nodes; TokenReview checks it.`,
  };
}

/** Each object the token names, looked up as the API server's validator does, in its order. */
export function checkTokenObjects(engine: Engine, objects: TokenObjects): TokenObjectCheck[] {
  const { namespace } = objects;
  const checks = [
    lookup(engine, 'ServiceAccount', namespace, objects.serviceAccount, engine.serviceAccountsIn(namespace)),
  ];
  if (objects.secret) checks.push(secretCheck(namespace, objects.secret));
  if (objects.pod) checks.push(lookup(engine, 'Pod', namespace, objects.pod, engine.podsIn(namespace)));
  if (objects.node) checks.push(nodeCheck(objects.node, objects.pod !== undefined));
  return checks;
}

/** The checks together: invalid when one is, else unknown when one is, else valid. */
export function tokenObjectsEffect(checks: readonly TokenObjectCheck[]): TokenObjectEffect {
  if (checks.some((c) => c.effect === 'invalid')) return 'invalid';
  return checks.some((c) => c.effect === 'unknown') ? 'unknown' : 'valid';
}
