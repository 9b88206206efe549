// Which Kubernetes versions' defaults the changed-default and impostor findings compare with
// (lib/rbac/findings/bootstrap-policy.ts), and whether the cluster's own version is among them. A cluster of
// another minor version has its own bootstrap policy (plugin/pkg/auth/authorizer/rbac/bootstrappolicy
// changes between releases): what differs from the shipped defaults may be that version's default.
import { SUPPORTED_VERSIONS } from '@/lib/rbac';

export interface DefaultsComparison {
  /** "v1.34.4, v1.35.4 and v1.36.3". */
  comparedWith: string;
  /** The live cluster's version (/version's gitVersion), when read. */
  cluster?: string;
  /** The cluster's minor version is not one the defaults were taken from (or cannot be told). */
  warning?: string;
}

const minorOf = (v: string) => /^v?(\d+)\.(\d+)(?:\.|$|[-+])/.exec(v)?.slice(1, 3).join('.');

function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

export function defaultsComparison(clusterVersion: string | undefined): DefaultsComparison {
  const comparedWith = listed(SUPPORTED_VERSIONS);
  if (!clusterVersion) return { comparedWith };
  const minor = minorOf(clusterVersion);
  const known = SUPPORTED_VERSIONS.some((v) => minorOf(v) === minor);
  if (known) return { comparedWith, cluster: clusterVersion };
  const which = minor
    ? `Kubernetes ${minor}, whose defaults are not among them`
    : 'a version whose minor cannot be read';
  return {
    comparedWith,
    cluster: clusterVersion,
    warning: `this cluster runs ${clusterVersion} (${which}): a changed default (MODIFIED_DEFAULT) or an impostor (BUILTIN_IMPOSTOR) may be that version's own default`,
  };
}

/** One line for a report: what the defaults were compared with, and the cluster's version. */
export function describeComparison(c: DefaultsComparison): string {
  return `Kubernetes' defaults compared with ${c.comparedWith}${c.cluster ? `; this cluster runs ${c.cluster}` : ''}.`;
}
