// The one way a POST route reads its body: lib/security/post-guard.ts's refusals first (cross-site,
// not JSON, too large: answered before a byte of the body is read), then the body within its cap
// and time bound. Every POST route (what-if, sign-in, sign-out, token check) goes through here.
import { postRefusal, readCappedBody, type PostRoute } from '@/lib/security/post-guard';
import { json } from './api';

/** The body's text, or the JSON answer that refuses the request. */
export async function guardedPostBody(req: Request, route: PostRoute): Promise<string | Response> {
  const refused = postRefusal(
    {
      contentType: req.headers.get('content-type'),
      contentLength: req.headers.get('content-length'),
      origin: req.headers.get('origin'),
      secFetchSite: req.headers.get('sec-fetch-site'),
      host: req.headers.get('host') ?? '',
    },
    route,
  );
  if (refused) return json({ error: refused.error }, refused.status);
  const text = await readCappedBody(req.body, route);
  return typeof text === 'string' ? text : json({ error: text.error }, text.status);
}
