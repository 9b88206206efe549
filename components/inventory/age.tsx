import { mutedClass } from '@/components/layout/page-container';
import type { InventorySort } from '@/lib/rbac';
import type { Column } from './inventory-view';

/** kubectl's AGE column: "5d", "3h", "12m"; the exact time on hover; "—" when the source had none. */
export function Age({ created, now }: { created?: string; now: number }) {
  if (!created) return <span className={mutedClass}>—</span>;
  return (
    <time dateTime={created} title={created}>
      {ageText(now - Date.parse(created))}
    </time>
  );
}

export function ageText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  return d < 730 ? `${d}d` : `${Math.floor(d / 365)}y`;
}

/**
 * The Age column of an inventory, or none when no row on the page has a creation time (the bundled
 * demo, snapshots written without metadata): a column of dashes says nothing.
 */
export function ageColumn<L extends 'roles' | 'bindings', T extends { created?: string }>(
  rows: readonly T[],
  now: number,
): Column<L, T>[] {
  if (!rows.some((r) => r.created)) return [];
  return [
    {
      label: 'Age',
      sort: 'age' as InventorySort<L>,
      wide: true,
      cell: (r) => <Age now={now} {...(r.created && { created: r.created })} />,
    },
  ];
}
