import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Backoff, WATCH_BACKOFF } from './backoff';

describe('Backoff (client-go reflector: 800 ms doubling to 30 s, jitter 1.0, reset after 2 min)', () => {
  const cases: { name: string; random: number; gapsMs: number[]; expected: number[] }[] = [
    {
      name: 'no jitter: doubles from 800 ms and stops at 30 s',
      random: 0,
      gapsMs: [0, 1, 1, 1, 1, 1, 1, 1],
      expected: [800, 1600, 3200, 6400, 12_800, 25_600, 30_000, 30_000],
    },
    {
      name: 'full jitter: up to as much again, never past 30 s',
      random: 0.999,
      gapsMs: [0, 1, 1, 1, 1, 1],
      expected: [1599.2, 3198.4, 6396.8, 12_793.6, 25_587.2, 30_000],
    },
    {
      name: 'asked again within 2 minutes: keeps growing',
      random: 0,
      gapsMs: [0, 119_000, 119_000],
      expected: [800, 1600, 3200],
    },
    {
      name: 'not asked for over 2 minutes (the watch stayed healthy): starts over',
      random: 0,
      gapsMs: [0, 1, 120_001, 1],
      expected: [800, 1600, 800, 1600],
    },
  ];
  for (const { name, random, gapsMs, expected } of cases)
    test(name, () => {
      let now = 1_000_000;
      const backoff = new Backoff(
        WATCH_BACKOFF,
        () => random,
        () => now,
      );
      const waits = gapsMs.map((gap) => {
        now += gap;
        return Math.round(backoff.next() * 10) / 10;
      });
      assert.deepEqual(waits, expected);
    });

  test('reset() starts over at once', () => {
    const backoff = new Backoff(WATCH_BACKOFF, () => 0);
    backoff.next();
    backoff.next();
    backoff.reset();
    assert.equal(backoff.next(), 800);
  });
});
