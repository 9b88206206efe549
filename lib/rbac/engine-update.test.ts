import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine, type Engine } from './engine';
import { updateEngine } from './engine-update';
import { Dice, RandomCluster, randomBatch, randomOf } from './random-changes';
import { CLUSTER_ADMIN } from './paths/path-types';
import { INVENTORY_SORTS } from './indexes/inventory';
import { NAMESPACE_SORTS } from './indexes/namespaces';
import { identityOfSubject } from './indexes/permissions';
import { bindingRef, roleRef, type SubjectRef } from './model/refs';
import type { AccessRequest, ClusterModel } from './model/types';
import { res, url } from './test-fixtures';
import { FINDING_GROUP_BYS, FINDING_GROUP_SORTS } from './findings/finding-groups';

const REQUESTS: AccessRequest[] = [
  res('get', 'pods', { namespace: 'ns-1' }),
  res('get', 'secrets', { namespace: 'ns-2' }),
  res('create', 'pods', { namespace: 'ns-3', subresource: 'exec' }),
  res('create', 'rolebindings', { group: 'rbac.authorization.k8s.io', namespace: 'ns-4' }),
  res('bind', 'clusterroles', { group: 'rbac.authorization.k8s.io' }),
  res('impersonate', 'serviceaccounts', { namespace: 'ns-0', name: 'app' }),
  res('list', 'pods'),
  url('get', '/metrics'),
];

/** A few subjects of every kind the model names (every few-th, so both engines ask the same). */
function sampleSubjects(e: Engine): SubjectRef[] {
  const { serviceAccounts, users, groups } = e.known;
  const every = <T>(list: readonly T[], n: number) => list.filter((_, i) => i % n === 0);
  const extra: SubjectRef[] = [{ kind: 'ServiceAccount', namespace: 'ns-9', name: 'nobody' }];
  return [...every(serviceAccounts, 4), ...every(users, 2), ...groups, ...extra];
}

/** The authorizer's answers for the sample of subjects and requests. */
function accessAnswers(e: Engine, subjects: readonly SubjectRef[]) {
  const ids = subjects.map(identityOfSubject);
  return {
    who: REQUESTS.map((r) => {
      const answer = e.whoCan(r);
      const builtin = answer.map((s) => e.isBuiltinAnswer(s));
      return { answer, builtin, summary: e.summarizeWhoCan(answer), visible: e.visibleAnswer(answer, false) };
    }),
    allowed: REQUESTS.map((r) => e.allowedFor(ids, r)),
    perSubject: subjects.map((ref, i) => ({
      canI: REQUESTS.map((r) => e.canI(ids[i]!, r)),
      whyNot: REQUESTS.map((r) => e.whyNot(ids[i]!, r)),
      rulesFor: ['ns-1', 'ns-5', ''].map((ns) => e.rulesFor(ids[i]!, ns)),
      permissions: e.subjectPermissions(ref),
      bindings: e.subjectBindings(ref),
      isKnown: e.isKnown(ref),
    })),
    groupMembers: e.known.groups.map((g) => e.groupMembers(g.name)),
  };
}

/** The namespace views: every sort both ways, a filter, and each namespace's lists. */
function namespaceAnswers(e: Engine, model: ClusterModel) {
  const names = e.namespaces({ limit: 1000 }).items.map((n) => n.name);
  const pages = NAMESPACE_SORTS.flatMap((sort) =>
    (['asc', 'desc'] as const).map((order) => e.namespaces({ sort, order, offset: 1, limit: 5, filter: 'ns' })),
  );
  const accounts = new Set(model.pods.map((p) => `${p.namespace}/${p.serviceAccountName}`));
  return {
    pages,
    each: names.map((ns) => ({
      summary: e.namespace(ns),
      pods: e.podsIn(ns),
      accounts: e.serviceAccountsIn(ns),
      reaching: e.bindingsReaching(ns),
      clusterFor: e.clusterBindingsFor(ns),
      roleBindings: e.roleBindingsIn(ns),
      risk: e.riskCounts(ns),
      completeness: e.completeness('pods', ns),
    })),
    podsOf: [...accounts].sort().map((k) => e.podsOf(k.split('/')[0]!, k.split('/')[1]!)),
  };
}

/** Every binding and role by ref: lookups, provenance, where bound, aggregation. */
function objectAnswers(e: Engine, model: ClusterModel) {
  const bindings = [
    ...model.clusterRoleBindings.map((b) => bindingRef('ClusterRoleBinding', '', b.name)),
    ...model.roleBindings.map((b) => bindingRef('RoleBinding', b.namespace, b.name)),
  ];
  const roles = [
    ...model.clusterRoles.map((r) => roleRef('ClusterRole', '', r.name)),
    ...model.roles.map((r) => roleRef('Role', r.namespace, r.name)),
    roleRef('ClusterRole', '', 'gone'),
    roleRef('Role', 'ns-1', 'missing'),
  ];
  return {
    bindings: bindings.map((ref) => ({ b: e.binding(ref), p: e.provenance(ref), row: e.inventory.bindingRow(ref) })),
    roles: roles.map((ref) => ({
      r: e.role(ref),
      p: e.provenance(ref),
      of: e.bindingsOf(ref),
      row: e.inventory.roleRow(ref),
    })),
    aggregation: model.clusterRoles.map((r) => [e.aggregatedInto(r.name), e.aggregatedBy(r.name)]),
    clusterBindings: e.clusterBindings,
    dangling: e.dangling,
  };
}

/** Inventory pages: every list, every sort both ways, built-in shown and not. */
function inventoryAnswers(e: Engine) {
  const q = { limit: 500, builtin: true };
  const lists = (['roles', 'bindings', 'subjects'] as const).map((list) =>
    INVENTORY_SORTS[list].flatMap((sort) =>
      (['asc', 'desc'] as const).map((order) =>
        // Each list's own query type; the sorts are its own.
        (e.inventory[list] as (x: object) => unknown)({ ...q, sort, order }),
      ),
    ),
  );
  const filtered = e.inventory.subjects({ filter: 'app', dangerous: true });
  return { lists, filtered, hidden: e.inventory.roles({}), vocabulary: e.inventory.vocabulary() };
}

/** Attack paths and findings, in full. */
function riskAnswers(e: Engine, subjects: readonly SubjectRef[]) {
  const groups = FINDING_GROUP_BYS.flatMap((by) =>
    FINDING_GROUP_SORTS.map((sort) => e.findingGroups({ by, sort, builtin: true, limit: 100 })),
  );
  return {
    findings: e.findings(),
    totals: e.riskTotals(),
    counts: [e.findingCounts(true), e.findingCounts(false)],
    groups,
    paths: e.pathsTo(CLUSTER_ADMIN),
    perSubject: subjects.map((ref) => ({
      risk: e.subjectRisk(ref),
      distance: e.distanceToAdmin(ref),
      become: e.canBecome(ref, 5),
      from: e.pathFrom(ref, CLUSTER_ADMIN),
    })),
    effective: e.whoCanEffective(REQUESTS[1]!),
    // Every account's reach: a pod's node shows only in some (associated-node, a node's token pods).
    reach: e.known.serviceAccounts.map((ref) => e.canBecome(ref, 50)),
  };
}

/** Every query of the Engine interface, by name, as JSON (seq: a walk position, only its order means anything). */
function answersOf(e: Engine, model: ClusterModel): Record<string, string> {
  const subjects = sampleSubjects(e);
  const parts = {
    counts: e.counts,
    kubernetes: e.kubernetes,
    known: e.known,
    search: ['ns', 'app', 'a', 'rb-1', 'cr', 'x'].map((q) => e.search(q, 25)),
    completeness: e.completeness('who-can'),
    fingerprints: [...e.fingerprints()].sort(([a], [b]) => (a < b ? -1 : 1)),
    access: accessAnswers(e, subjects),
    namespaces: namespaceAnswers(e, model),
    objects: objectAnswers(e, model),
    inventory: inventoryAnswers(e),
    risks: riskAnswers(e, subjects),
  };
  const json = (v: unknown) => JSON.stringify(v, (k, x: unknown) => (k === 'seq' ? undefined : x));
  return Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, json(v)]));
}

/** The first query whose answers differ, with where they start to. */
function firstDifference(got: Record<string, string>, want: Record<string, string>): string | undefined {
  for (const key of Object.keys(want)) {
    const [a, b] = [got[key]!, want[key]!];
    if (a === b) continue;
    let i = 0;
    while (a[i] === b[i]) i++;
    return `${key} differs at ${i}:\n  updated: ${a.slice(Math.max(0, i - 200), i + 200)}\n  rebuilt: ${b.slice(Math.max(0, i - 200), i + 200)}`;
  }
  return undefined;
}

/** Runs `batches` random batches from `seed`, comparing the updated engine with a rebuilt one after each. */
function runSeed(seed: number, batches: number): number {
  const dice = new Dice(randomOf(seed));
  const cluster = new RandomCluster(dice);
  let engine = createEngine(cluster.model);
  let changes = 0;
  for (let i = 0; i < batches; i++) {
    const previous = engine;
    const previousModel = cluster.model;
    // Every few batches: the previous engine still answers as it did (nothing it holds was written).
    const before = i % 10 === 0 ? answersOf(previous, previousModel) : undefined;
    const batch = randomBatch(cluster, 1 + dice.int(24));
    engine = updateEngine(previous, batch.model, batch.changes);
    changes += batch.changes.length;
    const diff = firstDifference(answersOf(engine, batch.model), answersOf(createEngine(batch.model), batch.model));
    const why = `seed ${seed}, batch ${i}: ${JSON.stringify(batch.changes)}`;
    if (diff) assert.fail(`${why}\n${diff}`);
    if (before) assert.equal(firstDifference(answersOf(previous, previousModel), before), undefined, why);
  }
  return changes;
}

test('an engine updated per change answers every query as one built from scratch, batch after batch', () => {
  let changes = 0;
  for (const seed of [1, 2, 3, 4]) changes += runSeed(seed, 30);
  assert.ok(changes > 1000, `${changes} changes`);
  console.log(`${changes} changes`);
});

test('a RoleBinding added anywhere but last (against the contract): the engine is built again, never wrong', () => {
  const cluster = new RandomCluster(new Dice(randomOf(7)));
  const model = cluster.model;
  const added = cluster.roleBinding('ns-1', 'first-now');
  const next = { ...model, roleBindings: [added, ...model.roleBindings] };
  const engine = updateEngine(createEngine(model), next, [{ kind: 'RoleBinding', after: added }]);
  assert.equal(firstDifference(answersOf(engine, next), answersOf(createEngine(next), next)), undefined);
});
