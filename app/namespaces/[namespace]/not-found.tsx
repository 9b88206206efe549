'use client';
import { usePathname } from 'next/navigation';
import { NotFoundCard, pathParts } from '@/components/layout/not-found-card';

// not-found receives no params; the path names what was asked for.
export default function NamespaceNotFound() {
  const [name = ''] = pathParts(usePathname());
  return (
    <NotFoundCard title={`Namespace “${name}” not found`} back={{ href: '/', label: 'All namespaces' }}>
      The source has no namespace by that name, and nothing in it (service accounts, pods, roles or bindings) names one.
    </NotFoundCard>
  );
}
