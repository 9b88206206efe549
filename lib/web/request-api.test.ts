import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { run } from '@/bin/test-cli';
import { loadSource } from '@/lib/k8s/source';
import { createEngine, subjectLabel, type ClusterModel, type Engine, type WhoCanSubject } from '@/lib/rbac';
import { canIHandler, whoCanHandler, type Handler } from './request-api';
import { RiskBuilds } from './risk-builds';

let engine: Engine;
let demoModel: ClusterModel;
const modelOf = () => demoModel;
before(async () => {
  demoModel = (await loadSource({ kind: 'demo' })).model;
  engine = createEngine(demoModel);
});

async function answer(handler: (q: URLSearchParams) => Handler, query: string) {
  const h = handler(new URLSearchParams(query));
  const res = h.ok ? h.answer(engine) : h.response;
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const names = (body: Record<string, unknown>) => (body.subjects as WhoCanSubject[]).map(subjectLabel).sort();

describe('/api/who-can resolves the request as kubectl does (demo data)', () => {
  const cases: { name: string; query: string; same: string; resolved: string[] }[] = [
    { name: 'a singular', query: 'resource=secret', same: 'resource=secrets', resolved: ['secret → secrets'] },
    { name: 'a kind', query: 'resource=Secret', same: 'resource=secrets', resolved: ['Secret → secrets'] },
    {
      name: 'a short name',
      query: 'resource=sa',
      same: 'resource=serviceaccounts',
      resolved: ['sa → serviceaccounts'],
    },
    { name: 'po', query: 'resource=po', same: 'resource=pods', resolved: ['po → pods'] },
    {
      name: 'a short name in a group',
      query: 'resource=deploy',
      same: 'resource=deployments&group=apps',
      resolved: ['deploy → deployments.apps'],
    },
    {
      name: 'RESOURCE/SUBRESOURCE',
      query: 'resource=po/exec',
      same: 'resource=pods&subresource=exec',
      resolved: ['po/exec → pods/exec'],
    },
  ];
  for (const c of cases)
    test(`${c.name}: the subjects of ${c.same}, and the rewrite said`, async () => {
      const base = 'verb=get&namespace=payments&';
      const got = await answer(whoCanHandler, base + c.query);
      const want = await answer(whoCanHandler, base + c.same);
      assert.equal(got.status, 200);
      assert.ok(names(want.body).length > 0, 'a question with an answer');
      assert.deepEqual(names(got.body), names(want.body));
      assert.deepEqual(got.body.request, want.body.request);
      assert.deepEqual(
        (got.body.resolved as { given: string; answered: string }[]).map((r) => `${r.given} → ${r.answered}`),
        c.resolved,
      );
      assert.deepEqual(got.body.warnings, []);
      assert.deepEqual(want.body.resolved, []);
    });

  test('the reported bug: secret answers what secrets answers (8 subjects in payments, not 4)', async () => {
    const secret = await answer(whoCanHandler, 'verb=get&resource=secret&namespace=payments');
    assert.equal(secret.body.total, 8);
  });

  const refused: { name: string; query: string; error: RegExp }[] = [
    {
      name: 'a misspelt verb, with a suggestion',
      query: 'verb=gett&resource=secrets',
      error:
        /^verb: verb "gett" is not a known verb \(did you mean "get"\?\)\. Add literal=true to check the request as given\.$/,
    },
    {
      name: 'a misspelt resource, with a suggestion',
      query: 'verb=get&resource=secrte',
      error: /^resource: unknown resource type "secrte" \(did you mean "secrets"\?\)/,
    },
    {
      name: 'a bare unknown name: RESOURCE.GROUP suggested',
      query: 'verb=get&resource=widgets',
      error: /^resource: unknown resource type "widgets".*widgets\.example\.com.*literal=true/,
    },
    {
      name: 'a built-in group without that type',
      query: 'verb=get&resource=secrets&group=apps',
      error: /^resource: the built-in group "apps" has no resource type "secrets"/,
    },
    {
      name: 'both wrong: both named',
      query: 'verb=gett&resource=secrte',
      error: /^verb: .*gett.*; resource: .*secrte/,
    },
    {
      name: 'literal is true or false',
      query: 'verb=get&resource=secrets&literal=yes',
      error: /literal: true or false/,
    },
    {
      name: 'the group twice',
      query: 'verb=get&resource=deployments.apps&group=batch',
      error: /names the group "apps" but group is "batch"/,
    },
  ];
  for (const c of refused)
    test(`400: ${c.name}`, async () => {
      for (const handler of [whoCanHandler, canIHandler]) {
        const r = await answer(handler, `${c.query}&namespace=payments&user=alice`);
        assert.equal(r.status, 400);
        assert.match(r.body.error as string, c.error);
      }
    });

  test('literal=true answers an unknown verb as given, with the warning', async () => {
    const r = await answer(whoCanHandler, 'verb=gett&resource=secrets&namespace=payments&literal=true');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.warnings, [
      'verb "gett" is not a known verb (did you mean "get"?); checked as given (literal)',
    ]);
    assert.equal((r.body.request as { verb: string }).verb, 'gett');
    // Only a wildcard verb grants "gett": fewer than get.
    const get = await answer(whoCanHandler, 'verb=get&resource=secrets&namespace=payments');
    assert.ok((r.body.total as number) < (get.body.total as number));
  });

  test('literal=true checks a singular as given, and says what kubectl would ask', async () => {
    const r = await answer(whoCanHandler, 'verb=get&resource=secret&namespace=payments&literal=true');
    assert.equal(r.status, 200);
    assert.equal((r.body.request as { resource: string }).resource, 'secret');
    assert.deepEqual(r.body.warnings, [
      'resource "secret" checked as given (literal); kubectl would ask for "secrets"',
    ]);
  });

  test('a custom resource group is taken as given, with a warning that it was not resolved', async () => {
    const r = await answer(whoCanHandler, 'verb=get&resource=widgets.example.com&namespace=payments');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.request, {
      kind: 'resource',
      verb: 'get',
      group: 'example.com',
      resource: 'widgets',
      subresource: '',
      name: '',
      namespace: 'payments',
    });
    assert.deepEqual(r.body.resolved, []);
    assert.deepEqual(r.body.warnings, [
      'resource "widgets.example.com" not resolved (no discovery of this cluster): checked as given; a custom resource is named by its plural (not its singular, short name or kind)',
    ]);
  });
});

describe('/api/can-i resolves the same way', () => {
  test('sa and serviceaccounts: the same answer, the rewrite said', async () => {
    const q = 'user=system:serviceaccount:kube-system:namespace-controller&verb=delete&namespace=payments';
    const sa = await answer(canIHandler, `${q}&resource=sa`);
    const full = await answer(canIHandler, `${q}&resource=serviceaccounts`);
    assert.equal(sa.status, 200);
    assert.equal(sa.body.allowed, full.body.allowed);
    assert.deepEqual(sa.body.request, full.body.request);
    assert.deepEqual(sa.body.resolved, [{ parameter: 'resource', given: 'sa', answered: 'serviceaccounts' }]);
  });
});

describe('/api/can-i?explain=1: the near misses of a no, as the CLI gives them', () => {
  const q = 'user=system:serviceaccount:default:demo-sa&verb=create&resource=pods&namespace=default';
  test('explain=1 on a no: nearMisses, the same as can-i --explain -o json', async () => {
    const api = await answer(canIHandler, `${q}&explain=1`);
    assert.equal(api.status, 200);
    const args = ['can-i', 'create', 'pods', '-n', 'default', '--explain', '-o', 'json', '--demo'];
    const cli = await run(...args, '--as', 'system:serviceaccount:default:demo-sa');
    const fromCli = JSON.parse(cli.out) as Record<string, unknown>;
    assert.deepEqual(api.body.nearMisses, fromCli.nearMisses);
    assert.equal(api.body.nearMissesTotal, 1);
  });
  test('without explain, or on a yes: no nearMisses', async () => {
    assert.equal('nearMisses' in (await answer(canIHandler, q)).body, false);
    const yes = await answer(canIHandler, q.replace('verb=create', 'verb=get') + '&explain=true');
    assert.equal(yes.body.allowed, true);
    assert.equal('nearMisses' in yes.body, false);
  });
  test('explain=maybe: a 400 that names it', async () => {
    const bad = await answer(canIHandler, `${q}&explain=maybe`);
    assert.equal(bad.status, 400);
    assert.match(String(bad.body.error), /explain must be 1, true, 0 or false, got "maybe"/);
  });
});

describe("/api/who-can?effective=1: the CLI's indirect holders, the built-in ones hidden with builtin=hide", () => {
  const indirectNames = (body: Record<string, unknown>) =>
    (body.indirect as { subjects: { subject: WhoCanSubject }[] }[]).flatMap((g) =>
      g.subjects.map((s) => subjectLabel(s.subject)),
    );
  test('the same indirect holders as rbac-atlas who-can --effective -o json', async () => {
    const api = await answer(whoCanHandler, 'verb=get&resource=secrets&namespace=payments&effective=1');
    const cli = JSON.parse(
      (await run('who-can', 'get', 'secrets', '-n', 'payments', '--demo', '--effective', '-o', 'json')).out,
    ) as Record<string, unknown>;
    assert.equal(api.status, 200);
    assert.ok(indirectNames(api.body).length > 0);
    assert.deepEqual(indirectNames(api.body), indirectNames(cli));
    const hidden = await answer(whoCanHandler, 'verb=get&resource=secrets&namespace=payments&effective=1&builtin=hide');
    // The controllers' paths go through Kubernetes' own bindings only; the others stay.
    const own = indirectNames(api.body).filter((n) => !n.startsWith('kube-system/'));
    assert.ok(own.length > 0 && own.length < indirectNames(api.body).length);
    assert.deepEqual(indirectNames(hidden.body), own);
    assert.ok(!indirectNames(hidden.body).some((n) => n.startsWith('kube-system')), 'the controllers are built-in');
    assert.equal((await answer(whoCanHandler, 'verb=get&resource=secrets')).body.indirect, undefined);
    // limit: each distance's first subjects, with how many there are.
    const one = await answer(whoCanHandler, 'verb=get&resource=secrets&namespace=payments&effective=1&limit=1');
    const groups = one.body.indirect as { total: number; subjects: unknown[] }[];
    assert.deepEqual(
      groups.map((g) => [g.total, g.subjects.length]),
      (api.body.indirect as { total: number }[]).map((g) => [g.total, 1]),
    );
  });
  for (const [query, error] of [
    ['effective=yes', /effective must be 1 or 0, got "yes"/],
    ['effective=1&format=csv', /effective=1 answers in JSON only/],
  ] as const)
    test(`refused: ${query}`, async () => {
      const r = await answer(whoCanHandler, `verb=get&resource=secrets&${query}`);
      assert.equal(r.status, 400);
      assert.match(String(r.body.error), error);
    });
});

describe('the CLI and the API give the same subjects (demo data)', () => {
  for (const resource of ['secret', 'secrets', 'sa', 'Secret'])
    test(`who-can get ${resource} -n payments`, async () => {
      const cli = await run('who-can', 'get', resource, '-n', 'payments', '--demo', '-o', 'json');
      assert.equal(cli.code, 0, cli.err);
      const api = await answer(whoCanHandler, `verb=get&resource=${resource}&namespace=payments&limit=1000`);
      const fromCli = JSON.parse(cli.out) as { subjects: WhoCanSubject[]; request: unknown; resolved: unknown };
      assert.deepEqual(fromCli.subjects.map(subjectLabel).sort(), names(api.body));
      assert.deepEqual(fromCli.request, api.body.request);
      assert.deepEqual(fromCli.resolved, api.body.resolved);
    });
});

describe("/api/who-can and /api/can-i with a live cluster's discovery", () => {
  const discovered = [
    {
      group: 'example.com',
      plural: 'widgets',
      singular: 'widget',
      shortNames: ['wd'],
      namespaced: true,
      kind: 'Widget',
    },
  ];
  const cases: [string, string, number, string[]][] = [
    ['a short name discovery knows', 'resource=wd', 200, ['wd → widgets.example.com']],
    ['a singular discovery knows', 'resource=widget', 200, ['widget → widgets.example.com']],
    ['a kind discovery knows', 'resource=Widget', 200, ['Widget → widgets.example.com']],
    ['a name discovery does not know', 'resource=gadget', 400, []],
  ];
  for (const [name, query, status, resolved] of cases)
    test(`${name}: ${status}`, async () => {
      for (const handler of [whoCanHandler, canIHandler]) {
        const h = handler(new URLSearchParams(`verb=get&namespace=payments&user=alice&${query}`));
        assert.ok(h.ok, 'a resource name is checked once the data (and its discovery) is there');
        const res = h.answer(engine, discovered);
        const body = (await res.json()) as Record<string, unknown>;
        assert.equal(res.status, status);
        if (status === 200)
          assert.deepEqual(
            [body.resolved, body.warnings],
            [
              resolved.map((r) => {
                const [given, answered] = r.split(' → ');
                return { parameter: 'resource', given, answered };
              }),
              [],
            ],
          );
        else assert.match(body.error as string, /unknown resource type "gadget"/);
      }
    });

  test('an unknown verb is refused before any data is read, whatever the resource', () => {
    const h = whoCanHandler(new URLSearchParams('verb=gett&resource=wd&namespace=payments'));
    assert.equal(h.ok, false);
  });
});

describe('/api/who-can?effective=1 says where the attack paths stand (risks)', () => {
  const held = () => new RiskBuilds(undefined, { held: true, firstSliceMs: 0 });
  const cases: { name: string; engine: () => Engine; risks: unknown; indirect: boolean }[] = [
    {
      name: 'computed on the call (no scheduler): current',
      engine: () => engine,
      risks: { state: 'current' },
      indirect: true,
    },
    {
      name: 'a build held: computing, and no one listed as one step away',
      engine: () => {
        const e = createEngine(modelOf());
        held().submit('ctx', e);
        return e;
      },
      risks: { state: 'computing', progress: 0 },
      indirect: false,
    },
  ];
  for (const c of cases)
    test(c.name, async () => {
      const h = whoCanHandler(new URLSearchParams('verb=get&resource=secrets&effective=1'));
      assert.ok(h.ok);
      const body = (await h.answer(c.engine()).json()) as { risks: unknown; indirect: { total: number }[] };
      assert.deepEqual(body.risks, c.risks);
      assert.equal(
        body.indirect.some((g) => g.total > 0),
        c.indirect,
      );
    });
});
