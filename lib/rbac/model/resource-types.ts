// The built-in resource types of the Kubernetes API that kubectl resolves by plural, singular or
// short name without asking a server (`kubectl api-resources` of a current cluster). Offline we have
// no discovery, so this table stands in for it; anything else must be spelled RESOURCE.GROUP. A live
// cluster's discovery (lib/k8s/live/discovery.ts) adds its own types, custom resources among them, as
// data of the same shape.

export interface ResourceType {
  group: string;
  plural: string;
  singular: string;
  shortNames: readonly string[];
  namespaced: boolean;
  /** Discovered types: the group's preferred version that serves it, its kind and its subresources. */
  version?: string;
  kind?: string;
  subresources?: readonly string[];
}

/**
 * Whether a lowercased name means the type, as kubectl's RESTMapper matches it: plural, singular,
 * short name, or kind (a kind lowercased is its singular unless discovery says otherwise:
 * k8s.io/apimachinery pkg/api/meta/restmapper.go indexes the lowercased kind as a singular).
 */
export function namesType(t: ResourceType, name: string): boolean {
  return t.plural === name || t.singular === name || t.shortNames.includes(name) || t.kind?.toLowerCase() === name;
}

// group | plural | singular | short names | namespaced (n) or cluster (c). Core first: kubectl
// prefers the core group when a name is in several groups (events).
const TABLE = `
|bindings|binding||n
|componentstatuses|componentstatus|cs|c
|configmaps|configmap|cm|n
|endpoints|endpoints|ep|n
|events|event|ev|n
|limitranges|limitrange|limits|n
|namespaces|namespace|ns|c
|nodes|node|no|c
|persistentvolumeclaims|persistentvolumeclaim|pvc|n
|persistentvolumes|persistentvolume|pv|c
|pods|pod|po|n
|podtemplates|podtemplate||n
|replicationcontrollers|replicationcontroller|rc|n
|resourcequotas|resourcequota|quota|n
|secrets|secret||n
|serviceaccounts|serviceaccount|sa|n
|services|service|svc|n
admissionregistration.k8s.io|mutatingwebhookconfigurations|mutatingwebhookconfiguration||c
admissionregistration.k8s.io|validatingadmissionpolicies|validatingadmissionpolicy||c
admissionregistration.k8s.io|validatingadmissionpolicybindings|validatingadmissionpolicybinding||c
admissionregistration.k8s.io|validatingwebhookconfigurations|validatingwebhookconfiguration||c
apiextensions.k8s.io|customresourcedefinitions|customresourcedefinition|crd,crds|c
apiregistration.k8s.io|apiservices|apiservice||c
apps|controllerrevisions|controllerrevision||n
apps|daemonsets|daemonset|ds|n
apps|deployments|deployment|deploy|n
apps|replicasets|replicaset|rs|n
apps|statefulsets|statefulset|sts|n
authentication.k8s.io|selfsubjectreviews|selfsubjectreview||c
authentication.k8s.io|tokenreviews|tokenreview||c
authorization.k8s.io|localsubjectaccessreviews|localsubjectaccessreview||n
authorization.k8s.io|selfsubjectaccessreviews|selfsubjectaccessreview||c
authorization.k8s.io|selfsubjectrulesreviews|selfsubjectrulesreview||c
authorization.k8s.io|subjectaccessreviews|subjectaccessreview||c
autoscaling|horizontalpodautoscalers|horizontalpodautoscaler|hpa|n
batch|cronjobs|cronjob|cj|n
batch|jobs|job||n
certificates.k8s.io|certificatesigningrequests|certificatesigningrequest|csr|c
coordination.k8s.io|leases|lease||n
discovery.k8s.io|endpointslices|endpointslice||n
events.k8s.io|events|event|ev|n
flowcontrol.apiserver.k8s.io|flowschemas|flowschema||c
flowcontrol.apiserver.k8s.io|prioritylevelconfigurations|prioritylevelconfiguration||c
networking.k8s.io|ingressclasses|ingressclass||c
networking.k8s.io|ingresses|ingress|ing|n
networking.k8s.io|ipaddresses|ipaddress|ip|c
networking.k8s.io|networkpolicies|networkpolicy|netpol|n
networking.k8s.io|servicecidrs|servicecidr||c
node.k8s.io|runtimeclasses|runtimeclass||c
policy|poddisruptionbudgets|poddisruptionbudget|pdb|n
rbac.authorization.k8s.io|clusterrolebindings|clusterrolebinding||c
rbac.authorization.k8s.io|clusterroles|clusterrole||c
rbac.authorization.k8s.io|rolebindings|rolebinding||n
rbac.authorization.k8s.io|roles|role||n
resource.k8s.io|deviceclasses|deviceclass||c
resource.k8s.io|resourceclaims|resourceclaim||n
resource.k8s.io|resourceclaimtemplates|resourceclaimtemplate||n
resource.k8s.io|resourceslices|resourceslice||c
scheduling.k8s.io|priorityclasses|priorityclass|pc|c
storage.k8s.io|csidrivers|csidriver||c
storage.k8s.io|csinodes|csinode||c
storage.k8s.io|csistoragecapacities|csistoragecapacity||n
storage.k8s.io|storageclasses|storageclass|sc|c
storage.k8s.io|volumeattachments|volumeattachment||c
storage.k8s.io|volumeattributesclasses|volumeattributesclass|vac|c
`;

// What `impersonate` is checked on (k8s.io/apiserver/pkg/endpoints/filters/impersonation/mode.go):
// legacy impersonation checks users, groups and service accounts in the core group, uids and
// userextras/KEY in authentication.k8s.io; constrained impersonation (impersonate:<mode>, 1.35+)
// checks all of them in authentication.k8s.io (newImpersonationModeState's usernameAndGroupGV),
// a node's user as nodes/NAME and a service account's as serviceaccounts/NAME in its namespace.
// Those are not API resources (no discovery lists them); kubectl accepts users and groups anyway
// (cani.go's nonStandardResourceNames), and so does this table, with the rest. A bare name keeps
// its core meaning (core first); the group resolves `serviceaccounts.authentication.k8s.io`.
const IMPERSONATION = `
|users|user||c
|groups|group||c
authentication.k8s.io|uids|uid||c
authentication.k8s.io|userextras|userextra||c
authentication.k8s.io|users|user||c
authentication.k8s.io|groups|group||c
authentication.k8s.io|serviceaccounts|serviceaccount||n
authentication.k8s.io|nodes|node||c
`;

export const BUILTIN_RESOURCES: readonly ResourceType[] = `${TABLE.trim()}\n${IMPERSONATION.trim()}`
  .split('\n')
  .map((line) => {
    const [group = '', plural = '', singular = '', short = '', scope = ''] = line.split('|');
    return { group, plural, singular, shortNames: short ? short.split(',') : [], namespaced: scope === 'n' };
  });

/** Every built-in type a bare name (plural, singular or short) may mean, core group first. */
export function builtinByName(name: string, group?: string): ResourceType | undefined {
  return BUILTIN_RESOURCES.find((t) => (group === undefined || t.group === group) && namesType(t, name));
}

/**
 * The type a name means: a built-in first (kubectl prefers the built-in groups, core first, to what a
 * cluster adds: cmd/util/factory's priority RESTMapper), then the cluster's discovered types.
 */
export function typeByName(
  name: string,
  group: string | undefined,
  discovered: readonly ResourceType[] = [],
): ResourceType | undefined {
  return (
    builtinByName(name, group) ??
    discovered.find((t) => (group === undefined || t.group === group) && namesType(t, name))
  );
}

export const BUILTIN_GROUPS: ReadonlySet<string> = new Set(BUILTIN_RESOURCES.map((t) => t.group));

/** A type Kubernetes served in a group that no longer serves it, and the release that stopped. */
export interface RemovedResourceType extends ResourceType {
  removedIn: string;
}

// Types older releases served in a group today's do not (kubernetes CHANGELOG-1.16: extensions/v1beta1
// stops serving deployments, daemonsets, replicasets, networkpolicies and podsecuritypolicies;
// CHANGELOG-1.22: ingresses; CHANGELOG-1.25: policy/v1beta1 podsecuritypolicies). RBAC rules
// written for those clusters still name them, and the authorizer compares apiGroups as written
// (rbac/v1 helpers.go APIGroupMatches), so `deployments.extensions` is a request of its own, not
// `deployments.apps`. group | plural | singular | short names | scope | removed in.
const REMOVED = `
extensions|deployments|deployment|deploy|n|1.16
extensions|daemonsets|daemonset|ds|n|1.16
extensions|replicasets|replicaset|rs|n|1.16
extensions|networkpolicies|networkpolicy|netpol|n|1.16
extensions|podsecuritypolicies|podsecuritypolicy|psp|c|1.16
extensions|ingresses|ingress|ing|n|1.22
policy|podsecuritypolicies|podsecuritypolicy|psp|c|1.25
`;

export const REMOVED_RESOURCES: readonly RemovedResourceType[] = REMOVED.trim()
  .split('\n')
  .map((line) => {
    const [group = '', plural = '', singular = '', short = '', scope = '', removedIn = ''] = line.split('|');
    return {
      group,
      plural,
      singular,
      shortNames: short ? short.split(',') : [],
      namespaced: scope === 'n',
      removedIn,
    };
  });

/** The removed type a name (plural, singular or short) means in `group`, if that group served one. */
export function removedByName(name: string, group: string): RemovedResourceType | undefined {
  return REMOVED_RESOURCES.find(
    (t) => t.group === group && (t.plural === name || t.singular === name || t.shortNames.includes(name)),
  );
}
