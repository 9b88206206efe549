// What every view answers from: the current source and its engine, built once per read.
import { currentSource } from '@/lib/k8s/current-source';
import { ClusterError } from '@/lib/k8s/source';
import type { LoadedSource } from '@/lib/k8s/source';
import { createEngine, type Engine } from '@/lib/rbac';

const engines = new WeakMap<LoadedSource, Engine>();

export async function currentData(): Promise<{ source: LoadedSource; engine: Engine }> {
  const source = await currentSource();
  let engine = engines.get(source);
  if (!engine) {
    engine = createEngine(source.model);
    engines.set(source, engine);
  }
  return { source, engine };
}

/** For pages: the data, or the reason the source could not be read (shown, never thrown). */
export async function currentDataOrError(): Promise<{ source: LoadedSource; engine: Engine } | { error: string }> {
  try {
    return await currentData();
  } catch (e) {
    if (e instanceof ClusterError) return { error: e.message };
    throw e;
  }
}
