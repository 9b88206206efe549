// What every page and API reads from a URL the same way: a parameter's value, the export format,
// whether Kubernetes' own answers are shown, and a schema's answer with a bad value either refused
// (the API: a 400 that names it) or left at its default (a page always shows). Paging is paging.ts.
import { z } from 'zod';
import { firstParam, firstValues, searchParamsOf, type SearchParams } from './search-params';

/** A query as a route handler (URLSearchParams) or a page (Next's searchParams) has it. */
export type Query = URLSearchParams | SearchParams;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const record = (q: Query): SearchParams => (q instanceof URLSearchParams ? searchParamsOf(q) : q);

/** A parameter's first value, '' when absent. */
export function param(q: Query, key: string): string {
  return firstParam(record(q)[key]);
}

/** Every value of a parameter given more than once (checkbox groups), joined with commas. */
export function listParam(q: Query, key: string): string {
  const v = record(q)[key];
  return (Array.isArray(v) ? v.join(',') : v) ?? '';
}

export const FORMATS = ['json', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

/** `format`: json (the default) or csv, for every API that exports a list. */
export function exportFormat(q: Query): Parsed<Format> {
  const v = record(q).format;
  if (v === undefined) return { ok: true, value: 'json' };
  const format = firstParam(v);
  return FORMATS.find((f) => f === format) !== undefined
    ? { ok: true, value: format as Format }
    : { ok: false, error: `format must be json or csv, got "${format}"` };
}

/**
 * Whether Kubernetes' own answers are shown, one spelling everywhere: `builtin=show` (or `hide`).
 * The graph's old spelling, `system=show`, is still read, so links made before keep working.
 */
export const BUILTIN_PARAM = 'builtin';
const OLD_BUILTIN_PARAM = 'system';

/** The built-ins parameter's value as given ('' when absent), the old spelling read when it is. */
export function builtinParam(q: Query): string {
  const r = record(q);
  return firstParam(r[BUILTIN_PARAM] ?? r[OLD_BUILTIN_PARAM]);
}

export const builtinSchema = z.enum(['show', 'hide'], {
  error: (issue) => `builtin must be show or hide, got "${String(issue.input)}"`,
});

/** An API's reading: absent is `absent`; anything but show or hide (an empty value too) is refused. */
export function parseBuiltin(q: Query, absent: 'show' | 'hide'): Parsed<'show' | 'hide'> {
  const r = record(q);
  const given = r[BUILTIN_PARAM] ?? r[OLD_BUILTIN_PARAM];
  const parsed = builtinSchema.safeParse(given === undefined ? absent : firstParam(given));
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: issuesText(parsed.error) };
}

/** `explain`: whether an answer says why (can-i: the near misses of a no); 1 or true, 0 or false. */
export const EXPLAIN_PARAM = 'explain';
const explainSchema = z.enum(['1', 'true', '0', 'false'], {
  error: (issue) => `explain must be 1, true, 0 or false, got "${String(issue.input)}"`,
});

/** An API's reading of `explain`: absent is false; anything but 1, true, 0 or false is refused. */
export function parseExplain(q: Query): Parsed<boolean> {
  const given = record(q)[EXPLAIN_PARAM];
  if (given === undefined) return { ok: true, value: false };
  const parsed = explainSchema.safeParse(firstParam(given));
  if (!parsed.success) return { ok: false, error: issuesText(parsed.error) };
  return { ok: true, value: parsed.data === '1' || parsed.data === 'true' };
}

/** Who effectively can: `effective=1` adds every subject that can become a holder (the who-can page and API). */
export const EFFECTIVE_PARAM = 'effective';

export const effectiveSchema = z.enum(['1', '0'], {
  error: (issue) => `effective must be 1 or 0, got "${String(issue.input)}"`,
});

/** An API's reading: absent is 0; anything but 1 or 0 is refused. A page reads it with effectiveSchema, a bad value as 0. */
export function parseEffective(q: Query): Parsed<boolean> {
  const given = record(q)[EFFECTIVE_PARAM];
  const parsed = effectiveSchema.safeParse(given === undefined ? '0' : firstParam(given));
  return parsed.success ? { ok: true, value: parsed.data === '1' } : { ok: false, error: issuesText(parsed.error) };
}

/**
 * A query's first values as a schema takes them, empty ones dropped, the built-ins parameter under
 * its one name; `lists` name the parameters whose repeats are one comma-separated list. A page drops
 * empty values (a form's blank field is its default); an API keeps them (`keepEmpty`) and refuses
 * the ones its schema does.
 */
export function schemaInput(q: Query, lists: readonly string[] = [], keepEmpty = false): Record<string, string> {
  const out = keepEmpty ? firstOf(record(q)) : firstValues(record(q));
  delete out[OLD_BUILTIN_PARAM];
  const builtin = builtinParam(q);
  if (builtin) out[BUILTIN_PARAM] = builtin;
  for (const key of lists) if (listParam(q, key)) out[key] = listParam(q, key);
  return out;
}

/** Each parameter's first value, empty ones kept (an API refuses `sort=` as it refuses `sort=x`). */
function firstOf(r: SearchParams): Record<string, string> {
  return Object.fromEntries(Object.entries(r).flatMap(([k, v]) => (v === undefined ? [] : [[k, firstParam(v)]])));
}

/** Every problem of a parse, as one sentence: each names its parameter. */
export function issuesText(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const where = i.path.join('.');
      return i.message.includes(':') || !where || i.message.startsWith(where) ? i.message : `${where}: ${i.message}`;
    })
    .join('; ');
}

/**
 * A page's reading of its query: each bad value left at its default (a page always shows) and
 * named in `problems`. The schema must give every field a default or make it optional.
 */
export function withDefaults<S extends z.ZodType<object>>(
  schema: S,
  input: Record<string, string>,
): { value: z.output<S>; problems: string[] } {
  const given = { ...input };
  const problems: string[] = [];
  for (let tries = 0; tries <= Object.keys(input).length; tries++) {
    const r = schema.safeParse(given);
    if (r.success) return { value: r.data, problems };
    for (const issue of r.error.issues) {
      problems.push(issue.message);
      const key = issue.path[0];
      if (typeof key === 'string') delete given[key];
    }
  }
  return { value: schema.parse({}), problems };
}
