// rbac-atlas's commands and flags, and one run of the program: argv in, lines out, an exit code back.
// Each command only parses flags and prints; the work lives in lib/. bin/cli.ts runs it as a process;
// tests run it in process.
import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_KUBE_VERSION, OLDEST_MINOR, serviceAccountUsername, versionLabel } from '@/lib/rbac';
import { runAudit } from './commands/audit';
import { runCanI } from './commands/can-i';
import { runDiff } from './commands/diff';
import { runFix } from './commands/fix';
import { runPaths } from './commands/paths';
import { runRightsize } from './commands/rightsize';
import { runSnapshot } from './commands/snapshot';
import { runToken } from './commands/token';
import { runUsage } from './commands/usage';
import { runWhoCan } from './commands/who-can';
import { READY_QUESTIONS, readyCommand } from '@/lib/reports/ready-questions';
import { UsageError } from './errors';
import type { Output } from './output';
import pkg from '../package.json' with { type: 'json' };

const VERSION = pkg.version;

const collect = (value: string, previous: string[] = []) => [...previous, value];

function sourceOptions(cmd: Command): Command {
  return cmd
    .option('--snapshot <path>', 'read objects from a file or folder of YAML/JSON (kubectl get ... -o yaml)')
    .option('--demo', 'use the bundled demo cluster')
    .option('--kubeconfig <path>', 'kubeconfig file (default: KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context (default: the current context)')
    .option('--lenient', 'load what is valid and report the rest, instead of stopping at the first bad object')
    .option(
      '--allow-incomplete',
      'when some kinds could not be read, still exit 0/1 (the warning stays on stderr) instead of 3',
    )
    .option(KUBE_VERSION_FLAG, KUBE_VERSION_HELP);
}

const KUBE_VERSION_FLAG = '--kube-version <version>';
const KUBE_VERSION_HELP = `Kubernetes version a snapshot or the demo is answered as, ${versionLabel({ major: 1, minor: OLDEST_MINOR })} to ${versionLabel(DEFAULT_KUBE_VERSION)} (default: the version the snapshot recorded, else ${versionLabel(DEFAULT_KUBE_VERSION)})`;

function scopeOptions(cmd: Command): Command {
  return cmd
    .option('-n, --namespace <namespace>', 'namespace of the request (default "default")')
    .option('-A, --all-namespaces', 'ask across all namespaces')
    .option('--subresource <subresource>', 'subresource, e.g. log or exec');
}

/** Where a command's lines go, and how it sets the exit code. */
interface Io {
  output: Output;
  setExitCode: (code: number) => void;
}

function buildProgram(output: Output, setExitCode: (code: number) => void): Command {
  const program = new Command('rbac-atlas')
    .description("Who can do what in a Kubernetes cluster, with the API server's own RBAC rules.")
    .version(VERSION)
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (str) => output.out(str.replace(/\n$/, '')),
      writeErr: (str) => output.err(str.replace(/\n$/, '')),
      // Commander's own errors: their first line only, as every other error here.
      outputError: (str) => output.err(str.trimEnd().split('\n')[0]!),
    });
  // In the order `--help` lists them.
  for (const add of [
    addCanI,
    addWhoCan,
    addPaths,
    addToken,
    addAudit,
    addFix,
    addDiff,
    addUsage,
    addRightsize,
    addSnapshot,
  ])
    add(program, { output, setExitCode });
  return program;
}

function addCanI(program: Command, { output, setExitCode }: Io): void {
  const canI = program
    .command('can-i')
    .description('answer yes or no for one identity (exit 0 for yes, 1 for no)')
    .argument('[verb]', 'get, list, create, ... or *')
    .argument('[type]', 'TYPE, TYPE/NAME, RESOURCE.GROUP, or a non-resource URL such as /metrics')
    .option('--as <user>', `user to check, e.g. ${serviceAccountUsername('NS', 'NAME')}`)
    .option('--as-group <group>', 'group to check as (repeatable)', collect)
    .option('--list', 'list everything the identity can do in the namespace')
    .option('--explain', 'print the binding, role and rule behind a yes, or the near misses behind a no')
    .addOption(new Option('-o, --output <format>', 'table or json').default('table'));
  scopeOptions(sourceOptions(canI)).action(async (verb, type, opts) =>
    setExitCode(await runCanI(verb, type, opts, output)),
  );
}

function addWhoCan(program: Command, { output, setExitCode }: Io): void {
  const whoCan = program
    .command('who-can')
    .description('list every subject allowed to make a request, with the why')
    .argument('<verb>', 'get, list, create, ... or *')
    .argument('<type>', 'TYPE, TYPE/NAME, RESOURCE.GROUP, or a non-resource URL such as /metrics')
    .option('--effective', 'also every subject that can become one of them, by its shortest attack path, by steps away')
    .addOption(new Option('-o, --output <format>', 'table or json').default('table'))
    // The questions admins ask first: the same table as the who-can page's chips.
    .addHelpText(
      'after',
      `\nExamples:\n${READY_QUESTIONS.map((q) => `  # ${q.label.toLowerCase()}\n  ${readyCommand(q)}`).join('\n')}`,
    );
  scopeOptions(sourceOptions(whoCan)).action(async (verb, type, opts) =>
    setExitCode(await runWhoCan(verb, type, opts, output)),
  );
}

function addPaths(program: Command, { output, setExitCode }: Io): void {
  const paths = program
    .command('paths')
    .description('attack paths: who can become cluster-admin (or a subject), and how, step by step')
    .option('--from <subject>', `one subject: ${serviceAccountUsername('NS', 'NAME')}, user:NAME or group:NAME`)
    .option('--to <target>', 'cluster-admin (default) or a subject', 'cluster-admin')
    .addOption(new Option('-o, --output <format>', 'table or json').default('table'));
  sourceOptions(paths).action(async (opts) => setExitCode(await runPaths(opts, output)));
}

function addToken(program: Command, { output, setExitCode }: Io): void {
  const token = program
    .command('token')
    .description('what a bearer token is, whether it still works and what it can do (exit 1 when it does not work)')
    .option('--token-file <file>', 'the token, read from FILE, or - for stdin (never an argument: shells keep those)')
    .option('--review', "ask the kubeconfig's API server whether it accepts the token (TokenReview)")
    .addOption(new Option('-o, --output <format>', 'table or json').default('table'));
  sourceOptions(token).action(async (opts) => setExitCode(await runToken(opts, output)));
}

function addAudit(program: Command, { output, setExitCode }: Io): void {
  const audit = program
    .command('audit')
    .description('risk findings: paths to cluster-admin, dangerous grants, risky bindings (exit 1 with --fail-on)')
    .addOption(new Option('-o, --output <format>', 'table, json, sarif or markdown').default('table'))
    .option('--fail-on <severity>', 'exit 1 when a finding at or above critical, high, medium or low remains')
    .option('--exceptions <file>', 'YAML list of accepted findings: id, subject, reason, expires (optional)')
    .option('--include-builtin', "also list findings that come only from Kubernetes' own roles and bindings")
    .option('--by <grouping>', 'table: one row per subject (its worst finding, counts per severity) or per kind');
  sourceOptions(audit).action(async (opts) => setExitCode(await runAudit(opts, output, VERSION)));
}

function addFix(program: Command, { output, setExitCode }: Io): void {
  const fix = program
    .command('fix')
    .description(
      'the change that removes a finding: YAML, kubectl command, and its effect (who loses what, paths closed)',
    )
    .argument('<id>', 'the finding id, as audit prints it (PATH_TO_CLUSTER_ADMIN, POD_CREATE, …)')
    .option(
      '--ref <ref>',
      `which one, as audit prints it: ${serviceAccountUsername('NS', 'NAME')}, user:NAME, rolebinding/NS/NAME…`,
    )
    .option('--choice <choice>', 'role (narrow the role), binding (take the subject out of the binding) or object')
    .addOption(new Option('-o, --output <format>', 'text, json, yaml or command').default('text'));
  sourceOptions(fix).action(async (id: string, opts) => setExitCode(await runFix(id, opts, output)));
}

function addDiff(program: Command, { output, setExitCode }: Io): void {
  program
    .command('diff')
    .description(
      'what a change does to who can do what: permissions gained and lost per subject, paths to cluster-admin opened and closed',
    )
    .option('--from <source>', 'the state before: a snapshot file or folder, demo, or context:NAME')
    .option('--to <source>', 'the state after, the same way')
    .option('--apply <files...>', 'manifests applied on top of --from, as kubectl apply creates or replaces them')
    .option('--delete <files...>', 'manifests deleted from --from, as kubectl delete -f would')
    .addOption(new Option('-o, --output <format>', 'table, json, markdown or sarif').default('table'))
    .option(
      '--fail-on <condition>',
      'exit 1 on new-path (to cluster-admin), new-danger (or a dangerous gain), or any change',
    )
    .option('--kubeconfig <path>', 'kubeconfig file for context:NAME sources (default: KUBECONFIG or ~/.kube/config)')
    .option(KUBE_VERSION_FLAG, KUBE_VERSION_HELP)
    .option('--lenient', 'load what is valid and report the rest, instead of stopping at the first bad object')
    .option(
      '--allow-incomplete',
      'when some kinds could not be read, still exit 0/1 (the warning stays on stderr) instead of 3',
    )
    .action(async (opts) => setExitCode(await runDiff(opts, output, VERSION)));
}

const AUDIT_LOG_HELP =
  'audit log files or folders (audit.k8s.io/v1 JSON lines; rotated sets oldest first; .gz; - for standard input)';
const SINCE_HELP = 'only events since a duration ago (30m, 12h, 7d) or a time (2026-12-05T21:00:00Z)';
const WINDOW_NOTE =
  '\n"Never used" means not used in the window read (the first to the last event of the logs given), nothing more.';

function addUsage(program: Command, { output, setExitCode }: Io): void {
  const usage = program
    .command('usage')
    .description(
      'what audit logs say was used: per identity its requests, each grant used or never used, denied requests',
    )
    .requiredOption('--audit-log <paths...>', AUDIT_LOG_HELP)
    .option('--since <when>', SINCE_HELP)
    .option('--subject <subject>', `one subject: ${serviceAccountUsername('NS', 'NAME')}, user:NAME or group:NAME`)
    .addOption(new Option('-o, --output <format>', 'table, json or csv').default('table'))
    .addHelpText('after', WINDOW_NOTE);
  sourceOptions(usage).action(async (opts) => setExitCode(await runUsage(opts, output)));
}

function addRightsize(program: Command, { output, setExitCode }: Io): void {
  const rightsize = program
    .command('rightsize')
    .description(
      'the smallest roles and bindings that allow every request a subject made in the audit logs, to replace the bindings naming it (exit 1 if the check fails)',
    )
    .requiredOption('--audit-log <paths...>', AUDIT_LOG_HELP)
    .option('--since <when>', SINCE_HELP)
    .option('--subject <subject>', `the subject: ${serviceAccountUsername('NS', 'NAME')}, user:NAME or group:NAME`)
    .option('-n, --namespace <namespace>', 'every service account of the namespace instead')
    .option('--paths', 'also the paths to cluster-admin the change closes (builds the whole after state)')
    .addOption(
      new Option('-o, --output <format>', 'yaml, json (an object; with -n an array) or markdown').default('yaml'),
    )
    .addHelpText(
      'after',
      `${WINDOW_NOTE}\nDenied requests, and those only system:masters was allowed, are listed apart and never granted.`,
    );
  sourceOptions(rightsize).action(async (opts) => setExitCode(await runRightsize(opts, output)));
}

function addSnapshot(program: Command, { output, setExitCode }: Io): void {
  program
    .command('snapshot')
    .description('write the RBAC objects of a live cluster (never Secrets) to a file --snapshot reads')
    .requiredOption('-o, --output <file>', 'file to write, or - for standard output')
    .option('--kubeconfig <path>', 'kubeconfig file (default: KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context (default: the current context)')
    .action(async (opts) => setExitCode(await runSnapshot(opts, output)));
}

/** Runs the program on `argv` (as process.argv: node, script, arguments) and returns its exit code. */
export async function runCli(argv: readonly string[], output: Output): Promise<number> {
  let exitCode = 0;
  try {
    await buildProgram(output, (code) => (exitCode = code)).parseAsync([...argv]);
  } catch (e) {
    if (e instanceof CommanderError) {
      exitCode =
        e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? 0 : 2;
    } else if (e instanceof UsageError) {
      output.err(`error: ${e.message}`);
      exitCode = 2;
    } else {
      output.err(`error: ${e instanceof Error ? e.message : String(e)}`);
      exitCode = 2;
    }
  }
  return exitCode;
}
