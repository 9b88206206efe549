// A cluster or snapshot with no audit log configured: no usage to show, and how to get one.
import { AUDIT_LOG_DOCS } from '@/lib/web/usage-words';

export function NoAuditLog({ why }: { why: string }) {
  return (
    <section
      aria-label="No audit log"
      className="mt-4 rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <p role="status">{why}</p>
      <p className="mt-2 text-slate-700 dark:text-slate-300">
        What is used comes from the API server&apos;s audit log (kube-apiserver{' '}
        <span className="font-mono">--audit-policy-file</span> and <span className="font-mono">--audit-log-path</span>,
        or your provider&apos;s export). In a cluster, the chart mounts it with{' '}
        <span className="font-mono">auditLog.enabled=true</span>. How to get one: {AUDIT_LOG_DOCS}.
      </p>
    </section>
  );
}
