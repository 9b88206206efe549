'use client';
// The token inspector: a token pasted here is decoded in this browser (lib/tokens, the CLI's code)
// and its claims shown in words. It leaves the page only when "Check with the API server" is
// pressed: POSTed to /api/token in the body, never in the URL; the answer holds no token. The
// field is masked like a password and nothing is stored.
import { useMemo, useState } from 'react';
import { ContextLink as Link, useViewContext } from '@/components/layout/context-link';
import { buttonClass, linkClass, mutedClass } from '@/components/layout/page-container';
import { CONTEXT_PARAM } from '@/lib/web/context';
import { decodeToken } from '@/lib/tokens/decode';
import { tokenWords, type TokenLine } from '@/lib/tokens/words';
import type { TokenCheck } from '@/lib/web/token-check';
import { TokenCheckResult } from './token-check-result';

type Check =
  { kind: 'idle' } | { kind: 'busy' } | { kind: 'error'; error: string } | { kind: 'done'; answer: TokenCheck };

const fieldClass =
  'mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1 font-mono text-xs break-all text-slate-900 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100';

async function check(token: string, context: string | undefined): Promise<Check> {
  const query = context ? `?${new URLSearchParams({ [CONTEXT_PARAM]: context })}` : '';
  try {
    const res = await fetch(`/api/token${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
      cache: 'no-store',
    });
    const body = (await res.json().catch(() => ({ error: `${res.status} ${res.statusText}` }))) as TokenCheck & {
      error?: string;
    };
    return res.ok ? { kind: 'done', answer: body } : { kind: 'error', error: body.error ?? `${res.status}` };
  } catch (e) {
    return { kind: 'error', error: `the server could not be reached (${(e as Error).message})` };
  }
}

export function TokenInspector() {
  const context = useViewContext();
  const [text, setText] = useState('');
  const [result, setResult] = useState<Check>({ kind: 'idle' });
  // When the token was pasted: what "expired" and "in 50 min" are measured from.
  const [now, setNow] = useState(0);
  const decoded = useMemo(() => (text.trim() ? decodeToken(text) : undefined), [text]);
  const change = (value: string) => {
    setText(value);
    setNow(Math.floor(Date.now() / 1000));
    setResult({ kind: 'idle' });
  };
  const submit = () => {
    if (!decoded?.ok) return;
    setResult({ kind: 'busy' });
    void check(text, context).then(setResult);
  };
  return (
    <div className="mt-4 space-y-4">
      <TokenForm
        text={text}
        onChange={change}
        onSubmit={submit}
        ready={decoded?.ok === true && result.kind !== 'busy'}
      />
      <div aria-live="polite">
        {decoded && !decoded.ok && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            Not a token: {decoded.error}.
          </p>
        )}
      </div>
      {decoded?.ok && <Claims lines={tokenWords(decoded.token, now)} />}
      <CheckStatus result={result} />
      {result.kind === 'done' && <TokenCheckResult answer={result.answer} />}
    </div>
  );
}

function CheckStatus({ result }: { result: Check }) {
  return (
    <div aria-live="polite">
      {result.kind === 'busy' && (
        <p role="status" className="text-sm">
          Asking the API server…
        </p>
      )}
      {result.kind === 'error' && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {result.error}
        </p>
      )}
    </div>
  );
}

interface FormProps {
  text: string;
  onChange: (text: string) => void;
  onSubmit: () => void;
  ready: boolean;
}

/** The token field, masked like a password unless asked, and the one button that sends it. */
function TokenForm({ text, onChange, onSubmit, ready }: FormProps) {
  const [shown, setShown] = useState(false);
  return (
    <form
      className="space-y-2 text-sm"
      autoComplete="off"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <label className="block">
        <span className="font-medium">Token</span> (a JWT: a service account&apos;s, from a pod, a Secret or{' '}
        <code className="font-mono">kubectl create token</code>, or an OIDC token)
        <textarea
          name="token"
          rows={5}
          value={text}
          onChange={(e) => onChange(e.target.value)}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          autoComplete="off"
          data-1p-ignore
          placeholder="Paste a token here"
          className={`${fieldClass} ${shown ? '' : '[-webkit-text-security:disc]'}`}
        />
      </label>
      <div className="flex flex-wrap items-center gap-4">
        <label className="inline-flex items-center gap-1">
          <input type="checkbox" checked={shown} onChange={(e) => setShown(e.target.checked)} /> Show the token
        </label>
        <button type="submit" className={buttonClass} disabled={!ready}>
          Check with the API server
        </button>
        <button type="button" className={linkClass} onClick={() => onChange('')}>
          Clear
        </button>
      </div>
      <p className={`text-xs ${mutedClass}`}>
        Decoded in this browser: the token is sent nowhere until you press the button, and then only in the body of one
        request, which the server answers without keeping or logging it. What an identity can do in full is on its{' '}
        <Link href="/subjects" className={linkClass}>
          subject page
        </Link>
        .
      </p>
    </form>
  );
}

function Claims({ lines }: { lines: TokenLine[] }) {
  return (
    <section aria-labelledby="claims-title">
      <h2 id="claims-title" className="text-lg font-semibold">
        What it claims
      </h2>
      <dl className="mt-2 grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
        {lines.map((l, i) => (
          <div key={i} className="contents">
            <dt className="font-medium">{l.label}</dt>
            <dd className={`break-words ${l.label === 'Problem' ? 'text-red-700 dark:text-red-400' : ''}`}>{l.text}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
