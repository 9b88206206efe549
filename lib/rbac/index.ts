export * from './types';
export { createEngine, type Engine, type ModelCounts, type RiskTotals } from './engine';
export type { CanIAnswer } from './can-i';
export { requestNamespace, type Completeness, type Question } from './completeness';
export type { RulesForAnswer } from './rules-for';
export type { WhoCanSubject, WhoCanSummary } from './who-can';
export type { KnownIdentities } from './subject-index';
export {
  groupSameGrants,
  subjectDangers,
  type DangerWhere,
  type SameGrants,
  type SubjectDanger,
  type SubjectPermissions,
} from './subject-permissions';
export type { SearchHit } from './search';
export { pageOf, type Page } from './page';
export type { Grant } from './grants';
export type { DanglingBinding, ResolvedBinding } from './bindings';
export * from './refs';
export {
  bootstrapObjects,
  defaultOf,
  SUPPORTED_VERSIONS,
  type BootstrapObject,
  type Provenance,
} from './bootstrap-policy';
export { byText, subjectRefOf, compareSubjects } from './subjects';
export { grantsOf } from './walk';
export {
  ANONYMOUS_USER,
  impersonatedIdentity,
  serviceAccountIdentity,
  serviceAccountUsername,
  splitServiceAccountUsername,
} from './identity';
export { ruleAllows } from './match';
export {
  describeBinding,
  describeGrant,
  describeObject,
  describePathNode,
  describeVia,
  describeRequest,
  describeResource,
  describeRole,
  describeRule,
  describeSubject,
  resourceLabel,
} from './describe';
export { NAMESPACE_SORTS, type NamespaceQuery, type NamespaceSort, type NamespaceSummary } from './namespaces';
export { DANGER_RULES, grantDangers, ruleDangers, type Danger } from './danger';
export {
  identityOfSubject,
  permissionMatrix,
  STANDARD_VERBS,
  type PermissionCell,
  type PermissionMatrix,
  type PermissionRow,
} from './permissions';
export type { NamespaceClusterBindings } from './namespace-bindings';
export { groupCovers, groupReach } from './who-can';
export {
  affectedSubjects,
  changedObjects,
  diff,
  groupedDiff,
  permissionRule,
  subjectDiff,
  type ChangeAction,
  type ChangedObject,
  type DiffGroup,
  type DiffOptions,
  type DiffPermission,
  type GroupedDiff,
  type GroupGrant,
  type GroupPermission,
  type RbacDiff,
  type SubjectDiff,
} from './diff';
export type { Fingerprint } from './fingerprints';
export {
  CLUSTER_ADMIN,
  distinctGrants,
  grantKey,
  type AttackPath,
  type PathGrant,
  type PathNode,
  type PathStep,
  type PathTarget,
  type Via,
} from './path-types';
export { TECHNIQUES, SEVERITIES, severityRank, type Severity, type Technique, type TechniqueId } from './techniques';
export { FINDING_RULES, type Finding, type FindingId, type FindingObject, type FindingRule } from './findings';
export { subjectAppliesTo } from './subjects';
export { allowsPrivilegedPods } from './attack-edges';
export { WORKLOAD_KINDS, workloadsOfPod, type Workload, type WorkloadKind } from './workloads';
export {
  INVENTORY_SORTS,
  type BindingRow,
  type Inventory,
  type InventoryList,
  type InventoryPage,
  type InventoryQuery,
  type InventorySort,
  type RoleRow,
  type SubjectRow,
  type Vocabulary,
} from './inventory';
export { ruleTable, type RuleRow } from './rule-table';
export { selectorMatches } from './labels';
export {
  aggregateClusterRoles,
  unexplainedRules,
  withUnexplained,
  type Aggregation,
  type AggregationDifference,
  type AggregationError,
  type AggregationOptions,
} from './aggregation';
export {
  closest,
  describeRewrite,
  NON_RESOURCE_VERBS,
  parseRequest,
  RESOURCE_VERBS,
  resolveRequest,
  resolveResourceType,
  type DiscoveredTypes,
  type ParsedRequest,
  type RequestArgs,
  type RequestInput,
  type Resolution,
  type Rewrite,
  type Unknown,
} from './request-parse';
export { visibleItems, type Visible } from './builtin-visibility';
export type { FindingCounts } from './finding-counts';
