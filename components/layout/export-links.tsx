import { withContext } from '@/lib/web/context';
import { linkClass } from './page-container';

/**
 * A table's exports: the same API URL as CSV (`format=csv`) and as JSON, in the current context.
 * `what` names the table where a page has several ("Export rules as CSV").
 */
export function ExportLinks({
  api,
  context,
  what,
  className = 'space-x-3 text-sm',
}: {
  api: string;
  context: string | undefined;
  what?: string;
  className?: string;
}) {
  const sep = api.includes('?') ? '&' : '?';
  return (
    <span className={className}>
      <a className={linkClass} href={withContext(`${api}${sep}format=csv`, context)}>
        Export {what ? `${what} as ` : ''}CSV
      </a>
      <a className={linkClass} href={withContext(api, context)}>
        Export {what ? `${what} as ` : ''}JSON
      </a>
    </span>
  );
}
