// Right-sizing for the web: the engine's proposal (lib/rbac/usage rightsize) for a subject or a
// namespace's service accounts, as YAML to apply and to delete, its change review (what it loses;
// for one subject, which paths to cluster-admin close), the engine's check that every allowed
// request it made is still allowed after, and what it tried and could not apart (never granted).
// Cached per (engine, usage version, target): a view never recomputes it.
import 'server-only';
import { fixManifest } from '@/lib/k8s/fix-effect';
import { yamlStream } from '@/lib/reports/fix-text';
import { rightsizeSummary, rightsizeYaml } from '@/lib/reports/rightsize-report';
import {
  reviewRightsizing,
  rightsize,
  rightsizeNamespace,
  subjectText,
  type BindingEdit,
  type ChangedObject,
  type Engine,
  type RbacDiff,
  type RightsizeObjects,
  type Rightsizing,
  mergedEdits,
  rightsizeObjects,
  withSharedEdits,
} from '@/lib/rbac';
import type { UsageFeed } from './usage-source';
import type { RightsizeTarget } from './usage-filter';

export interface RightsizeView {
  target: RightsizeTarget;
  proposals: Rightsizing[];
  /** The bindings replaced, one edit per binding (mergedEdits). */
  edits: BindingEdit[];
  applyYaml: string;
  deleteYaml: string;
  /** The change review as the diff components show it; paths only for one subject (see below). */
  diff: RbacDiff;
  pathsCompared: boolean;
}

const STATE = Symbol.for('rbac-atlas.usage-rightsize');
const cache = ((globalThis as { [STATE]?: Map<string, RightsizeView> })[STATE] ??= new Map());
const CACHED = 32;

const targetKey = (t: RightsizeTarget) => ('subject' in t ? subjectText(t.subject) : `namespace:${t.namespace}`);

/**
 * What to apply and delete: the engine's objects for each proposal (rightsizeObjects, as the CLI
 * writes them), a binding several proposals replace written once, as all of them leave it.
 */
function changeOf(engine: Engine, proposals: readonly Rightsizing[]): RightsizeObjects {
  const parts = withSharedEdits(proposals).map((r) => rightsizeObjects(engine, r));
  return { apply: parts.flatMap((p) => p.apply), delete: parts.flatMap((p) => p.delete) };
}

/** A comment line, one line whatever a name holds (as rightsizeYaml writes them). */
const comment = (line: string) => `# ${line.replace(/[\r\n]+/g, ' ')}`;

/**
 * The YAML to apply, led by comments: one subject's exactly as `rbac-atlas rightsize -o yaml` writes
 * it (rightsizeYaml); a namespace's with every service account's summary and one edit per binding.
 */
function applyYaml(proposals: readonly Rightsizing[], change: RightsizeObjects): string {
  if (change.apply.length === 0) return '';
  if (proposals.length === 1) return rightsizeYaml(proposals[0]!, change, fixManifest);
  const deletes = change.delete.map(
    (o) => `Then delete ${o.kind} ${'namespace' in o.value ? `${o.value.namespace}/` : ''}${o.value.name}.`,
  );
  const head = [...proposals.flatMap(rightsizeSummary), ...deletes];
  return `${head.map(comment).join('\n')}\n${yamlStream(change.apply.map(fixManifest))}`;
}

/**
 * One subject: its diff with the paths that close (when `withPaths`: this version's attack paths are
 * built); several (a namespace): each one's diff, paths not compared.
 */
function reviewOf(
  engine: Engine,
  proposals: readonly Rightsizing[],
  edits: readonly BindingEdit[],
  withPaths: boolean,
): { diff: RbacDiff; paths: boolean } {
  const paths = withPaths && proposals.length === 1;
  const reviews = proposals.map((r) => reviewRightsizing(engine, r, { paths }));
  const objects: ChangedObject[] = proposals.flatMap((r) => [
    ...r.proposed.clusterRoles.map((o): ChangedObject => ({ kind: 'ClusterRole', name: o.name, action: 'created' })),
    ...r.proposed.roles.map((o): ChangedObject => ({
      kind: 'Role',
      namespace: o.namespace,
      name: o.name,
      action: 'created',
    })),
    ...r.proposed.clusterRoleBindings.map((o): ChangedObject => ({
      kind: 'ClusterRoleBinding',
      name: o.name,
      action: 'created',
    })),
    ...r.proposed.roleBindings.map((o): ChangedObject => ({
      kind: 'RoleBinding',
      namespace: o.namespace,
      name: o.name,
      action: 'created',
    })),
  ]);
  for (const e of edits) objects.push({ ...e.binding, action: e.action === 'deleted' ? 'deleted' : 'changed' });
  return {
    diff: {
      objects,
      subjects: reviews.flatMap((v) => (v.subject ? [v.subject] : [])),
      ...(paths && { paths: reviews[0]?.paths ?? { opened: [], closed: [] } }),
    },
    paths,
  };
}

export function rightsizeView(
  engine: Engine,
  feed: UsageFeed,
  target: RightsizeTarget,
  withPaths: boolean,
): RightsizeView {
  const key = `${engine.version}|${feed.index.version}|${targetKey(target)}|${withPaths}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const proposals =
    'subject' in target
      ? [rightsize(engine, feed.index, target.subject)]
      : rightsizeNamespace(engine, feed.index, target.namespace);
  const edits = mergedEdits(proposals);
  const change = changeOf(engine, proposals);
  const { diff, paths } = reviewOf(engine, proposals, edits, withPaths);
  const view: RightsizeView = {
    target,
    proposals,
    edits,
    applyYaml: applyYaml(proposals, change),
    deleteYaml: yamlStream(change.delete.map(fixManifest)),
    diff,
    pathsCompared: paths,
  };
  if (cache.size >= CACHED) cache.delete(cache.keys().next().value!);
  cache.set(key, view);
  return view;
}
