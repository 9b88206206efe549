// /api/paths and /api/findings page as the other lists do (`limit`, `continue`, `total`): the pages
// followed to the end are the whole list, in its order; /api/paths without a page asked streams
// every path (the CLI's JSON), and with `from` answers one path, never paged.
import { subjectText, type AttackPath } from '@/lib/rbac';
import { expect, test } from './fixtures/test';

type Paged = { total: number; continue?: string } & Record<string, unknown[]>;

test('paths and findings: the pages followed to the end are the whole list', async ({ startApp }) => {
  const app = await startApp({});
  const get = async (url: string) => {
    const res = await fetch(`${app.baseURL}${url}`);
    expect(res.status, url).toBe(200);
    return (await res.json()) as Paged;
  };
  const pages = async (url: string, key: string, limit: number) => {
    const items: unknown[] = [];
    let next: string | undefined;
    let pagesRead = 0;
    do {
      const body = await get(`${url}${url.includes('?') ? '&' : '?'}limit=${limit}${next ? `&continue=${next}` : ''}`);
      expect(body[key]!.length, `page ${pagesRead + 1} of ${url}`).toBeLessThanOrEqual(limit);
      items.push(...body[key]!);
      next = body.continue;
      pagesRead++;
    } while (next);
    return { items, pagesRead };
  };

  const all = await get('/api/paths');
  expect(all.total, 'the streamed list is the CLI JSON: no page fields').toBeUndefined();
  expect(all.paths!.length).toBeGreaterThan(2);
  const paths = await pages('/api/paths', 'paths', 2);
  expect(paths.items).toEqual(all.paths);
  expect(paths.pagesRead).toBe(Math.ceil(all.paths!.length / 2));
  expect((await get('/api/paths?limit=1')).total).toBe(all.paths!.length);

  const findings = await get('/api/findings?limit=5000');
  expect(findings.findings!.length).toBeGreaterThan(3);
  expect((await pages('/api/findings', 'findings', 3)).items).toEqual(findings.findings);
});

test('paths: a bad page is refused, and `from` answers its one path whatever the page', async ({ startApp }) => {
  const app = await startApp({});
  for (const q of ['limit=0', `limit=5001`, 'continue=nope!', 'limit=two'])
    expect((await fetch(`${app.baseURL}/api/paths?${q}`)).status, q).toBe(400);
  const first = ((await (await fetch(`${app.baseURL}/api/paths?limit=1`)).json()) as { paths: AttackPath[] }).paths[0]!;
  const from = encodeURIComponent(subjectText(first.from));
  const one = (await (await fetch(`${app.baseURL}/api/paths?from=${from}&limit=1&continue=MQ`)).json()) as Paged;
  expect(one.paths).toHaveLength(1);
  expect(one.total).toBeUndefined();
});

test('paths and findings: a token of another version of the risk answers is 410 Gone, as an expired one', async ({
  startApp,
}) => {
  const app = await startApp({});
  const token = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
  for (const list of ['paths', 'findings']) {
    const first = (await (await fetch(`${app.baseURL}/api/${list}?limit=1`)).json()) as Paged;
    expect(first.continue, list).toBeTruthy();
    expect((await fetch(`${app.baseURL}/api/${list}?limit=1&continue=${first.continue}`)).status, list).toBe(200);
    // The same offset from a version this server never served, from the same version of an earlier
    // run of the server (versions count from 1 in each), and from a token with none.
    const [run, version, offset] = Buffer.from(first.continue!, 'base64url').toString('utf8').split('.');
    for (const other of [`${run}.999999.${offset}`, `earlier.${version}.${offset}`, `${offset}`].map(token)) {
      const res = await fetch(`${app.baseURL}/api/${list}?limit=1&continue=${other}`);
      expect(res.status, `${list} ${other}`).toBe(410);
      const body = (await res.json()) as { error: string; risks: { state: string } };
      expect(body.error).toMatch(/start the list again without continue/);
      expect(body.risks.state).toBe('current');
    }
  }
});
