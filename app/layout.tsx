import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { Shortcuts } from '@/components/layout/shortcuts';
import { SideNav } from '@/components/layout/side-nav';
import { AccessScopeProvider } from '@/components/layout/access-refusals';
import { linkScope } from '@/lib/web/current';
import { SiteHeader } from '@/components/layout/site-header';
import { THEME_SCRIPT } from '@/components/layout/theme';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'RBAC Atlas', template: '%s · RBAC Atlas' },
  description: 'Who can do what in your Kubernetes cluster.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The theme script runs before the first paint, under the page's Content-Security-Policy nonce.
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  // In `token` mode, what the viewer's access shows: links to what it refuses are marked (none in `none` mode).
  const scope = await linkScope();
  return (
    // The script sets the theme class before React hydrates: not a mismatch to warn about.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-screen font-sans">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 dark:focus:bg-slate-900"
        >
          Skip to content
        </a>
        <AccessScopeProvider scope={scope}>
          <SiteHeader />
          <Shortcuts />
          <div className="md:flex">
            <SideNav />
            <main id="main" className="min-w-0 flex-1">
              {children}
            </main>
          </div>
        </AccessScopeProvider>
      </body>
    </html>
  );
}
