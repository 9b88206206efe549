export * from './types';
export { createEngine, type Engine } from './engine';
export type { CanIAnswer } from './can-i';
export type { RulesForAnswer } from './rules-for';
export type { WhoCanSubject, KnownIdentities } from './who-can';
export type { Grant } from './grants';
export type { BindingRef, RoleRefResolved, DanglingBinding } from './bindings';
export { type SubjectRef, subjectKey, subjectLabel, compareSubjects } from './subjects';
export {
  impersonatedIdentity,
  serviceAccountIdentity,
  serviceAccountUsername,
  splitServiceAccountUsername,
} from './identity';
export { ruleAllows } from './match';
export { describeBinding, describeGrant, describeRole, describeRule, describeSubject } from './describe';
export { namespaceSummaries, type NamespaceSummary } from './namespaces';
