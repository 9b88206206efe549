// /api/subjects?sort=risk reads the risk answers: it says where they stand, as every answer made of
// them does, and while none is computed its CSV is refused rather than read as an order by risk.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { loadSource } from '@/lib/k8s/source';
import { createEngine, runWork, type ClusterModel, type Engine } from '@/lib/rbac';
import { inventoryAnswer } from './inventory-api';

let model: ClusterModel;
before(async () => {
  model = (await loadSource({ kind: 'demo' })).model;
});

/** An engine whose risk answers are none yet (a server's before its first build), or built. */
function engineWith(state: 'computing' | 'current'): Engine {
  const engine = createEngine(model);
  engine.risks.defer();
  if (state === 'current') runWork(engine.risks.work());
  return engine;
}

async function ask(state: 'computing' | 'current', list: 'subjects' | 'roles', query: string) {
  const asked = inventoryAnswer(list, new URLSearchParams(query));
  assert.ok(asked.ok);
  const res = asked.answer(engineWith(state));
  const json = res.headers.get('content-type')?.startsWith('application/json');
  return { res, body: json ? ((await res.json()) as Record<string, unknown>) : undefined };
}

const CASES: {
  name: string;
  state: 'computing' | 'current';
  list: 'subjects' | 'roles';
  query: string;
  status: number;
  risks?: string;
}[] = [
  {
    name: 'sorted by risk while computing: says so',
    state: 'computing',
    list: 'subjects',
    query: 'sort=risk',
    status: 200,
    risks: 'computing',
  },
  {
    name: 'sorted by risk when current',
    state: 'current',
    list: 'subjects',
    query: 'sort=risk&order=desc',
    status: 200,
    risks: 'current',
  },
  {
    name: 'sorted by name: reads no risk answer',
    state: 'computing',
    list: 'subjects',
    query: 'sort=name',
    status: 200,
  },
  { name: 'roles never read them', state: 'computing', list: 'roles', query: '', status: 200 },
  {
    name: 'the CSV by risk while computing: 503',
    state: 'computing',
    list: 'subjects',
    query: 'sort=risk&format=csv',
    status: 503,
    risks: 'computing',
  },
  {
    name: 'the CSV by risk when current',
    state: 'current',
    list: 'subjects',
    query: 'sort=risk&format=csv',
    status: 200,
  },
  { name: 'the CSV by name while computing', state: 'computing', list: 'subjects', query: 'format=csv', status: 200 },
];

for (const c of CASES)
  test(`/api/${c.list}: ${c.name}`, async () => {
    const { res, body } = await ask(c.state, c.list, c.query);
    assert.equal(res.status, c.status);
    if (c.status === 503) assert.equal(res.headers.get('retry-after'), '5');
    const risks = body?.risks as { state: string } | undefined;
    assert.equal(risks?.state, c.risks);
  });

test('/api/subjects?sort=risk orders by risk once computed: the riskiest first', async () => {
  const engine = engineWith('current');
  const asked = inventoryAnswer('subjects', new URLSearchParams('sort=risk&order=desc&limit=5'));
  assert.ok(asked.ok);
  const body = (await asked.answer(engine).json()) as { subjects: { ref: Parameters<Engine['subjectRisk']>[0] }[] };
  const first = engine.subjectRisk(body.subjects[0]!.ref);
  assert.ok(first, 'the first subject has findings');
});

test('/api/subjects?sort=risk pages: a token given out while computing (name order) is 410 Gone once risks are computed', async () => {
  const asked = inventoryAnswer('subjects', new URLSearchParams('sort=risk&limit=2'));
  assert.ok(asked.ok);
  const engine = engineWith('computing');
  const first = (await asked.answer(engine).json()) as { continue?: string };
  assert.ok(first.continue);
  const next = inventoryAnswer('subjects', new URLSearchParams(`sort=risk&limit=2&continue=${first.continue}`));
  assert.ok(next.ok);
  assert.equal(next.answer(engine).status, 200, 'the same engine, still computing: the next page');
  runWork(engine.risks.work());
  const after = next.answer(engine);
  assert.equal(after.status, 410);
  assert.match(((await after.json()) as { error: string }).error, /start the list again without continue/);
});
