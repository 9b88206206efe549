// Why not, as the CLI and the API give it: each near miss the engine names (near-misses.ts) with
// its words (describe.ts describeNearMiss), so the JSON, the terminal and the pages say the same.
import {
  describeNearMiss,
  nearMissLine,
  type AccessRequest,
  type NearMiss,
  type NearMissWords,
  type WhyNot,
} from '@/lib/rbac';

/** A near miss and its words; `text` is the whole of it on one line, as the CLI prints it. */
export type NearMissReport = NearMiss & NearMissWords & { text: string };

export interface WhyNotReport {
  nearMisses: NearMissReport[];
  /** How many the engine found; at most NEAR_MISSES_SHOWN are listed. */
  nearMissesTotal: number;
}

export function whyNotReport(answer: WhyNot, request: AccessRequest): WhyNotReport {
  return {
    nearMisses: answer.nearMisses.map((m) => {
      const words = describeNearMiss(m, request);
      return { ...m, ...words, text: nearMissLine(words) };
    }),
    nearMissesTotal: answer.total,
  };
}

/** The heading over a why-not list: "Why not: 3 near misses, each…", "Why not: the best 10 of 14 near misses, each…". */
export function whyNotHeading(report: WhyNotReport): string {
  const { nearMisses: shown, nearMissesTotal: total } = report;
  if (total === 0) return 'Why not: no binding is one change away from allowing it';
  const count = shown.length < total ? `the best ${shown.length} of ${total}` : `${total}`;
  return total === 1
    ? 'Why not: 1 near miss, one change from a yes'
    : `Why not: ${count} near misses, each one change from a yes`;
}
