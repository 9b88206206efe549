// STAND-IN until part A (lib/k8s/audit, branch h30-reader) lands its tailAuditLog: a naive
// follower of one file or a folder's files, ResponseComplete/Panic stages only. Deleted on merge.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AccessRequest } from '@/lib/rbac';
import type { LogProblem, ObservedRequest, UsageWindow } from '@/lib/rbac/usage/types';

export interface TailHandlers {
  onRequests(batch: ObservedRequest[]): void;
  onProblem(p: LogProblem): void;
  onError?(e: Error): void;
}

interface AuditEvent {
  stage?: string;
  verb?: string;
  requestURI?: string;
  user?: { username?: string; groups?: string[] };
  impersonatedUser?: { username?: string; groups?: string[] };
  objectRef?: { resource?: string; subresource?: string; namespace?: string; name?: string; apiGroup?: string };
  annotations?: Record<string, string>;
  responseStatus?: { code?: number };
  stageTimestamp?: string;
}

function requestOf(e: AuditEvent): AccessRequest {
  const o = e.objectRef;
  if (!o) return { kind: 'nonResource', verb: e.verb!, path: (e.requestURI ?? '').split('?')[0] ?? '' };
  return {
    kind: 'resource',
    verb: e.verb!,
    group: o.apiGroup ?? '',
    resource: o.resource ?? '',
    subresource: o.subresource ?? '',
    namespace: o.namespace ?? '',
    name: e.verb === 'create' ? '' : (o.name ?? ''),
  };
}

function observed(e: AuditEvent, file: string, line: number): ObservedRequest {
  const who = e.impersonatedUser ?? e.user!;
  const decision = e.annotations?.['authorization.k8s.io/decision'];
  return {
    identity: { user: who.username ?? '', groups: who.groups ?? [] },
    ...(e.impersonatedUser && { impersonator: { user: e.user!.username ?? '', groups: e.user!.groups ?? [] } }),
    request: requestOf(e),
    time: Date.parse(e.stageTimestamp ?? ''),
    ...((decision === 'allow' || decision === 'forbid') && { decision }),
    ...(e.annotations?.['authorization.k8s.io/reason'] !== undefined && {
      reason: e.annotations['authorization.k8s.io/reason'],
    }),
    ...(e.responseStatus?.code !== undefined && { status: e.responseStatus.code }),
    where: { file, line },
  };
}

export function tailAuditLog(target: string, h: TailHandlers): { stop(): void; window(): UsageWindow } {
  const w: UsageWindow = { events: 0, lines: 0, problems: 0, files: [] };
  const read = new Map<string, { size: number; lines: number }>();
  const poll = () => {
    try {
      const files = statSync(target).isDirectory()
        ? readdirSync(target)
            .filter((f) => f.endsWith('.log'))
            .sort()
            .map((f) => path.join(target, f))
        : [target];
      for (const f of files) readGrowth(f);
    } catch (e) {
      h.onError?.(e as Error);
    }
  };
  const readGrowth = (file: string) => {
    const st = statSync(file);
    const seen = read.get(file) ?? { size: 0, lines: 0 };
    if (st.size <= seen.size) return;
    const text = readFileSync(file, 'utf8');
    const end = text.lastIndexOf('\n') + 1;
    const lines = text.slice(0, end).split('\n').slice(seen.lines, -1);
    const batch: ObservedRequest[] = [];
    lines.forEach((l, i) => {
      const n = seen.lines + i + 1;
      w.lines++;
      try {
        const e = JSON.parse(l) as AuditEvent;
        if (!e.user || !e.verb) throw new Error('no user or verb');
        if (e.stage !== 'ResponseComplete' && e.stage !== 'Panic') return;
        const o = observed(e, file, n);
        batch.push(o);
        w.events++;
        w.from = Math.min(w.from ?? o.time, o.time);
        w.to = Math.max(w.to ?? o.time, o.time);
      } catch (err) {
        w.problems++;
        h.onProblem({ where: { file, line: n }, message: (err as Error).message });
      }
    });
    if (!w.files.includes(file)) w.files.push(file);
    read.set(file, { size: Buffer.byteLength(text.slice(0, end)), lines: seen.lines + lines.length });
    if (batch.length) h.onRequests(batch);
  };
  poll();
  const timer = setInterval(poll, 1000);
  timer.unref();
  return { stop: () => clearInterval(timer), window: () => ({ ...w, files: [...w.files] }) };
}
