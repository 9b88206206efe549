// Small builders for usage tests: observed requests as the audit reader makes them. Test-only.
import { serviceAccountIdentity } from '../model/identity';
import type { AccessRequest, Identity } from '../model/types';
import type { AuditDecision, ObservedRequest } from './types';

let lines = 0;

/** One observed request; `at` in seconds from a fixed start, the place a fresh line of `audit.log`. */
export function observed(
  identity: Identity,
  request: AccessRequest,
  opts: { at?: number; decision?: AuditDecision; reason?: string; impersonator?: Identity; file?: string } = {},
): ObservedRequest {
  const { at = 0, decision = 'allow', reason, impersonator, file = 'audit.log' } = opts;
  return {
    identity,
    request,
    time: Date.UTC(2026, 11, 5) + at * 1000,
    decision,
    ...(reason !== undefined && { reason }),
    ...(impersonator && { impersonator }),
    status: decision === 'allow' ? 200 : 403,
    where: { file, line: ++lines },
  };
}

export const saIdentity = serviceAccountIdentity;
