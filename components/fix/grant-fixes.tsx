// Fix links for dangerous grants: a role's dangerous rules (on its page), and a subject's dangerous
// grants, one per binding and rule (on its page). Each opens /fix with the grant in the URL.
import { ContextLink as Link } from '@/components/layout/context-link';
import { linkClass } from '@/components/layout/page-container';
import {
  describeBinding,
  describeRule,
  grantDangers,
  ruleDangers,
  subjectRefOf,
  type Grant,
  type RoleRef,
  type SubjectRef,
} from '@/lib/rbac';
import { currentData } from '@/lib/web/current';
import { fixHref } from '@/lib/web/links';

const SHOWN = 20;

function FixList({ title, items }: { title: string; items: { key: string; text: string; href: string }[] }) {
  if (items.length === 0) return null;
  return (
    <details className="mt-6 rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900">
      <summary className="cursor-pointer font-medium">
        {title} ({items.length})
      </summary>
      <ul aria-label={title} className="mt-2 space-y-1">
        {items.slice(0, SHOWN).map((i) => (
          <li key={i.key} className="break-words">
            <Link href={i.href} className={`font-medium ${linkClass}`}>
              Fix
            </Link>{' '}
            <span className="font-mono text-xs">{i.text}</span>
          </li>
        ))}
      </ul>
      {items.length > SHOWN && <p className="mt-1 text-xs">and {items.length - SHOWN} more</p>}
    </details>
  );
}

export async function RoleRuleFixes({ role }: { role: RoleRef }) {
  const { engine } = await currentData();
  const rules = engine.role(role)?.rules ?? [];
  const items = rules.flatMap((rule, ruleIndex) => {
    const dangers = ruleDangers(rule);
    if (dangers.length === 0) return [];
    const text = `rule ${ruleIndex}: ${dangers.map((d) => d.id).join(', ')} — ${describeRule(rule)}`;
    return [{ key: String(ruleIndex), text, href: fixHref({ role, ruleIndex }) }];
  });
  return <FixList title="Fixes for dangerous rules" items={items} />;
}

export async function SubjectGrantFixes({ subject }: { subject: SubjectRef }) {
  const { engine } = await currentData();
  const p = engine.subjectPermissions(subject);
  const seen = new Set<string>();
  const grants: Grant[] = [...p.clusterWide, ...p.namespaces.flatMap((n) => n.grants)];
  const items = grants.flatMap((g) => {
    const dangers = grantDangers(g);
    const key = `${describeBinding(g.binding)} ${g.ruleIndex}`;
    if (dangers.length === 0 || seen.has(key)) return [];
    seen.add(key);
    const held = subjectRefOf(g.subject, g.binding.namespace ?? '') ?? subject;
    const text = `${describeBinding(g.binding)}, rule ${g.ruleIndex} of ${g.role.kind} ${g.role.name}: ${dangers.map((d) => d.id).join(', ')}`;
    return [{ key, text, href: fixHref({ role: g.role, ruleIndex: g.ruleIndex, binding: g.binding, subject: held }) }];
  });
  return <FixList title="Fixes for dangerous grants" items={items} />;
}
