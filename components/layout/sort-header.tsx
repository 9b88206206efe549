import { ContextLink as Link } from './context-link';

type Order = 'asc' | 'desc';

/**
 * A column header that sorts by its column: a link to the other order when it is the sort, else to
 * its `first` order (names A→Z, counts largest first); `aria-sort` says which is shown.
 */
export function SortHeader({
  label,
  active,
  order,
  first,
  href,
  className,
}: {
  label: string;
  active: boolean;
  order: Order;
  first: Order;
  href: (order: Order) => string;
  className: string;
}) {
  const next = active ? (order === 'asc' ? 'desc' : 'asc') : first;
  return (
    <th scope="col" aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'} className={className}>
      <Link href={href(next)} className="hover:underline">
        {label}
        {active ? (order === 'asc' ? ' ↑' : ' ↓') : ''}
      </Link>
    </th>
  );
}
