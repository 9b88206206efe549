// The dashboard's sections, in the order the navigation lists them: shared by the navigation (a
// client component) and server pages such as the 404.
export const NAV_ITEMS = [
  { href: '/', label: 'Overview', match: (p: string) => p === '/' },
  { href: '/namespaces', label: 'Namespaces', match: (p: string) => p.startsWith('/namespaces') },
  { href: '/who-can', label: 'Who can', match: (p: string) => p.startsWith('/who-can') },
  { href: '/risks', label: 'Risks', match: (p: string) => p.startsWith('/risks') },
  { href: '/roles', label: 'Roles', match: (p: string) => p.startsWith('/roles') },
  { href: '/bindings', label: 'Bindings', match: (p: string) => p.startsWith('/bindings') },
  { href: '/subjects', label: 'Subjects', match: (p: string) => p.startsWith('/subjects') },
  { href: '/token', label: 'Token', match: (p: string) => p.startsWith('/token') },
  { href: '/usage', label: 'Usage', match: (p: string) => p.startsWith('/usage') },
  { href: '/changes', label: 'Changes', match: (p: string) => p.startsWith('/changes') },
  // What-if is a diff of a change not yet made: the same section.
  { href: '/diff', label: 'Diff', match: (p: string) => p.startsWith('/diff') || p.startsWith('/what-if') },
] as const;
