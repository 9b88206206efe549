// The why of one allowed cell (binding → role → rule, linked), in one popover per matrix: the
// browser's top layer, so no panel or scroller clips it.
import { useRef, useState, type RefObject } from 'react';
import { ContextLink as Link } from '@/components/layout/context-link';
import { bindingHref, roleHref } from '@/lib/web/links';
import type { CompactCell, CompactGrant } from '@/lib/reports/compact-matrix';

/** The cell whose why is shown. */
export interface WhyOpen {
  resource: string;
  verb: string;
  cell: CompactCell;
}

/** The popover's state: the cell it shows, and opening and closing it. */
export function useWhyPopover() {
  const [open, setOpen] = useState<WhyOpen | undefined>(undefined);
  const popover = useRef<HTMLDivElement>(null);
  const show = (o: WhyOpen) => {
    setOpen(o);
    popover.current?.showPopover();
  };
  const hide = () => popover.current?.hidePopover();
  return { open, popover, show, hide };
}

export function WhyPopover({
  id,
  popover,
  open,
  grants,
  onClose,
}: {
  id: string;
  popover: RefObject<HTMLDivElement | null>;
  open: WhyOpen | undefined;
  grants: readonly CompactGrant[];
  onClose: () => void;
}) {
  return (
    <div
      ref={popover}
      id={id}
      popover="auto"
      role="dialog"
      aria-label={open ? `Why ${open.verb} ${open.resource}` : 'Why'}
      className="m-auto w-[min(28rem,90vw)] rounded-lg border border-slate-200 bg-white p-4 text-left text-sm text-slate-900 shadow-xl backdrop:bg-slate-950/30 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      {open && <Why open={open} grants={grants} />}
      <button
        type="button"
        onClick={onClose}
        className="mt-3 rounded-md border border-slate-300 px-2 py-0.5 text-xs dark:border-slate-600"
      >
        Close
      </button>
    </div>
  );
}

function Why({ open, grants }: { open: WhyOpen; grants: readonly CompactGrant[] }) {
  return (
    <>
      <p className="font-semibold">
        Why <span className="font-mono">{open.verb}</span>{' '}
        <span className="font-mono break-words">{open.resource}</span>
        {open.cell.dangerous && (
          <span className="ml-2 text-xs font-medium text-red-700 dark:text-red-400">dangerous</span>
        )}
      </p>
      {open.cell.names.length > 0 && (
        <p className="mt-1 text-xs">Only the objects named {open.cell.names.join(', ')}.</p>
      )}
      <ul className="mt-2 space-y-1 text-xs">
        {open.cell.grants.map((i) => {
          const g = grants[i]!;
          return (
            <li key={i} className="break-words">
              <Link className="text-sky-700 underline dark:text-sky-400" href={bindingHref(g.binding)}>
                {g.binding.kind} {g.binding.name}
              </Link>{' '}
              →{' '}
              <Link className="text-sky-700 underline dark:text-sky-400" href={roleHref(g.role)}>
                {g.roleText}
              </Link>
              , rule {g.ruleIndex}
              {g.via ? ` (via Group ${g.via})` : ''}
            </li>
          );
        })}
      </ul>
    </>
  );
}
