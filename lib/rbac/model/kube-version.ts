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
  /**
   * Where the version came from: the server's /version, the server's version recorded in a snapshot
   * by `rbac-atlas snapshot`, a flag (or the server's RBAC_ATLAS_KUBE_VERSION), or the default (the
   * newest modelled).
   */
  from: 'server' | 'snapshot' | 'flag' | 'default';
  /** Where the feature gates came from: the server's metrics, or the version's defaults. */
  featuresFrom: 'server' | 'defaults';
  /** The server's own gitVersion ("v1.36.3"), when it was read (live, or recorded in a snapshot). */
  server?: string;
  /** The server's minor was outside 1.30–1.36: this one, the nearest, is modelled instead. */
  nearest?: true;
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
  server?: string,
): KubeVersion {
  const m = Math.min(NEWEST_MINOR, Math.max(OLDEST_MINOR, Math.trunc(minor)));
  const gates = { ...defaultFeatures(m), ...features };
  for (const spec of FEATURE_GATES) if (m < spec.since) gates[spec.gate] = false;
  return {
    major: 1,
    minor: m,
    features: gates,
    from,
    featuresFrom: features ? 'server' : 'defaults',
    ...(server !== undefined && { server }),
    ...(m !== Math.trunc(minor) && { nearest: true }),
  };
}

/**
 * The version to model for a server's /version gitVersion ("v1.36.3", "v1.35.2-eks-1234"), with
 * the gates its metrics reported (undefined: it did not say, or could not be read). A version
 * outside the modelled range is modelled as the nearest, and says so (`nearest`); one that does
 * not parse is modelled as the default, naming the server's text.
 */
export function serverKubeVersion(
  gitVersion: string,
  features?: Partial<Record<FeatureGate, boolean>>,
  from: 'server' | 'snapshot' = 'server',
): KubeVersion {
  const m = /^v?1\.(\d+)/.exec(gitVersion.trim());
  if (!m) return kubeVersion(NEWEST_MINOR, from, features, gitVersion);
  return kubeVersion(Number(m[1]), from, features, gitVersion);
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

// The words for the version modelled: one formatter, used by the CLI's text, the API's JSON and the
// pages' badge, so that every surface says it the same way.

const FROM_WORDS: Record<KubeVersion['from'], string> = {
  server: "read from the API server's /version",
  snapshot: "the API server's version recorded in the snapshot",
  flag: 'as configured (--kube-version, or the server’s RBAC_ATLAS_KUBE_VERSION)',
  default: 'the default: the newest version modelled',
};

/** "Kubernetes 1.36": the badge's text. */
export function kubeVersionTitle(v: KubeVersion): string {
  return `Kubernetes ${versionLabel(v)}`;
}

/** Where the version came from, with the server's own version and the nearest-version note. */
function versionOrigin(v: KubeVersion): string {
  const server = v.server ? ` (${v.server})` : '';
  const nearest = v.nearest
    ? `; the server's ${v.server ?? 'version'} is outside 1.${OLDEST_MINOR}–1.${NEWEST_MINOR}, so the nearest modelled version is answered`
    : '';
  return `${FROM_WORDS[v.from]}${server}${nearest}`;
}

/** "ConstrainedImpersonation on, AuthorizePodWebsocketUpgradeCreatePermission on". */
function gateStates(v: KubeVersion): string {
  return FEATURE_GATES.map((g) => `${g.gate} ${v.features[g.gate] ? 'on' : 'off'}`).join(', ');
}

function featuresOrigin(v: KubeVersion): string {
  return v.featuresFrom === 'server'
    ? "as the API server's /metrics reports them"
    : `the defaults of Kubernetes ${versionLabel(v)}`;
}

/**
 * One line for a CLI answer: "Modelled: Kubernetes 1.36, read from the API server's /version
 * (v1.36.3); feature gates ConstrainedImpersonation on, … (as the API server's /metrics reports them)."
 */
export function kubeVersionSummary(v: KubeVersion): string {
  return `Modelled: ${kubeVersionTitle(v)}, ${versionOrigin(v)}; feature gates ${gateStates(v)} (${featuresOrigin(v)}).`;
}

/** The badge's tooltip, a line each: the version and where it came from, then each gate. */
export function kubeVersionDetails(v: KubeVersion): string[] {
  return [
    `${kubeVersionTitle(v)}: ${versionOrigin(v)}`,
    ...FEATURE_GATES.map((g) => `${g.gate}: ${v.features[g.gate] ? 'on' : 'off'} (${featuresOrigin(v)}) — ${g.effect}`),
  ];
}

/** The `kubernetes` field of every JSON answer (API and CLI alike). */
export interface KubeVersionJson {
  version: string;
  features: FeatureGates;
  from: KubeVersion['from'];
  featuresFrom: KubeVersion['featuresFrom'];
  server?: string;
  nearest?: true;
}

export function kubeVersionJson(v: KubeVersion): KubeVersionJson {
  return {
    version: versionLabel(v),
    features: v.features,
    from: v.from,
    featuresFrom: v.featuresFrom,
    ...(v.server !== undefined && { server: v.server }),
    ...(v.nearest && { nearest: true }),
  };
}
