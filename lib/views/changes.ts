// The RBAC changes the app has seen, per context, newest first: which bindings and roles were
// created, changed or deleted in one batch, and what each affected subject gained and lost (the
// engine's diff of the states before and after). Bounded: the oldest entries go first. Paths are
// left to /diff and the CLI: two attack graphs per watch batch would cost seconds on a large cluster.
import type { ObjectChange } from '@/lib/k8s/reflector';
import { diff, type ChangedObject, type Engine, type RbacObjectRef, type SubjectDiff } from '@/lib/rbac';
import { toCsv } from './csv';
import { objectText } from './diff-report';

export const HISTORY_LIMIT = 500;

export interface ChangeEntry {
  id: number;
  /** ISO time the batch was applied. */
  at: string;
  objects: ChangedObject[];
  subjects: SubjectDiff[];
}

const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

function rbacObject(change: ObjectChange): ChangedObject | undefined {
  if (!RBAC_KINDS.has(change.kind)) return undefined;
  const slash = change.key.indexOf('/');
  const namespace = slash >= 0 ? change.key.slice(0, slash) : undefined;
  return {
    kind: change.kind as RbacObjectRef['kind'],
    name: slash >= 0 ? change.key.slice(slash + 1) : change.key,
    ...(namespace && { namespace }),
    action: !change.before ? 'created' : !change.after ? 'deleted' : 'changed',
  };
}

export class ChangeHistory {
  private entries: ChangeEntry[] = [];
  private next = 1;

  /** Records a batch if it touched RBAC objects; pods, service accounts and namespaces are not RBAC changes. */
  record(before: Engine, after: Engine, changes: readonly ObjectChange[], at: Date): ChangeEntry | undefined {
    const byKey = new Map<string, ChangedObject>();
    for (const c of changes) {
      const o = rbacObject(c);
      if (!o) continue;
      const key = `${o.kind} ${o.namespace ?? ''}/${o.name}`;
      const earlier = byKey.get(key);
      // Created then changed in one batch is a creation; created then deleted, nothing at all.
      if (earlier?.action === 'created' && o.action === 'deleted') byKey.delete(key);
      else byKey.set(key, earlier?.action === 'created' ? earlier : o);
    }
    if (byKey.size === 0) return undefined;
    const objects = [...byKey.values()];
    const entry = {
      id: this.next++,
      at: at.toISOString(),
      objects,
      subjects: diff(before, after, { changed: objects }).subjects,
    };
    this.entries.unshift(entry);
    if (this.entries.length > HISTORY_LIMIT) this.entries.length = HISTORY_LIMIT;
    return entry;
  }

  /** Newest first. */
  list(): readonly ChangeEntry[] {
    return this.entries;
  }
}

/** One row per change, subject and gained or lost permission; a change that moved no permission keeps one row. */
export function changesCsv(entries: readonly ChangeEntry[]): string {
  const objects = (e: ChangeEntry) => e.objects.map(objectText).join('; ');
  const rows = entries.flatMap((e) => {
    const head = [e.at, objects(e)];
    if (e.subjects.length === 0) return [[...head, '', '', '', '', '', '', '', '']];
    return e.subjects.flatMap((s) => {
      const who = [s.subject.kind, s.subject.kind === 'ServiceAccount' ? s.subject.namespace : '', s.subject.name];
      const lines = [...s.gained.map((l) => ['gained', l] as const), ...s.lost.map((l) => ['lost', l] as const)];
      return lines.map(([change, l]) => [
        ...head,
        ...who,
        change,
        l.verbs.join(' '),
        l.target,
        l.namespace ?? '(cluster)',
        l.dangers.join(' '),
      ]);
    });
  });
  return toCsv(
    [
      'at',
      'objects',
      'subjectKind',
      'subjectNamespace',
      'subject',
      'change',
      'verbs',
      'target',
      'namespace',
      'dangers',
    ],
    rows,
  );
}
