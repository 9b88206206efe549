import type { RiskStatus } from '@/lib/rbac';
import { riskStatusText } from '@/lib/reports/risk-status';

/**
 * Beside any answer made of attack paths or findings: that they are still being computed (the
 * answer is empty, never "none"), or that they are a previous version's while the current one's are
 * built. Nothing when they are current.
 */
export function RiskStatusNotice({ status, className = 'mt-3' }: { status: RiskStatus; className?: string }) {
  const t = riskStatusText(status);
  if (!t) return null;
  const computing = status.state === 'computing';
  return (
    <div
      role="status"
      aria-label={computing ? 'Risks computing' : 'Risks as of an earlier version'}
      data-risk-state={status.state}
      className={`${className} rounded-md border px-3 py-2 text-sm ${
        computing
          ? 'border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100'
          : 'border-slate-300 bg-slate-50 text-slate-800 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200'
      }`}
    >
      <p>
        <strong className="font-semibold">{t.title}.</strong> {t.text}
      </p>
      {'progress' in status && status.progress > 0 && (
        <progress value={status.progress} max={1} aria-label="Progress" className="mt-1 h-1.5 w-48 align-middle" />
      )}
    </div>
  );
}
