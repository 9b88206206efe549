import { writeFile } from 'node:fs/promises';
import { kindCounts, snapshotYaml } from '@/lib/k8s/files/snapshot-writer';
import { UsageError } from '../errors';
import { loadFromFlags, type SourceFlags } from '../load';
import type { Output } from '../output';

export interface SnapshotFlags extends Pick<SourceFlags, 'kubeconfig' | 'context'> {
  output: string;
}

/** Writes the seven kinds of a live cluster (never Secrets) to a file `--snapshot` reads back. */
export async function runSnapshot(flags: SnapshotFlags, out: Output): Promise<number> {
  const source = await loadFromFlags({ ...flags }, out.err);
  if (!source.objects) throw new UsageError('snapshot reads a live cluster: pass --kubeconfig or set KUBECONFIG');
  const objects = source.objects();
  const { missing, kubernetes } = source.model;
  const yaml = snapshotYaml(objects, source.description, source.readAt, missing, kubernetes);
  if (flags.output === '-') out.out(yaml.trimEnd());
  else {
    try {
      await writeFile(flags.output, yaml);
    } catch (e) {
      throw new UsageError(
        `cannot write ${flags.output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
    }
    out.err(`wrote ${flags.output}: ${kindCounts(objects)}`);
  }
  return 0;
}
