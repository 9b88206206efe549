import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { loadSource } from '@/lib/k8s/source';
import { CLUSTER_ADMIN, createEngine, type ClusterModel, type Engine } from '@/lib/rbac';
import { RETRY_MS, RiskBuilds, type BuildClock } from './risk-builds';

/**
 * An event loop in a test: tasks run in order, time advances 1 ms each time it is read (work takes
 * time), and a timer's task runs at its time.
 */
class Loop implements BuildClock {
  t = 0;
  private readonly tasks: { at: number; run: () => void }[] = [];
  readonly log: string[] = [];

  now = () => this.t++;
  next = (run: () => void) => void this.tasks.push({ at: 0, run });
  after = (ms: number, run: () => void) => void this.tasks.push({ at: this.t + ms, run });

  /** Runs every task, the earliest due first (in order among those due alike). */
  drain(): void {
    while (this.tasks.length > 0) {
      const i = this.tasks.reduce((best, task, j) => (task.at < (this.tasks[best]?.at ?? Infinity) ? j : best), 0);
      const [task] = this.tasks.splice(i, 1);
      if (!task) return;
      this.t = Math.max(this.t, task.at);
      task.run();
    }
  }
}

let model: ClusterModel;
let expected: string;
before(async () => {
  model = (await loadSource({ kind: 'demo' })).model;
  expected = JSON.stringify(createEngine(model).findings());
});

const findingsOf = (e: Engine) => JSON.stringify(e.findings());
const builds = (loop: Loop, options = {}) => new RiskBuilds(loop, { sliceMs: 3, firstSliceMs: 0, ...options });

describe('risk builds', () => {
  test('without a scheduler, the first call computes the answers (the CLI, tests)', () => {
    const engine = createEngine(model);
    assert.deepEqual(engine.risks.status(), { state: 'current' });
    assert.equal(findingsOf(engine), expected);
  });

  test('computing, with progress and empty answers, then current, with the answers a synchronous engine gives', () => {
    const loop = new Loop();
    const engine = createEngine(model);
    builds(loop).submit('ctx', engine);
    const first = engine.risks.status();
    assert.equal(first.state, 'computing');
    assert.equal(engine.findings().length, 0);
    let progress = 0;
    loop.next(function watch() {
      const s = engine.risks.status();
      if (s.state === 'computing') {
        assert.ok(s.progress >= progress, `${s.progress} after ${progress}`);
        progress = s.progress;
        loop.next(watch);
      }
    });
    loop.drain();
    assert.ok(progress > 0 && progress < 1, `saw progress ${progress}`);
    assert.deepEqual(engine.risks.status(), { state: 'current' });
    assert.equal(findingsOf(engine), expected);
  });

  test('a request queued during a build runs before the build ends (slices, not one block)', () => {
    const loop = new Loop();
    const engine = createEngine(model);
    builds(loop).submit('ctx', engine);
    loop.next(() => loop.log.push(`request saw ${engine.risks.status().state}`));
    loop.drain();
    assert.deepEqual(loop.log, ['request saw computing']);
    assert.equal(engine.risks.status().state, 'current');
  });

  test("a newer engine serves the previous engine's complete answers, as of its version, until its own are built", () => {
    const loop = new Loop();
    const b = builds(loop);
    const older = createEngine(model);
    b.submit('ctx', older);
    loop.drain();
    const newer = createEngine(model, older);
    b.submit('ctx', newer);
    const s = newer.risks.status();
    assert.equal(s.state, 'previous');
    assert.equal(s.state === 'previous' && s.version, older.version);
    assert.equal(findingsOf(newer), expected);
    loop.drain();
    assert.deepEqual(newer.risks.status(), { state: 'current' });
    assert.equal(findingsOf(newer), expected);
  });

  test("serving a previous engine's paths, who-can's holders are still this model's (the authorizer's answer)", () => {
    const loop = new Loop();
    const b = builds(loop);
    const older = createEngine(model);
    b.submit('ctx', older);
    loop.drain();
    const user = { kind: 'User', name: 'newcomer@example.com', apiGroup: 'rbac.authorization.k8s.io' };
    const roleRef = { kind: 'ClusterRole', name: 'admin', apiGroup: 'rbac.authorization.k8s.io' };
    const binding = { namespace: 'default', name: 'newcomer', labels: {}, roleRef, subjects: [user] };
    const newer = createEngine({ ...model, roleBindings: [...model.roleBindings, binding] }, older);
    b.submit('ctx', newer);
    assert.equal(newer.risks.status().state, 'previous');
    const request = {
      kind: 'resource',
      verb: 'get',
      group: '',
      resource: 'secrets',
      subresource: '',
      name: '',
      namespace: 'default',
    } as const;
    const holders = (e: Engine) => e.whoCanEffective(request).direct.map((s) => s.name);
    assert.ok(holders(newer).includes('newcomer@example.com'));
    assert.ok(!holders(older).includes('newcomer@example.com'));
    assert.deepEqual(newer.whoCanEffective(request).indirect, older.whoCanEffective(request).indirect);
  });

  test('newer engines during a build: it ends, the newest is built next, those between never', () => {
    const loop = new Loop();
    const b = builds(loop);
    const first = createEngine(model);
    b.submit('ctx', first);
    loop.next(() => {
      const middle = createEngine(model, first);
      b.submit('ctx', middle);
      const newest = createEngine(model, middle);
      b.submit('ctx', newest);
      loop.next(() => loop.log.push(`newest ${newest.risks.status().state}`));
      loop.after(1e9, () => {
        loop.log.push(`middle ${middle.risks.status().state}, newest ${newest.risks.status().state}`);
        // The middle one serves the first's answers: it was never built.
        loop.log.push(`middle serves ${middle.risks.status().state === 'previous' && findingsOf(middle) === expected}`);
      });
    });
    loop.drain();
    assert.deepEqual(loop.log, ['newest computing', 'middle previous, newest current', 'middle serves true']);
    assert.equal(first.risks.status().state, 'current');
  });

  test('after a build, the next waits COOL_DOWN times its busy time (at most 20% of a core)', () => {
    const loop = new Loop();
    const b = builds(loop, { coolDown: 4 });
    const first = createEngine(model);
    b.submit('ctx', first);
    let ended = 0;
    loop.next(function watch() {
      if (first.risks.status().state === 'current') ended = loop.t;
      else loop.next(watch);
    });
    loop.drain();
    const second = createEngine(model, first);
    const submitted = loop.t;
    b.submit('ctx', second);
    loop.next(() => loop.log.push(`soon: ${second.risks.status().state}`));
    loop.drain();
    assert.deepEqual(loop.log, ['soon: previous']);
    assert.equal(second.risks.status().state, 'current');
    // Busy time is at most the time from submit to the end; the second build started 4x that later.
    assert.ok(loop.t - submitted >= 4 * (ended / 2), `second ended at ${loop.t}, first at ${ended}`);
  });

  test('an engine with nothing complete to serve is built at once, cool-down or not', () => {
    const loop = new Loop();
    const b = builds(loop, { coolDown: 1e6 });
    const first = createEngine(model);
    b.submit('a', first);
    loop.drain();
    const other = createEngine(model);
    b.submit('b', other);
    const at = loop.t;
    loop.drain();
    assert.equal(other.risks.status().state, 'current');
    assert.ok(loop.t - at < 1e6, `built after ${loop.t - at}`);
  });

  test('held builds (the end-to-end hook) leave every answer computing', () => {
    const loop = new Loop();
    const engine = createEngine(model);
    builds(loop, { held: true }).submit('ctx', engine);
    loop.drain();
    assert.equal(engine.risks.status().state, 'computing');
    assert.deepEqual(engine.pathsTo(CLUSTER_ADMIN), []);
  });

  test('a small cluster is complete with its engine: the first slice runs as it is handed over', () => {
    const engine = createEngine(model);
    new RiskBuilds(new Loop(), { firstSliceMs: 1e9 }).submit('ctx', engine);
    assert.deepEqual(engine.risks.status(), { state: 'current' });
  });

  test('a build that would exhaust the heap stops, says why with no answers, and the next engine waits RETRY_MS', () => {
    const loop = new Loop();
    let used = 0;
    const heap = () => ({ used, limit: 1000 * 2 ** 20 });
    const scheduler = builds(loop, { heap });
    const engine = createEngine(model);
    scheduler.submit('ctx', engine);
    used = 950 * 2 ** 20;
    loop.drain();
    const stopped = engine.risks.status();
    assert.equal(stopped.state, 'computing');
    assert.match('problem' in stopped ? (stopped.problem ?? '') : '', /heap to 950 MiB of its 1000 MiB limit/);
    assert.equal(engine.findings().length, 0, 'no answer, said as none computed');
    used = 0;
    const next = createEngine(model, engine);
    const submittedAt = loop.t;
    scheduler.submit('ctx', next);
    assert.equal(next.risks.status().state, 'computing', 'not built at once after a stop');
    loop.drain();
    assert.ok(loop.t - submittedAt >= RETRY_MS, `built after ${loop.t - submittedAt} ms`);
    assert.deepEqual(next.risks.status(), { state: 'current' });
    assert.equal(findingsOf(next), expected);
  });

  test('an engine with nothing to serve is built before, and without waiting for, another context cooling down', () => {
    const loop = new Loop();
    const scheduler = builds(loop);
    const a = createEngine(model);
    scheduler.submit('a', a);
    loop.drain();
    const cooledFrom = loop.t;
    const b = createEngine(model, a);
    const c = createEngine(model);
    scheduler.submit('a', b);
    scheduler.submit('c', c);
    const doneAt = new Map<string, number>();
    const both: [string, Engine][] = [
      ['b', b],
      ['c', c],
    ];
    loop.next(function watch() {
      for (const [name, e] of both)
        if (e.risks.status().state === 'current' && !doneAt.has(name)) doneAt.set(name, loop.t - cooledFrom);
      if (doneAt.size < 2) loop.after(1, watch);
    });
    loop.drain();
    assert.deepEqual([...doneAt.keys()], ['c', 'b'], `done at ${JSON.stringify([...doneAt])}`);
  });

  test('a build that throws stops with its reason and the server goes on', () => {
    const loop = new Loop();
    const engine = createEngine(model);
    engine.risks.work = function* () {
      yield 0.1;
      throw new Error('boom');
    };
    builds(loop, { firstSliceMs: 0 }).submit('ctx', engine);
    loop.drain();
    const s = engine.risks.status();
    assert.equal(s.state, 'computing');
    assert.match('problem' in s ? (s.problem ?? '') : '', /their build failed \(boom\)/);
  });
});
