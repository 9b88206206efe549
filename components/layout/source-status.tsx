'use client';
// The source badge and, while the API server does not answer, the stale banner. Rendered with the
// page, then kept current by asking /api/readyz every 15 seconds: the layout is not rendered again
// on client-side navigation, and an admin looking at one page must still see the data go stale.
import { useCallback, useSyncExternalStore } from 'react';
import { CONTEXT_PARAM } from '@/lib/web/context';
import { useViewContext } from './context-link';

export interface Freshness {
  state: 'syncing' | 'live' | 'stale';
  /** ISO time: stale since. */
  since?: string;
  reason?: string;
}

// Longer than Node's keep-alive timeout (5 s), so that the connection goes idle between polls and
// a server told to stop (SIGTERM) is not kept waiting on it.
const POLL_MS = 15_000;

function clock(iso: string): string {
  return iso.slice(11, 19);
}

/**
 * One poll per page, shared by the badge and the banner: the latest answer and who wants it. The
 * server's rendering is the starting value until the first poll returns.
 */
const store = {
  value: undefined as Freshness | undefined,
  listeners: new Set<() => void>(),
  timer: undefined as ReturnType<typeof setInterval> | undefined,
};

function poll(url: string) {
  fetch(url, { cache: 'no-store' })
    .then((r) => r.json() as Promise<{ status?: string; staleSince?: string; reason?: string; error?: string }>)
    .then((body) => {
      if (body.status === 'stale') store.value = { state: 'stale', since: body.staleSince, reason: body.reason };
      else if (body.status === 'ok') store.value = { state: 'live' };
      else if (body.error) store.value = { state: 'stale', reason: body.error };
      else return;
      for (const l of store.listeners) l();
    })
    .catch(() => undefined);
}

function useFreshness(initial: Freshness | undefined): Freshness | undefined {
  const context = useViewContext();
  const url = `/api/readyz${context ? `?${CONTEXT_PARAM}=${encodeURIComponent(context)}` : ''}`;
  const live = initial !== undefined;
  const subscribe = useCallback(
    (listener: () => void) => {
      if (!live) return () => undefined;
      store.listeners.add(listener);
      store.timer ??= setInterval(() => poll(url), POLL_MS);
      return () => {
        store.listeners.delete(listener);
        if (store.listeners.size === 0) {
          clearInterval(store.timer);
          store.timer = undefined;
        }
      };
    },
    [live, url],
  );
  const polled = useSyncExternalStore(
    subscribe,
    () => store.value,
    () => undefined,
  );
  return initial && (polled ?? initial);
}

export function SourceBadge({
  description,
  readAt,
  demo,
  freshness: initial,
}: {
  description: string;
  readAt: string;
  demo: boolean;
  /** Live sources only. */
  freshness?: Freshness;
}) {
  const freshness = useFreshness(initial);
  const tone = demo
    ? 'bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200'
    : 'bg-sky-100 text-sky-900 dark:bg-sky-900/40 dark:text-sky-200';
  return (
    <p className="flex min-w-0 items-center gap-2 text-sm text-slate-600 dark:text-slate-300" aria-label="Data source">
      <span title={description} className={`truncate rounded-full px-2.5 py-0.5 font-medium ${tone}`}>
        {description}
      </span>
      {freshness ? (
        <span className="whitespace-nowrap">
          {freshness.state === 'live' ? 'live, watching' : freshness.state === 'stale' ? 'stale' : 'syncing'}
        </span>
      ) : (
        <span className="whitespace-nowrap">read {readAt.replace('T', ' ').slice(0, 19)} UTC</span>
      )}
    </p>
  );
}

/** On every page while the data may be old: what is shown is the last data read, since when, and why. */
export function StaleBanner({ freshness: initial }: { freshness?: Freshness }) {
  const freshness = useFreshness(initial);
  if (freshness?.state !== 'stale') return null;
  return (
    <div
      role="alert"
      aria-label="Stale data"
      className="border-b border-amber-300 bg-amber-50 px-6 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-100"
    >
      <strong className="font-semibold">
        Stale since {freshness.since ? `${clock(freshness.since)} UTC` : 'a moment ago'}, reconnecting.
      </strong>{' '}
      Changes made since then may not be shown: what you see is the last data read.{' '}
      <span className="font-mono text-xs">{freshness.reason}</span>
    </div>
  );
}
