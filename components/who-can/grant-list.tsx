import { ContextLink as Link } from '@/components/layout/context-link';
import { roleHref } from '@/lib/web/links';
import { linkClass } from '@/components/layout/page-container';
import { describeBinding, describeRole, describeRule, grantDangers, type Grant } from '@/lib/rbac';

/** Each grant as its chain: binding → role → rule, red where it is dangerous. */
export function GrantList({ grants, via }: { grants: readonly Grant[]; via?: (g: Grant) => string | undefined }) {
  return (
    <ul className="space-y-1 text-xs">
      {grants.map((g, i) => {
        const dangers = grantDangers(g);
        const v = via?.(g);
        return (
          <li key={i} className={dangers.length ? 'text-red-800 dark:text-red-300' : ''}>
            {v && <span className="text-slate-500 dark:text-slate-400">via {v}: </span>}
            {describeBinding(g.binding)} →{' '}
            <Link href={roleHref(g.role)} className={linkClass}>
              {describeRole(g.role)}
            </Link>
            , rule {g.ruleIndex}: <span className="font-mono [overflow-wrap:anywhere]">{describeRule(g.rule)}</span>
            {dangers.length > 0 && <span className="ml-1 font-medium">({dangers.map((d) => d.id).join(', ')})</span>}
          </li>
        );
      })}
    </ul>
  );
}
