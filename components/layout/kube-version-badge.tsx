// The Kubernetes version the answers model, beside the source: "Kubernetes 1.36", its title listing
// each feature gate and where the version and the gates came from (the words of
// lib/rbac/model/kube-version.ts, as the CLI and the API say them).
import { kubeVersionDetails, kubeVersionTitle, type KubeVersion } from '@/lib/rbac';

export function KubeVersionBadge({ version }: { version: KubeVersion }) {
  const details = kubeVersionDetails(version);
  return (
    <span
      title={details.join('\n')}
      aria-label={`Answers model ${details.join('. ')}`}
      data-testid="kube-version"
      className="cursor-help rounded-full border border-slate-300 px-2 py-0.5 text-xs font-medium whitespace-nowrap text-slate-700 dark:border-slate-600 dark:text-slate-200"
    >
      {kubeVersionTitle(version)}
      {version.nearest && <span aria-hidden="true"> (nearest)</span>}
    </span>
  );
}
