// What the engine is told about real use: the API server's audit log, one request at a time, as
// lib/k8s/audit reads it. The engine never sees a log line, only these.
import type { AccessRequest, Identity } from '../model/types';

/** Where an event was read (line counts from 1), so a problem or a disagreement names it. */
export interface LogPlace {
  file: string;
  line: number;
}

/** The authorizer's decision annotation, `authorization.k8s.io/decision`. */
export type AuditDecision = 'allow' | 'forbid';

/**
 * One API request as the audit log recorded it, counted once (its ResponseComplete or Panic stage,
 * else the last stage seen), with no request or response body.
 */
export interface ObservedRequest {
  /**
   * Who the request was authorized as: the impersonated user and groups when the event has
   * `impersonatedUser` (as the impersonation filter set them), else the authenticated user.
   */
  identity: Identity;
  /** The authenticated user who impersonated `identity`, when the request was impersonated. */
  impersonator?: Identity;
  /**
   * `authenticationMetadata.impersonationConstraint` verbatim ("impersonate:serviceaccount"): the
   * constrained impersonation mode the server used (KEP-5284). Absent: legacy impersonation, or none.
   */
  impersonationConstraint?: string;
  /**
   * The request as the authorizer saw it (its RequestInfo): a resource request from `objectRef` and
   * `verb`, a non-resource request from the path of `requestURI`. For `create` the name is the
   * URL's (a subresource's parent; "" for a collection), as the authorizer saw it, even though the
   * audit event names the created object.
   */
  request: AccessRequest;
  /** The counted stage's `stageTimestamp` (else `requestReceivedTimestamp`), in ms since the epoch. */
  time: number;
  /** Absent when the event carries no decision (e.g. a request that failed authentication). */
  decision?: AuditDecision;
  /** `authorization.k8s.io/reason`, verbatim ("" is kept: the server said nothing). */
  reason?: string;
  /** `responseStatus.code`. */
  status?: number;
  where: LogPlace;
}

/** A line that is not a usable event: counted and named by file and line, never fatal. */
export interface LogProblem {
  where: LogPlace;
  message: string;
}

/** What was read: "never used" only ever means "not used between `from` and `to`". */
export interface UsageWindow {
  /** The first and last counted event's time (ms since the epoch); absent when none was read. */
  from?: number;
  to?: number;
  /** Requests counted (each event once). */
  events: number;
  /** Lines read, and those that were not usable events (LogProblem). */
  lines: number;
  problems: number;
  /** The files read, in the order read (oldest first). */
  files: string[];
}
