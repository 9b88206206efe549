// Writes lib/rbac/findings/bootstrap-policy.data.ts: Kubernetes' own RBAC objects (the bootstrap policy the API
// server creates at start, pkg/registry/rbac/rest/storage_rbac.go) for each supported version, read
// from the golden files the k8s.io/kubernetes module keeps beside the policy
// (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata: cluster roles with default and with every
// feature gate on, the controllers' roles, kube-system's and kube-public's roles, and their bindings),
// and the system:-named RBAC objects of kubeadm's add-ons (cmd/kubeadm, in the same module).
// Modules come from the Go module proxy (`go mod download`). Run: npx tsx scripts/bootstrap-policy.mts
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** The minor versions Kubernetes supports today (the newest three), newest last; the last is the pinned one. */
const VERSIONS = ['v1.34.4', 'v1.35.4', 'v1.36.3'];
const FILES = [
  'cluster-roles.yaml',
  'cluster-roles-featuregates.yaml',
  'controller-roles.yaml',
  'namespace-roles.yaml',
  'cluster-role-bindings.yaml',
  'controller-role-bindings.yaml',
  'namespace-role-bindings.yaml',
];
const OUT = path.join(import.meta.dirname, '..', 'lib', 'rbac', 'bootstrap-policy.data.ts');

interface RawObject {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  rules?: RawRule[] | null;
  aggregationRule?: {
    clusterRoleSelectors?: {
      matchLabels?: Record<string, string>;
      matchExpressions?: { key: string; operator: string; values?: string[] }[];
    }[];
  };
  roleRef?: { kind: string; name: string };
  subjects?: { kind: string; name: string; namespace?: string }[] | null;
}
interface RawRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

function moduleDir(version: string): string {
  const out = execFileSync('go', ['mod', 'download', '-json', `k8s.io/kubernetes@${version}`], { encoding: 'utf8' });
  return (JSON.parse(out) as { Dir: string }).Dir;
}

const rule = (r: RawRule) => ({
  verbs: r.verbs ?? [],
  apiGroups: r.apiGroups ?? [],
  resources: r.resources ?? [],
  resourceNames: r.resourceNames ?? [],
  nonResourceURLs: r.nonResourceURLs ?? [],
});

/** The object as the data file keeps it: what the authorizer reads, and labels (aggregation selects by them). */
function entry(o: RawObject) {
  const m = o.metadata;
  const base = { kind: o.kind, name: m.name, ...(m.namespace && { namespace: m.namespace }) };
  if (o.kind === 'Role' || o.kind === 'ClusterRole')
    return {
      ...base,
      labels: m.labels ?? {},
      rules: (o.rules ?? []).map(rule),
      ...(o.aggregationRule && {
        aggregationRule: {
          clusterRoleSelectors: (o.aggregationRule.clusterRoleSelectors ?? []).map((s) => ({
            matchLabels: s.matchLabels ?? {},
            matchExpressions: (s.matchExpressions ?? []).map((e) => ({ ...e, values: e.values ?? [] })),
          })),
        },
      }),
    };
  return {
    ...base,
    roleRef: { kind: o.roleRef!.kind, name: o.roleRef!.name },
    subjects: (o.subjects ?? []).map((s) => ({
      kind: s.kind,
      name: s.name,
      ...(s.namespace && { namespace: s.namespace }),
    })),
  };
}

/**
 * kubeadm (cmd/kubeadm, in the same module) names its CoreDNS ClusterRole and binding system:coredns:
 * the RBAC objects of Kubernetes' own installer, written as plain YAML in its add-on manifests.
 */
function kubeadmObjects(moduleRoot: string): RawObject[] {
  const go = readFileSync(path.join(moduleRoot, 'cmd/kubeadm/app/phases/addons/dns/manifests.go'), 'utf8');
  return ['CoreDNSClusterRole', 'CoreDNSClusterRoleBinding'].map((name) => {
    const found = new RegExp(`\\t${name} = \`([^\`]*)\``).exec(go);
    if (!found) throw new Error(`${name} not found in kubeadm's dns/manifests.go`);
    return parse(found[1]!) as RawObject;
  });
}

const variants = new Map<
  string,
  { object: ReturnType<typeof entry>; versions: string[]; featureGates: boolean; installer?: string }
>();
const add = (o: RawObject, version: string, featureGates: boolean, installer?: string) => {
  const object = entry(o);
  const key = JSON.stringify(object);
  const v = variants.get(key) ?? { object, versions: [], featureGates, ...(installer && { installer }) };
  if (!v.versions.includes(version)) v.versions.push(version);
  v.featureGates &&= featureGates;
  variants.set(key, v);
};
for (const version of VERSIONS) {
  const root = moduleDir(version);
  const dir = path.join(root, 'plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata');
  for (const file of FILES) {
    const list = parse(readFileSync(path.join(dir, file), 'utf8')) as { items: RawObject[] };
    for (const o of list.items) add(o, version, file.includes('featuregates'));
  }
  for (const o of kubeadmObjects(root)) add(o, version, false, 'kubeadm');
}

const objects = [...variants.values()].map(({ object, versions, featureGates, installer }) => ({
  ...object,
  versions,
  ...(featureGates && { featureGates: true }),
  ...(installer && { installer }),
}));
const header = `// Generated by scripts/bootstrap-policy.mts from k8s.io/kubernetes ${VERSIONS.join(', ')}
// (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata). Do not edit: run
// \`npx tsx scripts/bootstrap-policy.mts\` when the supported versions change.
import type { BootstrapPolicy } from './bootstrap-policy';

export const BOOTSTRAP_POLICY: BootstrapPolicy = `;
writeFileSync(OUT, `${header}${JSON.stringify({ versions: VERSIONS, objects })};\n`);
console.log(`${OUT}: ${objects.length} objects (variants) for ${VERSIONS.join(', ')}`);
