// The reader over lines the real API server wrote (fixtures/apiserver.log: 30 lines of
// /tmp/a30/audit/audit.log, 14 requests) and over lines broken by hand: what each request is
// counted as, once; what is a problem; files in order; .gz; standard input; --since.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import type { ObservedRequest } from '@/lib/rbac/usage/types';
import { AuditLogPathError, readAllAuditLogs } from './index';

const FIXTURE = path.join(import.meta.dirname, 'fixtures/apiserver.log');
let dir = '';
let fixture = '';
let lines: string[] = [];

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'audit-reader-'));
  fixture = await readFile(FIXTURE, 'utf8');
  lines = fixture.trimEnd().split('\n');
});
after(() => rm(dir, { recursive: true, force: true }));

async function write(name: string, text: string | Buffer): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

const SA = ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'];
const APISERVER = ['system:authenticated', 'system:masters'];
const res = (verb: string, group: string, resource: string, namespace = '', name = '', subresource = '') => ({
  kind: 'resource' as const,
  verb,
  group,
  resource,
  subresource,
  name,
  namespace,
});

/** Each request of the fixture: the line of its counted stage and what it must read as. */
const expected: { name: string; line: number; want: Partial<ObservedRequest> }[] = [
  {
    name: 'a watch: its ResponseComplete, not its ResponseStarted',
    line: 8,
    want: { request: res('watch', '', 'nodes'), decision: 'allow', status: 200 },
  },
  {
    name: 'a watch with fieldSelector metadata.name: the name the authorizer saw',
    line: 9,
    want: { request: res('watch', 'networking.k8s.io', 'servicecidrs', '', 'kubernetes') },
  },
  {
    name: 'a non-resource URL: the path, the lowercased method',
    line: 12,
    want: {
      identity: { user: 'admin', groups: ['system:masters', 'system:authenticated'] },
      request: { kind: 'nonResource', verb: 'get', path: '/readyz' },
      status: 500,
    },
  },
  {
    name: 'the namespaces resource: namespace = name',
    line: 16,
    want: { request: res('get', '', 'namespaces', 'kube-system', 'kube-system'), status: 404 },
  },
  {
    name: 'a create: the authorized name is "" though the event names the object',
    line: 17,
    want: { request: res('create', '', 'configmaps', 'kube-system'), decision: 'allow' },
  },
  {
    name: 'a create in a named group',
    line: 18,
    want: { request: res('create', 'coordination.k8s.io', 'leases', 'kube-system') },
  },
  {
    name: 'a subresource',
    line: 20,
    want: { request: res('patch', 'networking.k8s.io', 'servicecidrs', '', 'kubernetes', 'status') },
  },
  {
    name: "the authorizer's reason, verbatim",
    line: 22,
    want: {
      reason:
        'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"',
    },
  },
  {
    name: 'a service account denied',
    line: 24,
    want: {
      identity: { user: 'system:serviceaccount:default:default', groups: SA },
      request: res('list', '', 'pods', 'default'),
      decision: 'forbid',
      reason: '',
      status: 403,
    },
  },
  {
    name: 'a static user in a group, denied by name',
    line: 28,
    want: {
      identity: { user: 'alice', groups: ['devs', 'system:authenticated'] },
      request: res('get', '', 'configmaps', 'default', 'x'),
      decision: 'forbid',
    },
  },
  {
    name: 'impersonated: the impersonated service account, with the groups the server added',
    line: 30,
    want: {
      identity: { user: 'system:serviceaccount:default:default', groups: SA },
      impersonator: { user: 'admin', groups: ['system:masters', 'system:authenticated'] },
      decision: 'forbid',
    },
  },
  {
    name: 'in flight at the end of the log: its last stage (no decision yet)',
    line: 11,
    want: { identity: { user: 'system:apiserver', groups: APISERVER }, request: res('list', '', 'services') },
  },
];

describe('audit log reader: what the API server wrote', () => {
  test('each request counted once, by its final stage', async () => {
    const { requests, problems, window } = await readAllAuditLogs([FIXTURE]);
    assert.deepEqual(problems, []);
    assert.equal(requests.length, 14);
    assert.equal(new Set(requests.map((r) => r.where.line)).size, 14);
    assert.deepEqual(
      { ...window, files: window.files.map((f) => path.basename(f)) },
      {
        from: Date.parse('2026-12-05T21:14:45.717481Z'),
        to: Date.parse('2026-12-05T21:14:47.840520Z'),
        events: 14,
        lines: 30,
        problems: 0,
        files: ['apiserver.log'],
      },
    );
  });

  for (const c of expected) {
    test(c.name, async () => {
      const { requests } = await readAllAuditLogs([FIXTURE]);
      const got = requests.find((r) => r.where.line === c.line);
      assert.ok(got, `line ${c.line} counted`);
      for (const [k, v] of Object.entries(c.want)) assert.deepEqual(got[k as keyof ObservedRequest], v, k);
      if (!c.want.impersonator) assert.equal(got.impersonator, undefined);
    });
  }

  test('a request without a decision (counted by RequestReceived) has none', async () => {
    const { requests } = await readAllAuditLogs([FIXTURE]);
    const got = requests.find((r) => r.where.line === 11)!;
    assert.equal(got.decision, undefined);
    assert.equal(got.status, undefined);
  });
});

/** A line of the fixture with fields replaced (a hand-made break of a real event). */
function broken(line: number, change: (e: Record<string, unknown>) => void): string {
  const e = JSON.parse(lines[line - 1]!) as Record<string, unknown>;
  change(e);
  return JSON.stringify(e);
}

const problemCases: { name: string; line: () => string; message: RegExp }[] = [
  { name: 'not JSON', line: () => '{"kind":"Event",', message: /^not JSON/ },
  { name: 'JSON but not an object', line: () => '[1,2]', message: /^not an audit event/ },
  { name: 'another kind', line: () => broken(12, (e) => (e.kind = 'Pod')), message: /kind/ },
  {
    name: 'another apiVersion',
    line: () => broken(12, (e) => (e.apiVersion = 'audit.k8s.io/v1beta1')),
    message: /apiVersion/,
  },
  { name: 'no user', line: () => broken(12, (e) => delete e.user), message: /user/ },
  { name: 'no verb', line: () => broken(12, (e) => delete e.verb), message: /verb/ },
  { name: 'an empty verb', line: () => broken(12, (e) => (e.verb = '')), message: /verb/ },
  { name: 'an unknown stage', line: () => broken(12, (e) => (e.stage = 'Done')), message: /stage/ },
  { name: 'no auditID', line: () => broken(12, (e) => delete e.auditID), message: /auditID/ },
  {
    name: 'groups a string',
    line: () => broken(12, (e) => ((e.user as { groups: unknown }).groups = 'x')),
    message: /groups/,
  },
  {
    name: 'a time that does not parse',
    line: () => broken(12, (e) => (e.stageTimestamp = 'soon')),
    message: /stageTimestamp/,
  },
  {
    name: 'a decision the server does not write',
    line: () => broken(12, (e) => (e.annotations = { 'authorization.k8s.io/decision': 'maybe' })),
    message: /decision/,
  },
];

describe('audit log reader: lines that are not events', () => {
  for (const c of problemCases) {
    test(c.name, async () => {
      const file = await write(`p-${c.name.replace(/\W/g, '_')}.log`, `${lines[0]}\n${c.line()}\n${lines[11]}\n`);
      const { requests, problems, window } = await readAllAuditLogs([file]);
      assert.equal(problems.length, 1);
      assert.deepEqual(problems[0]!.where, { file, line: 2 });
      assert.match(problems[0]!.message, c.message);
      assert.equal(requests.length, 1, 'the lines around it are read');
      assert.equal(window.problems, 1);
      assert.equal(window.lines, 3);
    });
  }

  test('a problem never quotes the line (a body may hold a Secret)', async () => {
    const file = await write('secret.log', '{"kind":"Event","data":{"password":"hunter2"} oops\n');
    const { problems } = await readAllAuditLogs([file]);
    assert.equal(problems.length, 1);
    assert.doesNotMatch(problems[0]!.message, /hunter2/);
  });

  test('blank lines are read, not problems', async () => {
    const file = await write('blank.log', `\n${lines[0]}\n\n   \n${lines[11]}\n`);
    const { requests, window } = await readAllAuditLogs([file]);
    assert.equal(requests.length, 1);
    assert.equal(window.problems, 0);
    assert.equal(window.lines, 5);
  });

  const lastLine: { name: string; file: string; tail: () => string; problems: number; events: number }[] = [
    {
      name: 'live file, being written',
      file: 'audit.log',
      tail: () => lines[11]!.slice(0, 50),
      problems: 0,
      events: 1,
    },
    {
      name: 'live file, complete without its newline',
      file: 'audit.log',
      tail: () => lines[11]!,
      problems: 0,
      events: 1,
    },
    {
      name: 'rotated file, cut short',
      file: 'audit-2026-12-05T21-14-47.123.log',
      tail: () => lines[11]!.slice(0, 50),
      problems: 1,
      events: 1,
    },
    {
      name: 'rotated file, complete without its newline',
      file: 'audit-2026-12-05T21-14-48.123.log',
      tail: () => lines[11]!,
      problems: 0,
      events: 1,
    },
  ];
  for (const c of lastLine) {
    test(`an unterminated last line: ${c.name}`, async () => {
      const sub = await mkdtemp(path.join(dir, 'last-'));
      const file = path.join(sub, c.file);
      await writeFile(file, `${lines[0]}\n${c.tail()}`);
      const { window } = await readAllAuditLogs([file]);
      assert.equal(window.problems, c.problems);
      assert.equal(window.events, c.events);
    });
  }
});

describe('audit log reader: files, rotation, dedup', () => {
  test('a folder: rotated copies by the time in their name, then the live file', async () => {
    const sub = await mkdtemp(path.join(dir, 'rotated-'));
    const names = ['audit.log', 'audit-2026-12-05T21-14-47.123.log.gz', 'audit-2026-12-05T21-14-46.001.log'];
    await writeFile(path.join(sub, names[0]!), `${lines[24]}\n${lines[25]}\n`);
    await writeFile(path.join(sub, names[1]!), gzipSync(`${lines[15]}\n`));
    await writeFile(path.join(sub, names[2]!), `${lines[11]}\n`);
    const { requests, window } = await readAllAuditLogs([sub]);
    assert.deepEqual(
      window.files.map((f) => path.basename(f)),
      ['audit-2026-12-05T21-14-46.001.log', 'audit-2026-12-05T21-14-47.123.log.gz', 'audit.log'],
    );
    assert.deepEqual(
      requests.map((r) => path.basename(r.where.file)),
      ['audit-2026-12-05T21-14-46.001.log', 'audit-2026-12-05T21-14-47.123.log.gz', 'audit.log'],
    );
  });

  test('a request whose stages span a rotation is counted once, by its final stage', async () => {
    const sub = await mkdtemp(path.join(dir, 'span-'));
    // The watch of line 2: RequestReceived and ResponseStarted before the rotation, ResponseComplete after.
    await writeFile(path.join(sub, 'audit-2026-12-05T21-14-45.800.log'), `${lines[1]}\n${lines[2]}\n`);
    await writeFile(path.join(sub, 'audit.log'), `${lines[7]}\n`);
    const { requests } = await readAllAuditLogs([sub]);
    assert.equal(requests.length, 1);
    assert.deepEqual(requests[0]!.where, { file: path.join(sub, 'audit.log'), line: 1 });
  });

  test('a final stage met again in another file is not counted twice', async () => {
    const sub = await mkdtemp(path.join(dir, 'twice-'));
    await writeFile(path.join(sub, 'audit-2026-12-05T21-14-45.800.log'), `${lines[26]}\n${lines[27]}\n`);
    await writeFile(path.join(sub, 'audit.log'), `${lines[27]}\n${lines[26]}\n${lines[11]}\n`);
    const { requests } = await readAllAuditLogs([sub]);
    assert.equal(requests.length, 2);
  });

  test('a file named twice (itself and in its folder) is read once', async () => {
    const sub = await mkdtemp(path.join(dir, 'named-'));
    const file = path.join(sub, 'audit.log');
    await writeFile(file, fixture);
    const { window } = await readAllAuditLogs([sub, file, `${sub}/./audit.log`]);
    assert.equal(window.events, 14);
    assert.deepEqual(window.files, [file]);
  });
});

describe('audit log reader: .gz, standard input, --since, batches', () => {
  test('.gz reads as the plain file', async () => {
    const file = await write('fixture.log.gz', gzipSync(fixture));
    const plain = await readAllAuditLogs([FIXTURE]);
    const gz = await readAllAuditLogs([file]);
    assert.deepEqual(
      gz.requests.map((r) => ({ ...r, where: r.where.line })),
      plain.requests.map((r) => ({ ...r, where: r.where.line })),
    );
  });

  test('a corrupt .gz: a problem where it broke, and the next file is read', async () => {
    const bad = gzipSync(fixture).subarray(0, 200);
    const file = await write('corrupt-2026-12-05T21-14-45.800.log.gz', bad);
    const { problems, window } = await readAllAuditLogs([file, FIXTURE]);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.where.file, file);
    assert.match(problems[0]!.message, /^reading stopped/);
    assert.equal(window.events, 14);
  });

  test('standard input, "-"', async () => {
    const stdin = Readable.from([fixture.slice(0, 1000), fixture.slice(1000)]);
    const { requests, window } = await readAllAuditLogs(['-'], { stdin });
    assert.equal(requests.length, 14);
    assert.deepEqual(window.files, ['-']);
    assert.equal(requests[0]!.where.file, '-');
  });

  test('standard input, gzip-compressed (known by its first bytes)', async () => {
    const gz = gzipSync(fixture);
    const stdin = Readable.from([gz.subarray(0, 100), gz.subarray(100)]);
    const { requests, problems } = await readAllAuditLogs(['-'], { stdin });
    assert.deepEqual(problems, []);
    assert.equal(requests.length, 14);
  });

  test('standard input, empty', async () => {
    const { requests, window } = await readAllAuditLogs(['-'], { stdin: Readable.from([]) });
    assert.equal(requests.length, 0);
    assert.equal(window.lines, 0);
  });

  test('--since: requests before it are not in the window', async () => {
    const since = Date.parse('2026-12-05T21:14:47Z');
    const { requests, window } = await readAllAuditLogs([FIXTURE], { since });
    assert.deepEqual(
      requests.map((r) => r.where.line),
      [22, 24, 26, 28, 30],
    );
    assert.equal(window.events, 5);
    assert.ok(window.from! >= since);
  });

  test("a path that is not there is the caller's error, before any batch", async () => {
    await assert.rejects(readAllAuditLogs([path.join(dir, 'nope.log')]), AuditLogPathError);
  });

  test('batches: never more than batchSize, all of them', async () => {
    const sizes: number[] = [];
    const { readAuditLogs } = await import('./index');
    const read = readAuditLogs([FIXTURE], { batchSize: 4 });
    for await (const b of read) sizes.push(b.length);
    assert.ok(
      sizes.every((n) => n <= 4 || n === sizes.at(-1)),
      String(sizes),
    );
    assert.equal(
      sizes.reduce((a, b) => a + b, 0),
      14,
    );
  });
});

describe('audit log reader: a .gz that breaks', () => {
  // What `gzip -dc` recovers before the break, less at most the zlib chunk being filled (lines.ts
  // GUNZIP_CHUNK_BYTES); the break is one problem.
  const whole = (g: Buffer, big: string) => Buffer.byteLength(big);
  const cut = (g: Buffer) => gunzipSync(g, { finishFlush: constants.Z_SYNC_FLUSH }).length;
  const broken: { name: string; gz: (good: Buffer) => Buffer; recovered: (gz: Buffer, big: string) => number }[] = [
    {
      name: 'trailing garbage after the member',
      gz: (g) => Buffer.concat([g, Buffer.from('garbage\n')]),
      recovered: whole,
    },
    {
      name: 'a flipped byte in the CRC',
      gz: (g) => Buffer.from(g.map((b, i) => (i === g.length - 8 ? b ^ 0xff : b))),
      recovered: whole,
    },
    { name: 'cut three quarters through', gz: (g) => g.subarray(0, Math.floor((g.length * 3) / 4)), recovered: cut },
  ];
  for (const c of broken) {
    test(`a broken .gz keeps what came before the break: ${c.name}`, async () => {
      const big = fixture.repeat(40); // ~1 MiB of the server's lines
      const gz = c.gz(gzipSync(big));
      const read = await readAllAuditLogs([await write(`broken-${broken.indexOf(c)}.log.gz`, gz)]);
      const kept = Math.max(0, c.recovered(gz, big) - (64 << 10));
      const before = big.slice(0, kept).split('\n').length - 1;
      assert.ok(read.window.lines >= before, `${read.window.lines} lines read, ${before} before the break`);
      assert.equal(read.window.problems, 1);
    });
  }
});
