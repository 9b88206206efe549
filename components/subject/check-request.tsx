import { ContextField } from '@/components/layout/context-link';
import { buttonClass, inputClass } from '@/components/layout/page-container';
import { identityOfSubject, type SubjectRef } from '@/lib/rbac';

type Person = Extract<SubjectRef, { kind: 'ServiceAccount' | 'User' }>;

/**
 * "Can it do this?" for one subject: a GET form to the who-can page with the subject as `user`
 * (a service account gets its groups, as with --as), which answers yes or no and, for a no, why
 * not. A group has no user to ask as, so only service accounts and users have it.
 */
export function CheckRequest({ subject }: { subject: Person }) {
  const user = identityOfSubject(subject).user;
  const fields = [
    ['verb', 'Verb', 'e.g. get', ''],
    ['resource', 'Resource', 'e.g. pods/log', ''],
    ['name', 'Name', 'any if empty', ''],
    ['namespace', 'Namespace', 'all if empty', subject.kind === 'ServiceAccount' ? subject.namespace : ''],
  ] as const;
  return (
    <section className="mt-6" aria-labelledby="check-title">
      <h2 id="check-title" className="text-lg font-semibold">
        Check a request
      </h2>
      <form
        method="get"
        action="/who-can"
        aria-label="Check a request"
        className="mt-2 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900"
      >
        <ContextField />
        <input type="hidden" name="user" value={user} />
        {fields.map(([name, label, placeholder, value]) => (
          <label key={name} className="block w-40">
            <span className="text-slate-600 dark:text-slate-400">{label}</span>
            <input
              name={name}
              defaultValue={value}
              placeholder={placeholder}
              className={inputClass}
              autoComplete="off"
            />
          </label>
        ))}
        <button type="submit" className={buttonClass}>
          Check
        </button>
        <p className="w-full text-xs text-slate-600 dark:text-slate-400">
          Answered as {user} would be, with the bindings behind a yes or the near misses behind a no.
        </p>
      </form>
    </section>
  );
}
