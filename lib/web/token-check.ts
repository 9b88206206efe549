// POST /api/token's answer: the token the viewer pasted, decoded, its objects looked up in the
// current source, the API server's TokenReview (asked with the app's own credentials, when the
// source is a live cluster), and what its identity can do, each subject with its page. The answer
// holds what the token says, never the token; nothing keeps it.
import { reviewToken } from '@/lib/k8s/auth/reviews';
import type { SubjectRef } from '@/lib/rbac';
import type { DecodedToken } from '@/lib/tokens/decode';
import { inspectToken, type TokenInspection } from '@/lib/tokens/inspect';
import { currentData } from './current';
import { subjectHref } from './links';

export interface TokenCheck extends TokenInspection {
  /** Each subject of the identity's report, with its page. */
  links: { subject: SubjectRef; href: string }[];
}

export async function tokenCheck(token: string, decoded: DecodedToken, context?: string): Promise<TokenCheck> {
  const [{ engine }, review] = await Promise.all([currentData(context), reviewToken(token, context)]);
  const inspection = inspectToken(engine, decoded, review, Math.floor(Date.now() / 1000));
  const subjects = inspection.identity?.report.subjects ?? [];
  return { ...inspection, links: subjects.map((s) => ({ subject: s.subject, href: subjectHref(s.subject) })) };
}
