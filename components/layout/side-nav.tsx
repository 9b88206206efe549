'use client';
// The left navigation: every list the dashboard has, the current one marked (aria-current). In
// `token` mode a section the viewer's access does not show is marked, with why, and not a link.
import { usePathname } from 'next/navigation';
import { useRefusal } from './access-refusals';
import { ContextLink as Link } from './context-link';
import { NAV_ITEMS } from './nav-items';

const itemClass =
  'block whitespace-nowrap rounded-md px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100 hover:text-slate-950 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white aria-[current=page]:bg-sky-100 aria-[current=page]:font-semibold aria-[current=page]:text-sky-900 dark:aria-[current=page]:bg-sky-950 dark:aria-[current=page]:text-sky-200';

const hiddenClass =
  'block whitespace-nowrap rounded-md px-3 py-1.5 text-sm text-slate-500 line-through decoration-slate-400 dark:text-slate-400 dark:decoration-slate-500 cursor-not-allowed';

export function SideNav() {
  return (
    <nav
      aria-label="Sections"
      className="flex gap-1 overflow-x-auto border-b border-slate-200 bg-white px-3 py-2 md:sticky md:top-0 md:h-[calc(100dvh-3.5rem)] md:w-44 md:shrink-0 md:flex-col md:overflow-y-auto md:border-r md:border-b-0 md:py-4 dark:border-slate-800 dark:bg-slate-900"
    >
      {NAV_ITEMS.map((item) => (
        <NavItem key={item.href} item={item} />
      ))}
    </nav>
  );
}

function NavItem({ item }: { item: (typeof NAV_ITEMS)[number] }) {
  const pathname = usePathname();
  const refused = useRefusal(item.href);
  if (refused !== undefined)
    return (
      <span className={hiddenClass} title={refused} data-hidden-section={item.href}>
        {item.label}
        <span className="sr-only"> ({refused})</span>
      </span>
    );
  return (
    <Link href={item.href} className={itemClass} aria-current={item.match(pathname) ? 'page' : undefined}>
      {item.label}
    </Link>
  );
}
