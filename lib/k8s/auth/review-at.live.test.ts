// `rbac-atlas token --review` on a real kube-apiserver v1.36.3 (scripts/control-plane): a service
// account's token is accepted as that account (exit 0), one with a made-up signature is refused with
// the server's reason (exit 1), and neither is printed.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { serviceAccountToken, startControlPlane, type ControlPlane } from '@/scripts/control-plane/control-plane';
import { run } from '@/bin/test-cli';

let cp: ControlPlane;
let dir: string;

before(async () => {
  cp = await startControlPlane({ log: (l) => console.log(l) });
  dir = await mkdtemp(path.join(tmpdir(), 'rbac-atlas-token-cli-'));
});
after(async () => cp?.stop());

async function tokenFile(name: string, token: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, token);
  return file;
}

describe('rbac-atlas token --review', () => {
  test("a service account's token: accepted as it, its grants follow; the token is not printed", async () => {
    const token = await serviceAccountToken(cp, 'default', 'default');
    const { code, out } = await run(
      'token',
      '--token-file',
      await tokenFile('good', token),
      '--kubeconfig',
      cp.kubeconfigPath,
      '--review',
    );
    assert.match(out, /API server: accepts it, as system:serviceaccount:default:default in the groups/);
    assert.match(out, /Verdict: the API server accepts it/);
    assert.match(out, /What system:serviceaccount:default:default can do \(as the API server named it\)/);
    assert.doesNotMatch(out, new RegExp(token.split('.')[2]!.slice(0, 30)));
    assert.equal(code, 0);
  });

  test('the same claims with another signature: refused with the reason, exit 1', async () => {
    const token = await serviceAccountToken(cp, 'default', 'default');
    const [header, claims] = token.split('.');
    const forged = `${header}.${claims}.${Buffer.from('not the signature').toString('base64url')}`;
    const { code, out } = await run(
      'token',
      '--token-file',
      await tokenFile('forged', forged),
      '--kubeconfig',
      cp.kubeconfigPath,
      '--review',
      '-o',
      'json',
    );
    const body = JSON.parse(out);
    assert.equal(body.review.state, 'refused');
    assert.equal(body.verdict, 'refused');
    assert.equal(code, 1);
    assert.doesNotMatch(out, /not the signature|bm90IHRoZSBzaWduYXR1cmU/);
  });
});
