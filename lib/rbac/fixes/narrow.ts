// A rule without what is dangerous in it: each verb on each resource (or URL) it names is kept
// unless that one request is bad, and what is kept is written back as few rules as possible (the
// resources that keep the same verbs together). A `*` verb or resource is one request: it goes
// whole when it is bad, for the fix cannot know which of everything was meant.
import type { PolicyRule } from '../model/types';

export type RuleTest = (rule: PolicyRule) => boolean;

/** One verb on one resource or URL of the rule, its groups and names as they were. */
function single(rule: PolicyRule, verb: string, item: string, urls: boolean): PolicyRule {
  return urls ? { ...rule, verbs: [verb], nonResourceURLs: [item] } : { ...rule, verbs: [verb], resources: [item] };
}

/** The rule narrowed: itself when nothing of it is bad, none when everything is. */
export function narrowRule(rule: PolicyRule, isBad: RuleTest): PolicyRule[] {
  if (!isBad(rule)) return [rule];
  const urls = rule.nonResourceURLs.length > 0;
  const items = urls ? rule.nonResourceURLs : rule.resources;
  const byVerbs = new Map<string, { verbs: string[]; items: string[] }>();
  for (const item of items) {
    const verbs = rule.verbs.filter((v) => !isBad(single(rule, v, item, urls)));
    if (verbs.length === 0) continue;
    const key = JSON.stringify(verbs);
    const entry = byVerbs.get(key) ?? { verbs, items: [] };
    byVerbs.set(key, entry);
    entry.items.push(item);
  }
  return [...byVerbs.values()].map(({ verbs, items: kept }) =>
    urls ? { ...rule, verbs, nonResourceURLs: kept } : { ...rule, verbs, resources: kept },
  );
}

/** Every rule narrowed, in order. */
export function narrowRules(rules: readonly PolicyRule[], isBad: RuleTest): PolicyRule[] {
  return rules.flatMap((r) => narrowRule(r, isBad));
}
