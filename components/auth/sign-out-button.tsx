'use client';
// Sign-out: POST /api/session/end (the session is forgotten on the server and its cookie cleared),
// then the sign-in page.
import { useState } from 'react';

/** A full load after: the layout (who is signed in) is rendered again. */
const SIGN_IN = '/sign-in';

export function SignOutButton() {
  const [error, setError] = useState<string>();
  const signOut = async () => {
    const res = await fetch('/api/session/end', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    }).catch(() => undefined);
    if (res?.ok) return window.location.replace(SIGN_IN);
    setError(res ? `sign-out failed (${res.status})` : 'the server could not be reached');
  };
  return (
    <button
      type="button"
      onClick={signOut}
      title={error}
      className="rounded-md border whitespace-nowrap border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-slate-700 dark:hover:bg-slate-800"
    >
      {error ? 'Sign out (failed, retry)' : 'Sign out'}
    </button>
  );
}
