// A subject's grants marked used or not used in the window read, and its requests: on its page,
// under its permissions. Nothing from the log is trusted markup: React escapes every name.
import { ContextLink as Link } from '@/components/layout/context-link';
import { linkClass, mutedClass } from '@/components/layout/page-container';
import { bindingLabel, describeRequest, describeRule, roleLabel, type SubjectRef } from '@/lib/rbac';
import type { UsageWindow } from '@/lib/rbac/usage/types';
import { bindingHref, roleHref } from '@/lib/web/links';
import { rightsizeHref } from '@/lib/web/usage-filter';
import type { SubjectUsage } from '@/lib/web/usage';
import { auditTime, lastUseText, usesText, windowText } from '@/lib/web/usage-words';

const GRANTS_SHOWN = 200;
const REQUESTS_SHOWN = 100;

export const USED_CLASS =
  'rounded bg-emerald-100 px-1.5 py-0.5 text-xs font-medium text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200';
export const UNUSED_CLASS =
  'rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-950 dark:text-amber-200';

export function SubjectUsageView(props: { subject: SubjectRef; usage: SubjectUsage; window: UsageWindow }) {
  const { subject, usage, window: w } = props;
  const used = usage.grants.filter((g) => g.uses > 0).length;
  return (
    <section className="mt-8" aria-labelledby="usage-title">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="usage-title" className="text-lg font-semibold">
          Use in the audit log
        </h2>
        {subject.kind !== 'Group' && (
          <Link href={rightsizeHref({ subject })} className={`text-sm ${linkClass}`}>
            Right-size: the smallest roles for what it used
          </Link>
        )}
      </div>
      <p className={`text-sm ${mutedClass}`}>{windowText(w)}</p>
      <p role="status" className="mt-2 text-sm">
        {used.toLocaleString('en')} of {usage.grants.length.toLocaleString('en')} grants used in the window
        {usage.builtinGrants > 0 &&
          ` (${usage.builtinGrants.toLocaleString('en')} through Kubernetes' own bindings not listed)`}
        ; {usage.requests.length.toLocaleString('en')} kind{usage.requests.length === 1 ? '' : 's'} of request made.
      </p>
      <GrantUseTable usage={usage} />
      <RequestTable requests={usage.requests} />
    </section>
  );
}

function GrantUseTable({ usage }: { usage: SubjectUsage }) {
  if (usage.grants.length === 0) return null;
  return (
    <div className="mt-2 overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full table-fixed text-left text-sm" aria-label="Grants and their use">
        <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
          <tr>
            <th scope="col" className="w-1/2 px-3 py-2 font-medium">
              Rule
            </th>
            <th scope="col" className="w-1/4 px-3 py-2 font-medium">
              Through
            </th>
            <th scope="col" className="w-1/4 px-3 py-2 font-medium">
              Use
            </th>
          </tr>
        </thead>
        <tbody>
          {usage.grants.slice(0, GRANTS_SHOWN).map(({ grant: g, uses, lastUsed, usedVerbs, usedTargets }) => (
            <tr
              key={`${bindingLabel(g.binding)}|${g.binding.kind}|${g.ruleIndex}`}
              className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800"
            >
              <th scope="row" className="px-3 py-2 font-mono text-xs font-normal [overflow-wrap:anywhere]">
                {describeRule(g.rule)}
              </th>
              <td className="px-3 py-2 [overflow-wrap:anywhere]">
                <Link href={bindingHref(g.binding)} className={`font-mono ${linkClass}`}>
                  {bindingLabel(g.binding)}
                </Link>
                {' → '}
                <Link href={roleHref(g.role)} className={`font-mono ${linkClass}`}>
                  {roleLabel(g.role)}
                </Link>
              </td>
              <td className="px-3 py-2">
                <span className={uses > 0 ? USED_CLASS : UNUSED_CLASS}>{uses > 0 ? 'used' : 'unused'}</span>{' '}
                <span className={`text-xs ${mutedClass}`}>
                  {uses > 0
                    ? `${usesText(uses)} (${usedVerbs.join(', ')} ${usedTargets.join(', ')}), ${lastUseText(lastUsed)}`
                    : lastUseText(undefined)}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {usage.grants.length > GRANTS_SHOWN && (
        <p className={`px-3 py-2 text-sm ${mutedClass}`}>
          … and {(usage.grants.length - GRANTS_SHOWN).toLocaleString('en')} more grants.
        </p>
      )}
    </div>
  );
}

function RequestTable({ requests }: { requests: SubjectUsage['requests'] }) {
  if (requests.length === 0) return <p className={`mt-3 text-sm ${mutedClass}`}>No request of it in the window.</p>;
  return (
    <div className="mt-4 overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-left text-sm" aria-label="Its requests">
        <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Request
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Allowed
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Denied
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Last
            </th>
          </tr>
        </thead>
        <tbody>
          {requests.slice(0, REQUESTS_SHOWN).map((r) => (
            <tr key={r.key} className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800">
              <th scope="row" className="px-3 py-2 font-mono font-normal break-words">
                {describeRequest(r.request)}
                {r.impersonators.length > 0 && (
                  <span className={`block text-xs ${mutedClass}`}>impersonated by {r.impersonators.join(', ')}</span>
                )}
              </th>
              <td className="px-3 py-2 text-right tabular-nums">{r.allowed.toLocaleString('en')}</td>
              <td
                className={`px-3 py-2 text-right tabular-nums ${r.denied > 0 ? 'font-semibold text-red-700 dark:text-red-400' : ''}`}
              >
                {r.denied.toLocaleString('en')}
              </td>
              <td className="px-3 py-2 whitespace-nowrap">{auditTime(r.last)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {requests.length > REQUESTS_SHOWN && (
        <p className={`px-3 py-2 text-sm ${mutedClass}`}>
          The {REQUESTS_SHOWN} most recent of {requests.length.toLocaleString('en')}.
        </p>
      )}
    </div>
  );
}
