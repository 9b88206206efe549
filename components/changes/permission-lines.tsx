// What a subject gained or lost, as lines to read: the same verbs on several resources in the same
// namespaces together, dangers marked, the long tail folded. /changes and /diff show it alike.
import { permissionLines, scopeText, type ListedPermission } from '@/lib/reports/diff-lines';

const TONE = {
  gained: 'text-emerald-700 dark:text-emerald-400',
  lost: 'text-red-700 dark:text-red-400',
};

/**
 * How much is drawn: lines shown, then folded (the rest counted), and per line targets shown, then
 * folded. /diff draws every folded line; /changes bounds them so that a page stays small whatever
 * the change (the rest is in the entry's pages, the CSV and the API).
 */
export interface LineCaps {
  shown: number;
  folded: number;
  targets: number;
  targetsFolded: number;
}

const ALL: LineCaps = { shown: 8, folded: Infinity, targets: 6, targetsFolded: Infinity };

export function PermissionLines({
  label,
  perms,
  caps = ALL,
}: {
  label: 'gained' | 'lost';
  perms: readonly ListedPermission[];
  caps?: LineCaps;
}) {
  if (perms.length === 0) return null;
  const lines = permissionLines(perms);
  const folded = lines.slice(caps.shown, caps.shown + caps.folded);
  const unshown = lines.length - caps.shown - folded.length;
  // Keyed by place: a line's targets can be thousands long, and keys travel with the page.
  const item = (l: (typeof lines)[number], i: number) => (
    <li key={i}>
      <span className={`font-medium ${TONE[label]}`}>{label}</span>{' '}
      <span className="font-mono">{l.verbs.join(', ')}</span> on <Targets targets={l.targets} caps={caps} />{' '}
      <span className="text-slate-600 dark:text-slate-400">{scopeText(l.namespaces)}</span>
      {l.dangers.length > 0 && (
        <span className="ml-1 rounded bg-amber-100 px-1 text-amber-900 dark:bg-amber-950 dark:text-amber-200">
          {l.dangers.join(', ')}
        </span>
      )}
      <span className="ml-1 text-slate-600 dark:text-slate-400">· {l.via.slice(0, 2).join('; ')}</span>
    </li>
  );
  return (
    <ul className="mt-0.5 ml-4 space-y-0.5 text-xs">
      {lines.slice(0, caps.shown).map(item)}
      {folded.length > 0 && (
        <li>
          <details>
            <summary className="cursor-pointer text-slate-600 dark:text-slate-400">
              and {(lines.length - caps.shown).toLocaleString('en')} more {label}
            </summary>
            <ul className="space-y-0.5">{folded.map(item)}</ul>
            {unshown > 0 && <Unshown n={unshown} noun="lines" />}
          </details>
        </li>
      )}
      {folded.length === 0 && unshown > 0 && (
        <li>
          <Unshown n={unshown} noun={`${label} lines`} />
        </li>
      )}
    </ul>
  );
}

function Unshown({ n, noun }: { n: number; noun: string }) {
  return (
    <span className="text-slate-600 dark:text-slate-400">
      and {n.toLocaleString('en')} more {noun} not drawn here (in the CSV export and the API)
    </span>
  );
}

/** A few resources inline; a long list (a role like view has dozens) folds behind its count. */
function Targets({ targets, caps }: { targets: string[]; caps: LineCaps }) {
  if (targets.length <= caps.targets) return <span className="font-mono">{targets.join(', ')}</span>;
  const shown = caps.targets - 1;
  const folded = targets.slice(shown, shown + caps.targetsFolded);
  const unshown = targets.length - shown - folded.length;
  const head = <span className="font-mono">{targets.slice(0, shown).join(', ')}</span>;
  if (folded.length === 0)
    return (
      <span>
        {head} and {unshown.toLocaleString('en')} more resources
      </span>
    );
  return (
    <details className="inline">
      <summary className="inline cursor-pointer">
        {head} and {(targets.length - shown).toLocaleString('en')} more resources
      </summary>
      <span className="font-mono">{folded.join(', ')}</span>
      {unshown > 0 && ` and ${unshown.toLocaleString('en')} more`}
    </details>
  );
}
