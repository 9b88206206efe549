// Query parameters, one rule everywhere: a key may repeat (checkbox groups, hand-edited links), and
// where one value is wanted it is the first, as URLSearchParams.get() and Next's pages give it.
// Pages, route handlers and export links all read parameters through here.

/** A page's search params as Next gives them: a key may repeat, so a value may be a list. */
export type SearchParams = Record<string, string | string[] | undefined>;

/** The first value of a parameter, or "" when it is absent. */
export function firstParam(v: string | string[] | undefined): string {
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

/** A route handler's URLSearchParams in a page's shape, so both parse the same way. */
export function searchParamsOf(params: URLSearchParams): SearchParams {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}

/** One value per parameter (the first), empty ones dropped. */
export function firstValues(params: URLSearchParams | SearchParams): Record<string, string> {
  const record = params instanceof URLSearchParams ? searchParamsOf(params) : params;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record)) {
    const value = firstParam(v);
    if (value !== '') out[k] = value;
  }
  return out;
}
