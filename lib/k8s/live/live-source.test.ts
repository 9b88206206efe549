import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ClusterError } from '../cluster-error';
import { kubeConfigFor } from './live-source';

test('a malformed kubeconfig is named with the place of the error, never its text (it holds tokens)', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'rbac-atlas-kubeconfig-'));
  const file = path.join(dir, 'config');
  await writeFile(file, 'apiVersion: v1\nusers:\n- name: u\n  user: {token: SUPERSECRET\n');
  assert.throws(
    () => kubeConfigFor({ kind: 'kubeconfig', path: file }),
    (e: unknown) =>
      e instanceof ClusterError &&
      e.message.startsWith(`cannot load ${file}: invalid YAML at line 5, column 1: `) &&
      !e.message.includes('SUPERSECRET') &&
      !e.message.includes('token'),
  );
  assert.throws(() => kubeConfigFor({ kind: 'kubeconfig', path: path.join(dir, 'missing') }), /ENOENT/);
});
