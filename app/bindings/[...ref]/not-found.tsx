'use client';
import { usePathname } from 'next/navigation';
import { NotFoundCard, pathParts } from '@/components/layout/not-found-card';

export default function BindingNotFound() {
  const [kind, ...name] = pathParts(usePathname());
  return (
    <NotFoundCard
      title={`${kind === 'rolebinding' ? 'RoleBinding' : 'ClusterRoleBinding'} “${name.join('/')}” not found`}
      back={{ href: '/bindings', label: 'All bindings' }}
    >
      The source has no binding by that name: it may have been deleted, or be in another context.
    </NotFoundCard>
  );
}
