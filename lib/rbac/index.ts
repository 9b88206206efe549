export * from './model/types';
export { createEngine, type Engine, type ModelCounts, type RiskTotals } from './engine';
export { updateEngine } from './engine-update';
export type { ModelChange } from './model/changes';
export type { RiskAnswers, RiskHandle, RiskStatus } from './engine-risks';
export { runWork, type Work } from './sliced-work';
export type { CanIAnswer } from './authorizer/can-i';
export {
  NEAR_MISS_KINDS,
  NEAR_MISSES_SHOWN,
  type NearMiss,
  type NearMissKind,
  type WhyNot,
} from './authorizer/near-misses';
export { requestNamespace, type Completeness, type Question } from './authorizer/completeness';
export type { RulesForAnswer } from './authorizer/rules-for';
export type { WhoCanSubject, WhoCanSummary } from './indexes/who-can';
export { visibleIndirect, type EffectiveWhoCan, type IndirectHolder } from './indexes/effective-who-can';
export type { KnownIdentities } from './indexes/subject-index';
export {
  groupSameGrants,
  subjectDangers,
  type DangerWhere,
  type SameGrants,
  type SubjectDanger,
  type SubjectPermissions,
} from './indexes/subject-permissions';
export type { SearchHit } from './indexes/search';
export { pageOf, type Page } from './model/page';
export type { Grant } from './authorizer/grants';
export type { DanglingBinding, ResolvedBinding } from './authorizer/bindings';
export * from './model/refs';
export * from './model/kube-version';
export * from './model/impersonation-verbs';
export {
  bootstrapObjects,
  defaultOf,
  SUPPORTED_VERSIONS,
  type BootstrapObject,
  type Provenance,
} from './findings/bootstrap-policy';
export { byText, subjectRefOf, compareSubjects } from './authorizer/subjects';
export { grantsOf } from './authorizer/walk';
export {
  ANONYMOUS_USER,
  AUTHENTICATED_GROUP,
  impersonatedIdentity,
  namesNode,
  NODE_AUTHORIZER_NOTE,
  serviceAccountIdentity,
  serviceAccountUsername,
  splitServiceAccountUsername,
} from './model/identity';
export { ruleAllows } from './authorizer/match';
export {
  describeActions,
  describeActionRule,
  describeBinding,
  describeGrant,
  describeNearMiss,
  describeStoredSubject,
  nearMissLine,
  type NearMissWords,
  describeObject,
  describePathNode,
  describeVia,
  describeRequest,
  describeResource,
  describeRole,
  describeRule,
  describeSubject,
  resourceLabel,
} from './model/describe';
export { NAMESPACE_SORTS, type NamespaceQuery, type NamespaceSort, type NamespaceSummary } from './indexes/namespaces';
export { byNaturalText } from './model/natural-order';
export {
  posture,
  posturePoint,
  TOP_ADMINS,
  TOP_NAMESPACES,
  type AdminHolder,
  type DangerCount,
  type Posture,
  type PosturePoint,
} from './indexes/posture';
export { DANGER_RULES, grantDangers, ruleDangers, type Danger, type DangerId } from './findings/danger';
export {
  CLUSTER_ADMIN_RULE,
  DANGER_FINDINGS,
  dangerSeverity,
  SEVERITY_LEVELS,
  type SeverityLevel,
} from './findings/severity';
export {
  FINDING_GROUP_BYS,
  FINDING_GROUP_SORTS,
  findingMatches,
  groupFindings,
  groupName,
  type FindingGroup,
  type FindingGroupBy,
  type FindingGroupPage,
  type FindingGroupQuery,
  type FindingGroupSort,
  type FindingMatch,
  type FindingTally,
} from './findings/finding-groups';
export {
  identityOfSubject,
  permissionMatrix,
  STANDARD_VERBS,
  type PermissionCell,
  type PermissionMatrix,
  type PermissionRow,
} from './indexes/permissions';
export type { NamespaceClusterBindings } from './indexes/namespace-bindings';
export { groupCovers, groupReach } from './indexes/who-can';
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
} from './diff/diff';
export type { Fingerprint } from './diff/fingerprints';
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
} from './paths/path-types';
export {
  TECHNIQUES,
  SEVERITIES,
  severityRank,
  type Severity,
  type Technique,
  type TechniqueId,
} from './paths/techniques';
export {
  FINDING_RULES,
  findingRule,
  type Finding,
  type FindingId,
  type FindingObject,
  type FindingRule,
} from './findings/findings';
export { subjectAppliesTo } from './authorizer/subjects';
export { allowsPrivilegedPods } from './paths/attack-edges';
export { WORKLOAD_KINDS, workloadsOfPod, type Workload, type WorkloadKind } from './indexes/workloads';
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
} from './indexes/inventory';
export { ruleTable, type RuleRow } from './indexes/rule-table';
export { selectorMatches } from './model/labels';
export {
  aggregateClusterRoles,
  unexplainedRules,
  withUnexplained,
  type Aggregation,
  type AggregationDifference,
  type AggregationError,
  type AggregationOptions,
} from './authorizer/aggregation';
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
} from './model/request-parse';
export { visibleItems, type Visible } from './indexes/builtin-visibility';
export type { FindingCounts } from './findings/finding-counts';
export * from './fixes';
export * from './usage';
export {
  checkTokenObjects,
  tokenObjectsEffect,
  type TokenObjectCheck,
  type TokenObjectEffect,
  type TokenObjectRef,
  type TokenObjects,
} from './token-objects';
export {
  FULL_SCOPE,
  isEmptyScope,
  isFullScope,
  restrictModel,
  scopeKey,
  scopeReasons,
  scopeShows,
  type ViewScope,
} from './model/scope';
