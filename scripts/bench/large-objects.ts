// Objects as large as the API server accepts, the ones that broke the views (issue #25): a
// ClusterRole of 20,000 distinct rules, a RoleBinding naming 5,000 subjects (users, groups and
// service accounts mixed) bound to `admin`, the big role bound to a few subjects, and the two
// combined (the big role bound to the 5,000). The same objects are written beside the demo cluster
// as a snapshot (`tsx scripts/bench/large-objects.ts FILE`) and created on the control plane by
// e2e/large.spec.ts, so what is measured here is what the test proves.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';

const RBAC = 'rbac.authorization.k8s.io';
const V1 = `${RBAC}/v1`;

export const HUGE_ROLE = 'huge-rules';
export const HUGE_RULES = 20_000;
export const CROWD_SUBJECTS = 5_000;
/** Namespace of the 5,000-subject binding to admin, of the big role bound to a few, and of the two combined. */
export const CROWD_NS = 'checkout';
export const HUGE_NS = 'ci';
export const COMBINED_NS = 'dev-sandbox';
export const CROWD_BINDING = 'crowd-admin';
export const HUGE_BINDING = 'huge-rules-few';
export const COMBINED_BINDING = 'crowd-huge-rules';

const VERBS = [['get', 'list', 'watch'], ['get'], ['create', 'update', 'patch'], ['delete']];

/**
 * 20,000 distinct rules over made-up resources of 40 API groups; rule 0 reads secrets (a danger, so
 * the bindings of the role are findings) and the last one names objects by resourceNames.
 */
export function hugeRole(): object {
  const rules: { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] }[] = Array.from(
    { length: HUGE_RULES },
    (_, i) => ({
      apiGroups: [`g${i % 40}.example.com`],
      resources: [`things${i}`],
      verbs: VERBS[i % VERBS.length]!,
    }),
  );
  rules[0] = { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] };
  rules[HUGE_RULES - 1] = { apiGroups: [''], resources: ['configmaps'], verbs: ['update'], resourceNames: ['last'] };
  return { apiVersion: V1, kind: 'ClusterRole', metadata: { name: HUGE_ROLE }, rules };
}

/** The i-th of the crowd: a user, a group or a service account (of the binding's namespace or another). */
export function crowdSubject(i: number): { kind: string; name: string; namespace?: string; apiGroup?: string } {
  const n = String(i).padStart(4, '0');
  if (i % 3 === 0) return { kind: 'User', apiGroup: RBAC, name: `crowd-user-${n}@example.com` };
  if (i % 3 === 1) return { kind: 'Group', apiGroup: RBAC, name: `crowd-group-${n}` };
  return { kind: 'ServiceAccount', name: `crowd-sa-${n}`, namespace: i % 2 === 0 ? CROWD_NS : 'payments' };
}

export function crowd(): ReturnType<typeof crowdSubject>[] {
  return Array.from({ length: CROWD_SUBJECTS }, (_, i) => crowdSubject(i));
}

function roleBinding(name: string, namespace: string, role: string, subjects: object[]): object {
  return {
    apiVersion: V1,
    kind: 'RoleBinding',
    metadata: { name, namespace },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
    subjects,
  };
}

/** The big objects, in the order they can be created. */
export function largeObjects(): object[] {
  return [
    hugeRole(),
    roleBinding(CROWD_BINDING, CROWD_NS, 'admin', crowd()),
    roleBinding(HUGE_BINDING, HUGE_NS, HUGE_ROLE, [
      { kind: 'User', apiGroup: RBAC, name: 'huge-holder@example.com' },
      { kind: 'ServiceAccount', name: 'builder', namespace: HUGE_NS },
    ]),
    roleBinding(COMBINED_BINDING, COMBINED_NS, HUGE_ROLE, crowd()),
  ];
}

/** The demo cluster plus the big objects, as one List. */
export async function largeObjectsSnapshot(root = process.cwd()): Promise<string> {
  const demo = parse(await readFile(path.join(root, 'lib/k8s/demo/cluster.json'), 'utf8')) as { items: unknown[] };
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [...demo.items, ...largeObjects()] });
}

// `tsx scripts/bench/large-objects.ts FILE` writes the snapshot.
if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const file = process.argv[2] ?? 'large-objects.json';
  const text = await largeObjectsSnapshot();
  await writeFile(file, text);
  console.log(`${file}: ${(text.length / 1e6).toFixed(1)} MB`);
}

/** Every view and API answer that reads the big objects: pages first, then their API twins. */
export function largeViews(): string[] {
  const user = encodeURIComponent(crowdSubject(3).name);
  const sa = `serviceaccount/${CROWD_NS}/${crowdSubject(2).name}`;
  const crowdRb = `rolebinding/${CROWD_NS}/${CROWD_BINDING}`;
  const combinedRb = `rolebinding/${COMBINED_NS}/${COMBINED_BINDING}`;
  const hugeRb = `rolebinding/${HUGE_NS}/${HUGE_BINDING}`;
  const pages = [
    '/',
    '/subjects',
    '/roles',
    '/bindings',
    `/roles/clusterrole/${HUGE_ROLE}`,
    '/roles/clusterrole/admin',
    `/bindings/${crowdRb}`,
    `/bindings/${combinedRb}`,
    `/bindings/${hugeRb}`,
    `/subjects/user/${user}`,
    `/subjects/${sa}`,
    `/namespaces/${CROWD_NS}`,
    `/namespaces/${CROWD_NS}?view=list`,
    `/namespaces/${COMBINED_NS}`,
    `/namespaces/${COMBINED_NS}?view=list`,
    `/namespaces/${HUGE_NS}`,
    `/who-can?verb=get&resource=pods&namespace=${CROWD_NS}`,
    `/who-can?verb=get&resource=secrets&namespace=${COMBINED_NS}`,
    '/risks',
    '/?q=crowd',
    `/namespaces/${CROWD_NS}?node=${encodeURIComponent(`subjects:rolebinding:${CROWD_NS}/${CROWD_BINDING}`)}`,
    `/namespaces/${COMBINED_NS}?node=${encodeURIComponent(`clusterrole:${HUGE_ROLE}`)}`,
    `/namespaces/${HUGE_NS}?node=${encodeURIComponent('subject:User:huge-holder@example.com')}`,
  ];
  const api = [
    `/api/graph?namespace=${CROWD_NS}`,
    `/api/graph?namespace=${COMBINED_NS}`,
    `/api/graph?namespace=${HUGE_NS}`,
    '/api/findings',
    '/api/paths',
    `/api/who-can?verb=get&resource=pods&namespace=${CROWD_NS}`,
    `/api/who-can?verb=get&resource=secrets&namespace=${COMBINED_NS}`,
    '/api/subjects',
    '/api/roles',
    '/api/bindings',
    `/api/roles/clusterrole/${HUGE_ROLE}`,
    `/api/bindings/${crowdRb}`,
    `/api/bindings/${combinedRb}`,
    `/api/subjects/user/${user}`,
    `/api/subjects/${sa}`,
    `/api/roles/clusterrole/${HUGE_ROLE}?format=csv`,
    `/api/subjects/user/${user}?format=csv`,
    `/api/who-can?verb=get&resource=secrets&namespace=${COMBINED_NS}&format=csv`,
  ];
  return [...pages, ...api];
}
