// No function longer than a reader can hold (README, "Layout"): a function over 80 lines fails
// here unless the comment above it says why it is not split (`Not split: …`). Tests are exempt
// (a suite is one long callback of short cases).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';

const ROOT = path.join(import.meta.dirname, '..');
const FOLDERS = ['lib', 'app', 'components', 'bin', 'server', 'scripts', 'e2e', 'lint'];
const MAX_LINES = 80;
const SOURCE = /\.(ts|tsx|mts)$/;
const EXEMPT = /\.(test|spec)\.tsx?$|\.d\.mts$|\.data\.ts$/;

function sourceFiles(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && SOURCE.test(e.name) && !EXEMPT.test(e.name))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
}

const isFunction = (n: ts.Node): n is ts.FunctionLikeDeclaration =>
  ts.isFunctionDeclaration(n) ||
  ts.isMethodDeclaration(n) ||
  ts.isArrowFunction(n) ||
  ts.isFunctionExpression(n) ||
  ts.isConstructorDeclaration(n);

/** The comments above a function, or above the statement or property it is the value of. */
function leadingComments(text: string, node: ts.Node): string {
  let at: ts.Node = node;
  while (at.parent && !ts.isBlock(at.parent) && !ts.isSourceFile(at.parent) && !ts.isClassLike(at.parent)) {
    if (ts.isCallExpression(at.parent) && at.parent.arguments.includes(at as ts.Expression)) break;
    at = at.parent;
  }
  return (ts.getLeadingCommentRanges(text, at.getFullStart()) ?? []).map((r) => text.slice(r.pos, r.end)).join('\n');
}

/** `file:line name (N lines)` for each function over MAX_LINES without a `Not split:` comment. */
export function longFunctions(file: string, text: string): string[] {
  const kind = file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (isFunction(node)) {
      const first = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const lines = source.getLineAndCharacterOfPosition(node.end).line - first + 1;
      if (lines > MAX_LINES && !/Not split:/.test(leadingComments(text, node)))
        found.push(`${file}:${first + 1} ${node.name?.getText() ?? '(anonymous)'} (${lines} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const body = (n: number) => Array.from({ length: n }, (_, i) => `  const a${i} = ${i};`).join('\n');

describe('function size', () => {
  test('the check finds a long function and accepts one whose comment says why it is not split', () => {
    assert.equal(longFunctions('x.ts', `function long() {\n${body(MAX_LINES)}\n}\n`).length, 1);
    assert.equal(longFunctions('x.ts', `const f = () => {\n${body(MAX_LINES)}\n};\n`).length, 1);
    assert.deepEqual(longFunctions('x.ts', `function short() {\n${body(MAX_LINES - 2)}\n}\n`), []);
    const why = `// Not split: one table of cases.\nfunction long() {\n${body(MAX_LINES)}\n}\n`;
    assert.deepEqual(longFunctions('x.ts', why), []);
  });

  test(`no function in ${FOLDERS.join(', ')} is over ${MAX_LINES} lines without saying why`, () => {
    const long = FOLDERS.flatMap(sourceFiles).flatMap((f) =>
      longFunctions(f, readFileSync(path.join(ROOT, f), 'utf8')),
    );
    assert.deepEqual(long, []);
  });
});
