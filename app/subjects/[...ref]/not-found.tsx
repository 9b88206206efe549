'use client';
import { usePathname } from 'next/navigation';
import { NotFoundCard, pathParts } from '@/components/layout/not-found-card';

export default function SubjectNotFound() {
  const [kind, ...name] = pathParts(usePathname());
  return (
    <NotFoundCard title={`Subject “${name.join('/')}” not found`} back={{ href: '/subjects', label: 'All subjects' }}>
      No {kind ?? 'subject'} by that name exists in the source, runs a pod, or is named by any binding. Subject links
      look like /subjects/serviceaccount/NAMESPACE/NAME, /subjects/user/NAME or /subjects/group/NAME.
    </NotFoundCard>
  );
}
