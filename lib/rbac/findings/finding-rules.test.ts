import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PATH_PROBES } from '../paths/attack-edges';
import { DANGER_RULES } from './danger';
import { createEngine } from '../engine';
import { FINDING_RULES, findingRule, severityIn, type FindingId, type SeverityContext } from './finding-rules';
import { REQUEST_SHAPES, type ShapeId } from './request-shapes';
import type { Severity } from '../paths/techniques';
import { clusterRole, clusterRoleBinding, group, role, roleBinding, rule, user, world } from '../test-fixtures';

describe('finding rules as data', () => {
  test('each finding id has one rule', () => {
    const ids = FINDING_RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
  });

  const severities: [FindingId, SeverityContext | undefined, Severity][] = [
    ['SECRETS_READ', undefined, 'medium'],
    ['SECRETS_READ', 'cluster-wide', 'high'],
    ['WILDCARD', undefined, 'medium'],
    ['WILDCARD', 'cluster-wide', 'high'],
    ['BROAD_GROUP_BINDING', undefined, 'high'],
    ['BROAD_GROUP_BINDING', 'unauthenticated', 'critical'],
    ['MODIFIED_DEFAULT', 'dangerous', 'critical'],
    ['MODIFIED_DEFAULT', 'granting', 'high'],
    ['MODIFIED_DEFAULT', 'nothing', 'low'],
    ['BUILTIN_IMPOSTOR', 'dangerous', 'critical'],
    ['BUILTIN_IMPOSTOR', 'granting', 'high'],
    ['BUILTIN_IMPOSTOR', 'nothing', 'low'],
    ['AGGREGATED_INTO_DEFAULT', 'dangerous', 'critical'],
    ['AGGREGATED_INTO_DEFAULT', 'granting', 'low'],
    ['AGGREGATED_INTO_DEFAULT', 'nothing', 'low'],
    // A technique's severity does not depend on where it holds.
    ['POD_CREATE', 'cluster-wide', 'medium'],
  ];
  for (const [id, context, want] of severities)
    test(`${id} ${context ?? 'by default'} is ${want}`, () => assert.equal(severityIn(findingRule(id), context), want));

  test('every request shape is read by a danger label, a finding rule or an attack probe', () => {
    const named = new Set<ShapeId>([
      ...DANGER_RULES.flatMap((d) => d.shapes ?? []),
      ...FINDING_RULES.flatMap((r) => r.match?.shapes ?? []),
      ...PATH_PROBES,
    ]);
    assert.deepEqual(
      (Object.keys(REQUEST_SHAPES) as ShapeId[]).filter((id) => !named.has(id)),
      [],
    );
  });

  test("every attack probe is among some technique's shapes (everyResource: cluster-admin itself)", () => {
    const ofTechniques = new Set(FINDING_RULES.flatMap((r) => (r.match?.by === 'step' ? r.match.shapes : [])));
    assert.deepEqual(
      PATH_PROBES.filter((id) => id !== 'everyResource' && !ofTechniques.has(id)),
      [],
    );
  });
});

describe('a finding reads its severity in its context', () => {
  const readSecrets = rule({ verbs: ['get'], apiGroups: [''], resources: ['secrets'] });
  const wildcard = rule({ verbs: ['*'], apiGroups: ['*'], resources: ['configmaps'] });
  const model = world({
    roles: [role('app', 'reader', [readSecrets]), role('app', 'wild', [wildcard])],
    clusterRoles: [clusterRole('secret-reader', [readSecrets]), clusterRole('wild', [wildcard])],
    roleBindings: [
      roleBinding('app', 'reader', { kind: 'Role', name: 'reader' }, [user('alice')]),
      roleBinding('app', 'wild', { kind: 'Role', name: 'wild' }, [user('alice')]),
      roleBinding('app', 'anyone', { kind: 'ClusterRole', name: 'secret-reader' }, [group('system:authenticated')]),
    ],
    clusterRoleBindings: [
      clusterRoleBinding('reader', 'secret-reader', [user('bob')]),
      clusterRoleBinding('wild', 'wild', [user('bob')]),
      clusterRoleBinding('anonymous', 'secret-reader', [user('system:anonymous')]),
    ],
  });
  const findings = createEngine(model).findings();
  const severityOf = (id: FindingId, pick: (title: string, subject?: string) => boolean) =>
    findings
      .filter((f) => f.id === id && pick(f.title, f.subject && 'name' in f.subject ? f.subject.name : undefined))
      .map((f) => f.severity);
  const cases: [string, FindingId, (title: string, subject?: string) => boolean, Severity[]][] = [
    ['secrets read in one namespace', 'SECRETS_READ', (_, s) => s === 'alice', ['medium']],
    ['secrets read cluster-wide', 'SECRETS_READ', (_, s) => s === 'bob', ['high']],
    ['a wildcard role bound in a namespace', 'WILDCARD', (t) => t.startsWith('Role '), ['medium']],
    ['a wildcard role bound cluster-wide', 'WILDCARD', (t) => t.startsWith('ClusterRole '), ['high']],
    ['bound to every authenticated caller', 'BROAD_GROUP_BINDING', (_, s) => s === 'system:authenticated', ['high']],
    ['bound to anonymous callers', 'BROAD_GROUP_BINDING', (_, s) => s === 'system:anonymous', ['critical']],
  ];
  for (const [name, id, pick, want] of cases) test(name, () => assert.deepEqual(severityOf(id, pick), want));
});
