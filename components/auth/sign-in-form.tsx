'use client';
// The sign-in form: the token in a password field (never shown, never in the URL), sent as JSON to
// POST /api/session, which reviews it with the API server and sets a session cookie holding only
// an id. The form's own method is POST to the same address, so that a browser without scripts
// never puts the token in a URL either (the server refuses that body unread: it is not JSON).
import { useState, type FormEvent } from 'react';
import { useViewContext } from '@/components/layout/context-link';
import { buttonClass, inputClass } from '@/components/layout/page-container';
import { CONTEXT_PARAM } from '@/lib/web/context';
import { safeNext } from '@/lib/web/auth/next-path';

type State = { kind: 'idle' } | { kind: 'busy' } | { kind: 'error'; error: string };

async function signIn(token: string, context: string | undefined): Promise<string | undefined> {
  const query = context ? `?${new URLSearchParams({ [CONTEXT_PARAM]: context })}` : '';
  try {
    const res = await fetch(`/api/session${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    if (res.ok) return undefined;
    const body = (await res.json().catch(() => ({}))) as { error?: string };
    return body.error ?? `the server answered ${res.status}`;
  } catch (e) {
    return `the server could not be reached (${(e as Error).message})`;
  }
}

export function SignInForm({ next }: { next: string }) {
  const context = useViewContext();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const field = e.currentTarget.elements.namedItem('token') as HTMLInputElement;
    const token = field.value.trim();
    if (!token) return setState({ kind: 'error', error: 'Paste a token first.' });
    setState({ kind: 'busy' });
    const error = await signIn(token, context);
    if (error) return setState({ kind: 'error', error });
    field.value = '';
    // A full load: the layout (who is signed in) and every page are rendered again for the viewer.
    window.location.assign(safeNext(next));
  };
  return (
    <form method="post" action="/api/session" onSubmit={submit} className="mt-6 max-w-xl space-y-3">
      <label htmlFor="token" className="block text-sm font-medium">
        Kubernetes bearer token
      </label>
      <input
        id="token"
        name="token"
        type="password"
        autoComplete="off"
        spellCheck={false}
        required
        className={`${inputClass} font-mono`}
        aria-describedby="token-help"
      />
      <p id="token-help" className="text-xs text-slate-600 dark:text-slate-400">
        For example the output of <code>kubectl create token &lt;service-account&gt;</code>, or your OIDC ID token. It
        is checked with the API server (TokenReview) and kept only in this server&apos;s memory; your browser keeps a
        session cookie that holds no part of it.
      </p>
      <button type="submit" className={`${buttonClass} disabled:opacity-60`} disabled={state.kind === 'busy'}>
        {state.kind === 'busy' ? 'Checking…' : 'Sign in'}
      </button>
      {state.kind === 'error' && (
        <p
          role="alert"
          className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
        >
          Not signed in: {state.error}
        </p>
      )}
    </form>
  );
}
