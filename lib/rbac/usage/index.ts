// Usage from audit logs and right-sizing from it: the public face of lib/rbac/usage.
export type { AuditDecision, LogPlace, LogProblem, ObservedRequest, UsageWindow } from './types';
export {
  createUsageIndex,
  shapeKey,
  type IdentityUsage,
  type ImpersonationUsage,
  type ReasonSeen,
  type ShapeUsage,
  type UsageIndex,
} from './usage-index';
export { parseReason, readGoQuoted, type ParsedReason } from './reason';
export {
  checkAttribution,
  EXPLAINED_VERDICTS,
  summarizeAttribution,
  type AttributionCheck,
  type AttributionSummary,
  type AttributionVerdict,
} from './attribution';
export {
  computeUsageAnswers,
  identityUsage,
  subjectOfUser,
  usageAnswers,
  type BindingUse,
  type GrantUse,
  type IdentityAnswer,
  type RankedIdentity,
  type ObjectUse,
  type RequestUse,
  type RoleUse,
  type UsageAnswers,
} from './answers';
export { MAX_RESOURCE_NAMES, NAME_SCOPED_VERBS, rulesFor as rightsizeRules } from './rightsize-rules';
export { askedGroups, impersonationRequests } from './impersonation';
export { mergedEdits, withSharedEdits } from './rightsize-edits';
export { boundSubjects, silentSubjects, type BoundSubject } from './silent';
export { afterModel, type BindingEdit, type ProposedObjects } from './rightsize-model';
export {
  bindingSubject,
  namespaceServiceAccounts,
  rightsize,
  rightsizedName,
  rightsizeNamespace,
  rightsizeServiceAccounts,
  type CheckFailure,
  type ObservedUse,
  type RightsizeCheck,
  type Rightsizing,
} from './rightsize';
export {
  reviewRightsizing,
  rightsizeChanges,
  rightsizedModel,
  rightsizeObjects,
  smallAfterEngine,
  type RightsizeObjects,
  type RightsizeReview,
} from './rightsize-review';
