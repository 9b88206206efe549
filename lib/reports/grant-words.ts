// Why a subject may: each grant in words, one formatter for the who-can page, the CLI's who-can
// text and the API's `why` ("via Group g: RoleBinding payments/deployers → ClusterRole edit, rule 3:
// get, list on secrets"). Parts keep the objects apart from the words so a page can link each one.
import {
  describeBinding,
  describeRole,
  resourceLabel,
  type BindingRef,
  type Grant,
  type PolicyRule,
  type RoleRef,
  type SubjectRef,
} from '@/lib/rbac';

/** A run of words, or an object named in them (the page links it). */
export type WhyPart =
  | { text: string }
  | { text: string; binding: BindingRef }
  | { text: string; role: RoleRef }
  | { text: string; subject: SubjectRef };

const list = (xs: readonly string[]) => xs.join(', ');

/** A rule's resources in kubectl's spelling; `*` in words ("every resource", "every resource in apps"). */
function ruleResources(rule: PolicyRule): string {
  const labels = rule.apiGroups.flatMap((g) =>
    rule.resources.map((r) => {
      if (r !== '*') return resourceLabel(g, r);
      return g === '*' ? 'every resource' : g === '' ? 'every core resource' : `every resource in ${g}`;
    }),
  );
  return list([...new Set(labels)]);
}

/** "get, list on secrets", "every verb on every resource", "get on configmaps named a, b", "get on /healthz". */
export function ruleWords(rule: PolicyRule): string {
  const verbs = rule.verbs.includes('*') ? 'every verb' : list(rule.verbs);
  const on: string[] = [];
  if (rule.resources.length > 0) {
    const names = rule.resourceNames.length > 0 ? ` named ${list(rule.resourceNames)}` : '';
    on.push(`${ruleResources(rule)}${names}`);
  }
  if (rule.nonResourceURLs.length > 0) on.push(list(rule.nonResourceURLs));
  return on.length > 0 ? `${verbs} on ${on.join('; ')}` : `${verbs} on nothing`;
}

/**
 * One grant as parts: the group it came through (for a subject that is not that group), the
 * binding, the role, the rule's index and its words.
 */
export function grantWhyParts(g: Grant, holder?: SubjectRef): WhyPart[] {
  const via: WhyPart[] =
    holder && holder.kind !== 'Group' && g.subject.kind === 'Group'
      ? [
          { text: 'via ' },
          { text: `Group ${g.subject.name}`, subject: { kind: 'Group', name: g.subject.name } },
          { text: ': ' },
        ]
      : [];
  return [
    ...via,
    { text: describeBinding(g.binding), binding: g.binding },
    { text: ' → ' },
    { text: describeRole(g.role), role: g.role },
    { text: `, rule ${g.ruleIndex}: ${ruleWords(g.rule)}` },
  ];
}

/** The parts as one line of text: the CLI's and the API's words. */
export const whyText = (parts: readonly WhyPart[]): string => parts.map((p) => p.text).join('');

/** Each grant of a subject in words, once each (two grants can read alike: the same rule twice). */
export function grantWhyLines(grants: readonly Grant[], holder?: SubjectRef): string[] {
  return [...new Set(grants.map((g) => whyText(grantWhyParts(g, holder))))];
}
