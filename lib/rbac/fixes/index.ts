// Fixes: the change that removes a finding or a dangerous grant (its text is lib/reports/fix-text.ts).
export { fixOfFinding, fixOfGrant, type GrantTarget } from './fix';
export { modelBinding, modelRole, type FixWorld } from './grant-fixes';
export { findingAt, findingTarget, type FindingTarget } from './finding-target';
export { narrowRule, narrowRules } from './narrow';
export { FIX_CHOICES, type Fix, type FixAnswer, type FixChoice, type FixObject, type ModelChange } from './types';
