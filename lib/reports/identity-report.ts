// What an authenticated identity (a token's) can do, from what the subject pages and `rbac-atlas
// paths` already compute: each subject it is (its service account; or its user and each group),
// their grants, dangers and path to cluster-admin. The token inspector's CLI and API answer from
// this, and link to each subject's page for the whole story.
import {
  AUTHENTICATED_GROUP,
  CLUSTER_ADMIN,
  splitServiceAccountUsername,
  subjectDangers,
  type AttackPath,
  type Completeness,
  type Engine,
  type Identity,
  type RiskStatus,
  type SubjectRef,
} from '@/lib/rbac';
import { riskStatusJson } from './risk-status';

export interface SubjectSummary {
  subject: SubjectRef;
  /** Whether any binding (or, for a service account, its object) names it in the data read. */
  known: boolean;
  /** Grants through ClusterRoleBindings (every namespace and cluster scope). */
  clusterWideGrants: number;
  /** Namespaces where RoleBindings grant it something, sorted. */
  namespaces: string[];
  /** Its dangerous grants, most severe first, and where (""= cluster-wide). */
  dangers: { id: string; title: string; where: string[] }[];
  /** Already holds every permission (false too while the risk answers are computing: see `risks`). */
  admin: boolean;
  /** Its shortest path to cluster-admin, when it has one and is not admin already (none while computing). */
  toAdmin?: AttackPath;
}

export interface IdentityReport {
  identity: Identity;
  subjects: SubjectSummary[];
  completeness: Completeness;
  /**
   * Where the risk answers `admin` and `toAdmin` come from stand (risk-status.ts): while `computing`
   * they are empty, which says nothing about a path; `previous` answers are an older engine's.
   */
  risks: RiskStatus;
}

/**
 * The subjects whose grants are the identity's: a service account's page already counts its groups
 * (identityOfSubject); any other user is its user (with system:authenticated) and each other group.
 */
export function identitySubjects(identity: Identity): SubjectRef[] {
  const sa = splitServiceAccountUsername(identity.user);
  if (sa) return [{ kind: 'ServiceAccount', ...sa }];
  return [
    { kind: 'User', name: identity.user },
    ...identity.groups.filter((g) => g !== AUTHENTICATED_GROUP).map((name): SubjectRef => ({ kind: 'Group', name })),
  ];
}

function subjectSummary(engine: Engine, subject: SubjectRef): SubjectSummary {
  const p = engine.subjectPermissions(subject);
  const admin = engine.distanceToAdmin(subject) === 0;
  const path = admin ? undefined : engine.pathFrom(subject, CLUSTER_ADMIN);
  return {
    subject,
    known: engine.isKnown(subject),
    clusterWideGrants: p.clusterWide.length,
    namespaces: p.namespaces.map((n) => n.namespace),
    dangers: subjectDangers(p).map((d) => ({
      id: d.danger.id,
      title: d.danger.title,
      where: d.where.map((w) => w.namespace),
    })),
    admin,
    ...(path && path.steps.length > 0 && { toAdmin: path }),
  };
}

export function identityReport(engine: Engine, identity: Identity): IdentityReport {
  // Read before the answers, as the API routes do: the build may complete in between.
  const risks = riskStatusJson(engine.risks.status());
  return {
    identity,
    subjects: identitySubjects(identity).map((s) => subjectSummary(engine, s)),
    completeness: engine.completeness('paths'),
    risks,
  };
}
