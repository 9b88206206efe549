'use client';
// A line to copy (a command): shown as code, with a button that copies it and says so.
import { useState } from 'react';

export function CopyLine({ label, text }: { label: string; text: string }) {
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  const copy = async () => {
    // The clipboard is only there on https or localhost: elsewhere, say to select the line.
    const done = await navigator.clipboard?.writeText(text).then(
      () => true,
      () => false,
    );
    setCopied(done ? 'yes' : 'failed');
    setTimeout(() => setCopied('no'), 3000);
  };
  return (
    <div className="mt-3 flex flex-wrap items-center gap-2 text-sm">
      <span className="text-slate-600 dark:text-slate-400">{label}</span>
      <code className="rounded bg-slate-100 px-2 py-1 font-mono text-xs break-all text-slate-900 dark:bg-slate-800 dark:text-slate-100">
        {text}
      </code>
      <button
        type="button"
        onClick={() => void copy()}
        className="rounded-md border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
      >
        {copied === 'yes' ? 'Copied' : 'Copy'}
      </button>
      <span aria-live="polite" className={copied === 'failed' ? 'text-xs' : 'sr-only'}>
        {copied === 'yes'
          ? 'Copied to the clipboard'
          : copied === 'failed'
            ? 'No clipboard here: select the line to copy it'
            : ''}
      </span>
    </div>
  );
}
