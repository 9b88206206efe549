// /api/who-can and /api/can-i: the request resolved as kubectl resolves it (a 400 for an unknown
// verb or resource unless literal=true), answered, and the answer saying what it answered:
// `request` as answered, `resolved` (each name rewritten: secret → secrets) and `warnings`.
// The route handlers only bring the engine and the live cluster's discovered types; the query is
// checked before any data is read, except a resource name the built-in table does not know, which
// the cluster's discovery may (a custom resource's singular, short name or kind).
import { pageOf, requestNamespace, versionWarnings, visibleIndirect, type Engine } from '@/lib/rbac';
import type { DiscoveredTypes, Resolution } from '@/lib/rbac/model/request-parse';
import { parseApiRequestQuery, parseIdentityQuery, parseRequestQuery, type Parsed } from '@/lib/web/query';
import { badRequest, csv, json } from './api';
import { whoCanCsv } from '@/lib/reports/csv';
import { grantWhyLines } from '@/lib/reports/grant-words';
import { apiPaging, pageFields } from './paging';
import { exportFormat, parseBuiltin, parseEffective, parseExplain } from './url-state';
import { whyNotReport } from '@/lib/reports/why-not';
import { riskStatusJson } from '@/lib/reports/risk-status';

/** A checked query, to answer once the data is there; or the 400 it earned. */
export type Handler =
  { ok: false; response: Response } | { ok: true; answer: (engine: Engine, discovered?: DiscoveredTypes) => Response };

const refuse = (error: string): Handler => ({ ok: false, response: badRequest(error) });

/**
 * The request, checked now against the built-in table; a resource it does not know is checked
 * again with the cluster's discovery when the data is there (`resolve`), anything else is final.
 */
function checkRequest(
  q: URLSearchParams,
): { ok: false; error: string } | { ok: true; resolve: (discovered?: DiscoveredTypes) => Parsed<Resolution> } {
  const offline = parseApiRequestQuery(q);
  if (offline.ok) return { ok: true, resolve: () => offline };
  // A structural error, or an unknown verb: nothing the cluster says changes it.
  const given = parseRequestQuery(q);
  if (!given.ok || given.value.unknown.some((u) => u.parameter === 'verb')) return offline;
  return { ok: true, resolve: (discovered) => parseApiRequestQuery(q, discovered) };
}

/** Who can make a request (verb, resource, …): JSON a page at a time, or CSV (format=csv); builtin=hide. */
export function whoCanHandler(q: URLSearchParams): Handler {
  const checked = checkRequest(q);
  if (!checked.ok) return refuse(checked.error);
  const paging = apiPaging(q);
  if (!paging.ok) return refuse(paging.error);
  const format = exportFormat(q);
  if (!format.ok) return refuse(format.error);
  const builtin = parseBuiltin(q, 'show');
  if (!builtin.ok) return refuse(builtin.error);
  const effective = parseEffective(q);
  if (!effective.ok) return refuse(effective.error);
  if (effective.value && format.value === 'csv')
    return refuse('effective=1 answers in JSON only (its paths have steps)');
  return {
    ok: true,
    answer: (engine, discovered) => {
      const parsed = checked.resolve(discovered);
      if (!parsed.ok) return badRequest(parsed.error);
      const { request, resolved } = parsed.value;
      const warnings = [...parsed.value.warnings, ...versionWarnings(request, engine.kubernetes)];
      const show = builtin.value === 'show';
      // Read before the answer: computing, `indirect` is empty and says nothing (docs/api.md).
      const risks = effective.value ? riskStatusJson(engine.risks.status()) : undefined;
      const full = effective.value ? engine.whoCanEffective(request) : undefined;
      // Every allowed subject by default, as the authorizer answers; builtin=hide leaves out
      // Kubernetes' own identities, as the who-can page does by default.
      const answer = engine.visibleAnswer(full?.direct ?? engine.whoCan(request), show).shown;
      const page = pageOf(answer, paging.offset, paging.limit);
      const completeness = engine.completeness(full ? 'paths' : 'who-can', requestNamespace(request));
      if (format.value === 'csv') return csv(whoCanCsv(page.items), 'who-can.csv', completeness);
      // Each distance's first `limit` indirect holders and how many there are (`continue` pages the
      // direct ones): at 10,000 namespaces tens of thousands can be one step away, each with a path.
      const indirect = full && {
        indirect: visibleIndirect(full.indirect, show).shown.map((g) => ({
          distance: g.distance,
          total: g.subjects.length,
          subjects: g.subjects.slice(0, paging.limit),
        })),
      };
      return json({
        request,
        resolved,
        warnings,
        ...completeness,
        ...(risks && { risks }),
        ...pageFields(page),
        summary: engine.summarizeWhoCan(answer),
        // Each subject's grants in words too (`why`), as the page and the CLI say them.
        subjects: page.items.map((s) => ({ ...s, why: grantWhyLines(s.grants, s) })),
        ...indirect,
      });
    },
  };
}

/**
 * Whether one identity (user, groups) may make a request, and the grants that allow it; with
 * explain=1, a no's near misses (`nearMisses`, the best 10, and `nearMissesTotal`), as the CLI's
 * `can-i --explain -o json` gives them.
 */
export function canIHandler(q: URLSearchParams): Handler {
  const identity = parseIdentityQuery(q);
  if (!identity.ok) return refuse(identity.error);
  const checked = checkRequest(q);
  if (!checked.ok) return refuse(checked.error);
  const explain = parseExplain(q);
  if (!explain.ok) return refuse(explain.error);
  return {
    ok: true,
    answer: (engine, discovered) => {
      const parsed = checked.resolve(discovered);
      if (!parsed.ok) return badRequest(parsed.error);
      const { request, resolved } = parsed.value;
      const warnings = [...parsed.value.warnings, ...versionWarnings(request, engine.kubernetes)];
      const answer = engine.canI(identity.value, request);
      const whyNot =
        explain.value && !answer.allowed ? whyNotReport(engine.whyNot(identity.value, request), request) : undefined;
      return json({
        allowed: answer.allowed,
        ...engine.completeness('can-i', requestNamespace(request), answer.allowed),
        grants: answer.grants,
        identity: identity.value,
        request,
        resolved,
        warnings,
        ...whyNot,
      });
    },
  };
}
