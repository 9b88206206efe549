import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { impersonatedIdentity, serviceAccountIdentity, splitServiceAccountUsername } from './identity';

describe('impersonatedIdentity (impersonation.go)', () => {
  const cases: { name: string; user: string; groups: string[]; want: string[] }[] = [
    { name: 'plain user gets system:authenticated', user: 'alice', groups: [], want: ['system:authenticated'] },
    { name: 'plain user keeps given groups', user: 'alice', groups: ['dev'], want: ['dev', 'system:authenticated'] },
    {
      name: 'service account gets its groups when none given',
      user: 'system:serviceaccount:team-a:app',
      groups: [],
      want: ['system:serviceaccounts', 'system:serviceaccounts:team-a', 'system:authenticated'],
    },
    {
      name: 'service account with a group gets only that group',
      user: 'system:serviceaccount:team-a:app',
      groups: ['dev'],
      want: ['dev', 'system:authenticated'],
    },
    {
      name: 'system:authenticated is not added twice',
      user: 'alice',
      groups: ['system:authenticated'],
      want: ['system:authenticated'],
    },
    {
      name: 'system:unauthenticated suppresses system:authenticated',
      user: 'alice',
      groups: ['system:unauthenticated'],
      want: ['system:unauthenticated'],
    },
    {
      name: 'anonymous gets system:unauthenticated',
      user: 'system:anonymous',
      groups: [],
      want: ['system:unauthenticated'],
    },
    {
      name: 'anonymous with a group still gets system:unauthenticated',
      user: 'system:anonymous',
      groups: ['dev'],
      want: ['dev', 'system:unauthenticated'],
    },
    {
      name: 'an invalid service-account name is a plain user',
      user: 'system:serviceaccount:Team:app',
      groups: [],
      want: ['system:authenticated'],
    },
    {
      name: 'too many parts is a plain user',
      user: 'system:serviceaccount:a:b:c',
      groups: [],
      want: ['system:authenticated'],
    },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(impersonatedIdentity(c.user, c.groups).groups, c.want));
  }
});

describe('service-account names', () => {
  test('a token authenticates with the three groups', () => {
    assert.deepEqual(serviceAccountIdentity('default', 'demo-sa'), {
      user: 'system:serviceaccount:default:demo-sa',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'],
    });
  });
  test('split accepts DNS names and refuses others', () => {
    assert.deepEqual(splitServiceAccountUsername('system:serviceaccount:ns:a.b-c'), { namespace: 'ns', name: 'a.b-c' });
    assert.equal(splitServiceAccountUsername('system:serviceaccount:ns'), undefined);
    assert.equal(splitServiceAccountUsername('system:serviceaccount:n.s:x'), undefined);
    assert.equal(splitServiceAccountUsername('alice'), undefined);
  });
});
