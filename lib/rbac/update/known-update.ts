// The known identities after a batch: only the subjects a change touched are asked again whether the
// model still names them (an account that exists, that a pod runs as, or that a binding names; a
// user or group a binding names), and the sorted lists change only where one came or went.
import { byText } from '../authorizer/subjects';
import { serviceAccountUsername, splitServiceAccountUsername } from '../model/identity';
import { subjectKey, subjectLabel, type SubjectRef } from '../model/refs';
import type { GroupRef, ServiceAccountRef, SubjectIndex, UserRef } from '../indexes/subject-index';
import type { LookupData } from '../indexes/lookups';
import { DraftLists, insertSorted, removeItem } from './copy-on-write';

type Named = Pick<SubjectIndex, 'byUser' | 'byGroup'>;

/** Whether the model still names a subject (indexSubjects' sources, asked of one). */
export function stillKnown(ref: SubjectRef, named: Named, lookups: LookupData): boolean {
  if (ref.kind === 'Group') return (named.byGroup.get(ref.name)?.length ?? 0) > 0;
  if (ref.kind === 'User')
    return !splitServiceAccountUsername(ref.name) && (named.byUser.get(ref.name)?.length ?? 0) > 0;
  const { namespace, name } = ref;
  return (
    (lookups.serviceAccountsByNamespace.get(namespace)?.some((sa) => sa.name === name) ?? false) ||
    (lookups.podsByAccount.get(namespace)?.get(name)?.length ?? 0) > 0 ||
    (named.byUser.get(serviceAccountUsername(namespace, name))?.length ?? 0) > 0
  );
}

const bySaLabel = (a: ServiceAccountRef, b: ServiceAccountRef) => byText(subjectLabel(a), subjectLabel(b));
const byName = (a: UserRef | GroupRef, b: UserRef | GroupRef) => byText(a.name, b.name);

/** A sorted list with `gone` left out and `come` inserted in order. */
function changedList<T extends SubjectRef>(
  list: readonly T[],
  gone: ReadonlySet<string>,
  come: readonly T[],
  compare: (a: T, b: T) => number,
): readonly T[] {
  if (gone.size === 0 && come.length === 0) return list;
  const out = gone.size > 0 ? list.filter((r) => !gone.has(subjectKey(r))) : [...list];
  for (const r of come) insertSorted(out, r, compare);
  return out;
}

/** A namespace's accounts, sorted, with those gone left out and those come inserted. */
function accountsByNamespace(
  base: SubjectIndex['serviceAccountsByNamespace'],
  gone: Iterable<SubjectRef>,
  come: readonly SubjectRef[],
): SubjectIndex['serviceAccountsByNamespace'] {
  const lists = new DraftLists(base);
  for (const ref of gone)
    if (ref.kind === 'ServiceAccount') removeItem(lists.edit(ref.namespace), (r) => r.name === ref.name);
  for (const ref of come) if (ref.kind === 'ServiceAccount') insertSorted(lists.edit(ref.namespace), ref, bySaLabel);
  return lists.done();
}

/** The next subject index: `named` (this batch's byUser and byGroup), the known ones changed where `touched` came or went. */
export function updateKnown(
  previous: SubjectIndex,
  named: Named,
  lookups: LookupData,
  touched: readonly SubjectRef[],
): SubjectIndex {
  const gone = new Map<string, SubjectRef>();
  const come = new Map<string, SubjectRef>();
  for (const ref of touched) {
    const key = subjectKey(ref);
    if (gone.has(key) || come.has(key)) continue;
    const was = previous.keys.has(key);
    const now = stillKnown(ref, named, lookups);
    if (was && !now) gone.set(key, ref);
    else if (!was && now) come.set(key, ref);
  }
  if (gone.size === 0 && come.size === 0) return { ...previous, ...named };
  const goneKeys = new Set(gone.keys());
  const added = [...come.values()];
  const { serviceAccounts, users, groups } = previous.known;
  const known = {
    serviceAccounts: changedList(serviceAccounts, goneKeys, added.filter(isAccount), bySaLabel),
    users: changedList(users, goneKeys, added.filter(isUser), byName),
    groups: changedList(groups, goneKeys, added.filter(isGroup), byName),
  };
  const keys = new Set(previous.keys);
  for (const k of goneKeys) keys.delete(k);
  for (const k of come.keys()) keys.add(k);
  const serviceAccountsByNamespace = accountsByNamespace(previous.serviceAccountsByNamespace, gone.values(), added);
  return { ...named, known, keys, serviceAccountsByNamespace };
}

const isAccount = (r: SubjectRef): r is ServiceAccountRef => r.kind === 'ServiceAccount';
const isUser = (r: SubjectRef): r is UserRef => r.kind === 'User';
const isGroup = (r: SubjectRef): r is GroupRef => r.kind === 'Group';
