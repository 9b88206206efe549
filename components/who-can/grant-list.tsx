import { ContextLink as Link } from '@/components/layout/context-link';
import { bindingHref, roleHref, subjectHref } from '@/lib/web/links';
import { grantDangers, type Grant, type SubjectRef } from '@/lib/rbac';
import { grantWhyParts, type WhyPart } from '@/lib/reports/grant-words';

/**
 * Links in a why: underlined, so they differ from the words around them by more than a hue (the
 * sky-700 of a link on slate text is 1.3:1 apart, WCAG's 1.4.1 asks for a second cue).
 */
export const whyLinkClass =
  'text-sky-800 underline decoration-sky-700/60 underline-offset-2 hover:decoration-2 dark:text-sky-300 dark:decoration-sky-400/60';

/**
 * Each grant in the words the CLI and the API use (lib/reports/grant-words.ts): "via Group g:
 * RoleBinding ns/b → ClusterRole edit, rule 3: get, list on secrets", every object a link, red where
 * it is dangerous. `holder` is the subject asked about: a grant through a group says so.
 */
export function GrantList({ grants, holder }: { grants: readonly Grant[]; holder?: SubjectRef }) {
  return (
    <ul className="space-y-1 text-xs">
      {grants.map((g, i) => {
        const dangers = grantDangers(g);
        return (
          <li key={i} className={dangers.length ? 'text-red-800 dark:text-red-300' : ''}>
            <WhyWords parts={grantWhyParts(g, holder)} />
            {dangers.length > 0 && (
              <span className="ml-1 font-medium">({dangers.map((d) => d.title.split(':')[0]).join('; ')})</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** The parts of a why, each object a link to its page; words wrap between words, never mid-token. */
export function WhyWords({ parts }: { parts: readonly WhyPart[] }) {
  return (
    <span className="break-words">
      {parts.map((p, i) => {
        const href =
          'binding' in p
            ? bindingHref(p.binding)
            : 'role' in p
              ? roleHref(p.role)
              : 'subject' in p
                ? subjectHref(p.subject)
                : undefined;
        return href ? (
          <Link key={i} href={href} className={whyLinkClass}>
            {p.text}
          </Link>
        ) : (
          <span key={i}>{p.text}</span>
        );
      })}
    </span>
  );
}
