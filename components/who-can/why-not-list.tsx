import { ContextLink as Link } from '@/components/layout/context-link';
import { linkClass } from '@/components/layout/page-container';
import { describeRequest, type AccessRequest } from '@/lib/rbac';
import { whyNotHeading, type WhyNotReport } from '@/lib/reports/why-not';
import { bindingHref } from '@/lib/web/links';

/**
 * A no's near misses, in the words the CLI and the API use (lib/reports/why-not.ts): each binding
 * one change from a yes, what it says, what the request has, the fix; and where changing the
 * request is the one change, a link that asks the changed request.
 */
export function WhyNotList({ report, ask }: { report: WhyNotReport; ask: (request: AccessRequest) => string }) {
  return (
    <section aria-label="Why not" className="mt-3 border-t border-slate-200 pt-3 dark:border-slate-800">
      <h3 className="text-sm font-semibold">{whyNotHeading(report)}</h3>
      <ol className="mt-2 list-decimal space-y-2 pl-5 text-sm">
        {report.nearMisses.map((m, i) => (
          <li key={i}>
            <Link href={bindingHref(m.binding)} className={linkClass}>
              {m.where}
            </Link>
            <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-900/40 dark:text-amber-200">
              {m.attribute}
            </span>
            <p className="text-xs text-slate-600 dark:text-slate-400 [overflow-wrap:anywhere]">
              {/* A rule's lists and the request's value as code; what a binding says, as words. */}
              It says <span className={m.fixedRule ? 'font-mono' : ''}>{m.says}</span>; the request has{' '}
              <span className={m.fixedRule ? 'font-mono' : ''}>{m.has}</span>.
            </p>
            <p className="text-xs">
              <span className="font-medium">Fix:</span> <WithCode text={m.fix} />.
              {m.allows && (
                <>
                  {' '}
                  <Link href={ask(m.allows)} className={linkClass}>
                    Ask {describeRequest(m.allows)}
                  </Link>
                </>
              )}
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The words' `quoted` values as code, the rest as text: the same words as the terminal's. */
function WithCode({ text }: { text: string }) {
  return text.split(/`([^`]*)`/).map((part, i) =>
    i % 2 === 1 ? (
      <code key={i} className="rounded bg-slate-100 px-1 font-mono dark:bg-slate-800">
        {part}
      </code>
    ) : (
      part
    ),
  );
}
