// The verbs of constrained impersonation (KEP-5284; alpha in 1.35, beta and on by default in 1.36):
// `impersonate:<mode>` is checked on the identity impersonated (users, groups, serviceaccounts,
// nodes, uids, userextras/KEY in authentication.k8s.io), and `impersonate-on:<mode>:<verb>` on the
// impersonated request's own attributes, its verb wrapped (k8s.io/apiserver
// pkg/endpoints/filters/impersonation/mode.go: impersonateOnAttributes.GetVerb,
// constrained_impersonation.go: modeFromVerb). RBAC compares verbs as strings, so these are words
// of the vocabulary: the parser knows them, the pages suggest them.
import { hasConstrainedImpersonation, versionLabel, type KubeVersion } from './kube-version';
import type { AccessRequest } from './types';

/** The constrained modes, in the order the API server tries them (allImpersonationModes), legacy last. */
export const IMPERSONATION_MODES = ['associated-node', 'arbitrary-node', 'serviceaccount', 'user-info'] as const;
export type ImpersonationMode = (typeof IMPERSONATION_MODES)[number];

const MODES: ReadonlySet<string> = new Set(IMPERSONATION_MODES);

/** The identity check's verb of each mode: `impersonate:serviceaccount`, … */
export const IMPERSONATE_MODE_VERBS: readonly string[] = IMPERSONATION_MODES.map((m) => `impersonate:${m}`);

/** `impersonate-on:serviceaccount:list`: the action check's verb for a mode and the impersonated request's verb. */
export function impersonateOnVerb(mode: ImpersonationMode, verb: string): string {
  return `impersonate-on:${mode}:${verb}`;
}

export type ConstrainedVerb =
  { kind: 'impersonate'; mode: ImpersonationMode } | { kind: 'impersonate-on'; mode: ImpersonationMode; verb: string };

/**
 * What a constrained impersonation verb says, or undefined for any other verb (an unknown mode
 * included: the server's modeFromVerb knows only the four). `actionVerbs`: the verbs an
 * impersonated request may have (the resource or the non-resource ones).
 */
export function parseConstrainedVerb(verb: string, actionVerbs: ReadonlySet<string>): ConstrainedVerb | undefined {
  if (verb.startsWith('impersonate:')) {
    const mode = verb.slice('impersonate:'.length);
    return MODES.has(mode) ? { kind: 'impersonate', mode: mode as ImpersonationMode } : undefined;
  }
  if (!verb.startsWith('impersonate-on:')) return undefined;
  const rest = verb.slice('impersonate-on:'.length);
  const colon = rest.indexOf(':');
  const mode = rest.slice(0, colon);
  const action = rest.slice(colon + 1);
  if (colon < 0 || !MODES.has(mode) || !actionVerbs.has(action)) return undefined;
  return { kind: 'impersonate-on', mode: mode as ImpersonationMode, verb: action };
}

/**
 * The closest spelling of a misspelt constrained verb, part by part (`impersonate-on:serviceacount:lst`
 * → `impersonate-on:serviceaccount:list`), with `closest` deciding what is close.
 */
export function suggestConstrainedVerb(
  verb: string,
  actionVerbs: ReadonlySet<string>,
  closest: (word: string, candidates: Iterable<string>) => string | undefined,
): string | undefined {
  const fix = (word: string, known: Iterable<string>) => ([...known].includes(word) ? word : closest(word, known));
  if (verb.startsWith('impersonate:')) {
    const mode = fix(verb.slice('impersonate:'.length), MODES);
    return mode && `impersonate:${mode}`;
  }
  if (!verb.startsWith('impersonate-on:')) return undefined;
  const [mode = '', ...action] = verb.slice('impersonate-on:'.length).split(':');
  const m = fix(mode, MODES);
  const v = fix(
    action.join(':'),
    [...actionVerbs].filter((a) => a !== '*'),
  );
  return m && v ? `impersonate-on:${m}:${v}` : undefined;
}

/** Any verb that names a constrained mode (known mode or not, any action verb): for ordering only. */
function constrainedParts(verb: string): [number, number, string] | undefined {
  const m = /^impersonate(-on)?:([^:]*)(?::(.*))?$/.exec(verb);
  if (!m) return undefined;
  const mode = IMPERSONATION_MODES.indexOf(m[2] as ImpersonationMode);
  return [mode < 0 ? IMPERSONATION_MODES.length : mode, m[1] ? 1 : 0, m[3] ?? ''];
}

/**
 * The order of extra verb columns: other verbs A→Z, then constrained impersonation's, grouped by
 * mode (in the server's order), each mode's `impersonate:<mode>` before its `impersonate-on` verbs.
 */
export function compareExtraVerbs(a: string, b: string): number {
  const x = constrainedParts(a);
  const y = constrainedParts(b);
  if (!x || !y) return Number(Boolean(x)) - Number(Boolean(y)) || (a < b ? -1 : a > b ? 1 : 0);
  return x[0] - y[0] || x[1] - y[1] || (x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0);
}

/**
 * What to say next to an answer whose verb is constrained impersonation's when the version modelled
 * does not check it (before 1.35, or ConstrainedImpersonation off): RBAC still matches a rule that
 * names it, but the API server never asks for it, so such a grant allows nothing.
 */
export function versionWarnings(request: AccessRequest, v: KubeVersion): string[] {
  if (hasConstrainedImpersonation(v) || !/^impersonate(-on)?:/.test(request.verb)) return [];
  return [
    `verb "${request.verb}" is constrained impersonation's, which Kubernetes ${versionLabel(v)} does not check (ConstrainedImpersonation off): a rule may grant it, but the API server never asks for it`,
  ];
}
