'use client';
// In `token` mode, why the viewer may not open each kind of view (app/layout.tsx asks once per
// page): every link to such a view is marked instead, with why, so no page offers a link that
// answers 403. Empty in `none` mode: every link is a link.
import { createContext, useContext, type ReactNode } from 'react';
import { refusalOfHref, type AccessRefusals } from '@/lib/web/access-gates';

const Refusals = createContext<AccessRefusals>({});

export function AccessRefusalsProvider({ refusals, children }: { refusals: AccessRefusals; children: ReactNode }) {
  return <Refusals.Provider value={refusals}>{children}</Refusals.Provider>;
}

/** Why the viewer may not open `href`, or undefined when they may. */
export function useRefusal(href: string): string | undefined {
  return refusalOfHref(href, useContext(Refusals));
}
