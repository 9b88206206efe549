// How much of one namespace a view draws: above these counts objects fold into one node unless the
// URL expands them, and above ELEMENT_CAP the least relevant elements are dropped and counted.

/** Above this many pods a service account's pods are one node ("12 pods") unless expanded. */
export const POD_GROUP_THRESHOLD = 4;
/** Above this many elements the graph is cut, and says so (DESIGN.md: start at 2,000). */
export const ELEMENT_CAP = 2000;
/** Above this many ClusterRoleBindings that grant here to subjects elsewhere, they are one node unless expanded. */
export const CLUSTER_BINDINGS_DRAWN = 10;
/** `expand=` entry that draws those ClusterRoleBindings one by one. */
export const EXPAND_CLUSTER_BINDINGS = 'clusterrolebindings';
export const CLUSTER_BINDINGS_NODE = 'clusterrolebindings:elsewhere';
/** `expand=` entry that draws built-in bindings one by one, and built-in roles' resources one by one. */
export const EXPAND_BUILTIN = 'builtin';
/**
 * A binding naming more subjects than this draws only those the graph shows anyway (the
 * namespace's service accounts, those its pods run as, those other bindings name); the rest are
 * one node that counts them and links to the binding's page, which lists them page by page. A
 * RoleBinding may name thousands (#25: 5,000 took the layout past the heap and the page to 500).
 */
export const BINDING_SUBJECTS_DRAWN = 20;

/**
 * How much an element matters to this namespace, most first: what the cap drops last.
 * 0 the namespace's own (service accounts, pods, RoleBindings, their subjects and roles),
 * 1 what those roles grant, 2 ClusterRoleBindings that name its identities, 3 everything else.
 */
export type Tier = 0 | 1 | 2 | 3;
