// The words of a right-sizing, one set for the page and the API: the check, and what it leaves.
import {
  bindingLabel,
  describeRequest,
  describeStoredSubject,
  subjectLabel,
  type BindingEdit,
  type Engine,
  type Rightsizing,
} from '@/lib/rbac';

/** "Every one of the 12 allowed requests it made (340 events) is still allowed after the change." */
export function checkText(r: Pick<Rightsizing, 'check'>): string {
  const c = r.check;
  if (c.requests === 0) return 'It made no allowed request in the window: the proposal grants nothing.';
  const made = `${c.requests.toLocaleString('en')} allowed request${c.requests === 1 ? '' : 's'} it made (${c.events.toLocaleString('en')} event${c.events === 1 ? '' : 's'})`;
  if (c.failures.length === 0) return `Every one of the ${made} is still allowed after the change.`;
  const first = c.failures
    .slice(0, 3)
    .map((f) => `${describeRequest(f.request)} (${f.where.file}:${f.where.line})`)
    .join('; ');
  return `${c.failures.length.toLocaleString('en')} of the ${made} would be denied after the change: ${first}.`;
}

/**
 * What the proposal leaves as it is and why: grants through groups (Kubernetes' own bindings, by
 * content, counted in one line: every identity of its kind has them).
 */
export function rightsizeNotes(engine: Engine, r: Rightsizing): string[] {
  const who = subjectLabel(r.subject);
  const own = r.throughGroups.filter((g) => engine.binding(g.binding)?.builtin === true);
  const groups = r.throughGroups.filter((g) => !own.includes(g));
  const ownGroups = [...new Set(own.map((g) => g.group))].join(', ');
  return [
    ...groups.map(
      (g) =>
        `${who} keeps what ${bindingLabel(g.binding)} grants to group ${g.group}: a group's binding is not its own to lose`,
    ),
    ...(own.length > 0 ? [`${who} keeps what ${own.length} of Kubernetes' own bindings grant to ${ownGroups}`] : []),
  ];
}

/** The bindings that also name others: edited to drop the subjects right-sized, not deleted. */
export function editNotes(edits: readonly BindingEdit[]): string[] {
  return edits
    .filter((e) => e.action === 'edited')
    .map(
      (e) =>
        `${bindingLabel(e.binding)} also names others: it is edited to drop ${e.removed.map(describeStoredSubject).join(', ')}, not deleted`,
    );
}
