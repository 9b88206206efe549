// How the proxy hands the viewer it verified to server code: a request header only the proxy sets
// (it deletes any the request came with, so a client cannot claim to be someone). The value is the
// base64url of the identity's UTF-8 JSON: header values are bytes, and user names and groups from
// an OIDC provider may be any Unicode.
import { z } from 'zod';
import type { ReviewedUser } from '@/lib/k8s/auth/reviews';

export type { ReviewedUser };

export const VIEWER_HEADER = 'x-rbac-atlas-viewer';

const reviewedUser = z.object({
  username: z.string().min(1),
  uid: z.string().optional(),
  groups: z.array(z.string()),
  extra: z.record(z.string(), z.array(z.string())).optional(),
});

export function encodeViewer(user: ReviewedUser): string {
  return Buffer.from(JSON.stringify(user), 'utf8').toString('base64url');
}

/** The identity in a header value, or undefined when there is none or it is not one. */
export function decodeViewer(value: string | null | undefined): ReviewedUser | undefined {
  if (!value) return undefined;
  try {
    const parsed = reviewedUser.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
