// /changes and /api/changes name one change (`entry`) and one group of its subjects (`group`) the
// same way: one schema, refused with a 400 by the API, a bad value left out by the page.
import { z } from 'zod';
import { issuesText, schemaInput, withDefaults, type Parsed, type Query } from './url-state';

const whole = (name: string) =>
  z
    .string()
    .refine((v) => Number.isInteger(Number(v)) && Number(v) >= 1, {
      error: (issue) => `${name} must be a whole number from 1, got "${String(issue.input)}"`,
    })
    .transform(Number)
    .optional();

const changesQuerySchema = z
  .object({ entry: whole('entry'), group: whole('group') })
  .refine((q) => q.group === undefined || q.entry !== undefined, {
    error: 'group pages the subjects of an entry: give entry too',
  });

export type ChangesQuery = z.output<typeof changesQuerySchema>;

/** The API's reading: every bad value refused, each named. */
export function parseChangesQuery(q: Query): Parsed<ChangesQuery> {
  const r = changesQuerySchema.safeParse(given(q));
  return r.success ? { ok: true, value: r.data } : { ok: false, error: issuesText(r.error) };
}

/** The page's reading: a bad value is left out (the list, or the whole entry, shows instead). */
export function changesView(q: Query): ChangesQuery {
  return withDefaults(changesQuerySchema, given(q)).value;
}

/** `entry` and `group` as given, each only when it is. */
function given(q: Query): Record<string, string> {
  const { entry, group } = schemaInput(q);
  return { ...(entry !== undefined && { entry }), ...(group !== undefined && { group }) };
}
