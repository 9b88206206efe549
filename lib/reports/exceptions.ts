// Accepted findings: a YAML file of {id, subject, reason, expires?}. A finding matches an exception
// by id and subject (its reference: a subject such as `user:alice` or an object such as
// `rolebinding/ns/name`); an expired exception counts no more.
import { parse } from 'yaml';
import { z } from 'zod';
import type { Finding } from '@/lib/rbac';
import { findingRef } from './findings-report';

const exception = z.object({
  id: z.string().min(1),
  subject: z.string().min(1),
  reason: z.string().min(1, 'reason: say why the finding is accepted'),
  expires: z
    .union([z.string(), z.date()])
    .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
    .refine((v) => !Number.isNaN(Date.parse(v)), 'expires: a date such as 2027-01-31')
    .optional(),
});
// A bare list is the list of exceptions.
const file = z.preprocess(
  (v) => (Array.isArray(v) ? { exceptions: v } : v),
  z.object({ exceptions: z.array(exception) }, { error: 'expected a list, or `exceptions:` with a list' }),
);

export type FindingException = z.infer<typeof exception>;

export class ExceptionsError extends Error {}

export function parseExceptions(text: string, where: string): FindingException[] {
  let data: unknown;
  try {
    data = parse(text);
  } catch (e) {
    throw new ExceptionsError(`${where}: not YAML: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = file.safeParse(data ?? []);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    throw new ExceptionsError(`${where}${path ? ` at ${path}` : ''}: ${issue.message}`);
  }
  return parsed.data.exceptions;
}

export interface Applied {
  remaining: Finding[];
  excepted: { finding: Finding; exception: FindingException }[];
  expired: FindingException[];
  unused: FindingException[];
}

/** Splits findings into those an exception accepts and the rest; `today` is YYYY-MM-DD. */
export function applyExceptions(
  findings: readonly Finding[],
  exceptions: readonly FindingException[],
  today: string,
): Applied {
  const expired = exceptions.filter((e) => e.expires !== undefined && e.expires < today);
  const live = exceptions.filter((e) => !expired.includes(e));
  const used = new Set<FindingException>();
  const remaining: Finding[] = [];
  const excepted: Applied['excepted'] = [];
  for (const f of findings) {
    const ref = findingRef(f);
    const match = live.find((e) => e.id === f.id && e.subject === ref);
    if (match) {
      used.add(match);
      excepted.push({ finding: f, exception: match });
    } else remaining.push(f);
  }
  return { remaining, excepted, expired, unused: live.filter((e) => !used.has(e)) };
}
