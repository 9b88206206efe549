'use client';
// The what-if forms: manifests pasted or uploaded (applied, deleted, or both) on the current source,
// or two snapshot files compared. The text goes to POST /api/what-if, the one read-only POST: the
// server writes nothing and keeps nothing, and the answer is shown here, never put in the URL.
import { useRef, useState, type FormEvent } from 'react';
import { useViewContext } from '@/components/layout/context-link';
import { CONTEXT_PARAM } from '@/lib/web/context';
import type { TextFile, WhatIfJson } from '@/lib/web/what-if-review';
import { WhatIfResult } from './what-if-result';

type State =
  { kind: 'idle' } | { kind: 'busy' } | { kind: 'error'; error: string } | { kind: 'done'; answer: WhatIfJson };

const fieldClass =
  'w-full rounded-md border border-slate-300 bg-white px-2 py-1 font-mono text-xs text-slate-900 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100';
const buttonClass =
  'rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-60';
const EXAMPLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ci-admin
  namespace: payments
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: admin
subjects:
- kind: ServiceAccount
  name: ci
  namespace: payments`;

/** The pasted text (named as a file would be) and the files chosen, in order. */
async function textFiles(form: FormData, pasted: string, files: string): Promise<TextFile[]> {
  const text = String(form.get(pasted) ?? '');
  const out: TextFile[] = text.trim() ? [{ name: `${pasted}.yaml`, text }] : [];
  for (const f of form.getAll(files))
    if (f instanceof File && f.size > 0) out.push({ name: f.name, text: await f.text() });
  return out;
}

async function ask(body: unknown, context: string | undefined): Promise<State> {
  const query = context ? `?${new URLSearchParams({ [CONTEXT_PARAM]: context })}` : '';
  try {
    const res = await fetch(`/api/what-if${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json().catch(() => ({ error: `${res.status} ${res.statusText}` }))) as WhatIfJson & {
      error?: string;
    };
    return res.ok ? { kind: 'done', answer: json } : { kind: 'error', error: json.error ?? `${res.status}` };
  } catch (e) {
    return { kind: 'error', error: `the server could not be reached (${(e as Error).message})` };
  }
}

type Submit = (e: FormEvent<HTMLFormElement>) => Promise<void>;

export function WhatIfForm() {
  const context = useViewContext();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const submit =
    (build: (form: FormData) => Promise<unknown>): Submit =>
    async (e) => {
      e.preventDefault();
      setState({ kind: 'busy' });
      const body = await build(new FormData(e.currentTarget));
      setState(typeof body === 'string' ? { kind: 'error', error: body } : await ask(body, context));
    };
  const manifests = async (form: FormData) => {
    const body = {
      apply: await textFiles(form, 'apply', 'apply-files'),
      delete: await textFiles(form, 'delete', 'delete-files'),
    };
    return body.apply.length + body.delete.length > 0 ? body : 'Paste or choose manifests to apply or delete.';
  };
  const snapshots = async (form: FormData) => {
    const [before, after] = [await textFiles(form, '', 'before'), await textFiles(form, '', 'after')];
    return before[0] && after[0]
      ? { before: before[0], after: after[0] }
      : 'Choose two snapshot files: before and after.';
  };
  const busy = state.kind === 'busy';
  return (
    <>
      <div className="mt-4 grid gap-6 lg:grid-cols-3">
        <ManifestsForm onSubmit={submit(manifests)} busy={busy} />
        <SnapshotsForm onSubmit={submit(snapshots)} busy={busy} />
      </div>
      <div aria-live="polite" className="mt-4">
        {busy && (
          <p role="status" className="text-sm">
            Reviewing…
          </p>
        )}
        {state.kind === 'error' && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {state.error}
          </p>
        )}
      </div>
      {state.kind === 'done' && <WhatIfResult answer={state.answer} />}
    </>
  );
}

function FilesField({ name, label }: { name: string; label: string }) {
  return (
    <label className="block">
      {label} <input type="file" name={name} multiple accept=".yaml,.yml,.json" className="ml-2 text-xs" />
    </label>
  );
}

function ManifestsForm({ onSubmit, busy }: { onSubmit: Submit; busy: boolean }) {
  // The example is filled in on request, never a placeholder: a grey manifest reads as one typed.
  const apply = useRef<HTMLTextAreaElement>(null);
  return (
    <form
      onSubmit={(e) => void onSubmit(e)}
      aria-labelledby="manifests-title"
      className="space-y-3 text-sm lg:col-span-2"
    >
      <h2 id="manifests-title" className="text-lg font-semibold">
        Manifests on the current source
      </h2>
      <label className="block">
        <span className="font-medium">Apply</span> (as <code className="font-mono">kubectl apply -f</code>: YAML or
        JSON, several documents, <code className="font-mono">kind: List</code>)
        <textarea
          ref={apply}
          name="apply"
          rows={12}
          spellCheck={false}
          placeholder="Paste manifests here"
          className={`mt-1 ${fieldClass}`}
        />
      </label>
      <button
        type="button"
        onClick={() => {
          if (apply.current) apply.current.value = EXAMPLE;
        }}
        className="text-sm text-sky-800 underline dark:text-sky-300"
      >
        Fill in an example (a RoleBinding granting admin)
      </button>
      <FilesField name="apply-files" label="or files to apply" />
      <details>
        <summary className="cursor-pointer font-medium">Delete (as kubectl delete -f)</summary>
        <label className="mt-2 block">
          Manifests to delete
          <textarea name="delete" rows={6} spellCheck={false} className={`mt-1 ${fieldClass}`} />
        </label>
        <FilesField name="delete-files" label="or files to delete" />
      </details>
      <button type="submit" disabled={busy} className={buttonClass}>
        Review the change
      </button>
    </form>
  );
}

function SnapshotsForm({ onSubmit, busy }: { onSubmit: Submit; busy: boolean }) {
  const file = (name: string, label: string) => (
    <label className="block">
      {label} <input type="file" name={name} accept=".yaml,.yml,.json" className="ml-2 text-xs" />
    </label>
  );
  return (
    <form
      id="snapshots"
      onSubmit={(e) => void onSubmit(e)}
      aria-labelledby="snapshots-title"
      className="space-y-3 text-sm"
    >
      <h2 id="snapshots-title" className="text-lg font-semibold">
        Or two snapshots
      </h2>
      <p className="text-slate-600 dark:text-slate-400">
        Files <code className="font-mono">rbac-atlas snapshot -o FILE</code> wrote (or{' '}
        <code className="font-mono">kubectl get -o yaml</code> output).
      </p>
      {file('before', 'Before')}
      {file('after', 'After')}
      <button type="submit" disabled={busy} className={buttonClass}>
        Compare the snapshots
      </button>
    </form>
  );
}
