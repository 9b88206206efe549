import assert from 'node:assert/strict';
import { test } from 'node:test';
import { terminalSafe } from './output';

test('control characters from the cluster are shown, not obeyed', () => {
  assert.equal(terminalSafe('mallory\u001b[2K\r\u001b[8m'), 'mallory\\u001b[2K\\u000d\\u001b[8m');
  assert.equal(terminalSafe('a\u009b2Jb'), 'a\\u009b2Jb');
  assert.equal(terminalSafe('evil\u202etxt.exe'), 'evil\\u202etxt.exe');
});

test('tabs, newlines and ordinary text (any script) pass through', () => {
  assert.equal(terminalSafe('a\tb\nc — ünïcødé 名前'), 'a\tb\nc — ünïcødé 名前');
});

test('inside JSON the escape is the same value, so JSON output stays valid and equal', () => {
  const value = { user: 'x\u007f\u0085y\u001b' };
  const printed = terminalSafe(JSON.stringify(value));
  assert.deepEqual(JSON.parse(printed), value);
});
