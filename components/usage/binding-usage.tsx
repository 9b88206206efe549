// A binding's use in the window read: who used it and when last, or never in the window.
import { mutedClass } from '@/components/layout/page-container';
import type { UsageWindow } from '@/lib/rbac/usage/types';
import type { BindingUse } from '@/lib/web/usage';
import { auditTime, lastUseText, windowText } from '@/lib/web/usage-words';
import { UNUSED_CLASS, USED_CLASS } from './subject-usage';

const USERS_SHOWN = 20;

export function BindingUsageView({ use, window: w }: { use: BindingUse | undefined; window: UsageWindow }) {
  const used = use !== undefined && use.requests > 0;
  return (
    <section className="mt-6" aria-labelledby="binding-usage-title">
      <h2 id="binding-usage-title" className="text-lg font-semibold">
        Use in the audit log
      </h2>
      <p className={`text-sm ${mutedClass}`}>Window: {windowText(w)}</p>
      <p role="status" className="mt-2 text-sm">
        <span className={used ? USED_CLASS : UNUSED_CLASS}>{used ? 'used' : 'unused'}</span>{' '}
        {used
          ? `${use.requests.toLocaleString('en')} allowed requests used it, ${lastUseText(use.last)}.`
          : 'No allowed request used it in the window.'}
      </p>
      {used && (
        <ul aria-label="Used by" className="mt-2 space-y-1 text-sm">
          {use.by.slice(0, USERS_SHOWN).map((b) => (
            <li key={b.user}>
              <span className="font-mono break-words">{b.user}</span>{' '}
              <span className={mutedClass}>
                — {b.requests.toLocaleString('en')} requests, last {auditTime(b.last)}
              </span>
            </li>
          ))}
          {use.by.length > USERS_SHOWN && <li className={mutedClass}>… and {use.by.length - USERS_SHOWN} more</li>}
        </ul>
      )}
    </section>
  );
}
