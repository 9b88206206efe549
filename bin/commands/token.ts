// rbac-atlas token: what a bearer token is, whether it still works, and what it can do. The token
// is read from a file or stdin, never from the command line (which shells keep and `ps` shows),
// and is printed nowhere: only what its claims say.
import { readFile } from 'node:fs/promises';
import { createEngine, kubeVersionJson, subjectText } from '@/lib/rbac';
import { reviewTokenAt } from '@/lib/k8s/auth/review-at';
import { riskStatusLine } from '@/lib/reports/risk-status';
import { subjectSummaryLines } from '@/lib/tokens/summary-words';
import { decodeToken, MAX_TOKEN_CHARS, tokenText } from '@/lib/tokens/decode';
import { inspectToken, type ReviewAnswer, type TokenInspection } from '@/lib/tokens/inspect';
import { UsageError } from '../errors';
import { exitFor, loadFromFlags, specFromFlags, type SourceFlags } from '../load';
import type { Output } from '../output';

export interface TokenFlags extends SourceFlags {
  tokenFile?: string;
  review?: boolean;
  output?: string;
}

/**
 * Exit 1: the token does not work: the API server refuses it or, not asked (no --review), it expired
 * or is bound to an object that is gone. Once the API server accepts it, it works (exit 0).
 */
export const EXIT_REFUSED = 1;

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += String(chunk);
    // A token is small: stop reading what cannot be one (the decoder then says it is too long).
    if (text.length > MAX_TOKEN_CHARS * 2) break;
  }
  return text;
}

/** The token's text from --token-file F, or stdin with `--token-file -`. Errors never quote it. */
async function readToken(file: string | undefined, stdin: NodeJS.ReadableStream): Promise<string> {
  if (!file)
    throw new UsageError(
      '--token-file FILE is required (or --token-file - to read stdin): a token is never an argument',
    );
  if (file === '-') return readStdin(stdin);
  return readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(
      `--token-file ${file}: ${e.code === 'ENOENT' ? 'no such file' : (e.code ?? 'cannot be read')}`,
    );
  });
}

/** --review asks the API server of a kubeconfig; a snapshot or the demo has none. */
async function review(flags: TokenFlags, token: string): Promise<ReviewAnswer | undefined> {
  if (!flags.review) return undefined;
  const spec = specFromFlags(flags);
  if (spec.kind !== 'kubeconfig' && spec.kind !== 'in-cluster')
    throw new UsageError('--review asks the API server: it goes with a kubeconfig, not --snapshot or --demo');
  return reviewTokenAt(spec, token);
}

export async function runToken(flags: TokenFlags, out: Output, stdin: NodeJS.ReadableStream = process.stdin) {
  const format = flags.output ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--output must be table or json, got "${format}"`);
  const raw = await readToken(flags.tokenFile, stdin);
  const decoded = decodeToken(raw);
  if (!decoded.ok) throw new UsageError(`not a token: ${decoded.error}`);
  const answer = await review(flags, tokenText(raw));
  const source = await loadFromFlags(flags, out.err);
  const engine = createEngine(source.model);
  const inspection = inspectToken(engine, decoded.token, answer, Math.floor(Date.now() / 1000));
  if (format === 'json')
    out.out(JSON.stringify({ kubernetes: kubeVersionJson(engine.kubernetes), ...inspection }, null, 2));
  else printInspection(inspection, out);
  return exitFor(inspection.verdict === 'refused' ? EXIT_REFUSED : 0, inspection.completeness, flags, out.err);
}

const MARK = { valid: '✓', invalid: '✗', unknown: '?' } as const;

function printReview(r: ReviewAnswer | undefined, out: Output) {
  if (!r) out.out('API server: not asked (--review sends it to the API server of the kubeconfig for a TokenReview)');
  else if (r.state === 'accepted')
    out.out(`API server: accepts it, as ${r.user.username} in the groups ${r.user.groups.join(', ') || '(none)'}`);
  else if (r.state === 'refused') out.out(`API server: refuses it: ${r.reason}`);
  else out.out(`API server: could not be asked: ${r.reason}`);
}

function printInspection(i: TokenInspection, out: Output) {
  const width = Math.max(...i.words.map((l) => l.label.length));
  for (const l of i.words) out.out(`${`${l.label}:`.padEnd(width + 2)}${l.text}`);
  if (i.objects) {
    out.out('');
    out.out('Objects it names, in the data read:');
    for (const o of i.objects) out.out(`  ${MARK[o.effect]} ${o.text}`);
  }
  out.out('');
  printReview(i.review, out);
  out.out(
    i.verdict === 'refused'
      ? `Verdict: it does not work: ${i.reasons.join('; ')}`
      : i.verdict === 'accepted'
        ? 'Verdict: the API server accepts it'
        : 'Verdict: nothing read says it fails, but it is not verified (--review asks the API server)',
  );
  for (const n of i.notes) out.out(`  Note: ${n}`);
  if (!i.identity) {
    out.out('What it can do: unknown until the API server names its user (--review)');
    return;
  }
  const { identity, subjects } = i.identity.report;
  out.out('');
  out.out(
    `What ${identity.user} can do (${i.identity.from === 'review' ? 'as the API server named it' : 'as its claims name it'}):`,
  );
  const status = riskStatusLine(i.risks);
  if (status) out.out(`  ${status}`);
  for (const s of subjects) {
    out.out(`  ${subjectText(s.subject)}:`);
    for (const line of subjectSummaryLines(s, i.risks)) out.out(`    ${line}`);
  }
  const first = subjects[0];
  if (first) out.out(`  rbac-atlas paths --from ${subjectText(first.subject)} shows its path step by step.`);
}
