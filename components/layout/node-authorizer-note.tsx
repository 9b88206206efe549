// Where an answer is about a node's user or the system:nodes group: the Node authorizer grants more
// than RBAC shows, and RBAC Atlas does not model it (the words of lib/rbac/model/identity.ts).
import { namesNode, NODE_AUTHORIZER_NOTE } from '@/lib/rbac';

/** Shown when any of `subjects` (a subject, an identity's user and groups, who-can's answer) is a node's. */
export function NodeAuthorizerNote({ subjects }: { subjects: readonly { kind: string; name: string }[] }) {
  if (!subjects.some(namesNode)) return null;
  return (
    <p
      role="note"
      aria-label="Node authorizer"
      className="mt-4 rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-950 dark:border-sky-900 dark:bg-sky-950/40 dark:text-sky-100"
    >
      {NODE_AUTHORIZER_NOTE}
    </p>
  );
}
