// The Kubernetes version the engine answers for: a minor version and the feature gates whose
// authorization rules differ by version. Defaults follow pkg/features/kube_features.go and
// k8s.io/apiserver/pkg/features/kube_features.go of v1.36.3 (versioned feature specs).

/** Feature gates that change who may do what, so change answers. */
export type FeatureGate = 'ConstrainedImpersonation' | 'AuthorizePodWebsocketUpgradeCreatePermission';

export interface FeatureGateSpec {
  gate: FeatureGate;
  /** The first minor it exists in, and the first it is on by default (undefined: never yet). */
  since: number;
  onByDefaultSince?: number;
  /** What it changes in RBAC Atlas' answers. */
  effect: string;
}

export const FEATURE_GATES: readonly FeatureGateSpec[] = [
  {
    gate: 'ConstrainedImpersonation',
    since: 35,
    onByDefaultSince: 36,
    effect:
      'impersonate:<mode> and impersonate-on:<mode>:<verb> (KEP-5284): impersonating a service account, a node or a ' +
      'user with only the actions impersonate-on allows',
  },
  {
    gate: 'AuthorizePodWebsocketUpgradeCreatePermission',
    since: 35,
    onByDefaultSince: 35,
    effect: 'exec, attach and port-forward over WebSocket need create on the subresource; without it get is enough',
  },
];

/** The minor versions the engine models (Kubernetes' supported releases and the two before them). */
export const OLDEST_MINOR = 30;
export const NEWEST_MINOR = 36;

export type FeatureGates = Readonly<Record<FeatureGate, boolean>>;

export interface KubeVersion {
  major: 1;
  minor: number;
  features: FeatureGates;
  /** Where the version came from: the server's /version, a flag, or the default (the newest modelled). */
  from: 'server' | 'flag' | 'default';
  /** Where the feature gates came from: the server's metrics, or the version's defaults. */
  featuresFrom: 'server' | 'defaults';
}

/** "1.36". */
export function versionLabel(v: Pick<KubeVersion, 'major' | 'minor'>): string {
  return `${v.major}.${v.minor}`;
}

function defaultFeatures(minor: number): FeatureGates {
  const on = (gate: FeatureGate) => {
    const spec = FEATURE_GATES.find((f) => f.gate === gate)!;
    return spec.onByDefaultSince !== undefined && minor >= spec.onByDefaultSince;
  };
  return {
    ConstrainedImpersonation: on('ConstrainedImpersonation'),
    AuthorizePodWebsocketUpgradeCreatePermission: on('AuthorizePodWebsocketUpgradeCreatePermission'),
  };
}

/**
 * The version to model for a minor (clamped into the modelled range: an older server is answered
 * as the oldest modelled, a newer one as the newest, and `clamped` says so), with its default
 * gates unless the server said which are on. A gate that does not exist in that minor is off.
 */
export function kubeVersion(
  minor: number = NEWEST_MINOR,
  from: KubeVersion['from'] = 'default',
  features?: Partial<Record<FeatureGate, boolean>>,
): KubeVersion {
  const m = Math.min(NEWEST_MINOR, Math.max(OLDEST_MINOR, Math.trunc(minor)));
  const gates = { ...defaultFeatures(m), ...features };
  for (const spec of FEATURE_GATES) if (m < spec.since) gates[spec.gate] = false;
  return { major: 1, minor: m, features: gates, from, featuresFrom: features ? 'server' : 'defaults' };
}

/** The default: the newest version modelled, with its default gates. */
export const DEFAULT_KUBE_VERSION: KubeVersion = kubeVersion();

/**
 * "1.36", "v1.36.3", "1.35+" (as /version's minor may read): the minor, or an error naming what
 * was wrong. Only major 1 exists.
 */
export function parseKubeVersion(text: string): { minor: number } | { error: string } {
  const m = /^v?(\d+)\.(\d+)\+?(?:\.\d+)?(?:[-+].*)?$/.exec(text.trim());
  if (!m) return { error: `"${text}" is not a Kubernetes version (write it as 1.36)` };
  if (m[1] !== '1') return { error: `Kubernetes ${text}: only major version 1 exists` };
  const minor = Number(m[2]);
  if (minor < OLDEST_MINOR || minor > NEWEST_MINOR)
    return { error: `Kubernetes ${text} is not modelled (1.${OLDEST_MINOR} to 1.${NEWEST_MINOR} are)` };
  return { minor };
}

/** Whether constrained impersonation (impersonate:<mode>, impersonate-on:<mode>:<verb>) is checked. */
export function hasConstrainedImpersonation(v: KubeVersion): boolean {
  return v.features.ConstrainedImpersonation;
}

/** Whether `get` on pods/exec and pods/attach is enough (a WebSocket upgrade is a GET). */
export function websocketExecNeedsOnlyGet(v: KubeVersion): boolean {
  return !v.features.AuthorizePodWebsocketUpgradeCreatePermission;
}
