'use client';
// In `token` mode, what the viewer's access shows (app/layout.tsx asks once per page): every link
// to what it refuses is marked instead, with why, so no page offers a link that answers 403.
// Undefined in `none` mode: every link is a link.
import { createContext, useContext, type ReactNode } from 'react';
import type { ViewScope } from '@/lib/rbac';
import { refusalOfHref } from '@/lib/web/access-gates';

const Scope = createContext<ViewScope | undefined>(undefined);

export function AccessScopeProvider({ scope, children }: { scope: ViewScope | undefined; children: ReactNode }) {
  return <Scope.Provider value={scope}>{children}</Scope.Provider>;
}

/** Why the viewer may not open `href`, or undefined when they may. */
export function useRefusal(href: string): string | undefined {
  return refusalOfHref(href, useContext(Scope));
}
