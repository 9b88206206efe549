// The overview's sections: each answers one question from the engine's posture (lib/rbac
// indexes/posture.ts) and is a link to the page that lists it in full.
import type { ReactNode } from 'react';
import { ContextLink as Link } from '@/components/layout/context-link';
import { linkClass } from '@/components/layout/page-container';
import { SEVERITY_CLASS } from '@/components/risks/severity';
import { countsText } from '@/components/changes/change-item';
import { SEVERITIES, subjectLabel, type Posture, type RiskTotals, type Severity } from '@/lib/rbac';
import type { ChangeEntry } from '@/lib/history/changes';
import { namespaceHref, subjectHref } from '@/lib/web/links';

const muted = 'text-slate-600 dark:text-slate-400';
/** A link inside a sentence: underlined, since its colour alone does not stand out from the text around it. */
const inlineLink = `${linkClass} underline`;
const n = (x: number) => x.toLocaleString('en');
const plural = (x: number, one: string, many: string) => `${n(x)} ${x === 1 ? one : many}`;

/** A card whose title links to the page that lists what it counts. */
export function Section(props: {
  id: string;
  title: string;
  href: string;
  more: string;
  children: ReactNode;
  wide?: boolean;
}) {
  return (
    <section
      aria-labelledby={props.id}
      className={`rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900 ${props.wide ? 'lg:col-span-2' : ''}`}
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={props.id} className="text-base font-semibold">
          <Link href={props.href} className="hover:underline">
            {props.title}
          </Link>
        </h2>
        <Link href={props.href} className={`text-sm ${linkClass}`}>
          {props.more} →
        </Link>
      </div>
      <div className="mt-3">{props.children}</div>
    </section>
  );
}

/** Findings per severity, each a link to /risks filtered; Kubernetes' own counted apart. */
export function SeverityCounts({ posture, totals }: { posture: Posture; totals: RiskTotals }) {
  const { severities, builtin } = posture.findings;
  return (
    <Section id="ov-findings" title="Findings by severity" href="/risks" more="All risks">
      <ul className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        {SEVERITIES.map((s) => (
          <li key={s}>
            <Link
              href={`/risks?severity=${s}`}
              className={`block rounded-md px-3 py-2 hover:underline ${SEVERITY_CLASS[s]}`}
            >
              <span className="block text-2xl font-semibold tabular-nums">{n(severities[s])}</span>{' '}
              <span className="text-sm font-semibold">{s}</span>
              <span className="sr-only"> findings</span>
            </Link>
          </li>
        ))}
      </ul>
      <p className={`mt-3 text-sm ${muted}`}>
        {totals.modifiedDefaults > 0 && (
          <>
            <Link href="/risks?id=MODIFIED_DEFAULT" className={inlineLink}>
              {plural(totals.modifiedDefaults, 'Kubernetes default changed', 'Kubernetes defaults changed')}
            </Link>{' '}
            (counted).{' '}
          </>
        )}
        {totals.impostors > 0 && (
          <>
            <Link href="/risks?id=BUILTIN_IMPOSTOR" className={inlineLink}>
              {plural(totals.impostors, "object named like Kubernetes' own", "objects named like Kubernetes' own")}
            </Link>{' '}
            (counted).{' '}
          </>
        )}
        <Link href="/risks?builtin=show" className={inlineLink}>
          {plural(builtin, "finding of Kubernetes' own defaults", "findings of Kubernetes' own defaults")}
        </Link>{' '}
        not counted.
      </p>
    </Section>
  );
}

const steps = (d: number) => (d === 0 ? 'holds every permission' : `${d} step${d === 1 ? '' : 's'} away`);

/** Who holds every permission or has a path to it: the count, the nearest identities. */
export function AdminSection({ posture }: { posture: Posture }) {
  const { total, builtin, top } = posture.admins;
  return (
    <Section id="ov-admins" title="Who can become cluster-admin" href="/risks?id=PATH_TO_CLUSTER_ADMIN" more="Paths">
      <p className="text-sm">
        <span className="text-2xl font-semibold tabular-nums" data-testid="admin-count">
          {n(total)}
        </span>{' '}
        {total === 1 ? 'identity holds' : 'identities hold'} every permission or can become one that does
        {builtin > 0 && (
          <span className={muted}> (and {plural(builtin, "of Kubernetes' own", "of Kubernetes' own")})</span>
        )}
        .
      </p>
      {top.length > 0 && (
        <ol className="mt-2 space-y-1 text-sm" aria-label="Nearest to cluster-admin">
          {top.map((a) => (
            <li key={`${a.subject.kind}:${subjectLabel(a.subject)}`} className="flex flex-wrap justify-between gap-x-3">
              <span className="min-w-0 break-all">
                <span className={muted}>{a.subject.kind} </span>
                <Link href={subjectHref(a.subject)} className={`font-mono ${linkClass}`}>
                  {subjectLabel(a.subject)}
                </Link>
              </span>
              <span className={`tabular-nums ${muted}`}>{steps(a.distance)}</span>
            </li>
          ))}
        </ol>
      )}
      <p className="mt-2 text-sm">
        <Link href="/risks?id=CLUSTER_ADMIN_BINDING" className={linkClass}>
          Holders of every permission
        </Link>{' '}
        ·{' '}
        <Link href="/risks?id=PATH_TO_CLUSTER_ADMIN" className={linkClass}>
          Paths to cluster-admin
        </Link>
      </p>
    </Section>
  );
}

function whoCanHref(example: readonly [string, string, string, string]): string {
  const [verb, group, resource, subresource] = example;
  const q = new URLSearchParams({ verb, resource });
  if (group) q.set('group', group);
  if (subresource) q.set('subresource', subresource);
  return `/who-can?${q.toString()}`;
}

/** Each danger label, how many subjects a binding gives it to, and the who-can question that lists them. */
export function DangerSection({ posture }: { posture: Posture }) {
  return (
    <Section
      id="ov-dangers"
      title="Dangerous grants by kind"
      href="/subjects?danger=only&sort=danger&order=desc"
      more="Subjects"
    >
      <table className="w-full text-left text-sm">
        <caption className={`text-left text-xs ${muted}`}>
          Subjects a binding names whose role carries it (Kubernetes&apos; own not counted)
        </caption>
        <thead className={muted}>
          <tr>
            <th scope="col" className="py-1 font-medium">
              Danger
            </th>
            <th scope="col" className="py-1 text-right font-medium">
              Subjects
            </th>
            <th scope="col" className="py-1 pl-3 text-right font-medium">
              <span className="sr-only">Question</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {posture.dangers.map((d) => (
            <tr key={d.id} className="border-t border-slate-100 dark:border-slate-800">
              <th scope="row" className="py-1 pr-2 font-normal">
                {d.title}
              </th>
              <td className="py-1 text-right tabular-nums">{n(d.subjects)}</td>
              <td className="py-1 pl-3 text-right whitespace-nowrap">
                {d.example && (
                  <Link href={whoCanHref(d.example)} className={linkClass} aria-label={`Who can: ${d.title}`}>
                    who can
                  </Link>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

/** Bindings that grant nothing, and roles nothing binds. */
export function HygieneSection({ posture }: { posture: Posture }) {
  return (
    <Section
      id="ov-hygiene"
      title="Dangling bindings and unused roles"
      href="/risks?id=DANGLING_BINDING"
      more="Dangling"
    >
      <ul className="space-y-2 text-sm">
        <li>
          <Link href="/risks?id=DANGLING_BINDING" className={linkClass}>
            <span className="text-xl font-semibold tabular-nums">{n(posture.danglingBindings)}</span>{' '}
            {posture.danglingBindings === 1 ? 'binding names' : 'bindings name'} a role that does not exist
          </Link>
          <span className={muted}> (it grants as soon as one is created)</span>
        </li>
        <li>
          <Link href="/roles?sort=bindings" className={linkClass}>
            <span className="text-xl font-semibold tabular-nums">{n(posture.unusedRoles)}</span>{' '}
            {posture.unusedRoles === 1 ? 'role' : 'roles'} no binding names nor any ClusterRole gathers
          </Link>
          <span className={muted}> (Kubernetes&apos; own not counted)</span>
        </li>
      </ul>
    </Section>
  );
}

function SeverityChips({ namespace, counts }: { namespace: string; counts: Readonly<Record<Severity, number>> }) {
  return (
    <span className="inline-flex flex-wrap justify-end gap-1">
      {SEVERITIES.filter((s) => counts[s] > 0).map((s) => (
        <Link
          key={s}
          href={`/risks?namespace=${encodeURIComponent(namespace)}&severity=${s}`}
          className={`rounded px-1.5 py-0.5 text-xs font-semibold tabular-nums ${SEVERITY_CLASS[s]}`}
        >
          {n(counts[s])} {s}
        </Link>
      ))}
    </span>
  );
}

/** The namespaces with the most risk, as /namespaces sorted by risk lists them. */
export function RiskyNamespaces({ posture }: { posture: Posture }) {
  return (
    <Section
      id="ov-namespaces"
      title="Namespaces with the most risk"
      href="/namespaces?sort=risk&order=desc"
      more="All namespaces by risk"
    >
      {posture.riskiest.length === 0 ? (
        <p className={`text-sm ${muted}`}>No namespace has a finding of the cluster&apos;s own.</p>
      ) : (
        <ol className="space-y-1 text-sm" aria-label="Most risky namespaces">
          {posture.riskiest.map(({ namespace, counts }) => (
            <li key={namespace.name} className="flex items-start justify-between gap-3">
              <Link href={namespaceHref(namespace.name)} className={`font-mono break-all ${linkClass}`}>
                {namespace.name}
              </Link>
              <SeverityChips namespace={namespace.name} counts={counts} />
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}

const utc = (iso: string) => `${iso.replace('T', ' ').slice(0, 16)} UTC`;

/** The newest changes seen, or why there are none. */
export function RecentChanges({ entries, watching }: { entries: readonly ChangeEntry[]; watching: boolean }) {
  return (
    <Section id="ov-changes" title="What changed recently" href="/changes" more="All changes">
      {entries.length === 0 ? (
        <p className={`text-sm ${muted}`}>
          {watching ? (
            'No RBAC change seen yet on this cluster.'
          ) : (
            <>
              Changes are recorded while watching a live cluster. Two snapshots are compared on{' '}
              <Link href="/diff" className={inlineLink}>
                Diff
              </Link>
              .
            </>
          )}
        </p>
      ) : (
        <ol className="space-y-2 text-sm">
          {entries.map((e) => (
            <li key={e.id}>
              <Link href={`/changes?entry=${e.id}`} className={linkClass}>
                <time dateTime={e.at} className="tabular-nums">
                  {utc(e.at)}
                </time>
                : {plural(e.counts.objects, 'object', 'objects')}
              </Link>
              <span className={muted}> · {countsText(e)}</span>
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}
