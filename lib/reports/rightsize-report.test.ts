// The right-sizing and usage reports: the same words on every surface, and names from the cluster
// escaped where they could break what they are written into (a YAML comment, Markdown, CSV).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import {
  createEngine,
  createUsageIndex,
  reviewRightsizing,
  rightsize,
  rightsizeObjects,
  usageAnswers,
  type FixObject,
} from '@/lib/rbac';
import { res } from '@/lib/rbac/test-fixtures';
import { observed, saIdentity, usageWorld } from '@/lib/rbac/usage/test-observed';
import { rightsizeJson, rightsizeMarkdown, rightsizeSummary, rightsizeYaml } from './rightsize-report';
import { usageCsv, windowText } from './usage-report';

const manifestOf = (o: FixObject) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: o.kind,
  metadata: { name: o.value.name },
  ...o.value,
});

const engine = createEngine(usageWorld());
const web = saIdentity('app', 'web');
const webRef = { kind: 'ServiceAccount', namespace: 'app', name: 'web' } as const;
const hostile = 'cfg`\n# injected\n```';

function proposal() {
  const usage = createUsageIndex();
  usage.add([
    observed(web, res('get', 'configmaps', { namespace: 'app', name: hostile }), { at: 1 }),
    observed(web, res('delete', 'secrets', { namespace: 'other', name: '=cmd' }), { decision: 'forbid', at: 2 }),
  ]);
  const r = rightsize(engine, usage, webRef);
  return { usage, r, change: rightsizeObjects(engine, r), review: reviewRightsizing(engine, r) };
}

const cases: { name: string; check: () => void }[] = [
  {
    name: 'YAML: comment lines stay comments whatever a name holds; the documents read back',
    check: () => {
      const { r, change } = proposal();
      const text = rightsizeYaml(r, change, manifestOf);
      for (const line of text.split('\n').slice(0, rightsizeSummary(r).length)) assert.match(line, /^# /);
      const docs = parseAllDocuments(text).map((d) => d.toJS());
      assert.deepEqual(docs[0].rules[0].resourceNames, [hostile]);
      assert.match(text, /# Then delete RoleBinding app\/web-edit\./);
    },
  },
  {
    name: 'Markdown: a fence longer than any in the YAML; names escaped outside code',
    check: () => {
      const { r, change, review } = proposal();
      const text = rightsizeMarkdown(r, change, manifestOf, review);
      assert.match(text, /^````yaml$/m);
      assert.match(text, /### What it tried and could not \(denied: not granted\)/);
      assert.ok(!/^# injected/m.test(text.split('````yaml')[0]!));
    },
  },
  {
    name: 'JSON: manifests, what to delete, the check and the review',
    check: () => {
      const { r, change, review } = proposal();
      const json = rightsizeJson(r, change, manifestOf, review);
      assert.deepEqual(json.delete, [{ kind: 'RoleBinding', name: 'web-edit', namespace: 'app' }]);
      assert.equal(json.check.failures.length, 0);
      assert.equal(json.denied.length, 1);
      assert.ok(json.review!.lost.length > 0);
      assert.equal(JSON.parse(JSON.stringify(json)).window.events, 2);
    },
  },
  {
    name: 'CSV: a name a spreadsheet would run as a formula opens as text',
    check: () => {
      const { usage } = proposal();
      const csv = usageCsv(usageAnswers(engine, usage));
      assert.match(csv, /,'=cmd,/);
    },
  },
  {
    name: 'the window in words, with nothing read',
    check: () => {
      assert.equal(
        windowText({ events: 0, lines: 0, problems: 0, files: [] }),
        'Window: no event read (0 events, 0 files). "Never used" means not used in this window.',
      );
      assert.match(
        windowText({ events: 1554, lines: 1600, problems: 1, files: ['a'], from: 0, to: 1000 }),
        /\(1,554 events, 1 file, 1 line not read\)/,
      );
    },
  },
];

for (const c of cases) test(`rightsize and usage reports: ${c.name}`, c.check);
