// What a live API server says about itself: its resource types (discovery) and its version. The
// resolver (lib/rbac/model/request-parse.ts) takes the types as its RESTMapper table, as kubectl does, so a
// custom resource resolves by singular, short name and kind like a built-in. Only discovery and
// /version are read: every authenticated user may (the system:discovery and
// system:public-info-viewer ClusterRoles), and nothing here reads an object.
//
// One request per root: the aggregated discovery document (KEP-3352; served by default since
// Kubernetes 1.30, k8s.io/apiserver pkg/endpoints/discovery/aggregated) lists every group, version
// and resource with its singular, short names, kind, scope and subresources; kubectl asks for it
// with this Accept header (k8s.io/client-go discovery/discovery_client.go AcceptV2). It carries an
// ETag, so reading it again when nothing changed is a 304 without a body.
import { z } from 'zod';
import type { FeatureGate } from '@/lib/rbac/model/kube-version';
import type { ResourceType } from '@/lib/rbac/model/resource-types';
import { readFeatureGates } from './feature-gates';
import type { Transport } from './transport';

export const AGGREGATED_DISCOVERY_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';

const resourceSchema = z.object({
  resource: z.string().min(1),
  responseKind: z.object({ kind: z.string().optional() }).optional(),
  scope: z.enum(['Namespaced', 'Cluster']),
  singularResource: z.string().optional(),
  shortNames: z.array(z.string()).optional(),
  subresources: z.array(z.object({ subresource: z.string().min(1) })).optional(),
});

const listSchema = z.object({
  kind: z.literal('APIGroupDiscoveryList'),
  apiVersion: z.enum(['apidiscovery.k8s.io/v2', 'apidiscovery.k8s.io/v2beta1']),
  items: z.array(
    z.object({
      metadata: z.object({ name: z.string().optional() }).optional(),
      versions: z
        .array(
          z.object({
            version: z.string().min(1),
            resources: z.array(resourceSchema).optional(),
            // "Stale": an aggregated API server's discovery could not be read; what it lists may be old.
            freshness: z.enum(['Current', 'Stale']).optional(),
          }),
        )
        .optional(),
    }),
  ),
});

const versionSchema = z.object({ gitVersion: z.string().min(1) });

export interface ParsedDiscovery {
  types: ResourceType[];
  /** Groups whose discovery the API server could not refresh (freshness Stale), as group/version. */
  stale: string[];
}

/** The first Zod issue, said in a line. */
function zodProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'document'}: ${issue.message}` : 'invalid';
}

/**
 * The resource types of one aggregated discovery document (of /api or /apis). Versions come in the
 * server's order of preference (apidiscovery v2 types.go: "versions are sorted by preference"), so
 * a type served in several versions is taken from its preferred one, with its names from there.
 */
export function parseAggregatedDiscovery(doc: unknown): ParsedDiscovery | { error: string } {
  const parsed = listSchema.safeParse(doc);
  if (!parsed.success) return { error: `not an aggregated discovery document: ${zodProblem(parsed.error)}` };
  const types: ResourceType[] = [];
  const stale: string[] = [];
  for (const item of parsed.data.items) {
    const group = item.metadata?.name ?? '';
    const seen = new Set<string>();
    for (const v of item.versions ?? []) {
      if (v.freshness === 'Stale') stale.push(group ? `${group}/${v.version}` : v.version);
      for (const r of v.resources ?? []) {
        if (seen.has(r.resource)) continue;
        seen.add(r.resource);
        const kind = r.responseKind?.kind;
        types.push({
          group,
          version: v.version,
          plural: r.resource,
          // An empty singular is the kind lowercased, as the RESTMapper derives it (restmapper.go).
          singular: r.singularResource || kind?.toLowerCase() || r.resource,
          shortNames: r.shortNames ?? [],
          namespaced: r.scope === 'Namespaced',
          ...(kind && { kind }),
          subresources: (r.subresources ?? []).map((s) => s.subresource),
        });
      }
    }
  }
  return { types, stale };
}

/** gitVersion of a /version answer ("v1.36.3"). */
export function parseVersion(doc: unknown): string | { error: string } {
  const parsed = versionSchema.safeParse(doc);
  return parsed.success ? parsed.data.gitVersion : { error: `not a /version answer: ${zodProblem(parsed.error)}` };
}

/** What the live source knows of the cluster itself; each part is absent when it could not be read. */
export interface ClusterInfo {
  /** /version's gitVersion, read when the source starts and again after the server was unreachable. */
  version?: string;
  /** The feature gates /metrics reports, read with the version; absent when it may not be read. */
  features?: Partial<Record<FeatureGate, boolean>>;
  /** Every resource type discovery lists, core group first. */
  resourceTypes?: ResourceType[];
  /** Why a part could not be read, or is partial: warnings, never a failure of the source. */
  problems: string[];
}

/** At most this per request, or the cache's own timeout when shorter: discovery never holds the first model longer than a list would. */
const REQUEST_TIMEOUT_MS = 10_000;

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

type VersionRead = { version?: string; features?: Partial<Record<FeatureGate, boolean>>; problem?: string };

/**
 * Reads /version and /metrics' feature gates when it starts (and again on `reconnected`), and
 * /api and /apis now and every `intervalMs` (with their ETags: an unchanged document costs a
 * 304); calls `changed` when what it knows changes.
 */
export class DiscoveryReader {
  private info: ClusterInfo = { problems: [] };
  private readonly docs = new Map<string, { etag?: string; parsed: ParsedDiscovery }>();
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  /** The first read is done (whatever it found). */
  settled = false;

  constructor(
    private readonly transport: Required<Pick<Transport, 'document'>> & Pick<Transport, 'lines'>,
    private readonly changed: () => void,
    private readonly opts: { once?: boolean; intervalMs?: number; timeoutMs?: number } = {},
  ) {}

  current(): ClusterInfo {
    return this.info;
  }

  /** Resolves when the first read is done; never rejects (a failure is one of `problems`). */
  async start(): Promise<void> {
    // Both at once: a server that does not answer costs one timeout, not two.
    const version = this.readVersion();
    await this.refresh(version);
    this.settled = true;
  }

  stop(): void {
    clearTimeout(this.timer);
    this.controller.abort();
  }

  private signal(): AbortSignal {
    return AbortSignal.any([
      this.controller.signal,
      AbortSignal.timeout(Math.min(REQUEST_TIMEOUT_MS, this.opts.timeoutMs ?? Infinity)),
    ]);
  }

  /**
   * After the server was unreachable: it may have been upgraded (or the address now reaches
   * another), so its version and gates are read again; a change publishes a new snapshot.
   */
  reconnected(): void {
    if (!this.settled || this.controller.signal.aborted) return;
    void this.readVersion().then((read) => {
      if (this.controller.signal.aborted) return;
      // A failed re-read keeps what was known: one failed request does not change the server's version.
      const kept = read.version ? read : { version: this.info.version, features: this.info.features };
      this.publish({
        ...(kept.version && { version: kept.version }),
        ...(kept.features && { features: kept.features }),
        ...(this.info.resourceTypes && { resourceTypes: this.info.resourceTypes }),
        problems: read.version ? this.info.problems.filter((p) => !isVersionProblem(p)) : this.info.problems,
      });
    });
  }

  private async readVersion(): Promise<VersionRead> {
    const { lines } = this.transport;
    // Both at once; the gates are optional (a 403 is the common case), the version is not.
    const gates = lines ? readFeatureGates({ lines: lines.bind(this.transport) }, this.signal()) : undefined;
    try {
      const got = await this.transport.document('/version', 'application/json', this.signal());
      const v = got.unchanged ? { error: 'no body' } : parseVersion(got.body);
      if (typeof v !== 'string') return { problem: `cannot read the Kubernetes version: ${v.error}` };
      const features = await gates;
      return { version: v, ...(features && { features }) };
    } catch (e) {
      return { problem: `cannot read the Kubernetes version (GET /version): ${reason(e)}` };
    }
  }

  private publish(next: ClusterInfo): void {
    // What is read again unchanged stays the same object: the cache publishes no new snapshot for it.
    if (JSON.stringify(next) === JSON.stringify(this.info)) return;
    this.info = next;
    if (this.settled) this.changed();
  }

  private async readRoot(root: '/api' | '/apis'): Promise<ParsedDiscovery> {
    const previous = this.docs.get(root);
    const got = await this.transport.document(root, AGGREGATED_DISCOVERY_ACCEPT, this.signal(), previous?.etag);
    if (got.unchanged && previous) return previous.parsed;
    if (got.unchanged) throw new Error('304 without a document read before');
    if (!got.contentType.includes('as=APIGroupDiscoveryList'))
      throw new Error(`no aggregated discovery (answered ${got.contentType || 'without a content type'})`);
    const parsed = parseAggregatedDiscovery(got.body);
    if ('error' in parsed) throw new Error(parsed.error);
    this.docs.set(root, { ...(got.etag && { etag: got.etag }), parsed });
    return parsed;
  }

  private async refresh(reading?: Promise<VersionRead>): Promise<void> {
    const roots = Promise.all([this.readRoot('/api'), this.readRoot('/apis')]);
    // Handled below, after the version: marked handled now so that an early failure is not an unhandled rejection.
    roots.catch(() => {});
    const first = reading && (await reading);
    const version = first ? first.version : this.info.version;
    const features = first ? first.features : this.info.features;
    const problems = first ? (first.problem ? [first.problem] : []) : this.info.problems.filter(isVersionProblem);
    let resourceTypes: ResourceType[] | undefined;
    try {
      const [core, groups] = await roots;
      resourceTypes = [...core.types, ...groups.types];
      const stale = [...core.stale, ...groups.stale];
      if (stale.length > 0)
        problems.push(
          `discovery of ${stale.join(', ')} is stale (their API server did not answer the kube-apiserver): their types may be missing or old`,
        );
    } catch (e) {
      if (this.controller.signal.aborted) return;
      // The last good table is kept: a type does not stop existing because one read failed.
      resourceTypes = this.info.resourceTypes;
      problems.push(
        `cannot read this cluster's discovery (GET /api, /apis): ${reason(e)}; resource names resolve with the built-in table only`,
      );
    }
    this.publish({
      ...(version && { version }),
      ...(features && { features }),
      ...(resourceTypes && { resourceTypes }),
      problems,
    });
    if (!this.opts.once && !this.controller.signal.aborted)
      this.timer = setTimeout(() => void this.refresh(), this.opts.intervalMs ?? 60_000).unref();
  }
}

const isVersionProblem = (p: string) => p.startsWith('cannot read the Kubernetes version');
