// "Signed in as <name>" and the sign-out control, in the header, in token mode. A viewer who came
// with an Authorization header (an authenticating proxy in front) has no session to end here:
// the button then only clears a cookie it does not have, and the proxy signs them in again.
import type { ReviewedUser } from '@/lib/web/viewer-header';
import { SignOutButton } from './sign-out-button';

export function ViewerBadge({ viewer }: { viewer: ReviewedUser }) {
  return (
    <span className="flex shrink-0 items-center gap-2 text-xs" data-testid="viewer">
      <span className="whitespace-nowrap text-slate-600 dark:text-slate-400" title={viewer.groups.join(', ')}>
        Signed in as{' '}
        <span
          className="inline-block max-w-[24ch] truncate align-bottom font-medium text-slate-900 dark:text-slate-100"
          title={viewer.username}
        >
          {viewer.username}
        </span>
      </span>
      <SignOutButton />
    </span>
  );
}
