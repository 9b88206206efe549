import { readFile } from 'node:fs/promises';
import {
  SEVERITIES,
  createEngine,
  findingRule,
  groupFindings,
  kubeVersionJson,
  kubeVersionSummary,
  severityRank,
  type Finding,
  type Severity,
} from '@/lib/rbac';
import { applyExceptions, ExceptionsError, parseExceptions, type FindingException } from '@/lib/reports/exceptions';
import { findingJson, findingRef, findingsMarkdown, findingsSarif } from '@/lib/reports/findings-report';
import { UsageError } from '../errors';
import { defaultsComparison, describeComparison } from '@/lib/reports/defaults-versions';
import { exitFor, loadFromFlags, type SourceFlags } from '../load';
import type { Output } from '../output';
import { formatTable } from '../table';

export interface AuditFlags extends SourceFlags {
  output?: string;
  failOn?: string;
  exceptions?: string;
  includeBuiltin?: boolean;
  by?: string;
}

const FORMATS = ['table', 'json', 'sarif', 'markdown'];
const GROUPINGS = ['subject', 'kind'] as const;

async function readExceptions(file: string | undefined): Promise<FindingException[]> {
  if (!file) return [];
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(`--exceptions ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  });
  try {
    return parseExceptions(text, file);
  } catch (e) {
    if (e instanceof ExceptionsError) throw new UsageError(e.message);
    throw e;
  }
}

/** Where the findings were read from, for SARIF's location. */
function sourceUri(flags: AuditFlags): string {
  if (flags.snapshot) return flags.snapshot;
  if (flags.demo) return 'rbac-atlas:demo';
  return `kubernetes:${flags.context ?? 'current-context'}`;
}

export async function runAudit(flags: AuditFlags, out: Output, version: string): Promise<number> {
  const format = flags.output ?? 'table';
  if (!FORMATS.includes(format)) throw new UsageError(`--output must be one of ${FORMATS.join(', ')}, got "${format}"`);
  if (flags.by !== undefined && !(GROUPINGS as readonly string[]).includes(flags.by))
    throw new UsageError(`--by must be one of ${GROUPINGS.join(', ')}, got "${flags.by}"`);
  const failOn = flags.failOn as Severity | undefined;
  if (failOn !== undefined && !SEVERITIES.includes(failOn))
    throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, got "${flags.failOn}"`);
  const exceptions = await readExceptions(flags.exceptions);
  const source = await loadFromFlags(flags, out.err);
  const engine = createEngine(source.model);
  const all = engine.findings();
  const shown = flags.includeBuiltin ? [...all] : all.filter((f) => !f.builtin);
  const applied = applyExceptions(shown, exceptions, new Date().toISOString().slice(0, 10));
  for (const e of applied.expired)
    out.err(`Warning: the exception for ${e.id} ${e.subject} expired on ${e.expires}; the finding counts again.`);
  for (const e of applied.unused) out.err(`Warning: the exception for ${e.id} ${e.subject} matches no finding.`);

  const findings = applied.remaining;
  if (format === 'json') {
    const excepted = applied.excepted.map(({ finding, exception }) =>
      findingJson(finding, { reason: exception.reason, ...(exception.expires && { expires: exception.expires }) }),
    );
    out.out(
      JSON.stringify(
        {
          kubernetes: kubeVersionJson(engine.kubernetes),
          ...engine.completeness('paths'),
          findings: findings.map((f) => findingJson(f)),
          excepted,
        },
        null,
        2,
      ),
    );
  } else if (format === 'sarif')
    out.out(JSON.stringify(findingsSarif(findings, { uri: sourceUri(flags), version }), null, 2));
  else if (format === 'markdown') out.out(findingsMarkdown(findings, 'RBAC Atlas audit'));
  else if (flags.by) printGroups(findings, flags.by as (typeof GROUPINGS)[number], out);
  else printTable(findings, out);

  const hidden = all.length - shown.length;
  // Which defaults MODIFIED_DEFAULT and BUILTIN_IMPOSTOR were judged against, and whether the cluster is of another version.
  const defaults = defaultsComparison(source.cluster?.version);
  out.err(describeComparison(defaults));
  out.err(kubeVersionSummary(engine.kubernetes));
  if (defaults.warning) out.err(`Warning: ${defaults.warning}.`);
  out.err(
    `${findings.length} finding(s)${applied.excepted.length ? `, ${applied.excepted.length} accepted by exceptions` : ''}${hidden ? `, ${hidden} built into Kubernetes not shown (--include-builtin)` : ''}.`,
  );
  const failing = failOn ? findings.filter((f) => severityRank(f.severity) <= severityRank(failOn)) : [];
  if (failOn && failing.length > 0) out.err(`${failing.length} finding(s) at or above ${failOn}.`);
  return exitFor(failing.length > 0 ? 1 : 0, engine.completeness('paths'), flags, out.err);
}

function printTable(findings: readonly Finding[], out: Output): void {
  if (findings.length === 0) {
    out.out('No findings.');
    return;
  }
  out.out(
    formatTable(
      ['SEVERITY', 'ID', 'SUBJECT OR OBJECT', 'FINDING'],
      findings.map((f) => [f.severity, f.id, findingRef(f), f.title]),
    ),
  );
}

/** One row per subject (its severity: its worst finding's) or per finding kind, as /risks shows them. */
function printGroups(findings: readonly Finding[], by: (typeof GROUPINGS)[number], out: Output): void {
  const groups = groupFindings(findings, { by, builtin: true, limit: findings.length }).items;
  if (groups.length === 0) {
    out.out('No findings.');
    return;
  }
  const counts = SEVERITIES.map((s) => s.toUpperCase());
  const head =
    by === 'subject' ? ['SEVERITY', 'SUBJECT OR OBJECT', 'WORST FINDING'] : ['SEVERITY', 'ID', 'FINDING KIND'];
  out.out(
    formatTable(
      [...head, ...counts, 'FINDINGS'],
      groups.map((g) => [
        g.severity,
        ...(by === 'subject'
          ? [findingRef(g.worst), `${findingRule(g.worst.id).title}: ${g.worst.title}`]
          : [g.id ?? '', findingRule(g.worst.id).title]),
        ...SEVERITIES.map((s) => String(g.severities[s])),
        String(g.total),
      ]),
    ),
  );
}
