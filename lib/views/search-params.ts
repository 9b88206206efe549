// A page's search params as Next gives them: a key may repeat, so a value may be a list.
export type SearchParams = Record<string, string | string[] | undefined>;

/** The first value of a parameter, or "" when it is absent. */
export function firstParam(v: string | string[] | undefined): string {
  return (Array.isArray(v) ? v[0] : v) ?? '';
}
