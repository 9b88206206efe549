// The entry point's young-generation cap: left to a user's own option, and growth stopped at the cap.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { growthFactor, ownSemiSpaceOption, YOUNG_GENERATION_CAP_MIB } from './young-generation';

const OPTIONS: { name: string; execArgv: string[]; nodeOptions?: string; own: boolean }[] = [
  { name: 'no options', execArgv: [], own: false },
  { name: 'other options', execArgv: ['--enable-source-maps'], nodeOptions: '--max-old-space-size=307', own: false },
  {
    name: "the chart's NODE_OPTIONS",
    execArgv: [],
    nodeOptions: '--max-old-space-size=307 --max-semi-space-size=16',
    own: true,
  },
  { name: 'a flag on the command line', execArgv: ['--max-semi-space-size=8'], own: true },
  { name: 'the growth factor itself', execArgv: [], nodeOptions: '--semi-space-growth-factor=4', own: true },
  { name: 'the underscore spelling', execArgv: ['--min_semi_space_size=2'], own: true },
];

for (const c of OPTIONS)
  test(`ownSemiSpaceOption: ${c.name}`, () => assert.equal(ownSemiSpaceOption(c.execArgv, c.nodeOptions), c.own));

const MIB = 2 ** 20;
const SIZES: { name: string; bytes: number; factor: 1 | 2 }[] = [
  { name: 'at start (2 MiB)', bytes: 2 * MIB, factor: 2 },
  { name: 'just below the cap', bytes: YOUNG_GENERATION_CAP_MIB * MIB - 1, factor: 2 },
  { name: 'at the cap', bytes: YOUNG_GENERATION_CAP_MIB * MIB, factor: 1 },
  { name: 'past it (one growth overshoots)', bytes: 2 * YOUNG_GENERATION_CAP_MIB * MIB, factor: 1 },
];

for (const c of SIZES) test(`growthFactor: ${c.name}`, () => assert.equal(growthFactor(c.bytes), c.factor));
