// A finding named in a URL: its rule's id, its subject's key and its object's key (refs.ts), which
// together tell one finding of a state from every other.
import type { Finding, FindingId } from '../findings/finding-rules';
import { objectKey, subjectKey } from '../model/refs';

export interface FindingTarget {
  finding: FindingId;
  /** refs.ts subjectKey. */
  subject?: string;
  /** refs.ts objectKey (a Pod's for UNNEEDED_TOKEN: its first pod). */
  object?: string;
}

export function findingTarget(f: Finding): FindingTarget {
  return {
    finding: f.id,
    ...(f.subject && { subject: subjectKey(f.subject) }),
    ...(f.object && { object: objectKey(f.object) }),
  };
}

/** The finding the target names among the state's, if it is still there. */
export function findingAt(findings: readonly Finding[], t: FindingTarget): Finding | undefined {
  return findings.find((f) => {
    if (f.id !== t.finding) return false;
    const o = findingTarget(f);
    return o.subject === t.subject && (o.object === t.object || f.object?.kind === 'Pod');
  });
}
