import { ContextLink as Link } from '@/components/layout/context-link';
import type { Provenance } from '@/lib/rbac';

const TEXT: Partial<Record<Provenance, { label: string; title: string; finding: string }>> = {
  default: {
    label: 'built-in',
    title: "Kubernetes' own: equal to its default in the bootstrap policy of a supported version",
    finding: '',
  },
  modified: {
    label: 'changed default',
    title: "Named like one of Kubernetes' defaults, but its rules, aggregation, role or subjects differ",
    finding: 'MODIFIED_DEFAULT',
  },
  impostor: {
    label: 'named like a built-in',
    title: "Named system:… or labelled as Kubernetes' bootstrap policy, but no supported version creates it",
    finding: 'BUILTIN_IMPOSTOR',
  },
};

/**
 * Where a role or binding comes from, when it is not simply the cluster's own: a grey "built-in"
 * for a default, and an amber tag linking to its finding for a changed default or an impostor
 * (amber, not red: red is for what a grant lets one do).
 */
export function ProvenanceTag({ provenance }: { provenance: Provenance | undefined }) {
  const text = provenance && TEXT[provenance];
  if (!text) return null;
  if (!text.finding)
    return (
      <span
        title={text.title}
        className="rounded bg-slate-200 px-1.5 py-0.5 text-xs text-slate-800 dark:bg-slate-700 dark:text-slate-100"
      >
        {text.label}
      </span>
    );
  return (
    <Link
      href={`/risks?id=${text.finding}`}
      title={text.title}
      className="rounded bg-amber-100 px-1.5 py-0.5 text-xs whitespace-nowrap text-amber-900 ring-1 ring-amber-300 ring-inset hover:underline focus-visible:outline-2 dark:bg-amber-950/60 dark:text-amber-200 dark:ring-amber-800"
    >
      {text.label}
    </Link>
  );
}
