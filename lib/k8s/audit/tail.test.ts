// Following a live log: growth, a line being written, rotation as lumberjack does it (rename, new
// file), two rotations between looks, a shrink, a folder, and stop. Lines are the real server's
// (fixtures/apiserver.log); polls are fast here (20 ms) so the cases run quickly.
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, rename, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { LogProblem, ObservedRequest } from '@/lib/rbac/usage/types';
import { sameLog, tailAuditLog, type AuditTail } from './tail';

const FIXTURE = path.join(import.meta.dirname, 'fixtures/apiserver.log');
let dir = '';
let lines: string[] = [];
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'audit-tail-'));
  lines = (await readFile(FIXTURE, 'utf8')).trimEnd().split('\n');
});
after(() => rm(dir, { recursive: true, force: true }));

/** Fixture lines by number (from 1), each with its newline. */
const at = (...ns: number[]) => ns.map((n) => `${lines[n - 1]}\n`).join('');

interface Followed {
  tail: AuditTail;
  got: ObservedRequest[];
  problems: LogProblem[];
}

function follow(target: string): Followed {
  const got: ObservedRequest[] = [];
  const problems: LogProblem[] = [];
  const tail = tailAuditLog(target, {
    pollMs: 20,
    onRequests: (b) => got.push(...b),
    onProblem: (p) => problems.push(p),
  });
  return { tail, got, problems };
}

async function until(what: string, ok: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) assert.fail(`waited ${ms} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
/** Long enough for several polls: what has not come by then is not coming. */
const settle = () => new Promise((r) => setTimeout(r, 150));
const users = (got: ObservedRequest[]) => got.map((r) => r.where.line);

describe('tailAuditLog: growth and rotation', () => {
  test('reads what is there, then growth; a line being written waits for its newline', async () => {
    const sub = await mkdtemp(path.join(dir, 'grow-'));
    const file = path.join(sub, 'audit.log');
    await writeFile(file, at(27, 28));
    const f = follow(file);
    await f.tail.ready;
    assert.deepEqual(users(f.got), [2]);
    await appendFile(file, at(29) + lines[29]!.slice(0, 80));
    await settle();
    assert.equal(f.got.length, 1, 'a RequestReceived alone is in flight; half a line is not read');
    assert.deepEqual(f.problems, []);
    await appendFile(file, `${lines[29]!.slice(80)}\n`);
    await until('the impersonated request', () => f.got.length === 2);
    assert.equal(f.got[1]!.impersonator?.user, 'admin');
    assert.deepEqual(f.problems, []);
    assert.equal(f.tail.window().events, 2);
    await f.tail.stop();
  });

  test('rotation: the renamed file is read to its end, then the new one from its start', async () => {
    const sub = await mkdtemp(path.join(dir, 'rotate-'));
    const file = path.join(sub, 'audit.log');
    await writeFile(file, at(2, 3) + lines[11]!.slice(0, 40)); // a watch in flight, a cut line
    const f = follow(file);
    await f.tail.ready;
    assert.equal(f.got.length, 0);
    await rename(file, path.join(sub, 'audit-2026-12-05T21-14-46.000.log'));
    await writeFile(file, at(8, 25, 26)); // the watch's ResponseComplete, then a request
    await until('both requests', () => f.got.length === 2);
    assert.deepEqual(
      f.got.map((r) => [path.basename(r.where.file), r.where.line]),
      [
        ['audit.log', 1],
        ['audit.log', 3],
      ],
    );
    assert.equal(f.problems.length, 1, 'the cut line of the rotated file is a problem now');
    assert.equal(f.problems[0]!.where.line, 3);
    await f.tail.stop();
  });

  test('two rotations between looks: the copy never followed is read too', async () => {
    const sub = await mkdtemp(path.join(dir, 'missed-'));
    const file = path.join(sub, 'audit.log');
    await writeFile(file, at(27, 28));
    const f = follow(file);
    await f.tail.ready;
    await f.tail.stop(); // no looks while the server rotates twice
    const g = follow(sub);
    await g.tail.ready;
    assert.deepEqual(users(g.got), [2]);
    await rename(file, path.join(sub, 'audit-2026-12-05T21-14-47.000.log'));
    await writeFile(file, at(25, 26));
    await rename(file, path.join(sub, 'audit-2026-12-05T21-14-48.000.log'));
    await writeFile(file, at(23, 24));
    await until('three requests', () => g.got.length === 3);
    assert.deepEqual(
      g.got.map((r) => r.request.kind === 'resource' && r.request.verb),
      ['get', false, 'list'],
    );
    await g.tail.stop();
  });
});

describe('tailAuditLog: shrink, folders, stop', () => {
  test('a file that shrinks is read again from its start', async () => {
    const sub = await mkdtemp(path.join(dir, 'shrink-'));
    const file = path.join(sub, 'audit.log');
    await writeFile(file, at(23, 24, 25, 26));
    const f = follow(file);
    await f.tail.ready;
    assert.equal(f.got.length, 2);
    await truncate(file, 0);
    await writeFile(file, at(27, 28));
    await until('the request after the shrink', () => f.got.length === 3);
    assert.equal(f.got[2]!.identity.user, 'alice');
    assert.deepEqual(f.problems, []);
    await f.tail.stop();
  });

  test('a folder: rotated copies first, oldest first, then the live file', async () => {
    const sub = await mkdtemp(path.join(dir, 'folder-'));
    await writeFile(path.join(sub, 'audit.log'), at(27, 28));
    await writeFile(path.join(sub, 'audit-2026-12-05T21-14-47.500.log'), at(25, 26));
    await writeFile(path.join(sub, 'audit-2026-12-05T21-14-46.500.log'), at(23, 24));
    const f = follow(sub);
    await f.tail.ready;
    assert.deepEqual(
      f.got.map((r) => path.basename(r.where.file)),
      ['audit-2026-12-05T21-14-46.500.log', 'audit-2026-12-05T21-14-47.500.log', 'audit.log'],
    );
    await f.tail.stop();
  });

  test('a file named: its rotated copies there before the start are not read', async () => {
    const sub = await mkdtemp(path.join(dir, 'named-'));
    await writeFile(path.join(sub, 'audit.log'), at(27, 28));
    await writeFile(path.join(sub, 'audit-2026-12-05T21-14-46.500.log'), at(23, 24));
    const f = follow(path.join(sub, 'audit.log'));
    await f.tail.ready;
    assert.deepEqual(users(f.got), [2]);
    await f.tail.stop();
  });

  test('after stop, nothing more is delivered', async () => {
    const sub = await mkdtemp(path.join(dir, 'stop-'));
    const file = path.join(sub, 'audit.log');
    await writeFile(file, at(27, 28));
    const f = follow(file);
    await f.tail.ready;
    await f.tail.stop();
    await appendFile(file, at(23, 24));
    await settle();
    assert.equal(f.got.length, 1);
  });
});

// A log mounted into a container is often a symbolic link (a ConfigMap-style ..data link, a link
// to the host's file): followed through it, as the one-shot reader reads it.
// lumberjack with --audit-log-compress renames the live file, opens a new one, and compresses the
// renamed copy (removing it) in the background: all three can happen between two looks.
describe('tailAuditLog: a rotation compressed between two looks', () => {
  // Lines read, not only requests: a request read twice is counted once (recent-ids.ts) while the
  // ids it remembers last, which a large file outlasts.
  const cases: { name: string; rotate: (file: string, rotated: string) => void; want: number[]; lines: number }[] = [
    {
      name: 'renamed, compressed and removed: the .gz is the followed file, not read again',
      rotate: (file, rotated) => {
        renameSync(file, rotated);
        writeFileSync(file, at(23, 24));
        writeFileSync(`${rotated}.gz`, gzipSync(readFileSync(rotated)));
        unlinkSync(rotated);
      },
      want: [2, 2],
      lines: 4,
    },
    {
      name: 'a .gz of another file is still read',
      rotate: (file, rotated) => {
        writeFileSync(`${rotated}.gz`, gzipSync(at(23, 24)));
      },
      want: [2, 2],
      lines: 4,
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const sub = await mkdtemp(path.join(dir, 'gzrot-'));
      const file = path.join(sub, 'audit.log');
      await writeFile(file, at(27, 28));
      const f = follow(sub);
      try {
        await f.tail.ready;
        c.rotate(file, path.join(sub, 'audit-2026-12-05T21-14-48.000.log'));
        await until('the rotation', () => f.got.length >= 2);
        await settle();
      } finally {
        await f.tail.stop();
      }
      assert.deepEqual(users(f.got), c.want);
      assert.equal(f.tail.window().lines, c.lines);
      assert.deepEqual(f.problems, []);
    });
  }
});

describe('tailAuditLog: symbolic links', () => {
  const cases: { name: string; layout: (sub: string, real: string) => Promise<string>; want: number[] }[] = [
    {
      name: 'the named file is a link to a file elsewhere',
      layout: async (sub, real) => {
        await symlink(real, path.join(sub, 'audit.log'));
        return path.join(sub, 'audit.log');
      },
      want: [2],
    },
    {
      name: 'a folder of links',
      layout: async (sub, real) => {
        await symlink(real, path.join(sub, 'audit.log'));
        return sub;
      },
      want: [2],
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const sub = await mkdtemp(path.join(dir, 'link-'));
      const elsewhere = await mkdtemp(path.join(dir, 'real-'));
      const real = path.join(elsewhere, 'real.json');
      await writeFile(real, at(27, 28));
      const f = follow(await c.layout(sub, real));
      try {
        await f.tail.ready;
        await appendFile(real, at(29, 30));
        await until('the growth of the linked file', () => f.got.length >= 2);
      } finally {
        await f.tail.stop();
      }
      assert.deepEqual(users(f.got), [...c.want, 4]);
      assert.deepEqual(f.problems, []);
    });
  }
});

describe('sameLog: a live file and its lumberjack copies', () => {
  const cases: [string, string, boolean][] = [
    ['audit.log', 'audit.log', true],
    ['audit-2026-12-05T21-14-47.123.log', 'audit.log', true],
    ['audit-2026-12-05T21-14-47.123.log.gz', 'audit.log', true],
    ['other-2026-12-05T21-14-47.123.log', 'audit.log', false],
    ['audit-2026-12-05T21-14-47.123.json', 'audit.log', false],
    ['audit.log.1', 'audit.log', false],
    ['kube-audit-2026-12-05T21-14-47.123', 'kube-audit', true],
  ];
  for (const [name, live, want] of cases)
    test(`${name} of ${live}: ${want}`, () => assert.equal(sameLog(name, live), want));
});
