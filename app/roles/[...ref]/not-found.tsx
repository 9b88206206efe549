'use client';
import { usePathname } from 'next/navigation';
import { NotFoundCard, pathParts } from '@/components/layout/not-found-card';

export default function RoleNotFound() {
  const [kind, ...name] = pathParts(usePathname());
  return (
    <NotFoundCard
      title={`${kind === 'role' ? 'Role' : 'ClusterRole'} “${name.join('/')}” not found`}
      back={{ href: '/roles', label: 'All roles' }}
    >
      The source has no role by that name. A binding may still name it: such a binding grants nothing.
    </NotFoundCard>
  );
}
