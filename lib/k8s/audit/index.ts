// The audit log reader: kube-apiserver's log backend (audit.k8s.io/v1 Events, one JSON object a
// line) in, ObservedRequests (lib/rbac/usage/types.ts) out, with bounded memory whatever the log's
// size.
//
//   const read = readAuditLogs(['/var/log/kube/'], { since, onProblem });  // files, folders, '-'
//   for await (const batch of read) usage.add(batch);                     // ObservedRequest[]
//   const window = read.window();                                          // UsageWindow
//
//   const tail = tailAuditLog(process.env.RBAC_ATLAS_AUDIT_LOG, { onRequests, onProblem });
//   await tail.ready; … tail.window(); … await tail.stop();
//
// What a caller should know:
// - A path that is not there throws AuditLogPathError (the CLI's exit 2) before any batch; every
//   line that is not a usable event is a LogProblem (file, line, message; never the line's text).
// - A request without `decision` was not seen authorized: it failed authentication (identity user
//   "", the server knew no one) or was counted by its RequestReceived stage alone (in flight when
//   the log ended), which the server writes before impersonation and authorization, so its identity
//   is the authenticated user. Neither is evidence that a grant was used or lacking.
// - Identity objects are shared between requests (one per user and groups): read them, never change them.
export { AuditLogPathError, auditLogFiles, type AuditLogFile } from './files';
export { readAllAuditLogs, readAuditLogs, AuditLogRead, type ReadOptions } from './reader';
export { tailAuditLog, type AuditTail, type TailOptions } from './tail';
