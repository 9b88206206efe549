// When the server probe says the cache is stale: at once on silence or no answer; a first "not
// ready" while data still flows is asked again at once, and only a second in a row counts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ServerHealth } from './server-health';
import type { Health } from './transport';

const NOT_READY: Health = { ok: false, reason: 'not ready (HTTP 500: [-]etcd failed)', answered: true };
const NO_ANSWER: Health = { ok: false, reason: 'no answer', answered: false };
const READY: Health = { ok: true };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A health whose probe gives `answers` in order (then ready); the states it went through. */
async function run(answers: Health[], flowing: boolean): Promise<{ states: boolean[]; asked: number }> {
  const script = [...answers];
  let asked = 0;
  const states: boolean[] = [];
  const health: ServerHealth = new ServerHealth(
    async () => {
      asked++;
      return script.shift() ?? READY;
    },
    () => states.push(health.state.healthy),
    { quietMs: 200, probeTimeoutMs: 100, downBackoff: { initialMs: 10, maxMs: 20, resetMs: Infinity } },
  );
  await health.start();
  if (flowing) health.heard();
  else await sleep(250);
  health.suspect();
  for (let i = 0; i < 20 && script.length > 0; i++) {
    if (flowing) health.heard();
    await sleep(10);
  }
  // Until asked again after the last scripted answer, and healthy.
  for (let i = 0; i < 50 && (asked <= answers.length || !health.state.healthy); i++) await sleep(10);
  health.stop();
  return { states, asked };
}

describe('ServerHealth', () => {
  const cases: { name: string; answers: Health[]; flowing: boolean; states: boolean[] }[] = [
    { name: 'data flowing, one "not ready", then ready: no outage', answers: [NOT_READY], flowing: true, states: [] },
    {
      name: 'data flowing, two "not ready" in a row: an outage',
      answers: [NOT_READY, NOT_READY],
      flowing: true,
      states: [false, true],
    },
    {
      name: 'silence and one "not ready": an outage at once',
      answers: [NOT_READY],
      flowing: false,
      states: [false, true],
    },
    {
      name: 'data flowing and no answer at all: an outage at once',
      answers: [NO_ANSWER],
      flowing: true,
      states: [false, true],
    },
  ];
  for (const c of cases)
    test(c.name, async () => {
      const { states, asked } = await run(c.answers, c.flowing);
      assert.deepEqual(states, c.states);
      assert.ok(asked > c.answers.length, 'asked again until ready');
    });
});
