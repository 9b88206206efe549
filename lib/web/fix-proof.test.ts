// The proof that a fix does what it says, on the demo: every finding's fix, applied as its own
// YAML to the demo's model, removes the finding, or the fix says why not; and that YAML reads back
// through the snapshot parser as exactly the objects the fix chose.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEngine, findingTarget, fixOfFinding, subjectLabel, type Finding } from '@/lib/rbac';
import { loadSource } from '@/lib/k8s/source';
import { fixEffect, fixManifest } from '@/lib/k8s/fix-effect';
import { parseSnapshotText } from '@/lib/k8s/files/snapshot';
import { fixText } from '@/lib/reports/fix-text';

const NO_PERMISSION_CHANGE = new Set(['DANGLING_BINDING', 'UNNEEDED_TOKEN', 'LEGACY_TOKEN_SECRET']);

const label = (f: Finding) => `${f.id} ${f.subject ? subjectLabel(f.subject) : (f.object?.name ?? '')}`;

describe('fixes on the demo', async () => {
  const demo = await loadSource({ kind: 'demo' });
  const engine = createEngine(demo.model);
  const world = { engine, model: demo.model };
  const findings = engine.findings();

  test('the demo has findings of many kinds to fix', () => {
    assert.ok(new Set(findings.filter((f) => !f.builtin).map((f) => f.id)).size >= 10);
  });

  for (const f of findings.filter((x) => !x.builtin))
    test(`${label(f)}: gone after its fix, or the fix says why not`, () => {
      const answer = fixOfFinding(world, f);
      if (!answer.fix) return assert.ok(answer.none, 'no fix and no reason');
      const text = fixText(answer.fix, fixManifest);
      // What is shown is what is measured: the YAML reads back as the objects chosen.
      const read = text.applyYaml ? parseSnapshotText('fix.yaml', text.applyYaml) : { parsed: [], issues: [] };
      assert.deepEqual(read.issues, []);
      const deleted = text.deleteYaml ? parseSnapshotText('delete.yaml', text.deleteYaml).parsed : [];
      assert.equal(deleted.length, answer.fix.change.delete.length);
      assert.deepEqual(
        read.parsed.map((o) => o.value.value),
        answer.fix.change.apply.map((o) => ({ ...o.value, created: undefined })).map(stripUndefined),
      );
      const effect = fixEffect(engine, demo.model, text, { keepStored: true, finding: findingTarget(f) });
      if (effect.remains) assert.match(answer.fix.notes.join(' '), /re-created|still/, 'remains without a note');
      // Kinds whose fix changes no one's permissions: only the finding goes.
      assert.ok(effect.diff.subjects.length > 0 || NO_PERMISSION_CHANGE.has(f.id), 'no permission changed');
      if (f.id === 'LEGACY_TOKEN_SECRET') assert.equal(effect.remains, false, 'the finding remains');
    });

  test('a path to cluster-admin closes with its fix', () => {
    const f = findings.find((x) => x.id === 'PATH_TO_CLUSTER_ADMIN' && !x.builtin);
    assert.ok(f);
    const answer = fixOfFinding(world, f);
    assert.ok(answer.fix);
    const effect = fixEffect(engine, demo.model, fixText(answer.fix, fixManifest), {
      keepStored: true,
      finding: findingTarget(f),
    });
    assert.ok(effect.diff.paths?.closed.some((p) => f.subject && subjectLabel(p.from) === subjectLabel(f.subject)));
  });
});

function stripUndefined<T extends object>(o: T): T {
  return JSON.parse(JSON.stringify(o)) as T;
}
