// The words of a right-sizing check, one set for the page and the API.
import { describeRequest } from '@/lib/rbac';
import type { RightsizeCheck } from './usage-rightsize';

/** "Every one of the 12 allowed request shapes it made is still allowed after the change." */
export function checkText(c: RightsizeCheck): string {
  if (c.checked === 0) return 'It made no allowed request in the window: the proposal grants nothing.';
  if (c.failures.length === 0)
    return `Every one of the ${c.checked.toLocaleString('en')} allowed request shapes it made is still allowed after the change.`;
  const first = c.failures
    .slice(0, 3)
    .map((f) => describeRequest(f.request))
    .join('; ');
  return `${c.failures.length.toLocaleString('en')} of ${c.checked.toLocaleString('en')} allowed request shapes would be denied after the change: ${first}.`;
}
