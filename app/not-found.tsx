import type { Metadata } from 'next';
import { NotFoundCard } from '@/components/layout/not-found-card';

export const metadata: Metadata = { title: 'Not found' };

// Anything the cluster does not have (a namespace, subject, role or binding), or a mistyped URL.
export default function NotFound() {
  return (
    <NotFoundCard title="Not in this cluster">
      No namespace, subject, role or binding has this address in the data shown now. It may have been deleted, be in
      another context, or the link may be mistyped.
    </NotFoundCard>
  );
}
