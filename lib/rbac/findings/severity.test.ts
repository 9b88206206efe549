import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEngine } from '../engine';
import { DANGER_RULES, type DangerId } from './danger';
import { FINDING_RULES, findingRule, severityIn, type FindingId, type SeverityContext } from './finding-rules';
import { CLUSTER_ADMIN_RULE, DANGER_FINDINGS, dangerSeverity, findingPrecedence, SEVERITY_LEVELS } from './severity';
import { SEVERITIES, severityRank, TECHNIQUES, type Severity } from '../paths/techniques';
import { clusterRole, clusterRoleBinding, defaultClusterRole, rule, user, world } from '../test-fixtures';

const CONTEXTS: SeverityContext[] = ['cluster-wide', 'unauthenticated', 'dangerous', 'granting', 'nothing'];

describe('one severity model, total', () => {
  test('every finding kind has a severity in every context', () => {
    const ids = new Set<FindingId>([
      'PATH_TO_CLUSTER_ADMIN',
      'CLUSTER_ADMIN_BINDING',
      ...(Object.keys(TECHNIQUES) as FindingId[]),
      ...FINDING_RULES.map((r) => r.id),
    ]);
    for (const id of ids)
      for (const context of [undefined, ...CONTEXTS])
        assert.ok(SEVERITIES.includes(severityIn(findingRule(id), context)), `${id} ${context}`);
  });

  test('every danger label has a severity, its finding kind’s', () => {
    const ids: DangerId[] = [...DANGER_RULES.map((d) => d.id), 'cluster-admin'];
    for (const id of ids) {
      assert.ok(DANGER_FINDINGS[id], id);
      assert.equal(dangerSeverity(id), findingRule(DANGER_FINDINGS[id]).severity, id);
    }
    assert.deepEqual(Object.keys(DANGER_FINDINGS).sort(), [...ids].sort(), 'no label without a rule');
  });

  test('every severity says what it means, and a SARIF level that never falls as severity rises', () => {
    const level = { note: 0, warning: 1, error: 2 };
    for (let i = 1; i < SEVERITIES.length; i++) {
      const [higher, lower] = [SEVERITY_LEVELS[SEVERITIES[i - 1]!], SEVERITY_LEVELS[SEVERITIES[i]!]];
      assert.ok(level[higher.sarif] >= level[lower.sarif]);
      assert.ok(Number(higher.securitySeverity) > Number(lower.securitySeverity));
      assert.ok(lower.meaning.length > 0 && higher.meaning.length > 0);
    }
  });
});

describe('the cluster-admin rule', () => {
  const rank = (id: FindingId) => severityRank(findingRule(id).severity);
  test('holding every permission ranks at least as high as a path to it', () =>
    assert.ok(rank('CLUSTER_ADMIN_BINDING') <= rank('PATH_TO_CLUSTER_ADMIN')));
  test('the legend says so', () => assert.match(CLUSTER_ADMIN_RULE, /never outranks holding it/));
  test('and among equals, holding it is listed first', () =>
    assert.ok(findingPrecedence('CLUSTER_ADMIN_BINDING') < findingPrecedence('PATH_TO_CLUSTER_ADMIN')));

  // ci-deployer holds cluster-admin; support-bot may impersonate it.
  const engine = createEngine(
    world({
      clusterRoles: [
        defaultClusterRole('cluster-admin'),
        clusterRole('impersonator', [rule({ verbs: ['impersonate'], apiGroups: [''], resources: ['users'] })]),
      ],
      clusterRoleBindings: [
        clusterRoleBinding('deployer', 'cluster-admin', [user('deployer')]),
        clusterRoleBinding('bot', 'impersonator', [user('support-bot')]),
      ],
    }),
  );
  const cases: [string, string, FindingId, Severity][] = [
    ['the holder: its worst is holding it', 'deployer', 'CLUSTER_ADMIN_BINDING', 'critical'],
    ['one step away: its worst is the path', 'support-bot', 'PATH_TO_CLUSTER_ADMIN', 'critical'],
  ];
  for (const [name, who, id, severity] of cases)
    test(name, () => {
      const risk = engine.subjectRisk({ kind: 'User', name: who });
      assert.equal(risk?.worst.id, id);
      assert.equal(risk?.severity, severity);
      assert.equal(risk?.total, risk && Object.values(risk.severities).reduce((a, b) => a + b, 0));
    });
  test('the holder is the first row of the table, a path after it', () =>
    assert.deepEqual(
      engine.findingGroups({ by: 'subject', builtin: false, text: 'user' }).items.map((g) => g.key),
      ['User:deployer', 'User:support-bot'],
    ));
  test('and of the Subjects list sorted by risk', () =>
    assert.deepEqual(
      engine.inventory
        .subjects({ sort: 'risk', order: 'desc', kinds: ['User'] })
        .items.slice(0, 2)
        .map((r) => r.ref.name),
      ['deployer', 'support-bot'],
    ));
  test('a subject with no finding has no risk', () =>
    assert.equal(engine.subjectRisk({ kind: 'User', name: 'nobody' }), undefined));
});
