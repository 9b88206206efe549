import type { Metadata } from 'next';
import Link from 'next/link';
import { subjectHref } from '@/lib/views/links';
import { buttonClass, inputClass, linkClass, PageContainer } from '@/components/layout/page-container';
import { GrantList } from '@/components/who-can/grant-list';
import { describeResource } from '@/lib/request/parse';
import { parseIdentityQuery, parseRequestQuery } from '@/lib/request/query';
import { subjectLabel, type AccessRequest } from '@/lib/rbac';
import { SourceErrorPage } from '@/components/layout/source-error';
import { currentDataOrError } from '@/lib/views/current';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Who can' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const FIELDS = [
  ['verb', 'Verb', 'get'],
  ['resource', 'Resource', 'secrets'],
  ['group', 'API group', '(core)'],
  ['subresource', 'Subresource', 'exec'],
  ['name', 'Name', 'any'],
  ['namespace', 'Namespace', 'all namespaces'],
  ['path', 'or non-resource URL', '/metrics'],
] as const;

function describe(r: AccessRequest): string {
  if (r.kind === 'nonResource') return `${r.verb} ${r.path}`;
  const what = `${r.verb} ${describeResource(r.group, r.resource, r.subresource)}${r.name ? ` ${r.name}` : ''}`;
  return `${what} ${r.namespace ? `in namespace ${r.namespace}` : 'across all namespaces / at cluster scope'}`;
}

function one(v: string | string[] | undefined): string {
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

export default async function WhoCanPage({ searchParams }: Props) {
  const sp = await searchParams;
  const data = await currentDataOrError();
  if ('error' in data) return <SourceErrorPage message={data.error} />;
  const { engine } = data;
  const asked = one(sp.verb) !== '' || one(sp.resource) !== '' || one(sp.path) !== '';
  const request = asked ? parseRequestQuery(sp) : undefined;
  const subjects = request?.ok ? engine.whoCan(request.value) : [];
  const identityAsked = one(sp.user) !== '';
  const identity = identityAsked ? parseIdentityQuery(sp) : undefined;
  const canI = identity?.ok && request?.ok ? engine.canI(identity.value, request.value) : undefined;
  const exportQuery = new URLSearchParams(
    Object.entries(sp).flatMap(([k, v]) => (typeof v === 'string' && v ? [[k, v]] : [])),
  ).toString();

  return (
    <PageContainer>
      <h1 className="text-2xl font-semibold tracking-tight">Who can…?</h1>
      <form
        method="get"
        aria-label="Who can"
        className="mt-4 grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-4 dark:border-slate-800 dark:bg-slate-900"
      >
        {FIELDS.map(([name, label, placeholder]) => (
          <label key={name} className="block text-sm">
            <span className="text-slate-600 dark:text-slate-400">{label}</span>
            <input name={name} defaultValue={one(sp[name])} placeholder={placeholder} className={inputClass} />
          </label>
        ))}
        <fieldset className="col-span-2 rounded-md border border-dashed border-slate-300 p-2 md:col-span-4 dark:border-slate-700">
          <legend className="px-1 text-sm font-medium">Can one identity do it? (optional)</legend>
          <div className="grid grid-cols-2 gap-3">
            <label className="block text-sm">
              <span className="text-slate-600 dark:text-slate-400">User (--as)</span>
              <input
                name="user"
                defaultValue={one(sp.user)}
                placeholder="system:serviceaccount:default:demo-sa"
                className={inputClass}
              />
            </label>
            <label className="block text-sm">
              <span className="text-slate-600 dark:text-slate-400">Groups (--as-group, comma-separated)</span>
              <input name="groups" defaultValue={one(sp.groups)} placeholder="developers" className={inputClass} />
            </label>
          </div>
        </fieldset>
        <div className="col-span-2 md:col-span-4">
          <button type="submit" className={buttonClass}>
            Ask
          </button>
        </div>
      </form>

      {request && !request.ok && (
        <p
          role="alert"
          aria-label="Invalid question"
          className="mt-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100"
        >
          {request.error}
        </p>
      )}
      {identity && !identity.ok && (
        <p role="alert" aria-label="Invalid identity" className="mt-4 text-sm text-amber-800 dark:text-amber-300">
          {identity.error}
        </p>
      )}
      {canI && identity?.ok && request?.ok && (
        <section
          aria-label="Can-i answer"
          className="mt-6 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
        >
          <p className="text-lg">
            <span
              className={`font-semibold ${canI.allowed ? 'text-emerald-700 dark:text-emerald-400' : 'text-slate-700 dark:text-slate-300'}`}
            >
              {canI.allowed ? 'yes' : 'no'}
            </span>
            <span className="ml-2 text-sm text-slate-600 dark:text-slate-400">
              {identity.value.user} (groups: {identity.value.groups.join(', ')}) — {describe(request.value)}
            </span>
          </p>
          {canI.superuser && (
            <p className="text-xs">In group system:masters: the API server allows it before RBAC is consulted.</p>
          )}
          {canI.allowed && <GrantList grants={canI.grants} />}
        </section>
      )}
      {request?.ok && (
        <section aria-label="Who can answer" className="mt-6">
          <div className="flex items-baseline justify-between">
            <h2 className="text-lg font-semibold">
              {subjects.length} subject{subjects.length === 1 ? '' : 's'} can {describe(request.value)}
            </h2>
            <span className="space-x-3 text-sm">
              <a className={linkClass} href={`/api/who-can?${exportQuery}&format=csv`}>
                Export CSV
              </a>
              <a className={linkClass} href={`/api/who-can?${exportQuery}`}>
                Export JSON
              </a>
            </span>
          </div>
          <table className="mt-2 w-full text-left text-sm">
            <thead className="text-slate-600 dark:text-slate-400">
              <tr>
                <th scope="col" className="py-1 pr-4 font-medium">
                  Kind
                </th>
                <th scope="col" className="py-1 pr-4 font-medium">
                  Subject
                </th>
                <th scope="col" className="py-1 font-medium">
                  Why
                </th>
              </tr>
            </thead>
            <tbody>
              {subjects.map((s) => (
                <tr
                  key={`${s.kind}:${subjectLabel(s)}`}
                  className="border-t border-slate-200 align-top dark:border-slate-800"
                >
                  <td className="py-1.5 pr-4">{s.kind}</td>
                  <th scope="row" className="py-1.5 pr-4 font-mono font-normal">
                    <Link href={subjectHref(s)} className={linkClass}>
                      {subjectLabel(s)}
                    </Link>
                  </th>
                  <td className="py-1.5">
                    {s.superuser && (
                      <p className="text-xs">The API server allows this group everything before RBAC is consulted.</p>
                    )}
                    <GrantList
                      grants={s.grants}
                      via={(g) =>
                        g.subject.kind === 'Group' && s.kind !== 'Group' ? `Group ${g.subject.name}` : undefined
                      }
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </PageContainer>
  );
}
