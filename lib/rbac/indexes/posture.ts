// The cluster's posture in one answer, for the overview: findings per severity, who can become
// cluster-admin, the dangers subjects hold by kind, dangling bindings, unused roles and the most
// risky namespaces. Everything from the engine's indexes and findings (never the raw objects),
// computed once per engine (so per data version), then kept.
import type { Engine } from '../engine';
import type { FindingCounts } from '../findings/finding-counts';
import { DANGER_RULES } from '../findings/danger';
import { REQUEST_SHAPES, type Shape } from '../findings/request-shapes';
import { compareSubjects } from '../authorizer/subjects';
import { subjectKey, type SubjectRef } from '../model/refs';
import type { Severity } from '../paths/techniques';
import type { NamespaceSummary } from './namespaces';

/** A subject that holds every permission (distance 0) or has a path to it (steps). */
export interface AdminHolder {
  subject: SubjectRef;
  distance: number;
}

export interface DangerCount {
  id: string;
  title: string;
  /** Subjects (not Kubernetes' own) named by a binding whose role carries it. */
  subjects: number;
  /** One request that makes the danger, for a who-can link: verb, group, resource, subresource. */
  example?: Shape;
}

export interface Posture {
  /** The cluster's own findings per severity (engine findingCounts, Kubernetes' own left out), and Kubernetes' own counted. */
  findings: FindingCounts;
  admins: {
    /** Subjects that hold every permission or can become a holder, not Kubernetes' own. */
    total: number;
    /** Kubernetes' own (every grant through a default binding): counted, never hidden silently. */
    builtin: number;
    /** The nearest first (holders, then by steps), then in subject order. */
    top: AdminHolder[];
  };
  dangers: DangerCount[];
  danglingBindings: number;
  /** Roles and ClusterRoles of the cluster's own that no binding names. */
  unusedRoles: number;
  /** Namespaces with at least one finding, most risky first. */
  riskiest: { namespace: NamespaceSummary; counts: Readonly<Record<Severity, number>> }[];
}

export const TOP_ADMINS = 8;
export const TOP_NAMESPACES = 8;
const ALL = Number.MAX_SAFE_INTEGER;

/** Subjects with CLUSTER_ADMIN_BINDING (0 steps) or PATH_TO_CLUSTER_ADMIN findings, each once at its distance. */
function adminsOf(engine: Engine): Posture['admins'] {
  const own = new Map<string, AdminHolder>();
  const builtin = new Map<string, AdminHolder>();
  for (const f of engine.findings()) {
    if (!f.subject || (f.id !== 'CLUSTER_ADMIN_BINDING' && f.id !== 'PATH_TO_CLUSTER_ADMIN')) continue;
    const distance = f.id === 'CLUSTER_ADMIN_BINDING' ? 0 : (f.path?.steps.length ?? 1);
    const into = f.builtin ? builtin : own;
    const key = subjectKey(f.subject);
    const kept = into.get(key);
    if (!kept || distance < kept.distance) into.set(key, { subject: f.subject, distance });
  }
  // A subject with a path through a built-in binding and one of the cluster's own is the cluster's.
  for (const key of own.keys()) builtin.delete(key);
  const top = [...own.values()]
    .sort((a, b) => a.distance - b.distance || compareSubjects(a.subject, b.subject))
    .slice(0, TOP_ADMINS);
  return { total: own.size, builtin: builtin.size, top };
}

function dangersOf(engine: Engine): DangerCount[] {
  const counts = new Map<string, number>();
  for (const row of engine.inventory.subjects({ builtin: false, dangerous: true, limit: ALL }).items)
    for (const id of row.dangers) counts.set(id, (counts.get(id) ?? 0) + 1);
  return DANGER_RULES.map(({ id, title, shapes }) => {
    const example = shapes?.[0] && REQUEST_SHAPES[shapes[0]][0];
    return { id, title, subjects: counts.get(id) ?? 0, ...(example && { example }) };
  });
}

function riskiestOf(engine: Engine): Posture['riskiest'] {
  const page = engine.namespaces({ sort: 'risk', order: 'desc', limit: TOP_NAMESPACES });
  return page.items
    .map((namespace) => ({ namespace, counts: engine.riskCounts(namespace.name) }))
    .filter(({ counts }) => Object.values(counts).some((n) => n > 0));
}

const postures = new WeakMap<Engine, { risks: string; p: Posture }>();

/**
 * Roles of the cluster's own that grant nobody: no binding names them, and (a ClusterRole) no
 * aggregating ClusterRole gathers their rules. One that is gathered is held by whoever holds the
 * gatherer (the aggregation controller copies its rules), so calling it unused would invite deleting
 * rules in use.
 */
function unusedRoles(engine: Engine): number {
  const rows = engine.inventory.roles({ builtin: false, limit: ALL }).items;
  return rows.filter(
    (r) => r.bindings === 0 && (r.ref.kind !== 'ClusterRole' || engine.aggregatedBy(r.ref.name).length === 0),
  ).length;
}

/** Which risk answers a posture counts (engine-risks.ts RiskHandle): it is kept for those only. */
function risksKey(engine: Engine): string {
  const s = engine.risks.status();
  return s.state === 'previous' ? `previous ${s.version}` : s.state;
}

export function posture(engine: Engine): Posture {
  const risks = risksKey(engine);
  let kept = postures.get(engine);
  if (kept?.risks !== risks) {
    kept = {
      risks,
      p: {
        findings: engine.findingCounts(false),
        admins: adminsOf(engine),
        dangers: dangersOf(engine),
        danglingBindings: engine.dangling.length,
        unusedRoles: unusedRoles(engine),
        riskiest: riskiestOf(engine),
      },
    };
    postures.set(engine, kept);
  }
  return kept.p;
}

/** What a trend point keeps of a posture: severities and the cluster-admin count. */
export interface PosturePoint {
  /** ISO time of the state it describes. */
  at: string;
  severities: Record<Severity, number>;
  admins: number;
}

export function posturePoint(engine: Engine, at: Date): PosturePoint {
  const p = posture(engine);
  return { at: at.toISOString(), severities: { ...p.findings.severities }, admins: p.admins.total };
}
