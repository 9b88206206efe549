// Findings counted per severity: what /risks shows above its list (the same findings its list
// shows: Kubernetes' own only when asked for), and how many are Kubernetes' own.
import type { Finding } from './findings';
import { SEVERITIES, type Severity } from '../paths/techniques';

export interface FindingCounts {
  /** Per severity, over the findings shown (Kubernetes' own only when asked for). */
  severities: Record<Severity, number>;
  /** Kubernetes' own findings, shown or not. */
  builtin: number;
}

export function findingCounts(findings: readonly Finding[], builtin: boolean): FindingCounts {
  const severities = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  let own = 0;
  for (const f of findings) {
    if (f.builtin) own++;
    if (builtin || !f.builtin) severities[f.severity]++;
  }
  return { severities, builtin: own };
}
