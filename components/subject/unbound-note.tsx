// A user or group no binding names still has grants: every authenticated identity is in
// system:authenticated (anonymous requests in system:unauthenticated), and a group's members are
// such identities. Said plainly, above what the page shows, instead of a 404.
import { ContextLink as Link } from '@/components/layout/context-link';
import { linkClass } from '@/components/layout/page-container';
import { identityOfSubject, type SubjectRef } from '@/lib/rbac';
import {
  AUTHENTICATED_GROUP as AUTHENTICATED,
  UNAUTHENTICATED_GROUP as UNAUTHENTICATED,
} from '@/lib/rbac/model/identity';
import { subjectHref } from '@/lib/web/links';

function GroupLinks({ groups }: { groups: readonly string[] }) {
  return groups.map((g, i) => (
    <span key={g}>
      {i > 0 && ', '}
      <Link className={`font-mono ${linkClass}`} href={subjectHref({ kind: 'Group', name: g })}>
        {g}
      </Link>
    </span>
  ));
}

export function UnboundNote({ subject }: { subject: Extract<SubjectRef, { kind: 'User' | 'Group' }> }) {
  const groups = identityOfSubject(subject).groups;
  return (
    <p
      role="note"
      aria-label="No binding names it"
      className="mt-4 rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-slate-800 dark:border-sky-900 dark:bg-sky-950/40 dark:text-slate-100"
    >
      {subject.kind === 'User' ? (
        <>
          No binding names this user. Like every request of its kind it is in <GroupLinks groups={groups} />, and has
          what that is granted: shown below (Kubernetes&apos; own discovery rules behind &ldquo;Show built-in
          grants&rdquo;). Groups its identity provider adds may grant more.
        </>
      ) : subject.name === AUTHENTICATED || subject.name === UNAUTHENTICATED ? (
        <>No binding names this group: it grants nothing.</>
      ) : (
        <>
          No binding names this group: it grants nothing of its own. Its members are authenticated, so each has what{' '}
          <GroupLinks groups={[AUTHENTICATED]} /> grants.
        </>
      )}
    </p>
  );
}
