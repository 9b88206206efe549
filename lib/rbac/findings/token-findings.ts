// Findings about service-account tokens, the credentials pods carry: accounts that still list
// legacy token Secrets, pods that mount such a Secret, pods that project a token for longer than the
// kubelet keeps one, and pods that mount a token although their account is granted nothing. From
// the model only: RBAC Atlas never reads Secrets, so a token Secret is known only by an account's
// `.secrets` naming it, never by its name.
import { makeFinding, type Finding, type FindingId, type SeverityContext } from './finding-rules';
import { firstThree, type FindingInputs } from './finding-inputs';
import type { SubjectIndex } from '../indexes/subject-index';
import type { ResolvedBinding } from '../authorizer/bindings';
import { serviceAccountGroups, serviceAccountUsername } from '../model/identity';
import { mountsApiToken, podFinished, type Pod, type ProjectedToken } from '../model/types';
import { eachOf, within, type Work } from '../sliced-work';
import { subjectKey, subjectLabel, type SubjectRef } from '../model/refs';

type AccountRef = Extract<SubjectRef, { kind: 'ServiceAccount' }>;

/**
 * The kubelet asks for a new token once the one it holds is 24 hours old, whatever its lifetime
 * (k8s.io/kubernetes pkg/kubelet/token/token_manager.go, maxTTL and requiresRefresh): a longer
 * expirationSeconds gives the pod nothing and keeps a copy taken from it valid for longer.
 */
export const KUBELET_TOKEN_REFRESH_SECONDS = 24 * 60 * 60;

/**
 * Whether any binding grants the account something: naming it, or one of the groups every service
 * account's token carries (system:serviceaccounts, system:serviceaccounts:<namespace>;
 * serviceaccount/util.go MakeGroupNames), the documented way to grant all accounts of a namespace.
 * Not counted: Kubernetes' own bindings of those groups (system:service-account-issuer-discovery
 * gives every account the OIDC discovery documents), and what every authenticated caller holds
 * (system:authenticated; a binding to everyone is BROAD_GROUP_BINDING's): a workload does not need
 * its own token for either.
 */
export function accountGranted(subjects: SubjectIndex, namespace: string, name: string): boolean {
  const grants = (b: ResolvedBinding) => b.rules.length > 0;
  if (subjects.byUser.get(serviceAccountUsername(namespace, name))?.some(grants)) return true;
  return serviceAccountGroups(namespace).some((g) => subjects.byGroup.get(g)?.some((b) => grants(b) && !b.builtin));
}

/** Pods of one account (or one Secret) that make a finding: the first one named, how many, and what else is said. */
interface PodGroup {
  ref: AccountRef;
  first: string;
  n: number;
  secret?: string;
  token?: ProjectedToken;
}

/** What one pass over the pods gathers (150,000 of them: once, in slices). */
interface PodTokens {
  idle: Map<string, PodGroup>;
  longLived: Map<string, PodGroup>;
  secretMounts: Map<string, PodGroup>;
}

/** Token findings, in this order: legacy token Secrets listed, mounted, long-lived projected tokens, idle tokens. */
export function* tokenFindings(inputs: FindingInputs): Work<Finding[]> {
  const { model, subjects } = inputs;
  const granted = (ref: AccountRef) => accountGranted(subjects, ref.namespace, ref.name);
  const listed = listedSecrets(model.serviceAccounts);
  const out: Finding[] = legacySecretFindings(inputs, granted);
  const pods = yield* within(podTokens(model.pods, listed), 0, 0.8);
  for (const g of pods.secretMounts.values()) out.push(secretMountFinding(g, granted(g.ref)));
  for (const g of pods.longLived.values()) out.push(longLivedFinding(g));
  const idle = [...pods.idle.values()];
  // 100,000 accounts at 10,000 namespaces: in slices too.
  yield* within(
    eachOf(idle, (g) => void (granted(g.ref) || out.push(idleFinding(g))), 4096),
    0.8,
    1,
  );
  return out;
}

/** Secrets listed in `.secrets`, by namespace, then name: the accounts that list each. */
function listedSecrets(accounts: FindingInputs['model']['serviceAccounts']): Map<string, Map<string, AccountRef[]>> {
  const out = new Map<string, Map<string, AccountRef[]>>();
  for (const sa of accounts) {
    if (!sa.secrets) continue;
    let names = out.get(sa.namespace);
    if (!names) out.set(sa.namespace, (names = new Map()));
    const ref: AccountRef = { kind: 'ServiceAccount', namespace: sa.namespace, name: sa.name };
    for (const secret of sa.secrets) names.set(secret, [...(names.get(secret) ?? []), ref]);
  }
  return out;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const nothing = (granted: boolean): SeverityContext | undefined => (granted ? undefined : 'nothing');

function legacySecretFindings({ model }: FindingInputs, granted: (ref: AccountRef) => boolean): Finding[] {
  const out: Finding[] = [];
  for (const sa of model.serviceAccounts) {
    if (!sa.secrets) continue;
    const ref: AccountRef = { kind: 'ServiceAccount', namespace: sa.namespace, name: sa.name };
    out.push(
      makeFinding('LEGACY_TOKEN_SECRET', {
        title: `${subjectLabel(ref)} lists ${plural(sa.secrets.length, 'Secret')} in .secrets: ${firstThree(sa.secrets)}`,
        grants: [],
        builtin: false,
        context: nothing(granted(ref)),
        extra: { subject: ref, namespace: ref.namespace },
      }),
    );
  }
  return out;
}

function* podTokens(pods: readonly Pod[], listed: Map<string, Map<string, AccountRef[]>>): Work<PodTokens> {
  const found: PodTokens = { idle: new Map(), longLived: new Map(), secretMounts: new Map() };
  const add = (groups: Map<string, PodGroup>, key: string, p: Pod, ref: AccountRef, more?: Partial<PodGroup>) => {
    const g = groups.get(key) ?? { ref, first: p.name, n: 0, ...more };
    groups.set(key, g);
    g.n++;
    return g;
  };
  const ofPod = (p: Pod) => {
    if (podFinished(p)) return;
    const ref: AccountRef = { kind: 'ServiceAccount', namespace: p.namespace, name: p.serviceAccountName };
    const key = subjectKey(ref);
    if (mountsApiToken(p)) add(found.idle, key, p, ref);
    const longest = longestToken(p.projectedTokens);
    if (longest) {
      const g = add(found.longLived, key, p, ref, { token: longest });
      if (longest.expirationSeconds > g.token!.expirationSeconds) g.token = longest;
    }
    const listedHere = p.secretVolumes && listed.get(p.namespace);
    if (listedHere)
      for (const secret of p.secretVolumes!)
        for (const owner of listedHere.get(secret) ?? [])
          add(found.secretMounts, `${subjectKey(owner)}\u0000${secret}`, p, owner, { secret });
  };
  yield* eachOf(pods, ofPod, 4096);
  return found;
}

/** The longest-lived of the tokens a pod projects beyond what the kubelet keeps, if any. */
function longestToken(tokens: readonly ProjectedToken[] | undefined): ProjectedToken | undefined {
  let longest: ProjectedToken | undefined;
  for (const t of tokens ?? [])
    if (t.expirationSeconds > KUBELET_TOKEN_REFRESH_SECONDS && t.expirationSeconds > (longest?.expirationSeconds ?? 0))
      longest = t;
  return longest;
}

/** The pods of a group as a finding's object: the first one, and how many more. */
function podsOf(id: FindingId, g: PodGroup, title: string, context?: SeverityContext): Finding {
  return makeFinding(id, {
    title,
    grants: [],
    builtin: false,
    ...(context && { context }),
    extra: {
      subject: g.ref,
      object: { kind: 'Pod', namespace: g.ref.namespace, name: g.first, more: g.n - 1 },
      namespace: g.ref.namespace,
    },
  });
}

function secretMountFinding(g: PodGroup, granted: boolean): Finding {
  const pods = g.n === 1 ? `pod ${g.first} mounts` : `pod ${g.first} and ${plural(g.n - 1, 'more pod')} mount`;
  const title = `${pods} Secret ${g.secret}, listed in .secrets of ${subjectLabel(g.ref)}: its long-lived token`;
  return podsOf('TOKEN_SECRET_MOUNT', g, title, nothing(granted));
}

/** A lifetime in the largest whole unit: "30 days", "36 hours". */
function lifetime(seconds: number): string {
  const days = seconds / 86_400;
  return Number.isInteger(days) ? plural(days, 'day') : plural(Math.round(seconds / 3600), 'hour');
}

function longLivedFinding(g: PodGroup): Finding {
  const t = g.token!;
  const audience = t.audience ? ` for audience ${t.audience}` : '';
  const title = `${plural(g.n, 'pod')} of ${subjectLabel(g.ref)} project${g.n === 1 ? 's' : ''} a token${audience} valid for ${lifetime(t.expirationSeconds)}`;
  return podsOf('LONG_LIVED_TOKEN', g, title);
}

function idleFinding(g: PodGroup): Finding {
  const title = `${plural(g.n, 'pod')} of ${subjectLabel(g.ref)} mount${g.n === 1 ? 's' : ''} a token with no grants of its own`;
  return podsOf('UNNEEDED_TOKEN', g, title);
}
