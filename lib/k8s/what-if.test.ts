// Manifests applied and deleted on top of a model, as kubectl and the aggregation controller would leave the cluster.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEngine, diff } from '@/lib/rbac';
import { assembleModel } from './model-builder';
import { parseSnapshotText } from './snapshot';
import { whatIf } from './what-if';

const objects = (file: string, text: string) => {
  const parsed = parseSnapshotText(file, text);
  assert.deepEqual(parsed.issues, []);
  return parsed.parsed;
};

const base = objects(
  'base.yaml',
  `
apiVersion: v1
kind: Namespace
metadata: {name: team}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: ci, namespace: team}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: team}
rules: [{verbs: [get], apiGroups: [""], resources: [pods]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ci-reader, namespace: team}
roleRef: {kind: Role, name: reader, apiGroup: rbac.authorization.k8s.io}
subjects: [{kind: ServiceAccount, name: ci}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: view}
aggregationRule:
  clusterRoleSelectors: [{matchLabels: {example.com/aggregate-to-view: "true"}}]
rules: [{verbs: [get], apiGroups: [""], resources: [configmaps]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: view-configmaps, labels: {example.com/aggregate-to-view: "true"}}
rules: [{verbs: [get], apiGroups: [""], resources: [configmaps]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: crons}
rules: [{verbs: [get, list], apiGroups: [batch], resources: [cronjobs]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: viewers}
roleRef: {kind: ClusterRole, name: view, apiGroup: rbac.authorization.k8s.io}
subjects: [{kind: Group, name: viewers, apiGroup: rbac.authorization.k8s.io}]
`,
);
const model = assembleModel(base.map((o) => o.value));

describe('whatIf', () => {
  test('apply creates and replaces by kind, namespace and name; a namespace defaults to "default"', () => {
    const applied = objects(
      'pr/rbac.yaml',
      `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: team}
rules: [{verbs: [get, list], apiGroups: [""], resources: [pods, secrets]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: new}
roleRef: {kind: ClusterRole, name: crons, apiGroup: rbac.authorization.k8s.io}
subjects: [{kind: User, name: ann}]
`,
    );
    const w = whatIf(model, applied);
    assert.deepEqual(
      w.model.roles.map((r) => [r.name, r.rules[0]!.verbs]),
      [['reader', ['get', 'list']]],
    );
    assert.deepEqual(
      w.model.roleBindings.map((b) => `${b.namespace}/${b.name}`),
      ['team/ci-reader', 'default/new'],
    );
    assert.equal(w.origins.get('RoleBinding:default/new'), 'pr/rbac.yaml');
    assert.deepEqual(w.notes, []);
    assert.equal(model.roles[0]!.rules[0]!.verbs.length, 1, 'the base model is left as it was');
  });

  test('delete removes objects, a namespace with everything in it; deleting what is absent is said', () => {
    const deleted = objects(
      'pr/gone.yaml',
      `
apiVersion: v1
kind: Namespace
metadata: {name: team}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: nobody}
roleRef: {kind: ClusterRole, name: view, apiGroup: rbac.authorization.k8s.io}
`,
    );
    const w = whatIf(model, [], deleted);
    assert.deepEqual(
      [w.model.roles, w.model.roleBindings, w.model.serviceAccounts, w.model.namespaces],
      [[], [], [], []],
    );
    assert.deepEqual(
      w.notes.map((n) => `${n.file} ${n.object}: ${n.message}`),
      [
        'pr/gone.yaml Namespace team: deleting the namespace deletes the 3 object(s) in it',
        'pr/gone.yaml ClusterRoleBinding nobody: not in the state it is deleted from (kubectl delete would answer NotFound)',
      ],
    );
  });

  test('a binding whose roleRef changes is shown replaced, with the note that apply rejects it', () => {
    const applied = objects(
      'pr/rb.yaml',
      `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ci-reader, namespace: team}
roleRef: {kind: ClusterRole, name: crons, apiGroup: rbac.authorization.k8s.io}
subjects: [{kind: ServiceAccount, name: ci}]
`,
    );
    const w = whatIf(model, applied);
    assert.equal(w.model.roleBindings[0]!.roleRef.name, 'crons');
    assert.match(w.notes[0]!.message, /^roleRef cannot change \(Role\/reader → ClusterRole\/crons\)/);
  });

  test("a ClusterRole labelled into an aggregation: the controller's rules, and the diff its holders see", () => {
    const applied = objects(
      'pr/crons.yaml',
      `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: crons, labels: {example.com/aggregate-to-view: "true"}}
rules: [{verbs: [get, list], apiGroups: [batch], resources: [cronjobs]}]
`,
    );
    const w = whatIf(model, applied);
    const view = w.model.clusterRoles.find((r) => r.name === 'view')!;
    assert.deepEqual(
      view.rules.map((r) => r.resources[0]),
      ['cronjobs', 'configmaps'],
      'the parts by name (crons before view-configmaps), each rule once',
    );
    const d = diff(createEngine(model), createEngine(w.model));
    assert.deepEqual(
      d.subjects.map((s) => [s.subject.name, s.gained.map((p) => `${p.verbs} ${p.target}`)]),
      [['viewers', ['get,list cronjobs.batch']]],
    );
    // The label taken away again: the controller drops the rules.
    const unlabelled = whatIf(
      w.model,
      objects(
        'pr/undo.yaml',
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: crons}\nrules: []\n',
      ),
    );
    assert.deepEqual(
      unlabelled.model.clusterRoles.find((r) => r.name === 'view')!.rules.map((r) => r.resources[0]),
      ['configmaps'],
    );
  });

  test('any ClusterRole change makes the controller sync every aggregating ClusterRole (its enqueue)', () => {
    const handEdited = {
      ...model,
      clusterRoles: model.clusterRoles.map((r) => (r.name === 'view' ? { ...r, rules: [...r.rules, ...r.rules] } : r)),
    };
    const w = whatIf(
      handEdited,
      objects(
        'pr/other.yaml',
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: other}\nrules: []\n',
      ),
    );
    assert.deepEqual(
      w.model.clusterRoles.find((r) => r.name === 'view')!.rules.map((r) => r.resources[0]),
      ['configmaps'],
      'the duplicate rule a hand edit added is gone, as the controller writes each rule once',
    );
    assert.equal(handEdited.clusterRoles.find((r) => r.name === 'view')!.rules.length, 2, 'the base is left as it was');
  });

  test('a change without a ClusterRole leaves aggregating roles as they are', () => {
    const w = whatIf(
      model,
      objects('pr/sa.yaml', 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: bot, namespace: team}\n'),
    );
    assert.deepEqual(w.model.clusterRoles, model.clusterRoles);
    assert.equal(w.model.serviceAccounts.length, 2);
  });

  test("a base read from files keeps an aggregated role's stored rules after a ClusterRole change (a partial export)", () => {
    // `view` stores configmaps and secrets; only configmaps is gathered from what was read.
    const exported = {
      ...model,
      clusterRoles: model.clusterRoles.map((r) =>
        r.name === 'view' ? { ...r, rules: [...r.rules, { ...r.rules[0]!, resources: ['secrets'] }] } : r,
      ),
    };
    const change = objects(
      'pr/other.yaml',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: other}\nrules: []\n',
    );
    const unlabel = objects(
      'pr/unlabel.yaml',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: view-configmaps}\nrules: [{verbs: [get], apiGroups: [""], resources: [configmaps]}]\n',
    );
    const cases: { name: string; applied: typeof change; keepStored: boolean; want: string[] }[] = [
      { name: 'files: stored and gathered', applied: change, keepStored: true, want: ['configmaps', 'secrets'] },
      {
        name: 'a live cluster: what the controller writes',
        applied: change,
        keepStored: false,
        want: ['configmaps'],
      },
      {
        name: 'files, a part unlabelled: its rules go, the unexplained one stays',
        applied: unlabel,
        keepStored: true,
        want: ['secrets'],
      },
    ];
    for (const c of cases)
      assert.deepEqual(
        whatIf(exported, c.applied, [], { keepStored: c.keepStored })
          .model.clusterRoles.find((r) => r.name === 'view')!
          .rules.map((r) => r.resources[0]),
        c.want,
        c.name,
      );
  });
});
