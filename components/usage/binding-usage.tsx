// A binding's use in the window read: who used it and when last, or never in the window.
import { mutedClass } from '@/components/layout/page-container';
import type { UsageWindow } from '@/lib/rbac/usage/types';
import { subjectOfUser, type BindingUse } from '@/lib/rbac';
import { ContextLink as Link } from '@/components/layout/context-link';
import { linkClass } from '@/components/layout/page-container';
import { subjectHref } from '@/lib/web/links';
import { auditTime, lastUseText, usesText, windowText } from '@/lib/web/usage-words';
import { UNUSED_CLASS, USED_CLASS } from './subject-usage';

const USERS_SHOWN = 20;

export function BindingUsageView(props: {
  use: BindingUse | undefined;
  by: { user: string; uses: number; last?: number }[];
  window: UsageWindow;
}) {
  const { use, by, window: w } = props;
  const used = use !== undefined && use.uses > 0;
  return (
    <section className="mt-6" aria-labelledby="binding-usage-title">
      <h2 id="binding-usage-title" className="text-lg font-semibold">
        Use in the audit log
      </h2>
      <p className={`text-sm ${mutedClass}`}>{windowText(w)}</p>
      <p role="status" className="mt-2 text-sm">
        <span className={used ? USED_CLASS : UNUSED_CLASS}>{used ? 'used' : 'unused'}</span>{' '}
        {used
          ? `${usesText(use.uses)} used it, ${lastUseText(use.lastUsed)}.`
          : 'No allowed request used it in the window.'}
      </p>
      {used && (
        <ul aria-label="Used by" className="mt-2 space-y-1 text-sm">
          {by.slice(0, USERS_SHOWN).map((b) => (
            <li key={b.user}>
              <Link href={subjectHref(subjectOfUser(b.user))} className={`font-mono break-words ${linkClass}`}>
                {b.user}
              </Link>{' '}
              <span className={mutedClass}>
                — {usesText(b.uses)}
                {b.last !== undefined && `, last ${auditTime(b.last)}`}
              </span>
            </li>
          ))}
          {by.length > USERS_SHOWN && <li className={mutedClass}>… and {by.length - USERS_SHOWN} more</li>}
        </ul>
      )}
    </section>
  );
}
