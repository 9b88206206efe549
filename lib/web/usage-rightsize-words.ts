// The words of a right-sizing, one set for the page and the API: the check, and what it leaves.
import { bindingLabel, describeRequest, subjectLabel, type Rightsizing } from '@/lib/rbac';

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

/** What the proposal leaves as it is and why: grants through groups, edited bindings. */
export function rightsizeNotes(r: Rightsizing): string[] {
  const who = subjectLabel(r.subject);
  return [
    ...r.throughGroups.map(
      (g) =>
        `${who} keeps what ${bindingLabel(g.binding)} grants to group ${g.group}: a group's binding is not its own to lose`,
    ),
    ...r.replaced
      .filter((e) => e.action === 'edited')
      .map((e) => `${bindingLabel(e.binding)} also names others: it is edited to drop ${who}, not deleted`),
  ];
}
