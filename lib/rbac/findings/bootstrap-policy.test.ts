// Kubernetes' own objects are recognised by content, never by a name or a label: each case is a
// world, and what the engine says of its roles and bindings, and which findings it raises.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bootstrapObjects, defaultOf, SUPPORTED_VERSIONS } from './bootstrap-policy';
import { createEngine } from '../engine';
import type { Finding } from './findings';
import {
  clusterRole,
  clusterRoleBinding,
  defaultClusterRole,
  defaultClusterRoleBinding,
  res,
  rule,
  sa,
  user,
  world,
} from '../test-fixtures';
import type { ClusterModel, ClusterRole } from '../model/types';

const everything = rule({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
const getSecrets = rule({ verbs: ['get'], apiGroups: [''], resources: ['secrets'] });
const bootstrapLabel = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };

/** The kube defaults a world starts from: cluster-admin, basic-user and the aggregated view/edit/admin. */
function defaults(): Partial<ClusterModel> {
  const names = [
    'cluster-admin',
    'system:basic-user',
    'system:aggregate-to-view',
    'system:aggregate-to-edit',
    'system:aggregate-to-admin',
  ];
  const roles = names.map(defaultClusterRole);
  // What the aggregation controller writes into the aggregating defaults.
  const union = (...sources: string[]) => roles.filter((r) => sources.includes(r.name)).flatMap((r) => r.rules);
  const view = { ...defaultClusterRole('view'), rules: union('system:aggregate-to-view') };
  const edit = { ...defaultClusterRole('edit'), rules: [...union('system:aggregate-to-edit'), ...view.rules] };
  const admin = { ...defaultClusterRole('admin'), rules: [...union('system:aggregate-to-admin'), ...edit.rules] };
  return {
    clusterRoles: [...roles, view, edit, admin],
    clusterRoleBindings: ['cluster-admin', 'system:basic-user'].map(defaultClusterRoleBinding),
  };
}

/** The list with the item in place of the one of its name, or added. */
const replace = <T extends { name: string }>(list: readonly T[], item: T): T[] =>
  list.some((x) => x.name === item.name) ? list.map((x) => (x.name === item.name ? item : x)) : [...list, item];

function engineOf(extra: Partial<ClusterModel> = {}) {
  const base = defaults();
  return createEngine(
    world({
      clusterRoles: (extra.clusterRoles ?? []).reduce(replace, base.clusterRoles!),
      clusterRoleBindings: (extra.clusterRoleBindings ?? []).reduce(replace, base.clusterRoleBindings!),
      roleBindings: extra.roleBindings ?? [],
    }),
  );
}

const about = (findings: readonly Finding[], id: string) => findings.filter((f) => f.id === id);

describe("Kubernetes' own objects, by content", () => {
  test('the defaults as the API server creates them are built in, aggregated ones included', () => {
    const e = engineOf();
    for (const name of ['cluster-admin', 'system:basic-user', 'view', 'edit', 'admin'])
      assert.equal(e.provenance({ kind: 'ClusterRole', name }), 'default', name);
    assert.equal(e.provenance({ kind: 'ClusterRoleBinding', name: 'cluster-admin' }), 'default');
    assert.deepEqual(
      e.findings().filter((f) => !f.builtin),
      [],
    );
  });

  test('a backdoor named and labelled like a built-in is an impostor, critical, and hidden nowhere', () => {
    const e = engineOf({
      clusterRoles: [clusterRole('system:metrics-helper', [everything], bootstrapLabel)],
      clusterRoleBindings: [
        {
          ...clusterRoleBinding('system:metrics-helper', 'system:metrics-helper', [sa('backdoor', 'app')]),
          labels: bootstrapLabel,
        },
      ],
    });
    assert.equal(e.provenance({ kind: 'ClusterRole', name: 'system:metrics-helper' }), 'impostor');
    assert.equal(e.provenance({ kind: 'ClusterRoleBinding', name: 'system:metrics-helper' }), 'impostor');
    const impostors = about(e.findings(), 'BUILTIN_IMPOSTOR');
    assert.deepEqual(
      impostors.map((f) => [f.severity, f.builtin, f.object?.kind]),
      [
        ['critical', false, 'ClusterRole'],
        ['critical', false, 'ClusterRoleBinding'],
      ],
    );
    assert.deepEqual(impostors[1]!.subject, { kind: 'ServiceAccount', namespace: 'app', name: 'backdoor' });
    const totals = e.riskTotals();
    assert.deepEqual([totals.impostors, totals.modifiedDefaults], [2, 0], 'the overview counts both');
    assert.ok(totals.severities.critical >= 2);
    const answer = e.whoCan(res('delete', 'secrets', { namespace: 'payments' }));
    const backdoor = answer.find((s) => s.name === 'backdoor');
    assert.ok(backdoor, 'who-can names the account');
    assert.equal(e.isBuiltinAnswer(backdoor), false, 'and does not fold it with the built-ins');
    assert.equal(
      e.inventory.roles({}).items.some((r) => r.ref.name === 'system:metrics-helper'),
      true,
    );
    assert.equal(
      e.inventory.bindings({}).items.some((r) => r.ref.name === 'system:metrics-helper'),
      true,
    );
  });

  test('a rule added to a default is a modified default: critical when it is a danger, high otherwise', () => {
    const basic = defaultClusterRole('system:basic-user');
    const withSecrets = engineOf({
      clusterRoles: [{ ...basic, rules: [...basic.rules, getSecrets] }],
    });
    const [secrets] = about(withSecrets.findings(), 'MODIFIED_DEFAULT');
    assert.equal(withSecrets.provenance({ kind: 'ClusterRole', name: 'system:basic-user' }), 'modified');
    assert.equal(secrets?.severity, 'critical');
    assert.match(secrets!.title, /1 rule added \(verbs=\[get\] apiGroups=\[""\] resources=\[secrets\]\)/);
    assert.deepEqual(
      secrets!.grants.map((g) => g.rule),
      [getSecrets],
    );
    // The default binding of a changed role grants what was added: not built in either.
    assert.equal(withSecrets.binding({ kind: 'ClusterRoleBinding', name: 'system:basic-user' })?.builtin, false);

    const harmless = rule({ verbs: ['get'], apiGroups: [''], resources: ['configmaps'] });
    const withConfig = engineOf({ clusterRoles: [{ ...basic, rules: [...basic.rules, harmless] }] });
    assert.equal(about(withConfig.findings(), 'MODIFIED_DEFAULT')[0]?.severity, 'high');

    const narrowed = engineOf({ clusterRoles: [{ ...basic, rules: basic.rules.slice(1) }] });
    const [less] = about(narrowed.findings(), 'MODIFIED_DEFAULT');
    assert.equal(less?.severity, 'low');
    assert.match(less!.title, /1 rule removed/);
  });

  test('a subject added to a default binding is a modified default, naming who was added', () => {
    const binding = defaultClusterRoleBinding('cluster-admin');
    const e = createEngine(
      world({
        clusterRoles: defaults().clusterRoles!,
        clusterRoleBindings: replace(defaults().clusterRoleBindings!, {
          ...binding,
          subjects: [...binding.subjects, user('mallory')],
        }),
      }),
    );
    const [f] = about(e.findings(), 'MODIFIED_DEFAULT');
    assert.equal(f?.severity, 'critical');
    assert.match(f!.title, /subjects added: mallory/);
    assert.deepEqual(f!.subject, { kind: 'User', name: 'mallory' });
    assert.equal(about(e.findings(), 'CLUSTER_ADMIN_BINDING')[0]?.builtin, false);
  });

  test('a role of the cluster labelled into view is in view, edit and admin: a finding on it, critical when it is a danger', () => {
    const label = { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' };
    // The model as the aggregation controller leaves it: view (and edit, admin) hold its rules too.
    const aggregatedWith = (extra: ClusterRole) => {
      const model = defaults();
      const withRules = (name: string) => {
        const r = model.clusterRoles!.find((x) => x.name === name)!;
        return { ...r, rules: [...r.rules, ...extra.rules] };
      };
      return createEngine(
        world({
          clusterRoles: [
            ...model.clusterRoles!.filter((r) => !['view', 'edit', 'admin'].includes(r.name)),
            withRules('view'),
            withRules('edit'),
            withRules('admin'),
            extra,
          ],
          clusterRoleBindings: model.clusterRoleBindings!,
        }),
      );
    };
    const secrets = aggregatedWith(clusterRole('secrets-everywhere', [getSecrets], label));
    for (const name of ['view', 'edit', 'admin'])
      assert.equal(
        secrets.provenance({ kind: 'ClusterRole', name }),
        'default',
        `${name}: compared on what it aggregates`,
      );
    const [f] = about(secrets.findings(), 'AGGREGATED_INTO_DEFAULT');
    assert.equal(f?.severity, 'critical');
    assert.equal(
      f!.title,
      "ClusterRole secrets-everywhere is aggregated into Kubernetes' view, edit and admin: whoever is bound to them holds its 1 rule",
    );
    assert.deepEqual(about(secrets.findings(), 'MODIFIED_DEFAULT'), []);

    const metrics = rule({ verbs: ['get', 'list'], apiGroups: ['metrics.k8s.io'], resources: ['pods'] });
    const addOn = aggregatedWith(clusterRole('metrics-reader', [metrics], label));
    assert.deepEqual(
      about(addOn.findings(), 'AGGREGATED_INTO_DEFAULT').map((x) => x.severity),
      ['low'],
      'an add-on extending view with what it may hold is low: audit --fail-on high stays green',
    );

    // A default relabelled into view is gathered too, and said so.
    const node = defaultClusterRole('system:node');
    const relabelled = aggregatedWith({ ...node, labels: { ...node.labels, ...label } });
    assert.equal(about(relabelled.findings(), 'AGGREGATED_INTO_DEFAULT')[0]?.object?.name, 'system:node');
  });

  test('an aggregating default holding rules that nothing it gathers gives is a changed default', () => {
    const admin = defaultClusterRole('admin');
    const e = engineOf({
      clusterRoles: [
        { ...admin, rules: [...defaults().clusterRoles!.find((r) => r.name === 'admin')!.rules, getSecrets] },
      ],
    });
    // admin already reads secrets through edit's rules: not beyond the default.
    assert.equal(e.provenance({ kind: 'ClusterRole', name: 'admin' }), 'default');
    const nodes = rule({ verbs: ['delete'], apiGroups: [''], resources: ['nodes'] });
    const widened = engineOf({ clusterRoles: [{ ...admin, rules: [...admin.rules, nodes] }] });
    const [f] = about(widened.findings(), 'MODIFIED_DEFAULT');
    assert.match(f!.title, /1 rule neither the default aggregation nor the roles it gathers give \(verbs=\[delete\]/);
    assert.equal(f!.severity, 'high');
    const unaggregated = engineOf({ clusterRoles: [{ name: 'view', labels: {}, rules: [] }] });
    assert.match(about(unaggregated.findings(), 'MODIFIED_DEFAULT')[0]!.title, /its aggregationRule was removed/);
  });

  test('an upgraded cluster is not changed: reconciliation adds what the newer default has and removes nothing', () => {
    // v1.34's system:aggregate-to-edit, then what v1.36's reconciliation appends (its rules not yet covered).
    const older = bootstrapObjects().find(
      (o) => o.name === 'system:aggregate-to-edit' && o.versions.includes('v1.34.4') && !o.featureGates,
    )!;
    const newer = defaultClusterRole('system:aggregate-to-edit');
    const upgraded = { ...newer, rules: [...older.rules!, ...newer.rules] };
    const e = engineOf({ clusterRoles: [upgraded] });
    assert.equal(e.provenance({ kind: 'ClusterRole', name: 'system:aggregate-to-edit' }), 'default');
    assert.deepEqual(
      e.findings().filter((f) => !f.builtin),
      [],
    );
    const partial = engineOf({ clusterRoles: [{ ...newer, rules: newer.rules.slice(2) }] });
    assert.equal(partial.provenance({ kind: 'ClusterRole', name: 'system:aggregate-to-edit' }), 'modified');
    assert.equal(about(partial.findings(), 'MODIFIED_DEFAULT')[0]?.severity, 'low', 'only narrowed');
  });

  test("a default binding's ServiceAccount without a namespace is the binding's own: still the default", () => {
    const rb = defaultOf('RoleBinding', 'kube-system', 'system:controller:bootstrap-signer')!;
    const binding = {
      namespace: 'kube-system',
      name: rb.name,
      labels: {},
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...rb.roleRef! },
      subjects: rb.subjects!.map((s) => ({ kind: s.kind, name: s.name })),
    };
    const e = createEngine(world({ roleBindings: [binding] }));
    assert.equal(e.provenance({ kind: 'RoleBinding', namespace: 'kube-system', name: rb.name }), 'default');
  });

  test("kubeadm's CoreDNS role and binding are Kubernetes' own; a wider one is not", () => {
    const coredns = defaultClusterRole('system:coredns');
    const e = engineOf({ clusterRoles: [coredns], clusterRoleBindings: [defaultClusterRoleBinding('system:coredns')] });
    assert.equal(e.provenance({ kind: 'ClusterRole', name: 'system:coredns' }), 'default');
    assert.equal(e.provenance({ kind: 'ClusterRoleBinding', name: 'system:coredns' }), 'default');
    const wider = engineOf({ clusterRoles: [{ ...coredns, rules: [...coredns.rules, getSecrets] }] });
    assert.equal(about(wider.findings(), 'MODIFIED_DEFAULT')[0]?.severity, 'critical');
  });

  test('a binding of another role under a default name says so, and does not call its subjects added', () => {
    const viewer = defaultClusterRoleBinding('system:public-info-viewer');
    const e = engineOf({
      clusterRoles: [defaultClusterRole('system:public-info-viewer')],
      clusterRoleBindings: [{ ...viewer, roleRef: { ...viewer.roleRef, name: 'cluster-admin' } }],
    });
    const [f] = about(e.findings(), 'MODIFIED_DEFAULT');
    assert.equal(f?.severity, 'critical');
    assert.match(f!.title, /it binds ClusterRole cluster-admin instead of system:public-info-viewer to /);
    assert.doesNotMatch(f!.title, /subjects added/);
  });

  test('an object only labelled as bootstrap policy is said to be labelled, not named', () => {
    const e = engineOf({ clusterRoles: [clusterRole('metrics-reader-x', [getSecrets], bootstrapLabel)] });
    assert.match(about(e.findings(), 'BUILTIN_IMPOSTOR')[0]!.title, /is labelled as Kubernetes' bootstrap policy/);
  });

  test('a label or a name decides nothing: a default relabelled is still a default', () => {
    const e = engineOf({ clusterRoles: [{ ...defaultClusterRole('system:basic-user'), labels: {} }] });
    assert.equal(e.provenance({ kind: 'ClusterRole', name: 'system:basic-user' }), 'default');
    const own = engineOf({ clusterRoles: [clusterRole('ops', [everything])] });
    assert.equal(own.provenance({ kind: 'ClusterRole', name: 'ops' }), 'own');
  });

  test('the table holds every supported version, and each default of the pinned one', () => {
    assert.deepEqual(SUPPORTED_VERSIONS, ['v1.34.4', 'v1.35.4', 'v1.36.3']);
    const pinned = bootstrapObjects().filter((o) => o.versions.includes('v1.36.3') && !o.featureGates && !o.installer);
    const kinds = new Map<string, number>();
    for (const o of pinned) kinds.set(o.kind, (kinds.get(o.kind) ?? 0) + 1);
    assert.ok((kinds.get('ClusterRole') ?? 0) > 60, `${kinds.get('ClusterRole')} ClusterRoles`);
    assert.ok((kinds.get('ClusterRoleBinding') ?? 0) > 40);
    assert.ok((kinds.get('Role') ?? 0) >= 5 && (kinds.get('RoleBinding') ?? 0) >= 5);
  });
});
