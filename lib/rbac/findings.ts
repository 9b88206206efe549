// Risk findings: attack paths to cluster-admin, the grants that make steps, and the grants and
// objects that are risky without being a step (rbac-tool's analysis rules and rbac-police's
// policies, as data). Each finding carries the grants behind it, so every one has its why.
import type { AttackGraph } from './attack-graph';
import { PROBES, allowances, ruleMatchesShape, type Held, type Shape } from './capabilities';
import type { BindingIndex, ResolvedBinding } from './bindings';
import {
  ANONYMOUS_USER,
  AUTHENTICATED_GROUP,
  PRIVILEGED_GROUP,
  serviceAccountUsername,
  UNAUTHENTICATED_GROUP,
} from './identity';
import { CLUSTER_ADMIN, grantKey, type AttackPath, type PathGrant } from './path-types';
import type { SubjectIndex } from './subject-index';
import { compareSubjects, subjectRefOf } from './subjects';
import { TECHNIQUES, severityRank, type Severity, type TechniqueId } from './techniques';
import { provenanceFindings } from './provenance-findings';
import { carriesToken, type ClusterModel, type Subject } from './types';
import { MUTABLE_WORKLOAD_KINDS } from './workloads';
import { type BindingRef, type RoleRef, subjectKey, subjectLabel, type SubjectRef } from './refs';

export type FindingId =
  | 'PATH_TO_CLUSTER_ADMIN'
  | 'CLUSTER_ADMIN_BINDING'
  | TechniqueId
  | 'WILDCARD'
  | 'SECRETS_READ'
  | 'CSR_APPROVE'
  | 'WEBHOOK_CONFIG'
  | 'BROAD_GROUP_BINDING'
  | 'DEFAULT_SA_GRANTS'
  | 'UNNEEDED_TOKEN'
  | 'DANGLING_BINDING'
  | 'MODIFIED_DEFAULT'
  | 'BUILTIN_IMPOSTOR'
  | 'AGGREGATED_INTO_DEFAULT'
  | 'BIND_OR_ESCALATE';

export interface FindingRule {
  id: FindingId;
  title: string;
  severity: Severity;
  description: string;
  remediation: string;
  references: string[];
}

const GOOD_PRACTICES = 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/';

const BOOTSTRAP_DOCS = 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#default-roles-and-role-bindings';

const OTHER_RULES: readonly FindingRule[] = [
  {
    id: 'PATH_TO_CLUSTER_ADMIN',
    title: 'Can become cluster-admin',
    severity: 'critical',
    description:
      'A chain of steps, each allowed by RBAC and the API server, leads from this subject to every permission ' +
      'in the cluster.',
    remediation: 'Break the first step of the path: remove or narrow the grant it names.',
    references: [GOOD_PRACTICES],
  },
  {
    id: 'CLUSTER_ADMIN_BINDING',
    title: 'Holds every permission in the cluster',
    severity: 'high',
    description:
      'A ClusterRoleBinding gives this subject every verb on every resource and every non-resource URL, outside ' +
      'system:masters.',
    remediation: 'Bind narrower roles; keep cluster-admin for break-glass identities.',
    references: [`${GOOD_PRACTICES}#least-privilege`],
  },
  {
    id: 'MODIFIED_DEFAULT',
    title: "Kubernetes' default changed",
    severity: 'high',
    description:
      "A role or binding that Kubernetes creates (its bootstrap policy) grants what no supported version's " +
      'default grants (a rule or a subject added, another role bound), or lost some of it. Upgrades do not ' +
      'cause this: the API server only adds what a newer default has. Nothing in RBAC Atlas hides it; it is ' +
      'critical when what changed grants a danger, low when the default was only narrowed.',
    remediation:
      'Remove what was added (the API server restores missing default rules and subjects at start, but never ' +
      'removes extra ones), and grant what is needed through a role and binding of your own.',
    references: [BOOTSTRAP_DOCS],
  },
  {
    id: 'BUILTIN_IMPOSTOR',
    title: "Named like Kubernetes' own",
    severity: 'high',
    description:
      'The object is named `system:…` or labelled kubernetes.io/bootstrapping=rbac-defaults, but no supported ' +
      'Kubernetes version creates it: anyone who may create roles or bindings chooses names and labels, and a ' +
      "tool that trusts them hides it. Add-ons use such names too (metrics-server's system:aggregated-metrics-" +
      "reader, for one; kubeadm's system:coredns is recognised by content): check each one. It is critical " +
      'when what it grants is a danger.',
    remediation: 'Delete it if nobody can say who made it; otherwise rename it so it does not pass for a default.',
    references: [BOOTSTRAP_DOCS],
  },
  {
    id: 'AGGREGATED_INTO_DEFAULT',
    title: "Aggregated into Kubernetes' roles",
    severity: 'low',
    description:
      "A role of the cluster carries a label that Kubernetes' aggregated ClusterRoles select " +
      '(rbac.authorization.k8s.io/aggregate-to-view, -edit, -admin), so the aggregation controller copies its ' +
      'rules into view, edit or admin, and into every role that gathers those: whoever is bound to them holds ' +
      'its rules. Add-ons extend the defaults this way; it is critical when what it adds is a danger.',
    remediation:
      'Remove the aggregation label, or narrow the role to what every holder of view, edit or admin may have.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/rbac/#aggregated-clusterroles'],
  },
  {
    id: 'WILDCARD',
    title: 'Wildcard rule',
    severity: 'medium',
    description: 'A rule with `*` in verbs or resources grants what exists today and whatever is added later.',
    remediation: 'List the verbs and resources the subject needs.',
    references: [`${GOOD_PRACTICES}#least-privilege`],
  },
  {
    id: 'SECRETS_READ',
    title: 'Reads Secrets',
    severity: 'medium',
    description:
      'get, list or watch on secrets reads credentials, and legacy service-account token Secrets make it a ' +
      'possible step to those service accounts (RBAC Atlas never reads Secrets, so it cannot tell which exist).',
    remediation: 'Grant secrets access per name with resourceNames; remove legacy token Secrets.',
    references: [`${GOOD_PRACTICES}#listing-secrets`],
  },
  {
    id: 'CSR_APPROVE',
    title: 'Approves certificate signing requests',
    severity: 'high',
    description:
      'update on certificatesigningrequests/approval with approve on a signer lets a subject approve its own ' +
      'client certificate, for any user name and group the signer accepts.',
    remediation: 'Grant approval only to the controllers that need it, with signer names in resourceNames.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#authorization'],
  },
  {
    id: 'WEBHOOK_CONFIG',
    title: 'Controls admission webhooks',
    severity: 'high',
    description:
      'Creating or changing mutating or validating webhook configurations lets a subject see and change every ' +
      'object written to the cluster, including pods and RBAC objects.',
    remediation: 'Grant webhook configuration changes only to cluster administrators.',
    references: [`${GOOD_PRACTICES}#control-admission-webhooks`],
  },
  {
    id: 'BROAD_GROUP_BINDING',
    title: 'Granted to everyone',
    severity: 'high',
    description:
      'A binding names system:anonymous, system:unauthenticated or system:authenticated with a role beyond ' +
      'discovery: every caller (or every authenticated one) holds it.',
    remediation: 'Bind the role to the identities that need it instead.',
    references: [`${GOOD_PRACTICES}#least-privilege`],
  },
  {
    id: 'DEFAULT_SA_GRANTS',
    title: 'Default service account with grants',
    severity: 'medium',
    description:
      'Every pod that names no service account runs as `default`, so what it is granted every such pod holds.',
    remediation: 'Create a service account for the workload that needs the grant and bind that instead.',
    references: [`${GOOD_PRACTICES}#least-privilege`],
  },
  {
    id: 'UNNEEDED_TOKEN',
    title: 'Pods mount a token with no grants of their own',
    severity: 'low',
    description:
      'These pods mount a service-account token although no binding names their service account: a stolen token ' +
      'is still a credential.',
    remediation: 'Set automountServiceAccountToken: false on the service account or the pods.',
    references: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/'],
  },
  {
    id: 'DANGLING_BINDING',
    title: 'Binding to a role that does not exist',
    severity: 'low',
    description: 'It grants nothing today, and grants whatever a role created later under that name holds.',
    remediation: 'Delete the binding, or create the role it names.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/rbac/#rolebinding-and-clusterrolebinding'],
  },
  {
    id: 'BIND_OR_ESCALATE',
    title: 'Holds bind or escalate without a step today',
    severity: 'medium',
    description:
      '`bind` on roles or clusterroles lets a subject hand out roles it does not hold, and `escalate` lets it add ' +
      'rules it does not hold; today it may not create or change the bindings (or update the roles) that would ' +
      'make that a step, but a grant of `create` on rolebindings or `update` on roles added later completes it.',
    remediation: 'Remove bind and escalate unless the subject administers RBAC; limit them with resourceNames.',
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping',
    ],
  },
];

export const FINDING_RULES: readonly FindingRule[] = [
  OTHER_RULES[0]!,
  OTHER_RULES[1]!,
  ...Object.values(TECHNIQUES).map(({ id, title, severity, description, remediation, references }) => ({
    id,
    title,
    severity,
    description,
    remediation,
    references,
  })),
  ...OTHER_RULES.slice(2),
];

const RULES = new Map(FINDING_RULES.map((r) => [r.id, r]));

export type FindingObject = BindingRef | RoleRef | { kind: 'Pod'; namespace: string; name: string; more: number };

export interface Finding {
  id: FindingId;
  severity: Severity;
  /** What this one is: "can become cluster-admin in 2 steps", "can create pods in payments". */
  title: string;
  subject?: SubjectRef;
  object?: FindingObject;
  /** The namespace the finding belongs to, for per-namespace counts. */
  namespace?: string;
  grants: PathGrant[];
  path?: AttackPath;
  remediation: string;
  /** Every grant behind it is Kubernetes' own: through defaults of its bootstrap policy, recognised by content. */
  builtin: boolean;
}

/** Roles every caller is given by Kubernetes for discovery: binding them to everyone is expected. */
const DISCOVERY_ROLES = new Set(['system:discovery', 'system:basic-user', 'system:public-info-viewer']);
const EVERYONE = new Set([ANONYMOUS_USER, UNAUTHENTICATED_GROUP, AUTHENTICATED_GROUP]);

interface Inputs {
  model: ClusterModel;
  index: BindingIndex;
  subjects: SubjectIndex;
  graph: AttackGraph;
  binding(ref: BindingRef): ResolvedBinding | undefined;
}

function make(
  id: FindingId,
  title: string,
  grants: readonly PathGrant[],
  builtin: boolean,
  extra: Partial<Finding> = {},
): Finding {
  const rule = RULES.get(id)!;
  return { id, severity: rule.severity, title, grants: [...grants], remediation: rule.remediation, builtin, ...extra };
}

const nsOf = (ref: SubjectRef | undefined) => (ref?.kind === 'ServiceAccount' ? ref.namespace : undefined);

function allBindings(index: BindingIndex): ResolvedBinding[] {
  return [...index.clusterBindings, ...[...index.roleBindingsByNamespace.values()].flat()];
}

function sources(subjects: SubjectIndex): SubjectRef[] {
  return [...subjects.known.serviceAccounts, ...subjects.known.users, ...subjects.known.groups];
}

export function computeFindings(inputs: Inputs): Finding[] {
  const { subjects, graph } = inputs;
  const isBuiltin = (grants: readonly PathGrant[]) =>
    grants.length > 0 && grants.every((g) => !g.binding || inputs.binding(g.binding)?.builtin === true);
  const findings: Finding[] = [];

  for (const path of graph.pathsTo(CLUSTER_ADMIN)) {
    if (path.from.kind === 'Group' && path.from.name === PRIVILEGED_GROUP) continue;
    const grants = path.steps.flatMap((s) => s.grants);
    const n = path.steps.length;
    findings.push(
      make(
        'PATH_TO_CLUSTER_ADMIN',
        `can become cluster-admin in ${n} step${n === 1 ? '' : 's'}`,
        grants,
        isBuiltin(grants),
        {
          subject: path.from,
          ...(nsOf(path.from) && { namespace: nsOf(path.from) }),
          path,
        },
      ),
    );
  }

  for (const ref of sources(subjects)) {
    if (ref.kind === 'Group' && ref.name === PRIVILEGED_GROUP) continue;
    const admin = graph.adminGrantsOf(ref);
    // Reported on the group when a group grants it, not on each of its members.
    if (admin && admin.length > 0 && !throughGroupOnly(admin, ref))
      findings.push(
        make('CLUSTER_ADMIN_BINDING', 'holds every permission in the cluster', admin, isBuiltin(admin), {
          subject: ref,
          ...(nsOf(ref) && { namespace: nsOf(ref) }),
        }),
      );
    const csr = admin ? undefined : approval(graph.heldOf(ref));
    if (csr && !throughGroupOnly(csr, ref))
      findings.push(
        make('CSR_APPROVE', 'can approve certificate signing requests', csr, isBuiltin(csr), {
          subject: ref,
          ...(nsOf(ref) && { namespace: nsOf(ref) }),
        }),
      );
  }

  // Hundreds of thousands at 10,000 namespaces: appended one by one, never spread onto the stack.
  for (const more of [
    grantFindings(inputs, isBuiltin),
    objectFindings(inputs),
    provenanceFindings(inputs.model, inputs.index, allBindings(inputs.index), make),
  ])
    for (const f of more) findings.push(f);
  return findings.sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      Number(a.builtin) - Number(b.builtin) ||
      a.id.localeCompare(b.id) ||
      (a.subject && b.subject ? compareSubjects(a.subject, b.subject) : 0),
  );
}

/** Whether every grant comes through a group: the group's own finding says it. */
function throughGroupOnly(grants: readonly PathGrant[], ref: SubjectRef): boolean {
  return ref.kind !== 'Group' && grants.every((g) => g.subject?.kind === 'Group');
}

function approval(held: readonly Held[]): PathGrant[] | undefined {
  const csr = allowances(held, 'approveCsr').find((a) => a.scope === '');
  const signer = allowances(held, 'approveSigners').find((a) => a.scope === '');
  return csr && signer ? [csr.grant, signer.grant] : undefined;
}

const STEP_WORDS: Record<TechniqueId, string> = {
  IMPERSONATE: 'can impersonate',
  TOKEN_REQUEST: 'can request service-account tokens',
  POD_CREATE: 'can create pods (and run them as any service account)',
  POD_EXEC: 'can exec into pods',
  POD_PATCH: "can change running pods' images (and run with their tokens)",
  WORKLOAD_UPDATE: "can change existing workloads' pod templates (and run them as any service account)",
  NODE_ESCAPE: 'can reach nodes and the tokens of their pods',
  NAMESPACE_RELABEL: "can relabel a namespace's Pod Security level and reach nodes from a privileged pod",
  ROLE_BIND: 'can bind roles it does not hold',
  ROLE_ESCALATE: 'can add permissions to roles it is bound to',
};

/** Per subject and technique: the grants that make steps, and where. */
function grantFindings(inputs: Inputs, isBuiltin: (g: readonly PathGrant[]) => boolean): Finding[] {
  const bySubject = new Map<
    string,
    {
      ref: SubjectRef;
      steps: Map<FindingId, { grants: PathGrant[]; keys: Set<string>; scopes: Set<string>; unseen: Set<string> }>;
    }
  >();
  const stepOf = (ref: SubjectRef, id: FindingId) => {
    const key = subjectKey(ref);
    const entry = bySubject.get(key) ?? { ref, steps: new Map() };
    bySubject.set(key, entry);
    const step = entry.steps.get(id) ?? {
      grants: [] as PathGrant[],
      keys: new Set<string>(),
      scopes: new Set<string>(),
      unseen: new Set<string>(),
    };
    entry.steps.set(id, step);
    return step;
  };
  const add = (ref: SubjectRef, id: FindingId, grants: readonly PathGrant[], scope: string) => {
    const step = stepOf(ref, id);
    // Each grant once (its key computed once, not against every grant kept so far).
    for (const g of grants) {
      if (step.grants.length >= STEP_GRANTS) break;
      const key = grantKey(g);
      if (step.keys.has(key)) continue;
      step.keys.add(key);
      step.grants.push(g);
    }
    step.scopes.add(scope);
  };
  for (const b of allBindings(inputs.index)) {
    if (!b.role) continue;
    for (const subject of b.subjects) {
      const ref = subjectRefOf(subject, b.namespace);
      // A subject that holds every permission has every step: its CLUSTER_ADMIN_BINDING says so once.
      if (!ref || (ref.kind === 'Group' && ref.name === PRIVILEGED_GROUP) || inputs.graph.adminGrantsOf(ref)) continue;
      const seen = new Set<TechniqueId>();
      const steps = inputs.graph.stepsOfBinding(b, subject);
      for (const e of steps) {
        if (seen.has(e.technique)) continue;
        seen.add(e.technique);
        add(ref, e.technique, e.grants, b.namespace);
      }
      // Updating a workload kind with no known workload is no step (the proof needs one that exists),
      // yet one may exist unseen: a Deployment scaled to zero, any CronJob. The grant is a finding.
      for (const kind of MUTABLE_WORKLOAD_KINDS) {
        if (steps.some((e) => e.to.t === 'workload' && e.to.kind === kind.kind)) continue;
        const grants = matching(b, subject, PROBES[kind.updateProbe]);
        if (grants.length === 0) continue;
        add(ref, 'WORKLOAD_UPDATE', grants, b.namespace);
        stepOf(ref, 'WORKLOAD_UPDATE').unseen.add(
          `${kind.resource} ${b.namespace === '' ? 'cluster-wide' : `in ${b.namespace}`}`,
        );
      }
      const secrets = matching(b, subject, PROBES.readSecrets);
      if (secrets.length > 0) add(ref, 'SECRETS_READ', secrets, b.namespace);
      // Webhook configurations are cluster-scoped: only a ClusterRoleBinding grants them.
      const hooks = b.namespace === '' ? matching(b, subject, PROBES.webhooks) : [];
      if (hooks.length > 0) add(ref, 'WEBHOOK_CONFIG', hooks, b.namespace);
      const lone = matching(b, subject, BIND_OR_ESCALATE);
      if (lone.length > 0) add(ref, 'BIND_OR_ESCALATE', lone, b.namespace);
    }
  }
  // Relabelling takes two grants that two bindings may give (patch the namespace cluster-wide, create
  // pods through a RoleBinding there): what a subject holds together, reported where a group gives it.
  for (const ref of sources(inputs.subjects)) {
    if (bySubject.get(subjectKey(ref))?.steps.has('NAMESPACE_RELABEL') || inputs.graph.adminGrantsOf(ref)) continue;
    const step = inputs.graph.relabelStepsOf(ref)[0];
    if (step && !throughGroupOnly(step.grants, ref)) add(ref, 'NAMESPACE_RELABEL', step.grants, step.privilegedPodIn!);
  }
  const out: Finding[] = [];
  for (const { ref, steps } of bySubject.values())
    for (const [id, { grants, scopes, unseen }] of steps) {
      // bind or escalate that some binding already turns into a step is that step's finding.
      if (id === 'BIND_OR_ESCALATE' && (steps.has('ROLE_BIND') || steps.has('ROLE_ESCALATE'))) continue;
      const where = [...scopes].map((s) => (s === '' ? 'cluster-wide' : s));
      const shown =
        where.length > 3 ? `${where.slice(0, 3).join(', ')} and ${where.length - 3} more` : where.join(', ');
      const words = id in STEP_WORDS ? STEP_WORDS[id as TechniqueId] : RULES.get(id)!.title.toLowerCase();
      const finding = make(id, `${words}: ${shown}${unseenNote(unseen)}`, grants, isBuiltin(grants), {
        subject: ref,
        ...((nsOf(ref) ?? (scopes.size === 1 && !scopes.has('') ? [...scopes][0] : undefined)) && {
          namespace: nsOf(ref) ?? [...scopes][0]!,
        }),
      });
      // Reading secrets across the cluster reads every token Secret there is.
      if (id === 'SECRETS_READ' && scopes.has('')) finding.severity = 'high';
      out.push(finding);
    }
  return out;
}

/** What a WORKLOAD_UPDATE finding says of the kinds it saw no workload of. */
function unseenNote(unseen: ReadonlySet<string>): string {
  if (unseen.size === 0) return '';
  const list = [...unseen];
  const shown = list.length > 3 ? `${list.slice(0, 3).join(', ')} and ${list.length - 3} more` : list.join(', ');
  return (
    ` (can update ${shown}; no workload of that kind seen: RBAC Atlas knows workloads only from their pods, ` +
    'so one scaled to zero or a CronJob is not seen)'
  );
}

const BIND_OR_ESCALATE: readonly Shape[] = [
  ...PROBES.bindRoles,
  ...PROBES.bindClusterRoles,
  ...PROBES.escalateRoles,
  ...PROBES.escalateClusterRoles,
];

/** A finding's step keeps this many of the grants that give it (the rest are the same kind of reason). */
const STEP_GRANTS = 50;

/**
 * The binding's rules that allow one of the shapes, whatever names they are limited to; no more
 * than a step keeps (a role of 20,000 matching rules bound to 5,000 subjects made 100 million).
 */
function matching(b: ResolvedBinding, subject: Subject, shapes: readonly Shape[]): PathGrant[] {
  return matchingRules(b, shapes)
    .slice(0, STEP_GRANTS)
    .map((ruleIndex) => ({
      binding: b.binding,
      role: b.role!,
      ruleIndex,
      rule: b.rules[ruleIndex]!,
      subject,
    }));
}

/**
 * The indexes of a binding's rules that allow one of the shapes, kept per binding and shape list:
 * they do not depend on the subject, and a binding naming 5,000 subjects to a role of 20,000 rules
 * took 70 s to match subject by subject (issue #25).
 */
const matchedRules = new WeakMap<ResolvedBinding, Map<readonly Shape[], readonly number[]>>();
function matchingRules(b: ResolvedBinding, shapes: readonly Shape[]): readonly number[] {
  let byShapes = matchedRules.get(b);
  if (!byShapes) matchedRules.set(b, (byShapes = new Map()));
  let found = byShapes.get(shapes);
  if (!found) {
    found = b.rules.flatMap((rule, i) => (shapes.some((shape) => ruleMatchesShape(rule, shape)) ? [i] : []));
    byShapes.set(shapes, found);
  }
  return found;
}

/** Findings about objects: wildcard roles, bindings to everyone or to default, dangling bindings, idle tokens. */
function objectFindings(inputs: Inputs): Finding[] {
  const { index } = inputs;
  const out: Finding[] = [];
  const wildcardRoles = new Map<string, { role: RoleRef; grants: PathGrant[]; builtin: boolean; cluster: boolean }>();
  for (const b of allBindings(index)) {
    if (b.dangling) {
      out.push(
        make(
          'DANGLING_BINDING',
          `${b.binding.kind} ${b.binding.namespace ? `${b.binding.namespace}/` : ''}${b.binding.name}: ${b.dangling.reason}`,
          [],
          b.builtin,
          {
            object: b.binding,
            ...(b.binding.namespace && { namespace: b.binding.namespace }),
          },
        ),
      );
      continue;
    }
    const role = b.role!;
    const subject = b.subjects[0];
    // Kubernetes' own roles (cluster-admin, the controllers') are wildcards by design.
    const ownRole = index.roleProvenance(role) !== 'default';
    b.rules.forEach((rule, ruleIndex) => {
      if (!ownRole || (!rule.verbs.includes('*') && !rule.resources.includes('*'))) return;
      const key = `${role.kind}:${role.namespace ?? ''}/${role.name}`;
      const entry = wildcardRoles.get(key) ?? { role, grants: [], builtin: true, cluster: false };
      wildcardRoles.set(key, entry);
      if (entry.grants.length < 20)
        entry.grants.push({ binding: b.binding, role, ruleIndex, rule, ...(subject && { subject }) });
      entry.builtin &&= b.builtin;
      entry.cluster ||= b.namespace === '';
    });
    for (const s of b.subjects) {
      const ref = subjectRefOf(s, b.namespace);
      if (!ref) continue;
      // Built only for the subjects that make a finding: a binding may name thousands (#25).
      const grants = () =>
        b.rules.map((rule, ruleIndex) => ({ binding: b.binding, role, ruleIndex, rule, subject: s }));
      if (
        (ref.kind === 'Group' || ref.kind === 'User') &&
        EVERYONE.has(ref.name) &&
        !(DISCOVERY_ROLES.has(role.name) && index.roleProvenance(role) === 'default') &&
        b.rules.length > 0
      ) {
        const f = make('BROAD_GROUP_BINDING', `${ref.name} is bound to ${role.kind} ${role.name}`, grants(), false, {
          subject: ref,
          object: b.binding,
          ...(b.binding.namespace && { namespace: b.binding.namespace }),
        });
        if (ref.name !== AUTHENTICATED_GROUP) f.severity = 'critical';
        out.push(f);
      }
      if (ref.kind === 'ServiceAccount' && ref.name === 'default' && !b.builtin && b.rules.length > 0)
        out.push(
          make(
            'DEFAULT_SA_GRANTS',
            `default service account of ${ref.namespace} is bound to ${role.kind} ${role.name}`,
            grants(),
            false,
            {
              subject: ref,
              object: b.binding,
              namespace: ref.namespace,
            },
          ),
        );
    }
  }
  for (const { role, grants, builtin, cluster } of wildcardRoles.values()) {
    const f = make(
      'WILDCARD',
      `${role.kind} ${role.namespace ? `${role.namespace}/` : ''}${role.name} has a wildcard rule`,
      grants,
      builtin,
      {
        object: role,
        ...(role.namespace && { namespace: role.namespace }),
      },
    );
    if (cluster) f.severity = 'high';
    out.push(f);
  }
  for (const f of idleTokens(inputs)) out.push(f);
  return out;
}

function idleTokens({ model, subjects }: Inputs): Finding[] {
  const byAccount = new Map<string, { ref: SubjectRef & { kind: 'ServiceAccount' }; pods: string[] }>();
  for (const p of model.pods) {
    if (!carriesToken(p)) continue;
    const ref = { kind: 'ServiceAccount' as const, namespace: p.namespace, name: p.serviceAccountName };
    const key = subjectKey(ref);
    const entry = byAccount.get(key) ?? { ref, pods: [] };
    byAccount.set(key, entry);
    entry.pods.push(p.name);
  }
  const out: Finding[] = [];
  for (const { ref, pods } of byAccount.values()) {
    const named = subjects.byUser.get(serviceAccountUsername(ref.namespace, ref.name));
    if (named && named.length > 0) continue;
    const n = pods.length;
    out.push(
      make(
        'UNNEEDED_TOKEN',
        `${n} pod${n === 1 ? '' : 's'} of ${subjectLabel(ref)} mount${n === 1 ? 's' : ''} a token with no grants of its own`,
        [],
        false,
        {
          subject: ref,
          object: { kind: 'Pod', namespace: ref.namespace, name: pods[0]!, more: n - 1 },
          namespace: ref.namespace,
        },
      ),
    );
  }
  return out;
}
