// The inventory lists as an API: the page's filters in the query, JSON a page at a time (`limit`,
// `continue`), or CSV of every matching row (`format=csv`) for the export links.
import {
  describeRole,
  subjectLabel,
  type BindingRow,
  type Engine,
  type InventoryList,
  type InventoryPage,
  type InventoryQuery,
  type RoleRow,
  type SubjectRow,
} from '@/lib/rbac';
import { badRequest, csv, json, riskCsv } from './api';
import { riskStatusJson } from '@/lib/reports/risk-status';
import { toCsv } from '@/lib/reports/csv';
import { inventoryQuery, inventoryState } from './inventory-params';
import { apiPaging, expiredContinue, pageFields, riskListVersion } from './paging';
import { exportFormat } from './url-state';

const ALL = Number.MAX_SAFE_INTEGER;

const CSV: { [L in InventoryList]: { header: string[]; row: (r: Rows[L]) => string[] } } = {
  roles: {
    header: ['kind', 'namespace', 'name', 'rules', 'bindings', 'dangers', 'builtin', 'aggregated', 'created'],
    row: (r) => [
      r.ref.kind,
      r.ref.namespace ?? '',
      r.ref.name,
      String(r.rules),
      String(r.bindings),
      r.dangers.join(' '),
      String(r.builtin),
      String(r.aggregated),
      r.created ?? '',
    ],
  },
  bindings: {
    header: ['kind', 'namespace', 'name', 'role', 'subjects', 'dangers', 'dangling', 'builtin', 'created'],
    row: (r) => [
      r.ref.kind,
      r.ref.namespace ?? '',
      r.ref.name,
      describeRole(r.role),
      String(r.subjects),
      r.dangers.join(' '),
      r.dangling ?? '',
      String(r.builtin),
      r.created ?? '',
    ],
  },
  subjects: {
    header: ['kind', 'namespace', 'name', 'bindings', 'namespaces', 'pods', 'dangers', 'builtin'],
    row: (r) => [
      r.ref.kind,
      r.ref.kind === 'ServiceAccount' ? r.ref.namespace : '',
      r.ref.kind === 'ServiceAccount' ? r.ref.name : subjectLabel(r.ref),
      String(r.bindings),
      String(r.namespaces),
      r.pods === undefined ? '' : String(r.pods),
      r.dangers.join(' '),
      String(r.builtin),
    ],
  },
};

interface Rows {
  roles: RoleRow;
  bindings: BindingRow;
  subjects: SubjectRow;
}

const QUERY: { [L in InventoryList]: (engine: Engine, q: InventoryQuery<L>) => InventoryPage<Rows[L]> } = {
  roles: (engine, q) => engine.inventory.roles(q),
  bindings: (engine, q) => engine.inventory.bindings(q),
  subjects: (engine, q) => engine.inventory.subjects(q),
};

function rows<L extends InventoryList>(
  engine: Engine,
  list: L,
  params: URLSearchParams,
  offset: number,
  limit: number,
): InventoryPage<Rows[L]> {
  const query = QUERY[list] as (engine: Engine, q: InventoryQuery<L>) => InventoryPage<Rows[L]>;
  return query(engine, { ...inventoryQuery(inventoryState(list, params)), offset, limit });
}

/**
 * Subjects sorted by risk read the risk answers: the answer says where they stand (`risks`, as every
 * answer made of them), and while none is computed every risk is unknown, so the list is in name
 * order and its CSV is refused (503, riskCsv) rather than read as an order by risk.
 */
export function sortsByRisk(list: InventoryList, q: URLSearchParams): boolean {
  return list === 'subjects' && inventoryState('subjects', q).sort === 'risk';
}

/** The version a risk-sorted list's tokens name while none is complete (versions start at 1): name order. */
const NAME_ORDER = 0;

/** What an inventory list answers for a query: an error, or the answer from an engine. */
export function inventoryAnswer<L extends InventoryList>(
  list: L,
  q: URLSearchParams,
): { ok: true; answer: (engine: Engine) => Response } | { ok: false; response: Response } {
  const format = exportFormat(q);
  if (!format.ok) return { ok: false, response: badRequest(format.error) };
  const paging = apiPaging(q);
  if (!paging.ok) return { ok: false, response: badRequest(paging.error) };
  const byRisk = sortsByRisk(list, q);
  const answer = (engine: Engine): Response => {
    // Read before the rows: they are sorted by the answers it describes.
    const status = engine.risks.status();
    const risks = byRisk ? { risks: riskStatusJson(status) } : {};
    const completeness = engine.completeness('view');
    if (format.value === 'csv') {
      const spec = CSV[list];
      const make = () => {
        const page = rows(engine, list, q, 0, ALL);
        return csv(
          toCsv(
            spec.header,
            page.items.map((r) => spec.row(r)),
          ),
          `rbac-atlas-${list}.csv`,
          completeness,
        );
      };
      return byRisk ? riskCsv(status, make) : make();
    }
    // Ordered by the risk answers: its tokens name their version, as /api/findings' and /api/paths' do
    // (page 1 in name order while computing, page 2 by risk, would skip and repeat subjects).
    const version = byRisk ? (riskListVersion(engine) ?? NAME_ORDER) : undefined;
    const expired = version !== undefined && expiredContinue(paging, version, riskStatusJson(status));
    if (expired) return expired;
    const page = rows(engine, list, q, paging.offset, paging.limit);
    return json({
      ...completeness,
      ...risks,
      ...pageFields(page, version),
      hiddenBuiltin: page.hiddenBuiltin,
      [list]: page.items,
    });
  };
  return { ok: true, answer };
}
