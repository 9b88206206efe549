// The model of a live cluster kept from batch to batch, so that a batch costs what its changes
// cost, not what the cluster holds. The model objects are the reflectors' own (a pod's effective
// token automount resolved once per pod object); a batch makes new arrays only for the kinds it
// touched, in the reflectors' order (object for object what assembleModel of their items gives),
// and says what changed for the engine: net per object over the batch, nothing for an object that
// came back as it was (a pod whose status changed in a field the model does not keep). A touched
// kind's new array is the previous one patched (a copy, with the changed objects in their places and
// the new ones last, as the reflector's Map moved): 150,000 pods are not walked for a few changes.
import {
  MODEL_FIELD,
  type ClusterModel,
  type ModelArrays,
  type ModelChange,
  type Pod,
  type ServiceAccount,
} from '@/lib/rbac';
import { serviceAccountAutomount } from '../kinds/model-builder';
import { resolvePod, serviceAccountKey } from '../kinds/pod';
import type { KnownKind, ParsedObject, PodObject } from '../kinds/objects';
import type { ObjectChange } from './reflector';

/** Where the objects are held (the reflectors, in order): one kind, by key, in the order they came. */
export interface HeldObjects {
  readonly kind: KnownKind;
  readonly items: Map<string, ParsedObject>;
}

/** What the model carries besides the objects: set by the cache on every batch. */
export type ModelSettings = Pick<ClusterModel, 'missing' | 'kubernetes'>;

export interface ModelBatch {
  /** The previous model itself when the batch changed nothing in it. */
  model: ClusterModel;
  /** The model's changes, net per object. */
  changes: ModelChange[];
  /** The same objects' changes as read (ParsedObject before and after): what the change history reads. */
  objects: ObjectChange[];
  /**
   * An object was deleted and created again unchanged: it moved last in its kind's order with no
   * change to say so, and the engine's walk order follows the model's (so it is built afresh).
   */
  reordered?: boolean;
}

const FIELD = MODEL_FIELD;

/** Model objects are plain data built in a fixed field order by one converter per kind. */
const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const sameSettings = (a: ModelSettings, b: ModelSettings) =>
  sameValue(a.missing, b.missing) && sameValue(a.kubernetes, b.kubernetes);

/**
 * Where a batch moved a kind's objects in its reflector's Map: the keys held at its start (with the
 * model object the previous array holds for each), those deleted on the way (a key created again
 * goes last), and the keys created in the batch, in the order the Map now holds them.
 */
interface Moves {
  start: Map<string, unknown>;
  removed: Set<string>;
  tail: Set<string>;
}

/** Past this many edits one pass over the previous array is cheaper than looking each one up. */
const LOOKUPS = 32;

/** `previous` with each edited object replaced by its edit (null: removed), or undefined if one is not there. */
function patched(previous: readonly unknown[], edits: ReadonlyMap<unknown, unknown>): unknown[] | undefined {
  if (edits.size > LOOKUPS) {
    const out: unknown[] = [];
    let found = 0;
    for (const x of previous) {
      const now = edits.get(x);
      if (now === undefined) out.push(x);
      else if (++found && now !== null) out.push(now);
    }
    return found === edits.size ? out : undefined;
  }
  const out = previous.slice();
  for (const [was, now] of edits) {
    const i = out.indexOf(was);
    if (i < 0) return undefined;
    if (now === null) out.splice(i, 1);
    else out[i] = now;
  }
  return out;
}

/**
 * A batch's changes net per object: the first `before`, the last `after` (either may be absent).
 * `moved`: the kinds with an object deleted and created again, now last in its reflector's order.
 */
export function netChanges(changes: readonly ObjectChange[]): { net: ObjectChange[]; moved: Set<KnownKind> } {
  const byKey = new Map<string, ObjectChange>();
  const moved = new Set<KnownKind>();
  for (const c of changes) {
    const id = `${c.kind}\u0000${c.key}`;
    const first = byKey.get(id);
    if (!first) {
      byKey.set(id, c);
      continue;
    }
    if (!c.before && first.before) moved.add(c.kind);
    byKey.set(id, {
      kind: c.kind,
      key: c.key,
      ...(first.before && { before: first.before }),
      ...(c.after && { after: c.after }),
    });
  }
  return { net: [...byKey.values()], moved };
}

export class LiveModel {
  private model: ClusterModel | undefined;
  /** Each pod object's model pod, as the current model holds it. */
  private readonly pods = new WeakMap<PodObject, Pod>();
  /** Each service account's automountServiceAccountToken, by serviceAccountKey. */
  private automount = new Map<string, boolean | undefined>();

  constructor(private readonly held: readonly HeldObjects[]) {}

  /** The model of what is held now, after `changes` (what the held objects went through since the last call). */
  next(changes: readonly ObjectChange[], settings: ModelSettings): ModelBatch {
    if (!this.model) return { model: (this.model = this.first(settings)), changes: [], objects: [] };
    // Read before anything moves: the previous model's object of each key.
    const moves = this.moves(changes);
    const { net, moved } = netChanges(changes);
    const flipped = this.automountChanges(net);
    const batch: ModelBatch = { model: this.model, changes: [], objects: [] };
    for (const c of net) this.apply(c, batch);
    const flips = flipped.size > 0 ? this.resolveAgain(flipped) : [];
    batch.changes.push(...flips);
    // A kind gets a new array when an object of it changed or moved; the others keep theirs.
    const touched = new Set<KnownKind>([...moved, ...batch.changes.map((c) => c.kind)]);
    if (touched.size === 0 && sameSettings(this.model, settings)) return batch;
    if (moved.size > 0) batch.reordered = true;
    const model = { ...this.model, missing: settings.missing };
    for (const kind of touched) (model[FIELD[kind]] as unknown[]) = this.arrayOf(kind, moves.get(kind), flips);
    if (settings.kubernetes) model.kubernetes = settings.kubernetes;
    else delete model.kubernetes;
    batch.model = this.model = model;
    return batch;
  }

  private first(settings: ModelSettings): ClusterModel {
    this.automount = serviceAccountAutomount(this.values('ServiceAccount') as ServiceAccount[]);
    const all = this.arrays(new Set(Object.keys(FIELD) as KnownKind[])) as ModelArrays;
    return { ...all, missing: settings.missing, ...(settings.kubernetes && { kubernetes: settings.kubernetes }) };
  }

  /** The model object of a held one: the value itself, or for a pod its resolved pod. */
  private modelOf(o: ParsedObject): unknown {
    if (o.kind !== 'Pod') return o.value;
    let pod = this.pods.get(o.value);
    if (!pod) this.pods.set(o.value, (pod = this.resolve(o.value)));
    return pod;
  }

  private resolve(p: PodObject): Pod {
    return resolvePod(p, this.automount.get(serviceAccountKey(p.namespace, p.serviceAccountName)));
  }

  private values(kind: KnownKind): unknown[] {
    const out: unknown[] = [];
    for (const h of this.held) if (h.kind === kind) for (const o of h.items.values()) out.push(this.modelOf(o));
    return out;
  }

  /** The kind's objects held, by key, when one reflector holds them all (else undefined). */
  private only(kind: KnownKind): Map<string, ParsedObject> | undefined {
    const held = this.held.filter((h) => h.kind === kind);
    return held.length === 1 ? held[0]!.items : undefined;
  }

  private moves(changes: readonly ObjectChange[]): Map<KnownKind, Moves> {
    const all = new Map<KnownKind, Moves>();
    const seen = new Set<string>();
    for (const c of changes) {
      let m = all.get(c.kind);
      if (!m) all.set(c.kind, (m = { start: new Map(), removed: new Set(), tail: new Set() }));
      const id = `${c.kind}\u0000${c.key}`;
      if (!seen.has(id) && c.before) m.start.set(c.key, this.modelOf(c.before));
      seen.add(id);
      if (!c.after) {
        if (m.start.has(c.key)) m.removed.add(c.key);
        m.tail.delete(c.key);
      } else if (!c.before) m.tail.add(c.key);
    }
    return all;
  }

  /** The kind's next array: the previous one patched with the batch's moves and flipped pods, or read whole. */
  private arrayOf(kind: KnownKind, moves: Moves | undefined, flips: readonly ModelChange[]): unknown[] {
    const items = this.only(kind);
    if (!items) return this.values(kind);
    const edits = new Map<unknown, unknown>();
    for (const [key, was] of moves?.start ?? []) {
      const now = moves!.removed.has(key) ? null : this.modelOf(items.get(key)!);
      if (now !== was) edits.set(was, now);
    }
    if (kind === 'Pod') for (const c of flips) if (!edits.has(c.before)) edits.set(c.before, c.after);
    const out = patched(this.model![FIELD[kind]], edits);
    if (!out) return this.values(kind);
    for (const key of moves?.tail ?? []) out.push(this.modelOf(items.get(key)!));
    return out;
  }

  private arrays(kinds: ReadonlySet<KnownKind>): Partial<ModelArrays> {
    const out: Partial<Record<keyof ModelArrays, unknown[]>> = {};
    for (const kind of kinds) out[FIELD[kind]] = this.values(kind);
    return out as Partial<ModelArrays>;
  }

  /**
   * One object's net change into the batch. One that came back as it was is no change, and the
   * held object becomes the one the model holds again (the model's objects keep their identity).
   */
  private apply(c: ObjectChange, batch: ModelBatch): void {
    const { before, after } = c;
    if (!before && !after) return;
    if (before && after && sameValue(before.value, after.value)) return this.restore(c.key, before, after);
    const was = before && this.modelOf(before);
    const now = after && (after.kind === 'Pod' ? this.resolve(after.value) : after.value);
    if (was !== undefined && now !== undefined && sameValue(was, now)) {
      // A pod whose own setting now says what its service account said: the same model pod.
      if (after?.kind === 'Pod') this.pods.set(after.value, was as Pod);
      return;
    }
    if (after?.kind === 'Pod') this.pods.set(after.value, now as Pod);
    batch.changes.push({
      kind: c.kind,
      ...(was !== undefined && { before: was }),
      ...(now !== undefined && { after: now }),
    } as ModelChange);
    batch.objects.push(c);
  }

  private restore(key: string, before: ParsedObject, after: ParsedObject): void {
    for (const h of this.held) if (h.kind === before.kind && h.items.get(key) === after) h.items.set(key, before);
  }

  /** Service accounts whose automount default changed (the pods that run as them and say nothing themselves follow it). */
  private automountChanges(net: readonly ObjectChange[]): Set<string> {
    const flipped = new Set<string>();
    for (const c of net) {
      const sa = (c.after ?? c.before)?.value as ServiceAccount | undefined;
      if (c.kind !== 'ServiceAccount' || !sa) continue;
      const key = serviceAccountKey(sa.namespace, sa.name);
      const was = this.automount.get(key) ?? true;
      if (c.after) this.automount.set(key, (c.after.value as ServiceAccount).automountServiceAccountToken);
      else this.automount.delete(key);
      if ((this.automount.get(key) ?? true) !== was) flipped.add(key);
    }
    return flipped;
  }

  /** The held pods of `flipped` service accounts resolved again; those whose token automount moved are changes. */
  private resolveAgain(flipped: ReadonlySet<string>): ModelChange[] {
    const changes: ModelChange[] = [];
    for (const h of this.held) {
      if (h.kind !== 'Pod') continue;
      for (const o of h.items.values()) {
        const p = o.value as PodObject;
        if (p.automountServiceAccountToken !== undefined) continue;
        if (!flipped.has(serviceAccountKey(p.namespace, p.serviceAccountName))) continue;
        const was = this.modelOf(o) as Pod;
        const now = this.resolve(p);
        if (was.automountServiceAccountToken === now.automountServiceAccountToken) continue;
        this.pods.set(p, now);
        changes.push({ kind: 'Pod', before: was, after: now });
      }
    }
    return changes;
  }
}
