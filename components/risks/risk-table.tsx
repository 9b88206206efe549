// /risks as a dense table: one row per subject (or object) with its worst finding, or one row per
// finding kind; each row opens (a link: the open group is in the URL) onto its findings, and the
// remediation is said once per kind there, not once per finding.
import type { ReactNode } from 'react';
import { ContextLink as Link } from '@/components/layout/context-link';
import { FixLink } from '@/components/fix/fix-link';
import { linkClass } from '@/components/layout/page-container';
import { SortHeader } from '@/components/layout/sort-header';
import {
  FINDING_RULES,
  findingRule,
  objectLabel,
  SEVERITIES,
  type Finding,
  type FindingGroup,
  type FindingGroupBy,
  type FindingGroupSort,
} from '@/lib/rbac';
import { namespaceHref, subjectHref } from '@/lib/web/links';
import { GrantLine, PathFlow } from './path-flow';
import { SeverityBadge, SeverityCountCells } from './severity-badge';

/** How many of an open group's findings are listed; the rest are a filter away. */
export const OPEN_LIMIT = 100;

export interface RiskTableProps {
  by: FindingGroupBy;
  groups: readonly FindingGroup[];
  sort: FindingGroupSort;
  order: 'asc' | 'desc';
  sortHref: (sort: FindingGroupSort, order: 'asc' | 'desc') => string;
  open?: string;
  /** The URL with this group open, or closed when it is the open one. */
  toggleHref: (key: string) => string;
  /** Every finding of a group, as the list grouped the other way filtered to it. */
  allHref: (g: FindingGroup) => string;
  /** A link for a finding's object (a role or binding that exists). */
  objectHref: (f: Finding) => string | undefined;
}

const FIRST: Record<FindingGroupSort, 'asc' | 'desc'> = { severity: 'desc', count: 'desc', name: 'asc' };
const TH = 'px-3 py-2 font-medium whitespace-nowrap';

export function RiskTable(props: RiskTableProps) {
  const { by, groups, sort, order, sortHref } = props;
  const header = (label: string, s: FindingGroupSort, className = '') => (
    <SortHeader
      label={label}
      active={sort === s}
      order={order}
      first={FIRST[s]}
      href={(o) => sortHref(s, o)}
      className={`${TH} ${className}`}
    />
  );
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">Findings grouped by {by === 'subject' ? 'subject' : 'finding kind'}</caption>
      <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
        <tr>
          <th scope="col" className={`${TH} w-8`}>
            <span className="sr-only">Open</span>
          </th>
          {header('Severity', 'severity')}
          {header(by === 'subject' ? 'Subject or object' : 'Finding kind', 'name')}
          <th scope="col" className={`${TH} ${by === 'kind' ? 'text-right' : ''}`}>
            {by === 'subject' ? 'Worst finding' : 'Subjects or objects'}
          </th>
          {SEVERITIES.map((s) => (
            <th key={s} scope="col" className={`${TH} hidden text-right capitalize sm:table-cell`}>
              {s}
            </th>
          ))}
          {header('Findings', 'count', 'text-right')}
        </tr>
      </thead>
      {groups.map((g) => (
        <GroupRows key={g.key} group={g} {...props} />
      ))}
    </table>
  );
}

/** The toggle, severity, name, worst finding or subjects, four severity counts and the total. */
const COLUMNS = 9;

function GroupRows(props: RiskTableProps & { group: FindingGroup }) {
  const { group: g, by, open, toggleHref } = props;
  const isOpen = open === g.key;
  return (
    <tbody className="border-b border-slate-100 last:border-0 dark:border-slate-800">
      <tr className="align-top" data-group={g.key}>
        <td className="px-3 py-2">
          <Link
            href={toggleHref(g.key)}
            scroll={false}
            aria-expanded={isOpen}
            aria-label={`${isOpen ? 'Close' : 'Open'} the findings of ${groupLabel(g)}`}
            className="inline-block w-5 text-center text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white"
          >
            {isOpen ? '▾' : '▸'}
          </Link>
        </td>
        <td className="px-3 py-2">
          <SeverityBadge severity={g.severity} />
        </td>
        <th scope="row" className="min-w-48 px-3 py-2 font-normal [overflow-wrap:anywhere]">
          <GroupName group={g} objectHref={props.objectHref} />
        </th>
        {by === 'subject' ? (
          <td className="px-3 py-2 break-words">
            <WorstFinding finding={g.worst} />
          </td>
        ) : (
          <td className="px-3 py-2 text-right tabular-nums">{g.about.toLocaleString('en')}</td>
        )}
        <SeverityCountCells counts={g.severities} />
        <td className="px-3 py-2 text-right tabular-nums">{g.total.toLocaleString('en')}</td>
      </tr>
      {isOpen && (
        <tr>
          <td colSpan={COLUMNS} className="bg-slate-50 px-3 pt-1 pb-4 dark:bg-slate-950/40">
            <OpenGroup {...props} />
          </td>
        </tr>
      )}
    </tbody>
  );
}

function groupLabel(g: FindingGroup): string {
  if (g.id) return findingRule(g.id).title;
  const ref = g.subject ?? g.object;
  return ref ? `${ref.kind} ${objectLabel(ref)}` : g.key;
}

function GroupName({ group: g, objectHref }: { group: FindingGroup; objectHref: RiskTableProps['objectHref'] }) {
  if (g.id)
    return (
      <span title={findingRule(g.id).description}>
        {findingRule(g.id).title} <span className="font-mono text-xs text-slate-600 dark:text-slate-400">{g.id}</span>
      </span>
    );
  return <About finding={g.worst} objectHref={objectHref} />;
}

/** What a finding is about: its subject, else its object, a link where there is a page. */
function About(props: { finding: Finding; objectHref: RiskTableProps['objectHref']; inline?: boolean }) {
  const { finding: f, objectHref, inline } = props;
  const ref = f.subject ?? f.object;
  if (!ref) return null;
  const href = f.subject ? subjectHref(f.subject) : objectHref(f);
  const kind = (
    <span className={`${inline ? '' : 'block '}text-xs text-slate-600 dark:text-slate-400`}>
      {ref.kind}
      {inline ? ' ' : ''}
    </span>
  );
  const name = `${objectLabel(ref)}${f.object?.kind === 'Pod' && f.object.more > 0 ? ` and ${f.object.more} more` : ''}`;
  return (
    <>
      {kind}
      {href ? (
        <Link href={href} className={`font-mono ${linkClass}`}>
          {name}
        </Link>
      ) : (
        <span className="font-mono">{name}</span>
      )}
    </>
  );
}

function WorstFinding({ finding: f }: { finding: Finding }) {
  return (
    <>
      <span className="block">{findingRule(f.id).title}</span>
      {/* The finding's own words, where they add to its kind's ("in 1 step", "cluster-wide"). */}
      {f.title.toLowerCase() !== findingRule(f.id).title.toLowerCase() && (
        <span className="block text-xs text-slate-600 dark:text-slate-400">{f.title}</span>
      )}
    </>
  );
}

function OpenGroup(props: RiskTableProps & { group: FindingGroup }) {
  const { group: g, by, allHref, objectHref } = props;
  const shown = g.findings.slice(0, OPEN_LIMIT);
  return (
    <div className="space-y-3">
      {g.id && <p className="mt-2 text-xs text-slate-700 dark:text-slate-300">{findingRule(g.id).description}</p>}
      <ul aria-label={`Findings of ${groupLabel(g)}`} className="divide-y divide-slate-200 dark:divide-slate-800">
        {shown.map((f, i) => (
          <OpenFinding key={i} finding={f} by={by} objectHref={objectHref} />
        ))}
      </ul>
      {g.findings.length > shown.length && (
        <p className="text-xs">
          {shown.length} of {g.findings.length.toLocaleString('en')} shown.{' '}
          <Link href={allHref(g)} className={linkClass}>
            List them all
          </Link>
        </p>
      )}
      <Remedies findings={g.findings} />
    </div>
  );
}

function OpenFinding({
  finding: f,
  by,
  objectHref,
}: {
  finding: Finding;
  by: FindingGroupBy;
  objectHref: RiskTableProps['objectHref'];
}) {
  return (
    <li className="grid grid-cols-[5.5rem_1fr_auto] items-start gap-x-3 py-2">
      <span>
        <SeverityBadge severity={f.severity} />
      </span>
      <div className="min-w-0 [overflow-wrap:anywhere]">
        <p>
          {by === 'subject' ? (
            <span className="font-medium" title={findingRule(f.id).description}>
              {findingRule(f.id).title}:{' '}
            </span>
          ) : (
            <>
              <About finding={f} objectHref={objectHref} inline />{' '}
            </>
          )}
          {f.title}
          {f.builtin && <span className="ml-2 text-xs text-slate-600 dark:text-slate-400">Kubernetes&apos; own</span>}
          {f.namespace && (
            <Link href={namespaceHref(f.namespace)} className={`ml-2 text-xs ${linkClass}`}>
              {f.namespace}
            </Link>
          )}
        </p>
        <Evidence finding={f} />
      </div>
      <FixLink finding={f} className="shrink-0 text-sm" />
    </li>
  );
}

function Evidence({ finding: f }: { finding: Finding }): ReactNode {
  if (f.path)
    return (
      <div className="mt-1">
        <PathFlow path={f.path} />
      </div>
    );
  if (f.grants.length === 0) return null;
  return (
    <details className="mt-1 text-xs">
      <summary className="cursor-pointer text-slate-600 dark:text-slate-400">
        {f.grants.length} grant{f.grants.length === 1 ? '' : 's'} behind it
      </summary>
      <ul className="mt-1 space-y-1">
        {f.grants.map((g, j) => (
          <GrantLine key={j} g={g} />
        ))}
      </ul>
    </details>
  );
}

/** What changes each kind of finding in the group, said once per kind. */
function Remedies({ findings }: { findings: readonly Finding[] }) {
  const kinds = new Set(findings.map((f) => f.id));
  const rules = FINDING_RULES.filter((r) => kinds.has(r.id));
  return (
    <div className="text-xs">
      <p className="font-medium">What changes {rules.length === 1 ? 'it' : 'them'}</p>
      <dl className="mt-1 space-y-1">
        {rules.map((r) => (
          <div key={r.id}>
            <dt className="inline font-medium">{r.title}: </dt>
            <dd className="inline text-slate-700 dark:text-slate-300">
              {r.remediation}{' '}
              {r.references[0] && (
                <a
                  href={r.references[0]}
                  className={linkClass}
                  rel="noreferrer"
                  target="_blank"
                  aria-label={`Kubernetes docs: ${r.title}`}
                >
                  Kubernetes docs
                </a>
              )}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
