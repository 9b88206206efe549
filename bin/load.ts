// Loads the source the CLI's flags name and reports problems on stderr, once.
import { formatIssue } from '@/lib/k8s/issues';
import { loadSource, type LoadedSource } from '@/lib/k8s/source';
import { SnapshotError } from '@/lib/k8s/snapshot';
import { fileURLToPath } from 'node:url';
import { UsageError } from './errors';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface SourceFlags {
  snapshot?: string;
  demo?: boolean;
  lenient?: boolean;
}

export async function loadFromFlags(flags: SourceFlags, warn: (line: string) => void): Promise<LoadedSource> {
  if (flags.snapshot && flags.demo) throw new UsageError('use either --snapshot PATH or --demo, not both');
  if (!flags.snapshot && !flags.demo)
    throw new UsageError('no data: pass --snapshot PATH (kubectl get ... -o yaml output) or --demo');
  let source: LoadedSource;
  try {
    source = await loadSource(
      flags.demo ? { kind: 'demo' } : { kind: 'snapshot', path: flags.snapshot ?? '' },
      PROJECT_ROOT,
    );
  } catch (e) {
    if (e instanceof SnapshotError) throw new UsageError(e.message);
    throw e;
  }
  const errors = source.issues.filter((i) => i.severity === 'error');
  if (errors.length > 0 && !flags.lenient) {
    for (const issue of errors) warn(`error: ${formatIssue(issue)}`);
    throw new UsageError(`${errors.length} problem(s) in the snapshot; fix them, or pass --lenient to load the rest`);
  }
  for (const issue of source.issues)
    warn(`${issue.severity === 'error' ? 'skipped' : 'warning'}: ${formatIssue(issue)}`);
  return source;
}
