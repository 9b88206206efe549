// A role's panel: its rules, the first hundred rows of them, and where it is bound.
import { ContextLink as Link } from '@/components/layout/context-link';
import { linkClass } from '@/components/layout/page-container';
import { RuleTable } from '@/components/role/rule-table';
import { roleHref } from '@/lib/web/links';
import { ruleTable, type Engine, type RoleRef } from '@/lib/rbac';
import { PANEL_ROWS_LIMIT } from './shared';

export function RolePanel({ engine, role: r }: { engine: Engine; role: RoleRef }) {
  const rows = ruleTable(engine.role(r)?.rules ?? []);
  return (
    <>
      <Link href={roleHref(r)} className="text-sm text-sky-700 underline dark:text-sky-400">
        Where this role is bound, and to whom →
      </Link>
      <RuleTable rows={rows.slice(0, PANEL_ROWS_LIMIT)} caption={`Rules of ${r.kind} ${r.name}`} narrow />
      {rows.length > PANEL_ROWS_LIMIT && (
        <Link href={`${roleHref(r)}#rules-title`} className={`text-xs ${linkClass}`}>
          … and {(rows.length - PANEL_ROWS_LIMIT).toLocaleString('en')} more rule rows
        </Link>
      )}
    </>
  );
}
