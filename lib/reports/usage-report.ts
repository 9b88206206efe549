// Usage as people and machines read it: one set of words for the terminal, CSV and JSON (the CLI's
// `usage`, the API's exports). Every answer starts with its window: "never used" only ever means
// "not used between the first and last event read".
import {
  describeBinding,
  describeGrant,
  describeRequest,
  describeRole,
  describeResource,
  subjectText,
  type AttributionCheck,
  type GrantUse,
  type IdentityAnswer,
  type RankedIdentity,
  type RequestUse,
  type UsageAnswers,
  type UsageWindow,
} from '@/lib/rbac';
import { toCsv } from './csv';

/** A time as the reports write it (UTC, seconds). */
export const timeText = (ms: number | undefined): string =>
  ms === undefined ? '' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** "1 event", "1,554 events". */
export const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** "Window: FROM to TO (N events, M files; K lines not read)": what every "never used" is relative to. */
export function windowText(w: UsageWindow): string {
  const span = w.from === undefined ? 'no event read' : `${timeText(w.from)} to ${timeText(w.to)}`;
  const read = [plural(w.events, 'event'), plural(w.files.length, 'file')];
  if (w.problems > 0) read.push(`${plural(w.problems, 'line')} not read`);
  return `Window: ${span} (${read.join(', ')}). "Never used" means not used in this window.`;
}

/** The attribution check in one line. */
export function attributionText(a: UsageAnswers['attribution']): string {
  return (
    `Attribution: ${plural(a.checked, 'reason')} checked (${plural(a.events, 'event')}): ${a.agreed} agree, ` +
    `${a.explained.length} explained by the data, ${plural(a.disagreements.length, 'disagreement')}.`
  );
}

/** One attribution check, with where it was read: "audit.log:12: VERDICT: message (user, request)". */
export function attributionLine(c: AttributionCheck): string {
  return `${c.where.file}:${c.where.line}: ${c.verdict}: ${c.message} (${c.identity.user}: ${describeRequest(c.request)}; ${plural(c.events, 'event')})`;
}

/** The attribution check as lines: the summary, every disagreement, then each explained verdict with its first `shown`. */
export function attributionLines(a: UsageAnswers['attribution'], shown = 5): string[] {
  const out = [attributionText(a), ...a.disagreements.map((c) => `disagreement: ${attributionLine(c)}`)];
  const byVerdict = new Map<string, AttributionCheck[]>();
  for (const c of a.explained) byVerdict.set(c.verdict, [...(byVerdict.get(c.verdict) ?? []), c]);
  for (const [verdict, checks] of byVerdict) {
    const events = checks.reduce((n, c) => n + c.events, 0);
    out.push(`explained, ${verdict}: ${plural(checks.length, 'reason')} (${plural(events, 'event')})`);
    out.push(...checks.slice(0, shown).map((c) => `  ${attributionLine(c)}`));
    if (checks.length > shown) out.push(`  … and ${checks.length - shown} more`);
  }
  return out;
}

/** What allowed a request in the engine: its grants, system:masters, or nothing found. */
export function grantedByText(r: RequestUse): string {
  if (r.engine.grants.length > 0)
    return r.engine.grants.map((g) => `${describeBinding(g.binding)} → ${describeRole(g.role)}`).join('; ');
  return r.engine.superuser ? 'system:masters' : 'no grant in the model read';
}

export const IDENTITY_HEADER = [
  'USER',
  'EVENTS',
  'ALLOWED',
  'DENIED',
  'GRANTS',
  'UNUSED',
  'UNUSED DANGEROUS',
  'LAST SEEN',
];

/** The ranking's columns: identities the window saw and bound subjects it never saw, together. */
export const RANKED_HEADER = ['SUBJECT', 'UNUSED DANGEROUS', 'GRANTS', 'REQUESTS', 'DENIED', 'LAST SEEN'];

export function rankedRow(r: RankedIdentity): string[] {
  const last = r.seen ? timeText(r.last) : 'never in the window';
  return [
    subjectText(r.subject),
    String(r.unusedDangerous),
    String(r.grants),
    String(r.requests),
    String(r.denied),
    last,
  ];
}

/** A ranking row as JSON (-o json, the API). */
export const rankedJson = (r: RankedIdentity) => ({
  subject: subjectText(r.subject),
  unusedDangerous: r.unusedDangerous,
  dangers: r.dangers,
  grants: r.grants,
  requests: r.requests,
  denied: r.denied,
  last: r.seen ? timeText(r.last) : undefined,
  seen: r.seen,
});

export function identityRow(i: IdentityAnswer): string[] {
  const unused = i.grants.filter((g) => g.uses === 0).length;
  const u = i.usage;
  return [
    i.user,
    String(u.count),
    String(u.allowed),
    String(u.denied),
    String(i.grants.length),
    String(unused),
    String(i.unusedDangerous),
    timeText(u.last),
  ];
}

export const REQUEST_HEADER = ['REQUEST', 'COUNT', 'ALLOWED', 'DENIED', 'LAST SEEN', 'GRANTED BY'];

export function requestRow(r: RequestUse): string[] {
  const s = r.shape;
  return [
    describeRequest(s.request),
    String(s.count),
    String(s.allowed),
    String(s.denied),
    timeText(s.last),
    grantedByText(r),
  ];
}

export const GRANT_HEADER = ['GRANT', 'SCOPE', 'USES', 'LAST USED', 'USED FOR', 'DANGERS'];

export function grantRow(g: GrantUse): string[] {
  const scope = g.namespace === '' ? 'cluster-wide' : g.namespace;
  const used = g.uses === 0 ? 'never used' : String(g.uses);
  const usedFor = g.uses === 0 ? '' : `${g.usedVerbs.join(', ')} ${g.usedTargets.join(', ')}`;
  return [describeGrant(g.grant), scope, used, timeText(g.lastUsed), usedFor, g.dangers.join(', ')];
}

export const OBJECT_HEADER = ['KIND', 'NAMESPACE', 'NAME', 'BUILT-IN'];

/** The CSV of every request shape of every identity (or one): what was used, allowed, denied and why. */
export function usageCsv(a: UsageAnswers, identities: readonly IdentityAnswer[] = a.identities): string {
  const header = [
    'user',
    'groups',
    'request',
    'verb',
    'resource',
    'namespace',
    'name',
    'url',
    'count',
    'allowed',
    'denied',
    'first',
    'last',
    'impersonators',
    'granted_by',
  ];
  const rows = identities.flatMap((i) =>
    i.requests.map((r) => {
      const { request: q, identity } = r.shape;
      const resource = q.kind === 'resource' ? describeResource(q.group, q.resource, q.subresource) : '';
      return [
        i.user,
        identity.groups.join(' '),
        describeRequest(q),
        q.verb,
        resource,
        q.kind === 'resource' ? q.namespace : '',
        q.kind === 'resource' ? q.name : '',
        q.kind === 'nonResource' ? q.path : '',
        String(r.shape.count),
        String(r.shape.allowed),
        String(r.shape.denied),
        timeText(r.shape.first),
        timeText(r.shape.last),
        r.shape.impersonators.join(' '),
        grantedByText(r),
      ];
    }),
  );
  return toCsv(header, rows);
}

const grantJson = (g: GrantUse) => ({
  binding: g.grant.binding,
  role: g.grant.role,
  ruleIndex: g.grant.ruleIndex,
  rule: g.grant.rule,
  subject: g.grant.subject,
  scope: g.namespace === '' ? 'cluster-wide' : g.namespace,
  uses: g.uses,
  ...(g.lastUsed !== undefined && { lastUsed: timeText(g.lastUsed) }),
  usedVerbs: g.usedVerbs,
  usedTargets: g.usedTargets,
  dangers: g.dangers,
});

const requestJson = (r: RequestUse) => {
  const s = r.shape;
  return {
    identity: s.identity,
    request: s.request,
    count: s.count,
    allowed: s.allowed,
    denied: s.denied,
    first: timeText(s.first),
    last: timeText(s.last),
    impersonators: s.impersonators,
    where: s.where,
    engine: {
      allowed: r.engine.allowed,
      ...(r.engine.superuser && { superuser: true }),
      grants: r.engine.grants.map(({ binding, role, ruleIndex, subject }) => ({ binding, role, ruleIndex, subject })),
    },
  };
};

export function identityJson(i: IdentityAnswer) {
  return {
    user: i.user,
    subject: i.subject,
    groupSets: i.usage.groupSets,
    events: i.usage.count,
    allowed: i.usage.allowed,
    denied: i.usage.denied,
    first: timeText(i.usage.first),
    last: timeText(i.usage.last),
    unusedDangerous: i.unusedDangerous,
    requests: i.requests.map(requestJson),
    grants: i.grants.map(grantJson),
    impersonated: i.usage.impersonated.map((m) => ({ ...m, first: timeText(m.first), last: timeText(m.last) })),
  };
}

const checkJson = (c: AttributionCheck) => ({
  verdict: c.verdict,
  message: c.message,
  where: c.where,
  events: c.events,
  identity: c.identity,
  request: c.request,
  decision: c.decision,
  reason: c.reason,
});

/** The usage answers as JSON; `identities` limits the identities listed (one subject). */
export function usageJson(a: UsageAnswers, identities: readonly IdentityAnswer[] = a.identities) {
  const w = a.window;
  return {
    window: { ...w, from: timeText(w.from), to: timeText(w.to) },
    identities: identities.map(identityJson),
    ranked: a.ranked.map(rankedJson),
    unusedBindings: a.unusedBindings.map((b) => ({ ...b.ref, builtin: b.builtin })),
    unusedRoles: a.unusedRoles.map((r) => r.ref),
    denied: a.denied.map((s) => ({
      user: s.identity.user,
      request: s.request,
      denied: s.denied,
      last: timeText(s.last),
      where: s.lastWhere,
    })),
    attribution: {
      checked: a.attribution.checked,
      events: a.attribution.events,
      agreed: a.attribution.agreed,
      explained: a.attribution.explained.map(checkJson),
      disagreements: a.attribution.disagreements.map(checkJson),
    },
  };
}

/** A binding or role as the unused lists name it. */
export const objectRow = (o: {
  ref: { kind: string; name: string; namespace?: string };
  builtin?: boolean;
}): string[] => [o.ref.kind, o.ref.namespace ?? '', o.ref.name, o.builtin ? 'yes' : ''];
