// The address a request asked for, as the proxy hands it to server code: pages have no other way to
// know their own URL, and a viewer's access depends on it (lib/web/access-gates.ts). Only the proxy
// sets it (it replaces any the client sent).
export const PATH_HEADER = 'x-rbac-atlas-path';
