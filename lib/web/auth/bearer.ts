// The viewer's token from an `Authorization: Bearer …` header, read as the API server reads it
// (staging/src/k8s.io/apiserver/pkg/authentication/request/bearertoken/bearertoken.go: the scheme is
// case-insensitive, another scheme is no bearer token at all). Where the API server would take the
// first of two space-separated words, this refuses the header: a token is one word.
import { tokenProblem } from '@/lib/k8s/auth/reviews';

export type BearerToken = { token: string } | { problem: string };

/** The header's token, why it holds none that could be one, or undefined when it names no bearer token. */
export function bearerToken(header: string | null | undefined): BearerToken | undefined {
  const auth = header?.trim() ?? '';
  if (auth === '') return undefined;
  const space = auth.indexOf(' ');
  const scheme = space < 0 ? auth : auth.slice(0, space);
  if (scheme.toLowerCase() !== 'bearer') return undefined;
  const token = space < 0 ? '' : auth.slice(space + 1).trim();
  if (token === '') return { problem: 'the Authorization header says Bearer but holds no token' };
  if (/\s/.test(token)) return { problem: 'the Authorization header holds more than one word after Bearer' };
  const problem = tokenProblem(token);
  return problem ? { problem: `in the Authorization header, ${problem}` } : { token };
}
