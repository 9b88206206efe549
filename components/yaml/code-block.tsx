// A block of text to copy (YAML, a command): its title, a copy button and, when given, a download
// link; the text is rendered as text, so whatever the cluster's names hold stays text.
import type { ReactNode } from 'react';
import { linkClass } from '@/components/layout/page-container';
import { CopyButton } from './copy-button';

export function CodeBlock(props: { id: string; title: ReactNode; text: string; copyLabel: string; download?: string }) {
  const { id, title, text, copyLabel, download } = props;
  return (
    <div className="mt-3">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <h3 className="font-medium">{title}</h3>
        <CopyButton target={id} label={copyLabel} />
        {download && (
          <a href={download} className={`text-xs ${linkClass}`}>
            Download
          </a>
        )}
      </div>
      <pre
        id={id}
        tabIndex={0}
        className="mt-1 max-h-[32rem] overflow-auto rounded-md border border-slate-200 bg-slate-50 p-3 font-mono text-xs text-slate-900 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100"
      >
        {text}
      </pre>
    </div>
  );
}
