// The words of a right-sizing, one set for the page and the API: the check, and what it leaves.
import { rightsizeSummary } from '@/lib/reports/rightsize-report';
import {
  bindingLabel,
  describeStoredSubject,
  subjectLabel,
  type BindingEdit,
  type Engine,
  type Rightsizing,
} from '@/lib/rbac';

/** The engine's after check in the reports' words ("After check: 12 requests (340 events) re-checked …, 0 failures."). */
export function checkText(r: Rightsizing): string {
  return rightsizeSummary(r).find((l) => l.startsWith('After check')) ?? '';
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
