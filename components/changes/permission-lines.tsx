// What a subject gained or lost, as lines to read: the same verbs on several resources in the same
// namespaces together, dangers marked, the long tail folded. /changes and /diff show it alike.
import type { DiffPermission } from '@/lib/rbac';
import { permissionLines, scopeText } from '@/lib/views/diff-report';

const TONE = {
  gained: 'text-emerald-700 dark:text-emerald-400',
  lost: 'text-red-700 dark:text-red-400',
};

const LINES_SHOWN = 8;
const TARGETS_SHOWN = 6;

export function PermissionLines({ label, perms }: { label: 'gained' | 'lost'; perms: readonly DiffPermission[] }) {
  if (perms.length === 0) return null;
  const lines = permissionLines(perms);
  const item = (l: (typeof lines)[number]) => (
    <li key={`${l.namespaces.join()} ${l.verbs.join()} ${l.targets.join()}`}>
      <span className={`font-medium ${TONE[label]}`}>{label}</span>{' '}
      <span className="font-mono">{l.verbs.join(', ')}</span> on <Targets targets={l.targets} />{' '}
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
      {lines.slice(0, LINES_SHOWN).map(item)}
      {lines.length > LINES_SHOWN && (
        <li>
          <details>
            <summary className="cursor-pointer text-slate-600 dark:text-slate-400">
              and {lines.length - LINES_SHOWN} more {label}
            </summary>
            <ul className="space-y-0.5">{lines.slice(LINES_SHOWN).map(item)}</ul>
          </details>
        </li>
      )}
    </ul>
  );
}

/** A few resources inline; a long list (a role like view has dozens) folds behind its count. */
function Targets({ targets }: { targets: string[] }) {
  if (targets.length <= TARGETS_SHOWN) return <span className="font-mono">{targets.join(', ')}</span>;
  return (
    <details className="inline">
      <summary className="inline cursor-pointer">
        <span className="font-mono">{targets.slice(0, TARGETS_SHOWN - 1).join(', ')}</span> and{' '}
        {targets.length - TARGETS_SHOWN + 1} more resources
      </summary>
      <span className="font-mono">{targets.slice(TARGETS_SHOWN - 1).join(', ')}</span>
    </details>
  );
}
