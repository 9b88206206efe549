// The audit log reader: kube-apiserver's log backend (audit.k8s.io/v1 Events, one JSON object a
// line) in, ObservedRequests (lib/rbac/usage/types.ts) out. Read once (readAuditLogs) or follow a
// live log (tailAuditLog).
export { AuditLogPathError, auditLogFiles, type AuditLogFile } from './files';
export { readAllAuditLogs, readAuditLogs, AuditLogRead, type ReadOptions } from './reader';
export { tailAuditLog, type AuditTail, type TailOptions } from './tail';
