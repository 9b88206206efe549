// Which feature gates the API server runs with, from its /metrics: every Kubernetes component
// reports each gate as `kubernetes_feature_enabled{name="ConstrainedImpersonation",stage="BETA"} 1`
// (k8s.io/component-base featuregate/feature_gate.go, its featureinfo gauge). Reading /metrics
// needs `get` on that non-resource URL (the system:monitoring ClusterRole); a credential without it
// gets 403, and the answers then follow the version's default gates: never a failure of the source.
import { FEATURE_GATES, type FeatureGate } from '@/lib/rbac/model/kube-version';
import type { Transport } from './transport';

const METRIC = 'kubernetes_feature_enabled';
const KNOWN = new Set<string>(FEATURE_GATES.map((g) => g.gate));

/** Each `key="value"` of a Prometheus label set (the values here never hold escaped quotes). */
function labels(text: string): Map<string, string> {
  return new Map([...text.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

/** One exposition line: the gate it reports and whether it is on, or undefined for any other line. */
export function featureLine(line: string): { gate: string; enabled: boolean } | undefined {
  const m = /^kubernetes_feature_enabled\{([^}]*)\}\s+(\S+)/.exec(line);
  const gate = m && labels(m[1]!).get('name');
  if (!m || !gate) return undefined;
  return { gate, enabled: Number(m[2]) === 1 };
}

/**
 * What a tail of lines says of the gates RBAC Atlas models: a gate the server does not report is
 * left out (its version's default stands). `done` once the metric's lines have passed: the
 * exposition format keeps a metric's samples together, so the rest of a large body is not read.
 */
export class FeatureGateLines {
  readonly gates: Partial<Record<FeatureGate, boolean>> = {};
  /** The metric was seen at all: the server reports its gates. */
  seen = false;
  done = false;

  add(line: string): void {
    const f = featureLine(line);
    if (f) {
      this.seen = true;
      if (KNOWN.has(f.gate)) this.gates[f.gate as FeatureGate] = f.enabled;
    } else if (this.seen && !line.startsWith(`# HELP ${METRIC}`) && !line.startsWith(`# TYPE ${METRIC}`)) {
      this.done = true;
    }
  }
}

/**
 * The gates /metrics reports, or undefined when it cannot be read (403, an error, a server that
 * does not report them): the caller then models the version's defaults.
 */
export async function readFeatureGates(
  transport: Required<Pick<Transport, 'lines'>>,
  signal: AbortSignal,
): Promise<Partial<Record<FeatureGate, boolean>> | undefined> {
  const found = new FeatureGateLines();
  try {
    await transport.lines('/metrics', 'text/plain', signal, (line) => {
      found.add(line);
      return !found.done;
    });
  } catch {
    return undefined;
  }
  return found.seen ? found.gates : undefined;
}
