import { AuditLogPathError, readAuditLogs } from '@/lib/k8s/audit';
import {
  createEngine,
  describeRequest,
  parseSubjectText,
  serviceAccountUsername,
  SUBJECT_TEXT_FORMS,
  summarizeAttribution,
  usageAnswers,
  createUsageIndex,
  type Engine,
  type IdentityAnswer,
  type SubjectRef,
  type UsageAnswers,
  type UsageIndex,
} from '@/lib/rbac';
import {
  attributionLines,
  attributionText,
  GRANT_HEADER,
  grantRow,
  IDENTITY_HEADER,
  RANKED_HEADER,
  rankedRow,
  identityRow,
  OBJECT_HEADER,
  objectRow,
  REQUEST_HEADER,
  requestRow,
  timeText,
  usageCsv,
  usageJson,
  windowText,
} from '@/lib/reports/usage-report';
import { UsageError } from '../errors';
import { exitFor, loadFromFlags, type SourceFlags } from '../load';
import type { Output } from '../output';
import { formatTable } from '../table';

export interface AuditLogFlags extends SourceFlags {
  auditLog?: string[];
  since?: string;
}

export interface UsageFlags extends AuditLogFlags {
  subject?: string;
  output?: string;
}

const UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** --since: a duration back from now (30m, 12h, 7d, 2w) or a time (RFC 3339); undefined when not given. */
export function parseSince(text: string | undefined, now: number): number | undefined {
  if (text === undefined) return undefined;
  const d = /^(\d+)([smhdw])$/.exec(text.trim());
  if (d) return now - Number(d[1]) * UNITS[d[2]!]!;
  const t = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(text.trim()) ? Date.parse(text.trim()) : NaN;
  if (Number.isNaN(t))
    throw new UsageError(
      `--since: "${text}" is neither a duration (30m, 12h, 7d, 2w) nor a time (2026-12-05T21:00:00Z)`,
    );
  return t;
}

/** --subject as a subject ref, or a usage error naming the forms. */
export function subjectFlag(text: string | undefined): SubjectRef | undefined {
  if (text === undefined) return undefined;
  const ref = parseSubjectText(text);
  if (!ref) throw new UsageError(`--subject: "${text}" is not a subject; use ${SUBJECT_TEXT_FORMS}`);
  return ref;
}

/** Problems are printed as met, up to this many; the rest are counted. */
const PROBLEMS_SHOWN = 20;

/**
 * The audit logs read into a usage index: each line that is not an event on stderr by file and line
 * (the first 20, then a count). A path that is not there is a usage error (exit 2); so are logs with
 * lines of which none was an event ("nothing could be read").
 */
export async function readUsage(flags: AuditLogFlags, out: Output, now = Date.now()): Promise<UsageIndex> {
  const paths = flags.auditLog ?? [];
  if (paths.length === 0) throw new UsageError('--audit-log: give at least one file, folder, or - for standard input');
  const since = parseSince(flags.since, now);
  let shown = 0;
  const read = readAuditLogs(paths, {
    ...(since !== undefined && { since }),
    onProblem: (p) => {
      if (shown++ < PROBLEMS_SHOWN) out.err(`${p.where.file}:${p.where.line}: not read: ${p.message}`);
    },
  });
  const usage = createUsageIndex();
  try {
    for await (const batch of read) usage.add(batch);
  } catch (e) {
    if (e instanceof AuditLogPathError) throw new UsageError(`--audit-log: ${e.message}`);
    throw e;
  }
  const window = read.window();
  usage.noteRead(window);
  if (window.problems > PROBLEMS_SHOWN) out.err(`… and ${window.problems - PROBLEMS_SHOWN} more lines not read`);
  if (window.events === 0 && window.problems > 0)
    throw new UsageError(`--audit-log: no event could be read (${window.problems} lines not read)`);
  return usage;
}

/** The identities a subject stands for: its user name, or for a group every identity seen in it. */
export function identitiesOf(a: UsageAnswers, subject: SubjectRef | undefined): IdentityAnswer[] {
  if (!subject) return a.identities;
  if (subject.kind === 'Group')
    return a.identities.filter((i) => i.usage.groupSets.some((g) => g.includes(subject.name)));
  const user =
    subject.kind === 'ServiceAccount' ? serviceAccountUsername(subject.namespace, subject.name) : subject.name;
  return a.identities.filter((i) => i.user === user);
}

function identityTables(i: IdentityAnswer): string[] {
  return [
    '',
    `${i.user}: ${i.usage.count} events, ${i.usage.denied} denied, groups ${i.usage.groupSets.map((g) => `[${g.join(', ')}]`).join(' ')}`,
    formatTable(REQUEST_HEADER, i.requests.map(requestRow)),
    '',
    `Grants it holds (${i.grants.filter((g) => g.uses === 0).length} never used in the window):`,
    formatTable(GRANT_HEADER, i.grants.map(grantRow)),
  ];
}

/** Rows a table shows before it says how many more there are (-o json and csv list them all). */
const ROWS_SHOWN = 100;

/** A titled table of its first ROWS_SHOWN rows, then how many more. */
function section(title: string, header: readonly string[], rows: readonly string[][]): string[] {
  const out = ['', title, formatTable(header, rows.slice(0, ROWS_SHOWN))];
  if (rows.length > ROWS_SHOWN) out.push(`… and ${rows.length - ROWS_SHOWN} more (-o json lists them all)`);
  return out;
}

function overviewTables(a: UsageAnswers): string[] {
  const denied = a.denied.map((s) => [s.identity.user, describeRequest(s.request), String(s.denied), timeText(s.last)]);
  return [
    ...section('Identities (most dangerous grants never used first):', IDENTITY_HEADER, a.identities.map(identityRow)),
    ...section(
      'Every bound subject and identity seen, by dangerous grants never used in the window:',
      RANKED_HEADER,
      a.ranked.map(rankedRow),
    ),
    ...section(
      `Bindings never used in the window (${a.unusedBindings.length} of ${a.bindings.length}):`,
      OBJECT_HEADER,
      a.unusedBindings.map(objectRow),
    ),
    ...section(
      `Roles never used in the window (${a.unusedRoles.length} of ${a.roles.length}):`,
      OBJECT_HEADER.slice(0, 3),
      a.unusedRoles.map((r) => objectRow(r).slice(0, 3)),
    ),
    ...(denied.length > 0
      ? section('Denied (what was tried and could not):', ['USER', 'REQUEST', 'DENIED', 'LAST'], denied)
      : []),
  ];
}

function usageTable(a: UsageAnswers, identities: readonly IdentityAnswer[], subject: SubjectRef | undefined): string[] {
  const out = [windowText(a.window), ...attributionLines(a.attribution)];
  if (!subject) return [...out, ...overviewTables(a)];
  if (identities.length === 0) return [...out, '', 'No request of this subject in the window.'];
  return [...out, ...identities.flatMap(identityTables)];
}

const FORMATS = ['table', 'json', 'csv'];

/** The engine of the source the flags name (exit 2 on bad flags, before any log is read). */
export async function engineFrom(flags: SourceFlags, out: Output): Promise<Engine> {
  const source = await loadFromFlags(flags, out.err);
  return createEngine(source.model);
}

export async function runUsage(flags: UsageFlags, out: Output): Promise<number> {
  const format = flags.output ?? 'table';
  if (!FORMATS.includes(format)) throw new UsageError(`--output must be table, json or csv, got "${format}"`);
  const subject = subjectFlag(flags.subject);
  const engine = await engineFrom(flags, out);
  const usage = await readUsage(flags, out);
  const all = usageAnswers(engine, usage);
  const identities = identitiesOf(all, subject);
  // One subject's answer checks its own reasons only.
  const shapes = identities.flatMap((i) => i.requests.map((r) => ({ shape: r.shape, answer: r.engine })));
  const answers = subject ? { ...all, attribution: summarizeAttribution(engine, shapes) } : all;
  if (format === 'json') out.out(JSON.stringify(usageJson(answers, identities), null, 2));
  // Records end in "\n" on a terminal (a carriage return is escaped there, as every control character).
  else if (format === 'csv') out.out(usageCsv(answers, identities).replace(/\r\n/g, '\n').trimEnd());
  else out.out(usageTable(answers, identities, subject).join('\n'));
  if (format !== 'table') out.err(`${windowText(answers.window)} ${attributionText(answers.attribution)}`);
  return exitFor(0, engine.completeness('permissions'), flags, out.err);
}
