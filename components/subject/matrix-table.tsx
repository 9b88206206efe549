'use client';
// A permission matrix as a table: resource × verb, rows grouped by API group (matrix-rows), each
// allowed cell opening its why (matrix-why); then the non-resource URLs.
import type { CompactMatrix } from '@/lib/reports/compact-matrix';
import { MatrixGroup } from './matrix-rows';
import { useWhyPopover, WhyPopover } from './matrix-why';

export function MatrixTable({
  matrix,
  caption,
  id,
  narrow = false,
}: {
  matrix: CompactMatrix;
  caption: string;
  id: string;
  /** In a side panel: a narrower resource column, so the verbs fit beside it. */
  narrow?: boolean;
}) {
  const why = useWhyPopover();
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-xs" aria-label={`Permissions ${caption}`}>
        <caption className="sr-only">Permissions {caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="sticky left-0 bg-white px-2 py-1 text-left font-medium dark:bg-slate-900">
              Resource
            </th>
            {matrix.verbs.map((v) => (
              <th key={v} scope="col" className="px-1 py-1 text-center font-medium">
                <VerbHeading verb={v} />
              </th>
            ))}
          </tr>
        </thead>
        {matrix.groups.map((g) => (
          <MatrixGroup
            key={g.group}
            group={g}
            verbs={matrix.verbs}
            titled={matrix.groups.length > 1}
            narrow={narrow}
            onOpen={why.show}
          />
        ))}
      </table>
      <NonResourceUrls urls={matrix.nonResource} />
      <WhyPopover id={id} popover={why.popover} open={why.open} grants={matrix.grants} onClose={why.hide} />
    </div>
  );
}

/** A verb as a column heading: constrained impersonation's long verbs may break after each colon. */
function VerbHeading({ verb }: { verb: string }) {
  const parts = verb.split(':');
  if (parts.length === 1) return verb;
  return parts.map((p, i) => (
    <span key={i}>
      {p}
      {i < parts.length - 1 && (
        <>
          :<wbr />
        </>
      )}
    </span>
  ));
}

function NonResourceUrls({ urls }: { urls: CompactMatrix['nonResource'] }) {
  if (urls.length === 0) return null;
  return (
    <>
      <h4 className="mt-3 text-xs font-semibold">Non-resource URLs</h4>
      <ul className="mt-1 text-xs">
        {urls.map((n) => (
          <li key={n.url} className="font-mono break-words">
            {n.url}: {n.verbs.join(', ')}
          </li>
        ))}
      </ul>
    </>
  );
}
