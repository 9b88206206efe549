// An inventory's filters: name, namespace, kinds, only dangerous, built-ins shown; each applies as
// it changes (AutoForm), a plain GET form without script.
import { AutoForm } from '@/components/layout/auto-form';
import { ContextField, ContextLink as Link } from '@/components/layout/context-link';
import { inputClass, linkClass } from '@/components/layout/page-container';
import type { InventoryList } from '@/lib/rbac';
import type { InventoryState } from '@/lib/web/inventory-params';

const KIND_WORDS: Record<string, string> = {
  Role: 'Roles',
  ClusterRole: 'ClusterRoles',
  RoleBinding: 'RoleBindings',
  ClusterRoleBinding: 'ClusterRoleBindings',
  ServiceAccount: 'Service accounts',
  User: 'Users',
  Group: 'Groups',
};

export function InventoryFilters<L extends InventoryList>({
  noun,
  kinds,
  state,
  hiddenBuiltin,
  showBuiltinHref,
}: {
  noun: string;
  /** The kinds the list holds, each a checkbox. */
  kinds: readonly string[];
  state: InventoryState<L>;
  /** How many built-in objects the filters hide. */
  hiddenBuiltin: number;
  /** The same list with the built-ins shown. */
  showBuiltinHref: string;
}) {
  const hidden = !state.builtin && hiddenBuiltin > 0;
  return (
    <AutoForm
      label={`Filter ${noun}`}
      defaults={{ kind: kinds.join(',') }}
      className="mt-4 flex flex-wrap items-end gap-x-5 gap-y-3 rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <ContextField />
      <label className="block w-full sm:w-64">
        <span className="text-slate-600 dark:text-slate-400">Name contains</span>
        <input type="search" name="filter" defaultValue={state.filter} className={inputClass} />
      </label>
      <label className="block w-full sm:w-48">
        <span className="text-slate-600 dark:text-slate-400">Namespace</span>
        <input
          type="search"
          name="namespace"
          defaultValue={state.namespace ?? ''}
          placeholder="any namespace if empty"
          className={inputClass}
        />
      </label>
      <KindBoxes kinds={kinds} checked={state.kinds} />
      <label className="inline-flex items-center gap-1.5 py-1">
        <input type="checkbox" name="danger" value="only" defaultChecked={state.dangerous} />
        Only dangerous
      </label>
      <label className="inline-flex items-center gap-1.5 py-1">
        <input type="checkbox" name="builtin" value="show" defaultChecked={state.builtin} />
        Show built-in{' '}
        {hidden && (
          <span className="text-slate-500 dark:text-slate-400">({hiddenBuiltin.toLocaleString('en')} hidden)</span>
        )}
      </label>
      {hidden && (
        <Link className={`py-1 ${linkClass}`} href={showBuiltinHref}>
          Show Kubernetes&apos; own
        </Link>
      )}
    </AutoForm>
  );
}

/** A checkbox per kind; none chosen in the URL is every one. */
function KindBoxes({ kinds, checked }: { kinds: readonly string[]; checked: readonly string[] }) {
  return (
    <fieldset className="flex flex-wrap gap-x-3">
      <legend className="sr-only">Kinds</legend>
      {kinds.map((k) => (
        <label key={k} className="inline-flex items-center gap-1.5 py-1">
          <input type="checkbox" name="kind" value={k} defaultChecked={checked.length === 0 || checked.includes(k)} />
          {KIND_WORDS[k]}
        </label>
      ))}
    </fieldset>
  );
}
