// Search hits from the engine, spelled as links.
import { bindingLabel, roleLabel, subjectLabel, type Engine, type SearchHit } from '@/lib/rbac';
import { bindingHref, namespaceHref, roleHref, subjectHref } from './links';

export interface SearchLink {
  kind: string;
  label: string;
  href: string;
}

function link(h: SearchHit): SearchLink {
  switch (h.kind) {
    case 'Namespace':
      return { kind: 'Namespace', label: h.name, href: namespaceHref(h.name) };
    case 'Subject':
      return { kind: h.subject.kind, label: subjectLabel(h.subject), href: subjectHref(h.subject) };
    case 'Role':
      return {
        kind: h.role.kind,
        label: roleLabel(h.role),
        href: roleHref(h.role),
      };
    case 'Binding':
      return {
        kind: h.binding.kind,
        label: bindingLabel(h.binding),
        href: bindingHref(h.binding),
      };
  }
}

export function search(engine: Engine, query: string, limit = 100): SearchLink[] {
  return engine.search(query, limit).map(link);
}
