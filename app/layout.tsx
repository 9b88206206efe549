import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { SiteHeader } from '@/components/layout/site-header';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'RBAC Atlas', template: '%s · RBAC Atlas' },
  description: 'Who can do what in your Kubernetes cluster.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <SiteHeader />
        <main>{children}</main>
      </body>
    </html>
  );
}
