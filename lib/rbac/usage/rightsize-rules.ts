// The smallest rules that allow a list of requests, and nothing a request did not ask for: verbs
// merged per resource, resources merged only where their verbs (and names) are the same (a rule is a
// cross product: merging `get pods` with `list secrets` would grant `list pods`), `resourceNames`
// only for the verbs that name one object and only where few names were used.
import { byText } from '../authorizer/subjects';
import type { AccessRequest, PolicyRule } from '../model/types';

/**
 * Verbs whose request always names one object (requestinfo.go: a name in the path). list, watch
 * and deletecollection are never limited by name, nor a collection's create (its name is "" to the
 * authorizer); a subresource's create names its parent and is (resourceRules). impersonate always
 * names whom it acts as: a proposal never grants impersonating anyone when one was impersonated.
 */
export const NAME_SCOPED_VERBS: readonly string[] = ['get', 'update', 'patch', 'delete', 'impersonate'];

/** At most this many names used with a verb keep `resourceNames`; more grant the verb on every name. */
export const MAX_RESOURCE_NAMES = 5;

/** Verbs whose names are always kept, however many (granting every name would grant far more). */
const ALWAYS_NAMED = new Set(['impersonate']);

/**
 * Constrained impersonation's verbs (KEP-5284) name as their plain forms do: `impersonate:<mode>`
 * always names whom it acts as, `impersonate-on:<mode>:<verb>` as its wrapped verb does.
 */
function nameRule(verb: string): { scoped: boolean; always: boolean } {
  if (verb.startsWith('impersonate:')) return { scoped: true, always: true };
  const wrapped = /^impersonate-on:[^:]*:(.*)$/.exec(verb)?.[1] ?? verb;
  const scoped = NAME_SCOPED_VERBS.includes(wrapped) || wrapped === 'create';
  return { scoped, always: ALWAYS_NAMED.has(wrapped) };
}

/** The scope a request needs a rule in: "" for a ClusterRole (cluster-scoped, all namespaces, URLs). */
export const ruleScope = (r: AccessRequest): string => (r.kind === 'resource' ? r.namespace : '');

interface ResourceUse {
  group: string;
  /** "pods" or "pods/log". */
  resource: string;
  /** Per verb, the names used ("" when a request named none). */
  verbs: Map<string, Set<string>>;
}

/** The verbs of one resource split into rules: names kept where they can be, one rule per name set. */
function resourceRules(use: ResourceUse): PolicyRule[] {
  const byNames = new Map<string, { verbs: string[]; names: string[] }>();
  for (const [verb, names] of use.verbs) {
    const named =
      // A subresource create (serviceaccounts/token, pods/exec, pods/eviction) names its parent
      // (requestinfo.go: the name is the path's, whatever the verb); only a collection's create has "".
      nameRule(verb).scoped && !names.has('') && (names.size <= MAX_RESOURCE_NAMES || nameRule(verb).always);
    const list = named ? [...names].sort(byText) : [];
    const key = list.join('\0');
    const entry = byNames.get(key) ?? { verbs: [], names: list };
    entry.verbs.push(verb);
    byNames.set(key, entry);
  }
  return [...byNames.values()].map(({ verbs, names }) => ({
    verbs: verbs.sort(byText),
    apiGroups: [use.group],
    resources: [use.resource],
    resourceNames: names,
    nonResourceURLs: [],
  }));
}

/** Rules of one API group with the same verbs and names, as one rule over their resources. */
function mergeResources(rules: readonly PolicyRule[]): PolicyRule[] {
  const merged = new Map<string, PolicyRule>();
  for (const r of rules) {
    const key = JSON.stringify([r.apiGroups, r.verbs, r.resourceNames]);
    const seen = merged.get(key);
    if (seen) seen.resources = [...seen.resources, ...r.resources].sort(byText);
    else merged.set(key, { ...r, resources: [...r.resources] });
  }
  return [...merged.values()];
}

/** URLs with the same verbs as one rule. */
function urlRules(urls: Map<string, Set<string>>): PolicyRule[] {
  const byVerbs = new Map<string, PolicyRule>();
  for (const [path, verbs] of urls) {
    const list = [...verbs].sort(byText);
    const key = list.join('\0');
    const seen = byVerbs.get(key);
    if (seen) seen.nonResourceURLs.push(path);
    else byVerbs.set(key, { verbs: list, apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [path] });
  }
  for (const r of byVerbs.values()) r.nonResourceURLs.sort(byText);
  return [...byVerbs.values()];
}

/** What rules are ordered by: their URLs, groups, resources, verbs and names, each list joined. */
const orderKey = (r: PolicyRule): string[] => [
  r.nonResourceURLs.join(),
  r.apiGroups.join(),
  r.resources.join(),
  r.verbs.join(),
  r.resourceNames.join(),
];

/** Rules in their stable order, each rule's key joined once, not at every comparison. */
function inRuleOrder(rules: readonly PolicyRule[]): PolicyRule[] {
  const keyed = rules.map((rule) => ({ rule, key: orderKey(rule) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) {
      const c = byText(a.key[i]!, b.key[i]!);
      if (c !== 0) return c;
    }
    return 0;
  });
  return keyed.map((k) => k.rule);
}

/** The smallest rules allowing every request given (all of one scope), in a stable order. */
export function rulesFor(requests: readonly AccessRequest[]): PolicyRule[] {
  const resources = new Map<string, ResourceUse>();
  const urls = new Map<string, Set<string>>();
  for (const r of requests) {
    if (r.kind === 'nonResource') {
      urls.set(r.path, (urls.get(r.path) ?? new Set()).add(r.verb));
      continue;
    }
    const resource = r.subresource === '' ? r.resource : `${r.resource}/${r.subresource}`;
    const key = `${r.group}\0${resource}`;
    const use = resources.get(key) ?? { group: r.group, resource, verbs: new Map() };
    resources.set(key, use);
    use.verbs.set(r.verb, (use.verbs.get(r.verb) ?? new Set()).add(r.name));
  }
  const rules = mergeResources([...resources.values()].flatMap(resourceRules));
  return inRuleOrder([...rules, ...urlRules(urls)]);
}

/** Requests by the scope their rule goes in ("" first, then namespaces in order). */
export function byScope(requests: readonly AccessRequest[]): Map<string, AccessRequest[]> {
  const out = new Map<string, AccessRequest[]>();
  for (const r of requests) {
    const scope = ruleScope(r);
    const list = out.get(scope);
    if (list) list.push(r);
    else out.set(scope, [r]);
  }
  return new Map([...out].sort(([a], [b]) => byText(a, b)));
}
