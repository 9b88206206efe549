import { AutoForm } from '@/components/layout/auto-form';
import { ContextField } from '@/components/layout/context-link';
import { inputClass } from '@/components/layout/page-container';
import { NODE_KINDS_FILTER, viewParamsSchema, type ViewParams } from '@/lib/web/graph-params';

const KIND_NAMES: Record<(typeof NODE_KINDS_FILTER)[number], string> = {
  pods: 'Pods',
  serviceaccounts: 'Service accounts',
  users: 'Users',
  groups: 'Groups',
  bindings: 'Bindings',
  roles: 'Roles',
  resources: 'Resources',
};

const DEFAULTS = viewParamsSchema.parse({});

/**
 * The view's filters: each applies as it changes (a new history entry, so Back undoes it) and
 * lands in the URL only when it differs from the default; without script, a plain GET form.
 */
export function ViewFilters({
  params,
  hiddenSystem,
  hiddenUngranted,
}: {
  params: ViewParams;
  hiddenSystem: number;
  hiddenUngranted: number;
}) {
  return (
    <AutoForm
      label="View filters"
      className="space-y-4 text-sm"
      defaults={{
        mode: DEFAULTS.mode,
        layout: DEFAULTS.layout,
        view: DEFAULTS.view,
        kinds: NODE_KINDS_FILTER.join(','),
      }}
    >
      <ContextField />
      {params.node && <input type="hidden" name="node" value={params.node} />}
      {params.expand && params.expand.length > 0 && (
        <input type="hidden" name="expand" value={params.expand.join(',')} />
      )}
      <ModeField params={params} />
      <ShowFields params={params} hiddenSystem={hiddenSystem} hiddenUngranted={hiddenUngranted} />
      <KindFields params={params} />
      <HighlightFields params={params} />
      <ViewSelects params={params} />
    </AutoForm>
  );
}

function ModeField({ params }: { params: ViewParams }) {
  return (
    <fieldset>
      <legend className="mb-1 font-semibold">Mode</legend>
      {(['structure', 'access'] as const).map((m) => (
        <label key={m} className="mr-3 inline-flex items-center gap-1.5">
          <input type="radio" name="mode" value={m} defaultChecked={params.mode === m} />
          {m === 'structure' ? 'Structure' : 'Access'}
        </label>
      ))}
    </fieldset>
  );
}

/** Built-in bindings shown, subjects with no grants hidden: each says how many it hides. */
function ShowFields({
  params,
  hiddenSystem,
  hiddenUngranted,
}: {
  params: ViewParams;
  hiddenSystem: number;
  hiddenUngranted: number;
}) {
  return (
    <fieldset className="space-y-1">
      <legend className="mb-1 font-semibold">Show</legend>
      <label className="flex items-center gap-1.5">
        <input type="checkbox" name="builtin" value="show" defaultChecked={params.builtin === 'show'} />
        Kubernetes&apos; own bindings
        {params.builtin === 'hide' && hiddenSystem > 0 ? ` (${hiddenSystem} hidden)` : ''}
      </label>
      <label className="flex items-center gap-1.5">
        <input type="checkbox" name="ungranted" value="hide" defaultChecked={params.ungranted === 'hide'} />
        Hide subjects with no grants{params.ungranted === 'hide' ? ` (${hiddenUngranted} hidden)` : ''}
      </label>
    </fieldset>
  );
}

function KindFields({ params }: { params: ViewParams }) {
  const kinds = params.kinds ?? [...NODE_KINDS_FILTER];
  return (
    <fieldset className="space-y-1">
      <legend className="mb-1 font-semibold">Kinds</legend>
      {NODE_KINDS_FILTER.map((k) => (
        <label key={k} className="flex items-center gap-1.5">
          <input type="checkbox" name="kinds" value={k} defaultChecked={kinds.includes(k)} />
          {KIND_NAMES[k]}
        </label>
      ))}
    </fieldset>
  );
}

function HighlightFields({ params }: { params: ViewParams }) {
  return (
    <fieldset className="space-y-2">
      <legend className="mb-1 font-semibold">Highlight who can</legend>
      <label className="block">
        <span className="text-xs text-slate-600 dark:text-slate-400">Verb</span>
        <input className={inputClass} name="verb" defaultValue={params.verb ?? ''} placeholder="e.g. get" />
      </label>
      <label className="block">
        <span className="text-xs text-slate-600 dark:text-slate-400">Resource</span>
        <input className={inputClass} name="resource" defaultValue={params.resource ?? ''} placeholder="e.g. secrets" />
      </label>
    </fieldset>
  );
}

/** The layout (layered or force) and the view (graph or list). */
function ViewSelects({ params }: { params: ViewParams }) {
  return (
    <>
      <label className="block">
        <span className="font-semibold">Layout</span>
        <select name="layout" defaultValue={params.layout} className={inputClass}>
          <option value="layered">Layered (left to right)</option>
          <option value="force">Force (explore)</option>
        </select>
      </label>
      <label className="block">
        <span className="font-semibold">View</span>
        <select name="view" defaultValue={params.view} className={inputClass}>
          <option value="graph">Graph</option>
          <option value="list">List</option>
        </select>
      </label>
    </>
  );
}
