/** The whole source failed: say what, and how to fix it. Nothing is invented in its place. */
export function SourceError({ message }: { message: string }) {
  return (
    <div
      role="alert"
      aria-labelledby="source-error-title"
      className="rounded-lg border border-red-300 bg-red-50 px-5 py-4 text-sm text-red-950 dark:border-red-800 dark:bg-red-950/40 dark:text-red-100"
    >
      <h1 id="source-error-title" className="text-base font-semibold">
        The cluster could not be read
      </h1>
      <p className="mt-2 font-mono text-xs">{message}</p>
      <p className="mt-3">
        Check that the API server in your kubeconfig is reachable and your credentials are valid (try{' '}
        <code className="font-mono">kubectl get namespaces</code>), choose another context with{' '}
        <code className="font-mono">RBAC_ATLAS_CONTEXT</code>, or start with{' '}
        <code className="font-mono">RBAC_ATLAS_SOURCE=demo</code> or{' '}
        <code className="font-mono">RBAC_ATLAS_SNAPSHOT=&lt;file&gt;</code>. The page reads the cluster again when
        reloaded.
      </p>
    </div>
  );
}

export function SourceErrorPage({ message }: { message: string }) {
  return (
    <div className="mx-auto max-w-6xl px-6 py-8">
      <SourceError message={message} />
    </div>
  );
}
