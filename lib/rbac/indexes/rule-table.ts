// A role's rules as `kubectl describe role` shows them: one row per resource (with its resource
// names) or non-resource URL, the verbs of every rule that grants it merged, rows sorted by what
// they name. Each row carries the rules it came from and its dangers, judged on that row alone.
import { ruleDangers, type Danger } from '../findings/danger';
import { resourceLabel } from '../model/describe';
import { byText } from '../authorizer/subjects';
import type { PolicyRule } from '../model/types';

export interface RuleRow {
  /** `pods`, `deployments.apps`, `pods/exec`, `*`; empty for a non-resource URL row. */
  resource: string;
  /** Empty: every object. */
  resourceNames: string[];
  /** A non-resource URL row (`/healthz`, `/metrics/*`). */
  nonResourceURL?: string;
  verbs: string[];
  /** Indexes of the rules behind the row. */
  rules: number[];
  dangers: Danger[];
}

const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];

export function ruleTable(rules: readonly PolicyRule[]): RuleRow[] {
  const rows = new Map<string, RuleRow>();
  const add = (key: string, row: Omit<RuleRow, 'dangers' | 'rules'>, index: number, probe: PolicyRule) => {
    const existing = rows.get(key);
    const dangers = ruleDangers(probe);
    if (!existing) {
      rows.set(key, { ...row, rules: [index], dangers });
      return;
    }
    existing.verbs = union(existing.verbs, row.verbs);
    if (!existing.rules.includes(index)) existing.rules.push(index);
    for (const d of dangers) if (!existing.dangers.some((x) => x.id === d.id)) existing.dangers.push(d);
  };
  rules.forEach((rule, i) => {
    const names = [...rule.resourceNames].sort(byText);
    for (const group of rule.apiGroups)
      for (const resource of rule.resources) {
        const label = resourceLabel(group, resource);
        const probe = { ...rule, apiGroups: [group], resources: [resource], nonResourceURLs: [] };
        add(`r ${label} ${names.join(',')}`, { resource: label, resourceNames: names, verbs: rule.verbs }, i, probe);
      }
    for (const url of rule.nonResourceURLs) {
      const probe = { ...rule, apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [url] };
      add(`u ${url}`, { resource: '', resourceNames: [], nonResourceURL: url, verbs: rule.verbs }, i, probe);
    }
  });
  return [...rows.values()]
    .map((r) => ({ ...r, verbs: [...r.verbs].sort(byText) }))
    .sort(
      (a, b) =>
        Number(a.nonResourceURL !== undefined) - Number(b.nonResourceURL !== undefined) ||
        byText(a.resource || (a.nonResourceURL ?? ''), b.resource || (b.nonResourceURL ?? '')) ||
        byText(a.resourceNames.join(','), b.resourceNames.join(',')),
    );
}
