import { ContextLink as Link } from '@/components/layout/context-link';
import { READY_QUESTIONS, readyRequest } from '@/lib/reports/ready-questions';
import { requestQuery } from '@/lib/web/query';

/**
 * The questions admins ask first, one click each: chips that open the who-can answer, in every
 * namespace or in `namespace`. Used above the who-can form and on the overview.
 */
export function ReadyQuestions({ namespace = '', current }: { namespace?: string; current?: string }) {
  return (
    <nav aria-label="Ready questions" className="mt-4">
      <ul className="flex flex-wrap gap-2 text-sm">
        {READY_QUESTIONS.map((question) => {
          const href = `/who-can?${requestQuery(readyRequest(question, namespace)).toString()}`;
          const here = current === href;
          return (
            <li key={question.id}>
              <Link
                href={href}
                aria-current={here ? 'page' : undefined}
                className={`inline-block rounded-full border px-3 py-1 focus-visible:outline-2 focus-visible:outline-sky-500 ${
                  here
                    ? 'border-sky-700 bg-sky-700 text-white dark:border-sky-400 dark:bg-sky-400 dark:text-slate-950'
                    : 'border-slate-300 bg-white text-slate-800 hover:border-sky-700 hover:text-sky-800 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:border-sky-400 dark:hover:text-sky-300'
                }`}
              >
                {namespace ? question.inNamespace(namespace) : question.label}?
              </Link>
            </li>
          );
        })}
        {namespace && (
          <li className="self-center">
            <Link href="/who-can" className="text-sky-800 underline underline-offset-2 dark:text-sky-300">
              or in every namespace
            </Link>
          </li>
        )}
      </ul>
    </nav>
  );
}
