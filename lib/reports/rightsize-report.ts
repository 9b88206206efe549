// A right-sizing as manifests, JSON and Markdown (the CLI's `rightsize`, the API's downloads). The
// manifests and kubectl commands are written as a fix's are (fix-text.ts, with the caller's manifest
// function: reports never read sources); the words are the same on every surface.
import {
  describeObject,
  describeRequest,
  subjectText,
  type FixObject,
  type RightsizeObjects,
  type ObservedUse,
  type RightsizeReview,
  type Rightsizing,
  type ShapeUsage,
} from '@/lib/rbac';
import { lineText, permissionLines } from './diff-lines';
import { fixText, yamlStream, type ManifestOf } from './fix-text';
import { pathLines } from './path-lines';
import { plural, timeText, windowText } from './usage-report';

/** What a proposal cannot do by itself: bindings of the bootstrap policy come back at the API server's next start. */
export function reconciledLines(r: Rightsizing): string[] {
  return r.replaced
    .filter((e) => e.reconciled)
    .map(
      (e) =>
        `Note: ${describeObject(e.binding)} is Kubernetes' own: the API server ${e.action === 'deleted' ? 'recreates it' : 'adds the subject back'} at its next start unless it is annotated rbac.authorization.kubernetes.io/autoupdate: "false".`,
    );
}

/** The words that lead every surface: what it grants, what it replaces, and the after check. */
export function rightsizeSummary(r: Rightsizing): string[] {
  const p = r.proposed;
  const deleted = r.replaced.filter((e) => e.action === 'deleted').length;
  const c = r.check;
  return [
    `Right-sizing ${describeObject(r.subject)} (${subjectText(r.subject)})`,
    windowText(r.window),
    `Proposes ${plural(p.roles.length + p.clusterRoles.length, 'role')} and ${plural(p.roleBindings.length + p.clusterRoleBindings.length, 'binding')} ` +
      `for ${plural(r.granted.length, 'request shape')} nothing it keeps allows` +
      `${r.impersonations.length > 0 ? ` and its impersonation of ${plural(r.impersonations.length, 'identity', 'identities')}` : ''}; ` +
      `${plural(r.stillAllowed.length, 'request shape')} stay allowed through its groups.`,
    `Replaces ${plural(r.replaced.length, 'binding')} naming it (${deleted} deleted, ${r.replaced.length - deleted} edited); ` +
      `${plural(r.throughGroups.length, 'binding')} through its groups ${r.throughGroups.length === 1 ? 'is' : 'are'} not changed.`,
    `Not granted: ${r.denied.length} denied, ${r.mastersOnly.length} allowed only as system:masters, ` +
      `${r.notGranted.length} allowed by no RBAC grant in the model read.`,
    `After check: ${plural(c.requests, 'request')} (${plural(c.events, 'event')}) re-checked on the after state, ${plural(c.failures.length, 'failure')}.`,
    ...reconciledLines(r),
  ];
}

const shapeLine = (s: ShapeUsage) => `${describeRequest(s.request)} (${s.count}×, last ${timeText(s.last)})`;
const useLine = (u: ObservedUse) => shapeLine(u.shape);

/** Comment lines: one line each, whatever a name holds. */
const comment = (line: string) => `# ${line.replace(/[\r\n]+/g, ' ')}`;

/** The manifests to apply, led by comments: the summary and the bindings to delete. */
export function rightsizeYaml(r: Rightsizing, change: RightsizeObjects, manifestOf: ManifestOf): string {
  const head = [...rightsizeSummary(r), ...change.delete.map((o) => `Then delete ${describeObject(fixRef(o))}.`)];
  const body = yamlStream(change.apply.map(manifestOf));
  return `${head.map(comment).join('\n')}\n${body}`;
}

const fixRef = (o: FixObject) => ({
  kind: o.kind,
  name: o.value.name,
  ...('namespace' in o.value && { namespace: o.value.namespace }),
});

const useJson = (u: ObservedUse) => ({
  identity: u.shape.identity,
  request: u.shape.request,
  count: u.shape.count,
  allowed: u.shape.allowed,
  last: timeText(u.shape.last),
  where: u.shape.where,
});
const shapeJson = (s: ShapeUsage) => ({
  identity: s.identity,
  request: s.request,
  denied: s.denied,
  last: timeText(s.last),
  where: s.lastWhere,
});

/** The proposal, what it replaces and leaves apart, the after check and the review, as JSON. */
export function rightsizeJson(
  r: Rightsizing,
  change: RightsizeObjects,
  manifestOf: ManifestOf,
  review?: RightsizeReview,
) {
  const w = r.window;
  return {
    subject: r.subject,
    window: { ...w, from: timeText(w.from), to: timeText(w.to) },
    proposed: r.proposed,
    manifests: change.apply.map(manifestOf),
    delete: change.delete.map(fixRef),
    replaced: r.replaced,
    throughGroups: r.throughGroups,
    granted: r.granted.map(useJson),
    stillAllowed: r.stillAllowed.map(useJson),
    impersonations: r.impersonations.map((i) => ({ ...i, first: timeText(i.first), last: timeText(i.last) })),
    denied: r.denied.map(shapeJson),
    mastersOnly: r.mastersOnly.map(useJson),
    notGranted: r.notGranted.map(useJson),
    check: r.check,
    ...(review && { review: reviewJson(review) }),
  };
}

function reviewJson(review: RightsizeReview) {
  const strip = (p: {
    grants: readonly { binding: unknown; role: unknown; ruleIndex: number; subject: unknown }[];
  }) => ({
    ...p,
    grants: p.grants.map(({ binding, role, ruleIndex, subject }) => ({ binding, role, ruleIndex, subject })),
  });
  return {
    lost: (review.subject?.lost ?? []).map(strip),
    gained: (review.subject?.gained ?? []).map(strip),
    ...(review.paths && { paths: review.paths }),
  };
}

/** What the review says, as lines: permissions lost and gained, paths opened and closed. */
export function reviewLines(review: RightsizeReview | undefined): string[] {
  if (!review) return [];
  const lost = permissionLines(review.subject?.lost ?? []);
  const gained = permissionLines(review.subject?.gained ?? []);
  const out = [`Loses ${lost.length === 0 ? 'nothing' : `${lost.length} permission line(s)`}:`];
  for (const l of lost) out.push(`- ${lineText(l)}${l.dangers.length > 0 ? ` [${l.dangers.join(', ')}]` : ''}`);
  if (gained.length > 0) out.push('Gains (must not happen):', ...gained.map((l) => `- ${lineText(l)}`));
  if (review.paths) {
    out.push(`Paths to cluster-admin: ${review.paths.closed.length} closed, ${review.paths.opened.length} opened.`);
    for (const p of review.paths.closed) out.push(...pathLines(p).map((l) => `  closed: ${l}`));
    for (const p of review.paths.opened) out.push(...pathLines(p).map((l) => `  opened: ${l}`));
  }
  return out;
}

/** The lists a proposal leaves apart, as Markdown sections (none when empty). */
function apartSections(r: Rightsizing): string[] {
  const section = (title: string, lines: readonly string[]) =>
    lines.length === 0
      ? []
      : [
          '',
          `### ${title}`,
          '',
          ...lines.slice(0, 50).map((l) => `- ${md(l)}`),
          ...(lines.length > 50 ? [`- … and ${lines.length - 50} more`] : []),
        ];
  return [
    ...section('What it tried and could not (denied: not granted)', r.denied.map(shapeLine)),
    ...section('Allowed only as system:masters (not granted)', r.mastersOnly.map(useLine)),
    ...section('Allowed by no RBAC grant in the model read (not granted)', r.notGranted.map(useLine)),
    ...section('Still allowed through its groups (not granted again)', r.stillAllowed.map(useLine)),
    ...section(
      'After check failures (must be none)',
      r.check.failures.map((f) => `${f.where.file}:${f.where.line}: ${describeRequest(f.request)}`),
    ),
  ];
}

/** Markdown escapes what it did not write: names cannot open a link, a heading or a code span. */
const md = (s: string) => s.replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ');

/** A fenced block whose fence appears in no line of the text. */
function fenced(lang: string, text: string): string[] {
  let fence = '```';
  while (text.includes(fence)) fence += '`';
  return [`${fence}${lang}`, text.trimEnd(), fence];
}

/** The proposal for a pull request or a ticket: summary, manifests, commands, review, and what is left apart. */
export function rightsizeMarkdown(
  r: Rightsizing,
  change: RightsizeObjects,
  manifestOf: ManifestOf,
  review?: RightsizeReview,
): string {
  const [title, ...summary] = rightsizeSummary(r);
  const text = fixText({ choice: 'binding', change, why: '', notes: [] }, manifestOf);
  const out = [`## ${md(title!)}`, '', ...summary.map((l) => `- ${md(l)}`)];
  if (change.apply.length > 0) out.push('', '### Manifests', '', ...fenced('yaml', text.applyYaml));
  if (text.command !== '') out.push('', '### Commands', '', ...fenced('sh', text.command));
  const lines = reviewLines(review);
  if (lines.length > 0) out.push('', '### Change review', '', ...fenced('text', lines.join('\n')));
  out.push(...apartSections(r));
  return `${out.join('\n')}\n`;
}

/** Several proposals (a namespace) as one Markdown document. */
export function rightsizeMarkdowns(items: readonly string[]): string {
  return items.join('\n---\n\n');
}
