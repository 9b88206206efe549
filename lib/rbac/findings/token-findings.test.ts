// The token findings, each with the case that makes it and the cases that must not: token Secrets
// listed in .secrets and mounted by pods (known from the model, never from a name), tokens projected
// for longer than the kubelet keeps one, tokens mounted with nothing granted, and default service
// accounts granted something by name or through the service-account groups.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEngine } from '../engine';
import { updateEngine } from '../engine-update';
import type { FindingId } from './finding-rules';
import type { ClusterModel, Pod, ServiceAccount } from '../model/types';
import {
  clusterRole,
  clusterRoleBinding,
  defaultClusterRole,
  defaultClusterRoleBinding,
  group,
  role,
  roleBinding,
  rule,
  sa,
  world,
} from '../test-fixtures';

const reader = role('app', 'reader', [rule({ verbs: ['get'], apiGroups: [''], resources: ['configmaps'] })]);
const viewer = clusterRole('viewer', [rule({ verbs: ['get'], apiGroups: [''], resources: ['configmaps'] })]);

const account = (name: string, more: Partial<ServiceAccount> = {}): ServiceAccount => ({
  namespace: 'app',
  name,
  ...more,
});
const pod = (name: string, more: Partial<Pod> = {}): Pod => ({
  namespace: 'app',
  name,
  serviceAccountName: 'web',
  automountServiceAccountToken: true,
  phase: 'Running',
  ...more,
});

function findingsOf(model: ClusterModel, id: FindingId) {
  return createEngine(model)
    .findings()
    .filter((f) => f.id === id)
    .map((f) => ({
      title: f.title,
      severity: f.severity,
      subject: f.subject && ('namespace' in f.subject ? `${f.subject.namespace}/${f.subject.name}` : f.subject.name),
      ...(f.object?.kind === 'Pod' && { pod: f.object.name, more: f.object.more }),
      ...(f.namespace && { namespace: f.namespace }),
    }));
}

describe('LEGACY_TOKEN_SECRET', () => {
  test('an account that lists Secrets, granted something: medium, the Secrets named', () => {
    const model = world({
      serviceAccounts: [account('ci', { secrets: ['ci-token-x2k', 'ci-dockercfg'] })],
      roles: [reader],
      roleBindings: [roleBinding('app', 'ci', { kind: 'Role', name: 'reader' }, [sa('ci', 'app')])],
    });
    assert.deepEqual(findingsOf(model, 'LEGACY_TOKEN_SECRET'), [
      {
        title: 'app/ci lists 2 Secrets in .secrets: ci-token-x2k, ci-dockercfg',
        severity: 'medium',
        subject: 'app/ci',
        namespace: 'app',
      },
    ]);
  });

  test('granted nothing of its own (everyone-bindings do not count): low', () => {
    const model = world({
      serviceAccounts: [account('ci', { secrets: ['ci-token-x2k'] })],
      clusterRoles: [viewer],
      clusterRoleBindings: [clusterRoleBinding('everyone', 'viewer', [group('system:authenticated')])],
    });
    assert.deepEqual(
      findingsOf(model, 'LEGACY_TOKEN_SECRET').map((f) => f.severity),
      ['low'],
    );
  });

  test('granted through its namespace group: medium', () => {
    const model = world({
      serviceAccounts: [account('ci', { secrets: ['ci-token-x2k'] })],
      roles: [reader],
      roleBindings: [
        roleBinding('app', 'all', { kind: 'Role', name: 'reader' }, [group('system:serviceaccounts:app')]),
      ],
    });
    assert.deepEqual(
      findingsOf(model, 'LEGACY_TOKEN_SECRET').map((f) => f.severity),
      ['medium'],
    );
  });

  test('an account that lists none: nothing', () => {
    assert.deepEqual(findingsOf(world({ serviceAccounts: [account('ci')] }), 'LEGACY_TOKEN_SECRET'), []);
  });
});

describe('TOKEN_SECRET_MOUNT', () => {
  const listing = account('ci', { secrets: ['ci-token-x2k'] });

  test("pods mounting a Secret an account lists: that account's token, whatever they run as", () => {
    const model = world({
      serviceAccounts: [listing, account('web')],
      pods: [
        pod('web-1', { secretVolumes: ['tls', 'ci-token-x2k'] }),
        pod('web-2', { secretVolumes: ['ci-token-x2k'] }),
      ],
    });
    assert.deepEqual(findingsOf(model, 'TOKEN_SECRET_MOUNT'), [
      {
        title: 'pod web-1 and 1 more pod mount Secret ci-token-x2k, listed in .secrets of app/ci: its long-lived token',
        severity: 'low',
        subject: 'app/ci',
        pod: 'web-1',
        more: 1,
        namespace: 'app',
      },
    ]);
  });

  test('never by name: a Secret named like a token that no account lists is not one', () => {
    const model = world({
      serviceAccounts: [account('web')],
      pods: [pod('web-1', { secretVolumes: ['default-token-abcde', 'web-token-x'] })],
    });
    assert.deepEqual(findingsOf(model, 'TOKEN_SECRET_MOUNT'), []);
  });

  test('a Secret of the same name in another namespace, or a finished pod: nothing', () => {
    const model = world({
      serviceAccounts: [listing],
      pods: [
        pod('other', { namespace: 'shop', secretVolumes: ['ci-token-x2k'] }),
        pod('done', { phase: 'Succeeded', secretVolumes: ['ci-token-x2k'] }),
      ],
    });
    assert.deepEqual(findingsOf(model, 'TOKEN_SECRET_MOUNT'), []);
  });
});

describe('LONG_LIVED_TOKEN', () => {
  test('a token projected for more than a day: the longest one said, with its audience', () => {
    const model = world({
      pods: [
        pod('a', { projectedTokens: [{ expirationSeconds: 86_401 }] }),
        pod('b', { projectedTokens: [{ expirationSeconds: 30 * 86_400, audience: 'vault' }] }),
      ],
    });
    assert.deepEqual(findingsOf(model, 'LONG_LIVED_TOKEN'), [
      {
        title: '2 pods of app/web project a token for audience vault valid for 30 days',
        severity: 'low',
        subject: 'app/web',
        pod: 'a',
        more: 1,
        namespace: 'app',
      },
    ]);
  });

  test('a day or less, or a finished pod: nothing', () => {
    const model = world({
      pods: [
        pod('a', { projectedTokens: [{ expirationSeconds: 86_400 }, { expirationSeconds: 3607 }] }),
        pod('b', { phase: 'Failed', projectedTokens: [{ expirationSeconds: 172_800 }] }),
      ],
    });
    assert.deepEqual(findingsOf(model, 'LONG_LIVED_TOKEN'), []);
  });
});

describe('UNNEEDED_TOKEN', () => {
  const idle = (model: ClusterModel) => findingsOf(model, 'UNNEEDED_TOKEN').map((f) => f.subject);

  test('pods mounting a token of an account granted nothing', () => {
    assert.deepEqual(idle(world({ serviceAccounts: [account('web')], pods: [pod('a'), pod('b')] })), ['app/web']);
  });

  test("Kubernetes' own binding of every account's group (OIDC discovery) is not the account's own", () => {
    const model = world({
      pods: [pod('a')],
      clusterRoles: [defaultClusterRole('system:service-account-issuer-discovery')],
      clusterRoleBindings: [defaultClusterRoleBinding('system:service-account-issuer-discovery')],
    });
    assert.deepEqual(idle(model), ['app/web']);
  });

  test('what every authenticated caller holds is not the account own', () => {
    const model = world({
      pods: [pod('a')],
      clusterRoles: [viewer],
      clusterRoleBindings: [clusterRoleBinding('everyone', 'viewer', [group('system:authenticated')])],
    });
    assert.deepEqual(idle(model), ['app/web']);
  });

  for (const [name, subject] of [
    ['by name', sa('web', 'app')],
    ["through its namespace's group", group('system:serviceaccounts:app')],
    ["through every account's group", group('system:serviceaccounts')],
  ] as const)
    test(`granted ${name}: its pods need the API`, () => {
      const model = world({
        pods: [pod('a')],
        roles: [reader],
        roleBindings: [roleBinding('app', 'rb', { kind: 'Role', name: 'reader' }, [subject])],
      });
      assert.deepEqual(idle(model), []);
    });

  test('automount off but a token projected for the API server: still mounts one', () => {
    const model = world({
      pods: [pod('a', { automountServiceAccountToken: false, projectedTokens: [{ expirationSeconds: 3600 }] })],
    });
    assert.deepEqual(idle(model), ['app/web']);
  });

  test('automount off and a token only for another audience, or no token: nothing', () => {
    const model = world({
      pods: [
        pod('a', {
          automountServiceAccountToken: false,
          projectedTokens: [{ expirationSeconds: 3600, audience: 'vault' }],
        }),
        pod('b', { automountServiceAccountToken: false }),
      ],
    });
    assert.deepEqual(idle(model), []);
  });
});

describe('DEFAULT_SA_GRANTS', () => {
  const bound = (subject: ReturnType<typeof sa>) =>
    findingsOf(
      world({ roles: [reader], roleBindings: [roleBinding('app', 'rb', { kind: 'Role', name: 'reader' }, [subject])] }),
      'DEFAULT_SA_GRANTS',
    ).map((f) => [f.title, f.subject, f.namespace]);

  test("a namespace's default account by name", () =>
    assert.deepEqual(bound(sa('default', 'app')), [
      ['default service account of app is bound to Role reader', 'app/default', 'app'],
    ]));

  test("every account of a namespace, through its group: the namespace's default too", () =>
    assert.deepEqual(bound(group('system:serviceaccounts:shop')), [
      [
        'every service account of shop, default included (group system:serviceaccounts:shop), is bound to Role reader',
        'system:serviceaccounts:shop',
        'shop',
      ],
    ]));

  test('every account of the cluster, through system:serviceaccounts', () =>
    assert.deepEqual(bound(group('system:serviceaccounts')), [
      [
        "every service account, each namespace's default included (group system:serviceaccounts), is bound to Role reader",
        'system:serviceaccounts',
        'app',
      ],
    ]));

  test('another account, or a group no token carries: nothing', () => {
    assert.deepEqual(bound(sa('web', 'app')), []);
    assert.deepEqual(bound(group('system:serviceaccounts:Not_A_Namespace')), []);
    assert.deepEqual(bound(group('system:serviceaccounts-ish')), []);
  });
});

describe('after a change, the updated engine has the token findings of one built afresh', () => {
  const before = world({
    serviceAccounts: [account('ci'), account('web')],
    pods: [pod('web-1', { secretVolumes: ['ci-token-x2k'] })],
  });
  const ids: FindingId[] = ['LEGACY_TOKEN_SECRET', 'TOKEN_SECRET_MOUNT', 'LONG_LIVED_TOKEN', 'UNNEEDED_TOKEN'];
  const tokenFindings = (e: ReturnType<typeof createEngine>) =>
    e
      .findings()
      .filter((f) => ids.includes(f.id))
      .map((f) => `${f.id} ${f.severity} ${f.title}`)
      .sort();

  test('an account comes to list the Secret a pod mounts, then a pod projects a long-lived token', () => {
    const e0 = createEngine(before);
    assert.deepEqual(tokenFindings(e0), [
      'UNNEEDED_TOKEN low 1 pod of app/web mounts a token with no grants of its own',
    ]);
    const ci = before.serviceAccounts[0]!;
    const listing = { ...ci, secrets: ['ci-token-x2k'] };
    const m1 = { ...before, serviceAccounts: [listing, before.serviceAccounts[1]!] };
    const e1 = updateEngine(e0, m1, [{ kind: 'ServiceAccount', before: ci, after: listing }]);
    assert.deepEqual(tokenFindings(e1), tokenFindings(createEngine(m1)));
    assert.ok(
      tokenFindings(e1).some((t) => t.startsWith('TOKEN_SECRET_MOUNT low pod web-1 mounts Secret ci-token-x2k')),
    );
    const p = m1.pods[0]!;
    const projecting = { ...p, projectedTokens: [{ expirationSeconds: 172_800 }] };
    const m2 = { ...m1, pods: [projecting] };
    const e2 = updateEngine(e1, m2, [{ kind: 'Pod', before: p, after: projecting }]);
    assert.deepEqual(tokenFindings(e2), tokenFindings(createEngine(m2)));
    assert.ok(tokenFindings(e2).some((t) => t.includes('valid for 2 days')));
  });
});
