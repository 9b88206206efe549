// The "Fix" link of a finding or a dangerous grant: /fix shows the change, its effect and its YAML.
import { ContextLink as Link } from '@/components/layout/context-link';
import { linkClass } from '@/components/layout/page-container';
import { findingTarget, type Finding, type GrantTarget } from '@/lib/rbac';
import { fixHref } from '@/lib/web/links';

export function FixLink({
  finding,
  grant,
  className = '',
}: {
  finding?: Finding;
  grant?: GrantTarget;
  className?: string;
}) {
  const target = finding ? findingTarget(finding) : grant;
  if (!target) return null;
  return (
    <Link href={fixHref(target)} className={`font-medium ${linkClass} ${className}`}>
      Fix
    </Link>
  );
}
