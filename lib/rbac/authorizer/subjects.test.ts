// The subject a binding grants through is the first that applies (rule.go's appliesToUser, in the
// binding's order), whether the binding is scanned (a few subjects) or looked up in its index (many).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { serviceAccountIdentity, serviceAccountUsername } from '../model/identity';
import { firstApplyingSubject, subjectAppliesTo } from './subjects';
import { group, sa, user } from '../test-fixtures';
import type { Identity, Subject } from '../model/types';

const filler = (n: number) => Array.from({ length: n }, (_, i) => user(`filler-${i}`));
const alice: Identity = { user: 'alice', groups: ['devs', 'system:authenticated'] };
const ciAccount = serviceAccountIdentity('team', 'ci');

const cases: { name: string; identity: Identity; subjects: Subject[]; namespace: string; index?: number }[] = [
  { name: 'a user by name', identity: alice, subjects: [...filler(40), user('alice')], namespace: 'team', index: 40 },
  {
    name: 'a group earlier than the user: the group',
    identity: alice,
    subjects: [...filler(40), group('devs'), user('alice')],
    namespace: 'team',
    index: 40,
  },
  {
    name: 'the user named twice: the first',
    identity: alice,
    subjects: [user('alice'), ...filler(40), user('alice')],
    namespace: 'team',
    index: 0,
  },
  {
    name: "a ServiceAccount without a namespace is the binding's",
    identity: ciAccount,
    subjects: [...filler(40), sa('ci', 'other'), sa('ci')],
    namespace: 'team',
    index: 41,
  },
  {
    name: 'a ServiceAccount without a namespace in a ClusterRoleBinding matches nobody',
    identity: ciAccount,
    subjects: [...filler(40), sa('ci')],
    namespace: '',
  },
  {
    name: 'a User spelled as the service account applies to it',
    identity: ciAccount,
    subjects: [...filler(40), user('system:serviceaccount:team:ci')],
    namespace: '',
    index: 40,
  },
  {
    name: 'another kind matches nobody',
    identity: alice,
    subjects: [...filler(40), { kind: 'Robot', name: 'alice' }],
    namespace: 'team',
  },
  { name: 'none applies', identity: alice, subjects: filler(40), namespace: 'team' },
];

describe('firstApplyingSubject', () => {
  for (const c of cases)
    for (const size of ['indexed', 'scanned'] as const)
      test(`${c.name} (${size})`, () => {
        // Scanned: the same subjects with the filler that makes the list long dropped.
        const subjects = size === 'indexed' ? c.subjects : c.subjects.filter((s) => !s.name.startsWith('filler-'));
        const expected = subjects.find((s) => subjectAppliesTo(c.identity, s, c.namespace));
        assert.equal(firstApplyingSubject(c.identity, subjects, c.namespace), expected);
        if (size === 'indexed') assert.equal(expected, c.index === undefined ? undefined : c.subjects[c.index]);
      });
});

// A ServiceAccount subject is compared without building its user name: the answer is still the
// name's equality, at every edge of it.
const saCases: { name: string; user: string; subject: Subject; namespace: string; want: boolean }[] = [
  { name: 'its own name', user: 'system:serviceaccount:team:ci', subject: sa('ci', 'team'), namespace: '', want: true },
  {
    name: "the binding's namespace",
    user: 'system:serviceaccount:team:ci',
    subject: sa('ci'),
    namespace: 'team',
    want: true,
  },
  {
    name: 'another namespace',
    user: 'system:serviceaccount:team:ci',
    subject: sa('ci', 'teams'),
    namespace: '',
    want: false,
  },
  {
    name: 'a longer name',
    user: 'system:serviceaccount:team:ci',
    subject: sa('ci2', 'team'),
    namespace: '',
    want: false,
  },
  {
    name: 'a name suffix',
    user: 'system:serviceaccount:team:aci',
    subject: sa('ci', 'team'),
    namespace: '',
    want: false,
  },
  {
    name: 'the colon moved',
    user: 'system:serviceaccount:tea:mci',
    subject: sa('ci', 'team'),
    namespace: '',
    want: false,
  },
  {
    name: 'a colon in the name',
    user: 'system:serviceaccount:a:b:c',
    subject: sa('b:c', 'a'),
    namespace: '',
    want: true,
  },
  {
    name: 'a colon in the namespace',
    user: 'system:serviceaccount:a:b:c',
    subject: sa('c', 'a:b'),
    namespace: '',
    want: true,
  },
  {
    name: 'another prefix',
    user: 'system:serviceaccounx:team:ci',
    subject: sa('ci', 'team'),
    namespace: '',
    want: false,
  },
  { name: 'a user, not the account', user: 'ci', subject: sa('ci', 'team'), namespace: '', want: false },
  { name: 'an empty name', user: 'system:serviceaccount:team:', subject: sa('', 'team'), namespace: '', want: true },
];

for (const c of saCases)
  test(`subjectAppliesTo a ServiceAccount: ${c.name}`, () => {
    const identity = { user: c.user, groups: [] };
    assert.equal(subjectAppliesTo(identity, c.subject, c.namespace), c.want);
    const ns = c.subject.namespace || c.namespace;
    assert.equal(c.want, c.user === serviceAccountUsername(ns, c.subject.name));
  });
