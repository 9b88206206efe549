// The engine's front door: index a cluster model once (O(objects)), then answer every question the
// CLI, the pages and the API ask, each at about the cost of its answer. can-i, who-can, rules-for and
// a subject's permissions all come from the same resolved bindings. The raw model stays inside.
import {
  bindingsReaching,
  indexBindings,
  ROLE_BINDING_SEQ,
  type BindingIndex,
  type DanglingBinding,
  type ResolvedBinding,
} from './authorizer/bindings';
import { allowedFor, canI, type CanIAnswer } from './authorizer/can-i';
import { whyNot, type WhyNot } from './authorizer/near-misses';
import { COMPLETE, completeness, type Completeness, type Question } from './authorizer/completeness';
import { riskAnswers, type RiskAnswers, type RiskHandle, type RiskTotals } from './engine-risks';
import type { Provenance } from './findings/bootstrap-policy';
import type { Finding } from './findings/findings';
import { fingerprintModel, type Fingerprint } from './diff/fingerprints';
import { indexInventory, type Inventory } from './indexes/inventory';
import { indexLookups, lookupData, type LookupData } from './indexes/lookups';
import type { Grant } from './authorizer/grants';
import { visibleItems, type Visible } from './indexes/builtin-visibility';
import type { FindingCounts } from './findings/finding-counts';
import { findingPrecedence, LEADING_FINDINGS } from './findings/severity';
import type { FindingGroupPage, FindingGroupQuery, FindingTally } from './findings/finding-groups';
import type { AttackPath, PathTarget } from './paths/path-types';
import { SEVERITIES, severityRank, type Severity } from './paths/techniques';
import { indexNamespaceBindings, type NamespaceClusterBindings } from './indexes/namespace-bindings';
import { indexNamespaces, namespaceIndexOf, type NamespaceQuery, type NamespaceSummary } from './indexes/namespaces';
import type { Page } from './model/page';
import { identityOfSubject } from './indexes/permissions';
import { rulesFor, type RulesForAnswer } from './authorizer/rules-for';
import { searchNames, type SearchHit } from './indexes/search';
import { indexSubjects, type KnownIdentities, type SubjectIndex } from './indexes/subject-index';
import { subjectPermissions, type SubjectPermissions } from './indexes/subject-permissions';
import { subjectBindings, type BindingNaming } from './authorizer/walk';
import type { AccessRequest, ClusterModel, ClusterRole, Identity, Pod, Role, ServiceAccount } from './model/types';
import { DEFAULT_KUBE_VERSION, type KubeVersion } from './model/kube-version';
import type { EffectiveWhoCan } from './indexes/effective-who-can';
import { groupMembers, summarizeWhoCan, whoCan, type WhoCanSubject, type WhoCanSummary } from './indexes/who-can';
import {
  isBindingRef,
  subjectKey,
  type BindingRef,
  type RbacObjectRef,
  type RoleRef,
  type SubjectRef,
} from './model/refs';

export interface ModelCounts {
  namespaces: number;
  serviceAccounts: number;
  pods: number;
  roles: number;
  clusterRoles: number;
  roleBindings: number;
  clusterRoleBindings: number;
}

export type { RiskHandle, RiskStatus, RiskTotals } from './engine-risks';

export interface Engine {
  /** Unique per engine (so per data version): what caches of views key on. */
  readonly version: number;
  /**
   * Moves only when roles, bindings or the model's completeness change (engine-update.ts), not on
   * pod, service account or namespace changes: a view that reads nothing else can stay cached on it.
   */
  readonly rbacVersion: number;
  readonly counts: ModelCounts;
  /** The Kubernetes version and feature gates every answer is computed for. */
  readonly kubernetes: KubeVersion;

  canI(identity: Identity, request: AccessRequest): CanIAnswer;
  /**
   * For a request canI denies, the bindings one thing away from allowing it, ranked, at most 10
   * (near-misses.ts); none when it is allowed. Asked apart, so canI costs the same without it.
   */
  whyNot(identity: Identity, request: AccessRequest): WhyNot;
  /** canI's decision for each identity, each binding's rules read once for all (many identities at once). */
  allowedFor(identities: readonly Identity[], request: AccessRequest): boolean[];
  /** Every subject allowed, in subject order; members reached through a group share its grants. */
  whoCan(request: AccessRequest): WhoCanSubject[];
  summarizeWhoCan(answer: readonly WhoCanSubject[]): WhoCanSummary;
  /**
   * Whether an answer row is Kubernetes' own: the privileged group, or every grant through a
   * built-in binding (the controllers, the nodes, discovery).
   */
  isBuiltinAnswer(subject: WhoCanSubject): boolean;
  /** Whether a grant comes through a built-in binding. */
  isBuiltinGrant(grant: Grant): boolean;
  /** A who-can answer with Kubernetes' own rows (isBuiltinAnswer) left out unless `show`, counted. */
  visibleAnswer(answer: readonly WhoCanSubject[], show: boolean): Visible<WhoCanSubject>;
  /** Grants with those through built-in bindings left out unless `show`, counted. */
  visibleGrants(grants: readonly Grant[], show: boolean): Visible<Grant>;
  /**
   * Where a role or binding comes from, by content (bootstrap-policy.ts): Kubernetes' own default, a
   * changed default, an impostor named like one, or the cluster's own. Undefined when it does not exist.
   */
  provenance(ref: RbacObjectRef): Provenance | undefined;
  /** Roles, bindings and subjects as filtered, sorted pages (the inventory views). */
  inventory: Inventory;
  rulesFor(identity: Identity, namespace: string): RulesForAnswer;
  /** What a subject is granted cluster-wide and in each namespace, in one pass. */
  subjectPermissions(ref: SubjectRef): SubjectPermissions;
  /** The bindings that name a subject, each with the subject that applies: what its grants come through. */
  subjectBindings(ref: SubjectRef): BindingNaming[];

  namespaces(query: NamespaceQuery): Page<NamespaceSummary>;
  namespace(name: string): NamespaceSummary | undefined;
  serviceAccountsIn(namespace: string): readonly ServiceAccount[];
  podsIn(namespace: string): readonly Pod[];
  podsOf(namespace: string, serviceAccount: string): readonly Pod[];

  /** Every ClusterRoleBinding and the namespace's RoleBindings, resolved to their rules. */
  bindingsReaching(namespace: string): readonly ResolvedBinding[];
  clusterBindings: readonly ResolvedBinding[];
  /** The ClusterRoleBindings that name the namespace's identities, and those that grant there to others. */
  clusterBindingsFor(namespace: string): NamespaceClusterBindings;
  roleBindingsIn(namespace: string): readonly ResolvedBinding[];
  binding(ref: BindingRef): ResolvedBinding | undefined;
  role(ref: RoleRef): Role | ClusterRole | undefined;
  bindingsOf(role: RoleRef): readonly ResolvedBinding[];
  /** The ClusterRoles whose labels an aggregating ClusterRole selects (a relation, never a grant). */
  aggregatedInto(clusterRole: string): readonly ClusterRole[];
  aggregatedBy(clusterRole: string): readonly ClusterRole[];
  /** Bindings whose role is missing: they grant nothing. */
  dangling: readonly DanglingBinding[];

  /** Every subject the model names: service accounts (existing, running pods, bound), users, groups. */
  known: KnownIdentities;
  isKnown(ref: SubjectRef): boolean;
  /** The known identities a group certainly covers (service accounts, users), in subject order. */
  groupMembers(group: string): readonly SubjectRef[];
  search(query: string, limit: number): SearchHit[];

  /**
   * Whether an answer to `question` about `namespace` saw every kind it depends on. `allowed`: a
   * can-i yes, which missing data cannot undo.
   */
  completeness(question: Question, namespace?: string, allowed?: boolean): Completeness;

  /**
   * Where the risk answers below (paths, findings, risk counts) stand, and their build in slices
   * (engine-risks.ts): without one they are computed on the first call; with one, `risks.status()`
   * says whether they are this engine's, a previous engine's, or not yet computed.
   */
  readonly risks: RiskHandle;
  /** Every subject's shortest path to the target, shortest first (computed once per data version). */
  pathsTo(target: PathTarget): AttackPath[];
  /** One subject's shortest path to the target; no steps when it already is the target. */
  pathFrom(from: SubjectRef, target: PathTarget): AttackPath | undefined;
  /** who-can, then every subject that can become one of its holders, by shortest path, grouped by steps away (the last 4 answers kept). */
  whoCanEffective(request: AccessRequest): EffectiveWhoCan;
  /** The identities a subject can become, nearest first. */
  canBecome(from: SubjectRef, limit: number): AttackPath[];
  /** Steps from the subject to cluster-admin: 0 when it already holds every permission, undefined without a path. */
  distanceToAdmin(ref: SubjectRef): number | undefined;
  /** Each role and binding as one string, by its key (refs.ts objectKey): what a change review compares (built when first asked). */
  fingerprints(): ReadonlyMap<string, Fingerprint>;
  /** Risk findings, most severe first (computed once per data version). */
  findings(): readonly Finding[];
  /** Findings that are not Kubernetes' own, per severity, for one namespace. */
  riskCounts(namespace: string): Readonly<Record<Severity, number>>;
  /**
   * Findings that are not Kubernetes' own, per severity, in the whole cluster; and how many of them
   * are changed defaults and impostors (what passes for Kubernetes' own and is not).
   */
  riskTotals(): Readonly<RiskTotals>;
  /** Every finding per severity, Kubernetes' own counted only when `builtin` (what /risks lists). */
  findingCounts(builtin: boolean): FindingCounts;
  /** Findings grouped by subject (or object) or by kind, filtered, sorted and paged (an index built with the findings). */
  findingGroups(query: FindingGroupQuery): FindingGroupPage;
  /** A subject's severity (its worst finding's), that finding, and its findings per severity; undefined without any. */
  subjectRisk(ref: SubjectRef): FindingTally | undefined;
}

let versions = 0;

type BuiltinChecks = Pick<Engine, 'isBuiltinAnswer' | 'isBuiltinGrant' | 'visibleAnswer' | 'visibleGrants'>;
const checksByIndex = new WeakMap<BindingIndex, BuiltinChecks>();

/** builtinChecks once per BindingIndex: engines of one RBAC version (pod batches) share it. */
function builtinChecksOf(index: BindingIndex): BuiltinChecks {
  let checks = checksByIndex.get(index);
  if (!checks) checksByIndex.set(index, (checks = builtinChecks(index)));
  return checks;
}

/**
 * Whether an answer or grant is Kubernetes' own. Grants point at their binding's BindingRef: the
 * built-in ones are collected when first asked, not at every engine build (each live batch).
 */
function builtinChecks(
  index: BindingIndex,
): Pick<Engine, 'isBuiltinAnswer' | 'isBuiltinGrant' | 'visibleAnswer' | 'visibleGrants'> {
  let builtinRefs: WeakSet<object> | undefined;
  const isBuiltinRef = (ref: object) => {
    if (!builtinRefs) {
      const refs = new WeakSet<object>();
      for (const b of index.clusterBindings) if (b.builtin) refs.add(b.binding);
      for (const list of index.roleBindingsByNamespace.values())
        for (const b of list) if (b.builtin) refs.add(b.binding);
      builtinRefs = refs;
    }
    return builtinRefs.has(ref);
  };
  // Members a group reaches share its grants list: decided once per list.
  const builtinLists = new WeakMap<readonly Grant[], boolean>();
  const allBuiltin = (grants: readonly Grant[]) => {
    let v = builtinLists.get(grants);
    if (v === undefined) {
      v = grants.length > 0 && grants.every((g) => isBuiltinRef(g.binding));
      builtinLists.set(grants, v);
    }
    return v;
  };
  const isBuiltinAnswer = (s: WhoCanSubject) => s.superuser === true || allBuiltin(s.grants);
  return {
    isBuiltinAnswer,
    isBuiltinGrant: (g) => isBuiltinRef(g.binding),
    visibleAnswer: (answer, show) => visibleItems(answer, show, isBuiltinAnswer),
    visibleGrants: (grants, show) => visibleItems(grants, show, (g) => isBuiltinRef(g.binding)),
  };
}

/** The authorizer's questions (walk.ts): can-i, who-can, rules-for, a subject's permissions. */
function accessAnswers(
  index: BindingIndex,
  subjects: SubjectIndex,
): Pick<
  Engine,
  | 'canI'
  | 'whyNot'
  | 'allowedFor'
  | 'whoCan'
  | 'summarizeWhoCan'
  | 'rulesFor'
  | 'subjectPermissions'
  | 'subjectBindings'
  | 'known'
  | 'isKnown'
  | 'groupMembers'
> {
  return {
    canI: (identity, request) => canI(index, identity, request),
    whyNot: (identity, request) => whyNot(index, subjects, identity, request),
    allowedFor: (identities, request) => allowedFor(index, identities, request),
    whoCan: (request) => whoCan(index, subjects, request),
    summarizeWhoCan: (answer) => summarizeWhoCan(answer, subjects),
    rulesFor: (identity, namespace) => rulesFor(index, identity, namespace),
    subjectPermissions: (ref) => subjectPermissions(subjects, identityOfSubject(ref)),
    subjectBindings: (ref) => subjectBindings(subjects, identityOfSubject(ref)),
    known: subjects.known,
    isKnown: (ref) => subjects.keys.has(subjectKey(ref)),
    groupMembers: (group) => groupMembers(group, subjects),
  };
}

function countsOf(model: ClusterModel, namespaces: number): ModelCounts {
  return {
    namespaces,
    serviceAccounts: model.serviceAccounts.length,
    pods: model.pods.length,
    roles: model.roles.length,
    clusterRoles: model.clusterRoles.length,
    roleBindings: model.roleBindings.length,
    clusterRoleBindings: model.clusterRoleBindings.length,
  };
}

/**
 * What an engine is made of: the model and the indexes over it. engine-update.ts makes the next
 * engine's parts from these and the changes, taking over what a change cannot alter; none is ever
 * changed once an engine holds it (requests in flight and the change history read old engines).
 */
export interface EngineParts {
  model: ClusterModel;
  index: BindingIndex;
  subjects: SubjectIndex;
  lookups: LookupData;
  /** Every namespace's summary, names in natural order. */
  namespaces: ReadonlyMap<string, NamespaceSummary>;
  /** The namespaces the model lists, and how many Roles each holds: with the lookups, which namespaces the model names. */
  listed: ReadonlySet<string>;
  roleCounts: ReadonlyMap<string, number>;
  risks: RiskAnswers;
  /** Fingerprints once built: shared by the engines of one RBAC version. */
  prints: { value?: Map<string, Fingerprint> };
  /** The seq the next RoleBinding added takes (after every one held: an added object goes last). */
  nextSeq: number;
  /** The engine's rbacVersion: absent when RBAC changed, and the engine's own version is it. */
  rbacVersion?: number;
}

// One map per process, whichever copy of this module asks: a production build may bundle the engine
// into several chunks (each its own module instance), and an engine one of them made is asked of by
// another (a page's usage answers, of the engine the source loaded). A module-level map there said
// "not made by createEngine" and the page failed.
const PARTS = Symbol.for('rbac-atlas.engine-parts');
const partsByEngine: WeakMap<Engine, EngineParts> = ((globalThis as { [PARTS]?: WeakMap<Engine, EngineParts> })[
  PARTS
] ??= new WeakMap());

/** The parts an engine was made of (engine-update.ts). */
export function partsOf(engine: Engine): EngineParts | undefined {
  return partsByEngine.get(engine);
}

/** A new engine's version: unique per engine, so per data version (what caches of views key on). */
export const nextVersion = (): number => ++versions;

/** `previous`: the engine of the model before, whose complete risk answers are served while these are built. */
export function createEngine(model: ClusterModel, previous?: Engine): Engine {
  const version = nextVersion();
  const index = indexBindings(model);
  const subjects = indexSubjects(model, index);
  const lookups = lookupData(model, index);
  const binding = indexLookups(model, index, lookups).binding;
  const risks = riskAnswers({ model, index, subjects, binding }, version, previous?.risks);
  const namespaces = indexNamespaces(model, index, risks.riskCounts).byName;
  const roleCounts = new Map<string, number>();
  for (const r of model.roles) roleCounts.set(r.namespace, (roleCounts.get(r.namespace) ?? 0) + 1);
  const listed = new Set(model.namespaces.map((n) => n.name));
  const nextSeq = ROLE_BINDING_SEQ + model.roleBindings.length;
  const parts = { model, index, subjects, lookups, namespaces, listed, roleCounts, risks, prints: {}, nextSeq };
  return engineOf(parts, version);
}

/** The engine answering from its parts: every answer is a lookup or a walk over them. */
export function engineOf(given: EngineParts, version: number): Engine {
  const parts = { ...given, rbacVersion: given.rbacVersion ?? version };
  const { model, index, subjects, risks } = parts;
  const lookups = indexLookups(model, index, parts.lookups);
  // A risk order is kept only once the risk answers are this model's (engine-risks.ts).
  const namespaces = namespaceIndexOf(
    parts.namespaces,
    risks.riskCounts,
    () => risks.risks.status().state === 'current',
  );
  const engine: Engine = {
    version,
    rbacVersion: parts.rbacVersion,
    counts: countsOf(model, namespaces.byName.size),
    kubernetes: model.kubernetes ?? DEFAULT_KUBE_VERSION,
    ...accessAnswers(index, subjects),
    ...builtinChecksOf(index),
    provenance: (ref) => (isBindingRef(ref) ? lookups.binding(ref)?.provenance : index.roleProvenance(ref)),
    inventory: indexInventory(model, index, subjects, (ref) => riskScore(risks.subjectRisk(ref))),
    namespaces: (query) => namespaces.query(query),
    namespace: (name) => namespaces.byName.get(name),
    ...lookups,
    bindingsReaching: (namespace) => bindingsReaching(index, namespace),
    clusterBindings: index.clusterBindings,
    clusterBindingsFor: indexNamespaceBindings(index),
    roleBindingsIn: (namespace) => index.roleBindingsByNamespace.get(namespace) ?? [],
    dangling: index.dangling,
    search: (query, limit) => searchNames(namespaces, subjects, index, query, limit),
    completeness: (question, namespace, allowed) =>
      allowed ? COMPLETE : completeness(model.missing ?? [], question, namespace),
    fingerprints: () => (parts.prints.value ??= fingerprintModel(model)),
    ...risks,
  };
  partsByEngine.set(engine, parts);
  return engine;
}

/**
 * Larger is worse: the worst severity first, then holding every permission before a path to it
 * (findingPrecedence), then the number of findings (a subject has far fewer than ten million).
 */
function riskScore(t: FindingTally | undefined): number {
  if (!t) return 0;
  const lead = LEADING_FINDINGS.length - findingPrecedence(t.worst.id);
  return ((SEVERITIES.length - severityRank(t.severity)) * (LEADING_FINDINGS.length + 1) + lead) * 1e7 + t.total;
}
