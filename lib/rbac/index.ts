export * from './types';
export { createEngine, type Engine } from './engine';
export type { CanIAnswer } from './can-i';
export type { RulesForAnswer } from './rules-for';
export type { WhoCanSubject, KnownIdentities } from './who-can';
export type { Grant } from './grants';
export type { BindingRef, RoleRefResolved, DanglingBinding, ResolvedBinding } from './bindings';
export { isBuiltinBinding, isBuiltinRole } from './bindings';
export { type SubjectRef, subjectKey, subjectLabel, subjectRefOf, compareSubjects } from './subjects';
export { grantsOf } from './grants';
export {
  impersonatedIdentity,
  serviceAccountIdentity,
  serviceAccountUsername,
  splitServiceAccountUsername,
} from './identity';
export { ruleAllows } from './match';
export { describeBinding, describeGrant, describeRole, describeRule, describeSubject, resourceLabel } from './describe';
export { namespaceSummaries, type NamespaceSummary } from './namespaces';
export { DANGER_RULES, grantDangers, ruleDangers, type Danger } from './danger';
export {
  identityOfSubject,
  permissionMatrix,
  STANDARD_VERBS,
  type PermissionCell,
  type PermissionMatrix,
  type PermissionRow,
} from './permissions';
