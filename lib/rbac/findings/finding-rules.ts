// The finding rules, as data (rbac-tool's analysis rules and rbac-police's policies): each names
// its id, the request shapes that make it when it is about grants, its severity and what changes it,
// its message and remediation. No code changes a finding's severity: where the context decides it
// (cluster-wide or in one namespace, a danger granted or nothing), the rule's table says how.
import type { AttackPath, PathGrant } from '../paths/path-types';
import type { ShapeId } from './request-shapes';
import { TECHNIQUES, type Severity, type TechniqueId } from '../paths/techniques';
import { type BindingRef, type RoleRef, type SubjectRef } from '../model/refs';

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
  | 'LEGACY_TOKEN_SECRET'
  | 'TOKEN_SECRET_MOUNT'
  | 'LONG_LIVED_TOKEN'
  | 'DANGLING_BINDING'
  | 'MODIFIED_DEFAULT'
  | 'BUILTIN_IMPOSTOR'
  | 'AGGREGATED_INTO_DEFAULT'
  | 'BIND_OR_ESCALATE';

/**
 * What besides the rule decides a finding's severity: a grant held cluster-wide (every namespace's
 * Secrets, a wildcard through a ClusterRoleBinding), a binding to every caller without credentials,
 * what a changed or look-alike default grants (a danger, something, nothing).
 */
export type SeverityContext = 'cluster-wide' | 'unauthenticated' | 'dangerous' | 'granting' | 'nothing';

/**
 * How a finding's shapes are matched: `step`, by the attack step its technique computes from them
 * (attack-edges.ts); `binding`, any rule of one binding that allows one of them; `holder`, each of
 * them allowed by what a subject holds through all its bindings together. `clusterWide`: only a
 * grant in every namespace counts (a cluster-scoped resource, granted by a ClusterRoleBinding).
 */
export interface ShapeMatch {
  shapes: readonly ShapeId[];
  by: 'step' | 'binding' | 'holder';
  clusterWide?: true;
}

export interface FindingRule {
  id: FindingId;
  title: string;
  /** The severity when no context of `severityWhen` applies (the one a rule catalogue shows). */
  severity: Severity;
  severityWhen?: Partial<Record<SeverityContext, Severity>>;
  /** A finding about grants: the request shapes (request-shapes.ts) that make it, and how they are matched. */
  match?: ShapeMatch;
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
    // Critical as a path to it is (severity.ts: the cluster-admin rule).
    severity: 'critical',
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
    severityWhen: { dangerous: 'critical', nothing: 'low' },
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
    severityWhen: { dangerous: 'critical', nothing: 'low' },
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
    severityWhen: { dangerous: 'critical' },
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/rbac/#aggregated-clusterroles'],
  },
  {
    id: 'WILDCARD',
    title: 'Wildcard rule',
    severity: 'medium',
    description: 'A rule with `*` in verbs or resources grants what exists today and whatever is added later.',
    remediation: 'List the verbs and resources the subject needs.',
    severityWhen: { 'cluster-wide': 'high' },
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
    match: { shapes: ['readSecrets'], by: 'binding' },
    severityWhen: { 'cluster-wide': 'high' },
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
    match: { shapes: ['approveCsr', 'approveSigners'], by: 'holder', clusterWide: true },
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
    match: { shapes: ['webhooks'], by: 'binding', clusterWide: true },
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
    severityWhen: { unauthenticated: 'critical' },
    references: [`${GOOD_PRACTICES}#least-privilege`],
  },
  {
    id: 'DEFAULT_SA_GRANTS',
    title: 'Default service account with grants',
    severity: 'medium',
    description:
      'Every pod that names no service account runs as `default`, so what it is granted every such pod holds. ' +
      "Reported for a binding that names a namespace's `default` account, and for one that names the group " +
      'system:serviceaccounts:<namespace> (every account of that namespace, `default` included) or ' +
      "system:serviceaccounts (every account of the cluster). Bindings that are Kubernetes' own are not reported.",
    remediation:
      'Create a service account for the workload that needs the grant, bind that instead, and take the default ' +
      'service account (or the group) out of the binding.',
    references: [
      `${GOOD_PRACTICES}#least-privilege`,
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#service-account-permissions',
    ],
  },
  {
    id: 'UNNEEDED_TOKEN',
    title: 'Pods mount a token with no grants of their own',
    severity: 'low',
    description:
      'These pods mount a service-account token (automounted, or projected by a volume of their own for the API ' +
      'server), but no binding grants their service account anything: not by name, not through ' +
      'system:serviceaccounts or system:serviceaccounts:<namespace>. Nothing they hold needs the API beyond what ' +
      'every authenticated caller has, and a token taken from them is still a credential.',
    remediation:
      'Set automountServiceAccountToken: false on the service account (or in the pod template), and drop any ' +
      'projected serviceAccountToken volume the pods do not need; the pods stop mounting a token once re-created.',
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting',
    ],
  },
  {
    id: 'LEGACY_TOKEN_SECRET',
    title: 'Service account lists legacy token Secrets',
    severity: 'medium',
    description:
      "The service account's `.secrets` names Secrets: where Kubernetes before 1.24 listed the account's " +
      'auto-generated token Secret, a long-lived, static credential that never expires and stays valid until the ' +
      'Secret is deleted (from 1.29 the legacy token cleaner invalidates, then deletes, auto-generated ones unused ' +
      'for a year). RBAC Atlas never reads Secrets, so it ' +
      'cannot tell which listed Secret holds a token, nor see a token Secret created by hand that is not listed. ' +
      'Low when the account is granted nothing of its own.',
    remediation:
      "Delete the token Secret and remove it from the service account's secrets; pods get short-lived tokens by " +
      'TokenRequest (the automounted or a projected serviceAccountToken volume), and a client outside the cluster ' +
      'by kubectl create token.',
    severityWhen: { nothing: 'low' },
    references: [
      'https://kubernetes.io/docs/concepts/security/service-accounts/#get-a-token',
      'https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/#legacy-serviceaccount-token-cleaner',
    ],
  },
  {
    id: 'TOKEN_SECRET_MOUNT',
    title: "Pods mount a service account's token Secret",
    severity: 'medium',
    description:
      'These running pods mount, by a secret or projected volume, a Secret that a service account of their ' +
      "namespace lists in `.secrets` (where legacy token Secrets are listed): the pods hold that account's " +
      'long-lived token, whatever account they run as, and a copy taken from them stays valid after they are ' +
      'gone. Known from the model only: a token Secret that no account lists, or one read through env, is not ' +
      'seen (RBAC Atlas never reads Secrets). Attack paths follow the account a pod runs as, not this one. Low ' +
      'when the account is granted nothing of its own.',
    remediation:
      'In the pod template of the workload, replace the Secret volume with a projected serviceAccountToken volume ' +
      '(or the automounted token) of the account the pod runs as, then delete the Secret.',
    severityWhen: { nothing: 'low' },
    references: [
      'https://kubernetes.io/docs/concepts/storage/projected-volumes/#serviceaccounttoken',
      'https://kubernetes.io/docs/concepts/security/service-accounts/#get-a-token',
    ],
  },
  {
    id: 'LONG_LIVED_TOKEN',
    title: 'Pods project a token longer-lived than a day',
    severity: 'low',
    description:
      'A projected serviceAccountToken volume asks for more than 24 hours (expirationSeconds). The kubelet ' +
      'replaces a token once it is 24 hours old whatever its lifetime (pkg/kubelet/token/token_manager.go), ' +
      'so the pod gains nothing, and a copy taken from it stays valid until it expires while the pod exists. ' +
      'The API server may shorten it (--service-account-max-token-expiration), which RBAC Atlas cannot see. ' +
      "The automounted token's 3607 s (extended by the API server while it warns) is Kubernetes' default and " +
      'not reported.',
    remediation: 'Lower expirationSeconds in the pod template to what the consumer needs (3600, the default).',
    references: ['https://kubernetes.io/docs/concepts/storage/projected-volumes/#serviceaccounttoken'],
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
    match: { shapes: ['bindRoles', 'bindClusterRoles', 'escalateRoles', 'escalateClusterRoles'], by: 'binding' },
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping',
    ],
  },
];

export const FINDING_RULES: readonly FindingRule[] = [
  ...OTHER_RULES.slice(0, 2),
  ...Object.values(TECHNIQUES).map(({ id, title, severity, shapes, description, remediation, references }) => ({
    id,
    title,
    severity,
    match: { shapes, by: 'step' as const },
    description,
    remediation,
    references,
  })),
  ...OTHER_RULES.slice(2),
];

const RULES = new Map(FINDING_RULES.map((r) => [r.id, r]));

/** The rule of an id (every FindingId has one: FINDING_RULES lists them all). */
export function findingRule(id: FindingId): FindingRule {
  const rule = RULES.get(id);
  if (!rule) throw new Error(`no finding rule ${id}`);
  return rule;
}

/** The rule's severity in a context: its table's entry, else its default. */
export function severityIn(rule: FindingRule, context: SeverityContext | undefined): Severity {
  return (context && rule.severityWhen?.[context]) ?? rule.severity;
}

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

/** What a finding says beyond its rule, and the context its severity is read in. */
export interface FindingFacts {
  title: string;
  grants: readonly PathGrant[];
  builtin: boolean;
  context?: SeverityContext;
  extra?: Partial<Finding>;
}

export function makeFinding(id: FindingId, { title, grants, builtin, context, extra = {} }: FindingFacts): Finding {
  const rule = findingRule(id);
  return {
    id,
    severity: severityIn(rule, context),
    title,
    grants: [...grants],
    remediation: rule.remediation,
    builtin,
    ...extra,
  };
}
