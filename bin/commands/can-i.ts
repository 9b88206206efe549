import {
  createEngine,
  describeBinding,
  describeGrant,
  describeRole,
  impersonatedIdentity,
  kubeVersionJson,
  kubeVersionSummary,
  namesNode,
  NODE_AUTHORIZER_NOTE,
  resourceLabel,
  type CanIAnswer,
  type Grant,
  type Identity,
  type KubeVersion,
  requestNamespace,
  serviceAccountUsername,
} from '@/lib/rbac';
import { whyNotHeading, whyNotReport, type WhyNotReport } from '@/lib/reports/why-not';
import { UsageError } from '../errors';
import { exitFor, loadFromFlags, requestAndSource, type SourceFlags } from '../load';
import { formatTable } from '../table';
import type { Output } from '../output';
import { namespaceFrom, type ScopeFlags } from '../scope';

export interface CanIFlags extends SourceFlags, ScopeFlags {
  as?: string;
  asGroup?: string[];
  subresource?: string;
  list?: boolean;
  explain?: boolean;
  output?: string;
}

function identityFrom(flags: CanIFlags) {
  if (!flags.as)
    throw new UsageError(
      `--as USER is required: a snapshot has no logged-in user (e.g. --as ${serviceAccountUsername('default', 'demo-sa')})`,
    );
  return impersonatedIdentity(flags.as, flags.asGroup ?? []);
}

/** Exit code 0 for yes and 1 for no, like `kubectl auth can-i`. */
export async function runCanI(
  verb: string | undefined,
  target: string | undefined,
  flags: CanIFlags,
  out: Output,
): Promise<number> {
  if (flags.list) return runList(verb, flags, out);
  if (!verb || !target) throw new UsageError('usage: rbac-atlas can-i VERB TYPE[/NAME] | VERB /URL, or can-i --list');
  const format = flags.output ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--output must be table or json, got "${format}"`);
  const identity = identityFrom(flags);
  const args = { verb, target, subresource: flags.subresource ?? '', namespace: namespaceFrom(flags) };
  const { parsed, source } = await requestAndSource(args, flags, out);
  const engine = createEngine(source.model);
  const { request } = parsed;
  const answer = engine.canI(identity, request);
  const asked = [{ kind: 'User', name: identity.user }, ...identity.groups.map((name) => ({ kind: 'Group', name }))];
  if (asked.some(namesNode)) out.err(`Note: ${NODE_AUTHORIZER_NOTE}`);
  // Near misses only when asked: canI alone stays the cost of the walk.
  const whyNot = flags.explain && !answer.allowed ? whyNotReport(engine.whyNot(identity, request), request) : undefined;
  const completeness = engine.completeness('can-i', requestNamespace(request), answer.allowed);
  if (format === 'json') {
    const { resolved, warnings } = parsed;
    const { complete, missing } = completeness;
    const kubernetes = kubeVersionJson(engine.kubernetes);
    const body = { kubernetes, allowed: answer.allowed, complete, missing, grants: answer.grants, identity, request };
    out.out(
      JSON.stringify({ ...body, resolved, warnings, ...(answer.superuser && { superuser: true }), ...whyNot }, null, 2),
    );
  } else printAnswer(answer, engine.kubernetes, identity, whyNot, flags.explain === true, out);
  return exitFor(answer.allowed ? 0 : 1, completeness, flags, out.err);
}

/** yes or no; with --explain, the grants behind a yes, or the near misses of a no. */
function printAnswer(
  answer: CanIAnswer,
  kubernetes: KubeVersion,
  identity: Identity,
  whyNot: WhyNotReport | undefined,
  explain: boolean,
  out: Output,
) {
  out.out(answer.allowed ? 'yes' : 'no');
  if (!explain) return;
  if (answer.superuser) out.out('  in group system:masters: the API server allows it before RBAC is consulted');
  for (const g of answer.grants) out.out(`  ${describeGrant(g)} (as ${g.subject.kind} ${g.subject.name})`);
  // With the explanation only: a plain can-i prints "yes" or "no" alone, as kubectl's, for scripts.
  out.out(`  ${kubeVersionSummary(kubernetes)}`);
  if (answer.allowed || !whyNot) return;
  out.out(`  no binding grants this to ${identity.user} (groups: ${identity.groups.join(', ')})`);
  out.out(`  ${whyNotHeading(whyNot)}`);
  whyNot.nearMisses.forEach((m, i) => out.out(`  ${i + 1}. ${m.text}`));
}

const list = (xs: readonly string[]) => `[${xs.join(' ')}]`;

/** As kubectl prints a rule's resources: `pods`, `deployments.apps/scale`. */
function resourceColumn(g: Grant): string {
  const { resources, apiGroups } = g.rule;
  return resources.flatMap((r) => apiGroups.map((group) => resourceLabel(group, r))).join(', ');
}

async function runList(verb: string | undefined, flags: CanIFlags, out: Output): Promise<number> {
  if (verb) throw new UsageError('--list takes no VERB or TYPE');
  const identity = identityFrom(flags);
  const source = await loadFromFlags(flags, out.err);
  const engine = createEngine(source.model);
  const namespace = namespaceFrom(flags);
  const answer = engine.rulesFor(identity, namespace);
  // One row per distinct rule, as kubectl prints them; --explain adds the bindings behind each row.
  const rows = new Map<string, { cells: string[]; why: string[] }>();
  for (const g of answer.grants) {
    const cells = [resourceColumn(g), list(g.rule.nonResourceURLs), list(g.rule.resourceNames), list(g.rule.verbs)];
    const key = cells.join('\t');
    const row = rows.get(key) ?? { cells, why: [] };
    row.why.push(`${describeBinding(g.binding)} → ${describeRole(g.role)}`);
    rows.set(key, row);
  }
  const sorted = [...rows.values()].sort((a, b) => a.cells.join('\t').localeCompare(b.cells.join('\t')));
  const header = ['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs'];
  out.out(
    flags.explain
      ? formatTable(
          [...header, 'Granted by'],
          sorted.map((r) => [...r.cells, r.why.join('; ')]),
        )
      : formatTable(
          header,
          sorted.map((r) => r.cells),
        ),
  );
  for (const d of answer.dangling)
    out.err(`Warning: ${describeBinding(d.binding)} names this user but grants nothing: ${d.reason}`);
  return exitFor(0, engine.completeness('can-i', namespace || undefined), flags, out.err);
}
