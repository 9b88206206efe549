// The one request resolver of every surface (the CLI's arguments, the API's and the pages' query
// parameters, the namespace view's highlight): turns what a user wrote (`secret`, `sa`, `Secret`,
// `deploy.apps`, `pods/exec`, `/metrics`) into the authorizer's request attributes the way
// `kubectl auth can-i` does (staging/src/k8s.io/kubectl/pkg/cmd/auth/cani.go: resourceFor lowercases
// the argument and asks the RESTMapper, which knows plurals, singulars and short names; a kind is its
// singular lowercased). A live cluster's discovery (lib/k8s/live/discovery.ts), passed in as data, is the
// RESTMapper's table: its custom resources resolve like built-ins. Without one (a snapshot, the demo)
// the built-in table (lib/rbac/model/resource-types.ts) stands in for it, and anything else must be spelled
// RESOURCE.GROUP, as kubectl checks a name it cannot resolve as given; the built-in table also covers
// what discovery lacks. Every name that was rewritten, and every one that is not known, is said.
// The namespace is the one the API server authorizes the request in (RequestInfo): a named
// Namespace's own, none for a cluster-scoped type.
import { describeResource } from './describe';
import { parseConstrainedVerb, suggestConstrainedVerb } from './impersonation-verbs';
import type { AccessRequest } from './types';
import {
  BUILTIN_GROUPS,
  BUILTIN_RESOURCES,
  builtinByName,
  removedByName,
  typeByName,
  type ResourceType,
} from './resource-types';

export interface RequestArgs {
  verb: string;
  /** TYPE, TYPE/NAME, or a non-resource URL starting with "/". */
  target: string;
  subresource?: string;
  /** "" for all namespaces. */
  namespace: string;
}

/** A request as the API and the pages take it: each attribute its own parameter. */
export interface RequestInput {
  verb: string;
  /**
   * A resource type as a user writes it: plural, singular, short name or kind, optionally
   * `.GROUP` or `.VERSION.GROUP`, optionally `/SUBRESOURCE` (the API's spelling, as in a rule).
   */
  resource?: string;
  /** An API group given on its own (the API's `group=`); absent when not given. */
  group?: string;
  subresource?: string;
  name?: string;
  /** "" for all namespaces (or cluster scope). */
  namespace?: string;
  /** A non-resource URL, instead of a resource. */
  path?: string;
}

/** A name the resolver rewrote: "secret" → "secrets", "deploy" → "deployments.apps". */
export interface Rewrite {
  parameter: 'resource';
  given: string;
  answered: string;
}

/** A verb or resource no table knows: checked as given, with a warning (or refused, by the API). */
export interface Unknown {
  parameter: 'verb' | 'resource';
  value: string;
  message: string;
  /** The closest known name, when one is close. */
  suggestion?: string;
}

export interface Resolution {
  /** The request as answered. */
  request: AccessRequest;
  resolved: Rewrite[];
  unknown: Unknown[];
  /** Everything to show next to the answer: the unknown names, a cluster-scoped type in a namespace, … */
  warnings: string[];
  type?: ResourceType;
}

export type ParsedRequest =
  | { ok: true; request: AccessRequest; resolved: Rewrite[]; warnings: string[]; type?: ResourceType }
  | { ok: false; error: string };

// kubectl's resourceVerbs (cani.go), and the API server's own `proxy` and `redirect`
// (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go's specialVerbs).
export const RESOURCE_VERBS: ReadonlySet<string> = new Set([
  '*',
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  'use',
  'bind',
  'impersonate',
  'approve',
  'sign',
  'escalate',
  'attest',
  'proxy',
  'redirect',
]);
// kubectl's nonResourceURLVerbs (cani.go).
export const NON_RESOURCE_VERBS: ReadonlySet<string> = new Set([
  '*',
  'get',
  'put',
  'post',
  'head',
  'options',
  'delete',
  'patch',
]);
const VERSION = /^v\d+((alpha|beta)\d+)?$/;

interface Resolved {
  resource: string;
  group: string;
  type?: ResourceType;
  /** Not a known type: what is wrong, and the closest known name. */
  unknown?: { message: string; suggestion?: string };
  /** How it was resolved, when that needs saying: a version dropped, a removed type, no discovery. */
  notes: string[];
}

/** Edit distance with a swap of neighbours as one edit (optimal string alignment), for "did you mean". */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const row = d[i]!;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(d[i - 1]![j]! + 1, row[j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[a.length]![b.length]!;
}

/** The candidate closest to `word` (case aside), if it is close: a typo, not another word. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    const d = distance(w, c);
    if (!best || d < best.d) best = { c, d };
  }
  return best && best.d <= Math.min(2, Math.ceil(w.length / 2) - 1) ? best.c : undefined;
}

const typeLabel = (t: ResourceType) => describeResource(t.group, t.plural);

/** The known type closest to a misspelt name (in `group`, when one is given), as RESOURCE[.GROUP]. */
function suggestType(name: string, group: string | undefined, discovered: readonly ResourceType[]): string | undefined {
  const types = [...BUILTIN_RESOURCES, ...discovered].filter((t) => group === undefined || t.group === group);
  const byName = new Map<string, ResourceType>();
  for (const t of types) for (const n of [t.plural, t.singular, ...t.shortNames]) if (!byName.has(n)) byName.set(n, t);
  const near = closest(name, byName.keys());
  if (near) return typeLabel(byName.get(near)!);
  // A known name in the wrong group: the group it is in.
  const elsewhere = group !== undefined ? typeByName(name, undefined, discovered) : undefined;
  return elsewhere && typeLabel(elsewhere);
}

/**
 * A live cluster's discovered types, or none (a snapshot, the demo): whether there is discovery
 * changes what an unknown name means (a type this cluster does not serve, or one we cannot know).
 */
export type DiscoveredTypes = readonly ResourceType[] | undefined;

/**
 * The suggestion as a message's tail; a core type suggested for a name given in another group says
 * its group, since its name alone repeats what was given (`secrets.apps`: "secrets" in the core group).
 */
const didYouMean = (s: string | undefined, group?: string) =>
  s ? ` (did you mean "${s}"${group && !s.includes('.') ? ' in the core group' : ''}?)` : '';

/**
 * "pods", "pod", "po", "Pod", "deploy", "deployments.apps", "deployments.v1.apps",
 * "widgets.example.com", "*"; `group` when the group was given apart (the API's `group=`);
 * `discovered`: the live cluster's types (custom resources resolve by singular, short name and kind).
 */
export function resolveResourceType(
  arg: string,
  explicitGroup?: string,
  discovered?: DiscoveredTypes,
): Resolved | { error: string } {
  const extra = discovered ?? [];
  const name = arg.toLowerCase();
  const dot = name.indexOf('.');
  // A wildcard is not a name to resolve: checked as written.
  if (name.includes('*') || explicitGroup?.includes('*'))
    return dot < 0 || explicitGroup !== undefined
      ? { resource: name, group: explicitGroup ?? '', notes: [] }
      : { resource: name.slice(0, dot), group: name.slice(dot + 1), notes: [] };
  if (dot < 0 && explicitGroup === undefined) {
    const type = typeByName(name, undefined, extra);
    if (type) return { resource: type.plural, group: type.group, type, notes: [] };
    const suggestion = suggestType(name, undefined, extra);
    const instead = discovered
      ? `this cluster's discovery lists no type by that name; give RESOURCE.GROUP to check one it does not serve, e.g. ${name}.example.com`
      : `use a built-in type (pods, deploy, sa, ...) or RESOURCE.GROUP for any other, e.g. ${name}.example.com`;
    return {
      resource: name,
      group: '',
      notes: [],
      unknown: {
        message: `unknown resource type "${arg}"${didYouMean(suggestion)}: ${instead}`,
        ...(suggestion && { suggestion }),
      },
    };
  }
  const resource = dot < 0 ? name : name.slice(0, dot);
  let group = dot < 0 ? (explicitGroup ?? '') : name.slice(dot + 1);
  if (dot >= 0 && explicitGroup !== undefined && explicitGroup !== group)
    return { error: `resource "${arg}" names the group "${group}" but group is "${explicitGroup}": give it once` };
  const notes: string[] = [];
  const knownGroup = (g: string) => BUILTIN_GROUPS.has(g) || extra.some((t) => t.group === g);
  // RESOURCE.VERSION.GROUP, as kubectl's ParseResourceArg reads it first: the version plays no
  // part in authorization (the attributes carry group and resource only).
  const [first, ...rest] = group.split('.');
  if (dot >= 0 && rest.length > 0 && VERSION.test(first ?? '')) {
    group = rest.join('.');
    if (!knownGroup(group))
      notes.push(`"${arg}" read as RESOURCE.VERSION.GROUP: version ${first} dropped (authorization has no version)`);
  }
  const type = typeByName(resource, group, extra);
  if (type) return { resource: type.plural, group, type, notes };
  const removed = removedByName(resource, group);
  if (removed) {
    const now = builtinByName(removed.plural);
    const today = now ? `today's clusters serve ${typeLabel(now)}, another request` : 'no cluster serves it today';
    notes.push(
      `${removed.plural}.${group}: the ${group} group served ${removed.plural} until Kubernetes ${removed.removedIn} and RBAC rules may still name it; the authorizer matches apiGroups as written, so it is checked in ${group} (${today})`,
    );
    return { resource: removed.plural, group, type: removed, notes };
  }
  if (!knownGroup(group)) {
    // RBAC rules may name a type no server serves (yet): it is asked as given, and said.
    notes.push(
      discovered
        ? `resource "${describeResource(group, resource)}" is not served by this cluster (its discovery has no group "${group}"): checked as given`
        : `resource "${describeResource(group, resource)}" not resolved (no discovery of this cluster): checked as given; a custom resource is named by its plural (not its singular, short name or kind)`,
    );
    return { resource, group, notes };
  }
  const suggestion = suggestType(resource, group, extra);
  const which = BUILTIN_GROUPS.has(group) ? 'the built-in group' : "this cluster's group";
  return {
    resource,
    group,
    notes,
    unknown: {
      message: `${which} "${group || 'core'}" has no resource type "${resource}"${didYouMean(suggestion, group)}`,
      ...(suggestion && { suggestion }),
    },
  };
}

// Verbs whose request URL names no object (a list or watch of one name is a fieldSelector on
// /api/v1/namespaces): the API server gives these no namespace even for a named Namespace.
const NO_NAME_IN_PATH: ReadonlySet<string> = new Set(['list', 'watch', 'create', 'deletecollection']);
// requestinfo.go's namespaceSubresources: /api/v1/namespaces/NAME/{status,finalize} stay the Namespace's.
const NAMESPACE_SUBRESOURCES: ReadonlySet<string> = new Set(['', 'status', 'finalize']);

const isNamespaces = (type: ResourceType | undefined) => type?.group === '' && type.plural === 'namespaces';

/**
 * The namespace the API server authorizes a request in, as RequestInfo sets it
 * (k8s.io/apiserver pkg/endpoints/request/requestinfo.go): for /api/v1/namespaces/NAME[/status|
 * /finalize] the namespace is NAME (`if currentParts[0] == "namespaces"`: Namespace = parts[1]), so
 * a RoleBinding in that namespace may grant it; a cluster-scoped type's URL has no namespace.
 * A type no table knows is asked as given.
 */
function authorizedNamespace(
  type: ResourceType | undefined,
  r: { verb: string; name: string; subresource: string; namespace: string },
): { namespace: string; note?: string } {
  if (!type) return { namespace: r.namespace };
  if (
    isNamespaces(type) &&
    r.name !== '' &&
    !NO_NAME_IN_PATH.has(r.verb) &&
    NAMESPACE_SUBRESOURCES.has(r.subresource)
  ) {
    const other = r.namespace !== '' && r.namespace !== r.name ? ` (not in "${r.namespace}")` : '';
    return {
      namespace: r.name,
      note: `a request for namespace ${r.name} is authorized in namespace ${r.name}${other}, as the API server does (its URL /api/v1/namespaces/${r.name} is in that namespace)`,
    };
  }
  if (!type.namespaced && r.namespace !== '')
    return {
      namespace: '',
      note: `resource "${describeResource(type.group, type.plural)}" is not namespace scoped: the request is authorized with no namespace, as the API server does (namespace "${r.namespace}" not used)`,
    };
  return { namespace: r.namespace };
}

/**
 * An unknown verb: kubectl warns "verb 'x' is not a known verb" (cani.go's validate). Constrained
 * impersonation's verbs are known: `impersonate:<mode>` for a resource (the identity check), and
 * `impersonate-on:<mode>:<verb>` for any request whose own verb is known (the action check).
 */
function checkVerb(verb: string, known: ReadonlySet<string>, what: string): Unknown | undefined {
  if (known.has(verb)) return undefined;
  const constrained = parseConstrainedVerb(verb, known);
  if (constrained && (constrained.kind === 'impersonate-on' || known === RESOURCE_VERBS)) return undefined;
  const fixed = suggestConstrainedVerb(verb, known, closest);
  const suggestion =
    (fixed !== verb ? fixed : undefined) ??
    closest(
      verb,
      [...known].filter((v) => v !== '*'),
    );
  return {
    parameter: 'verb',
    value: verb,
    message: `verb "${verb}" is not a known ${what}verb${didYouMean(suggestion)}`,
    ...(suggestion && { suggestion }),
  };
}

/**
 * The request a user means, resolved as kubectl resolves it; `literal` checks it exactly as given
 * (RESOURCE.GROUP and RESOURCE/SUBRESOURCE still split), saying what resolving would have changed.
 */
export interface ResolveOptions {
  literal?: boolean;
  /**
   * Asked in a namespace's own view: `namespaces` without a name means that Namespace (the
   * namespace page's highlight and resource panel).
   */
  namespaceObject?: boolean;
  /** The live cluster's discovered types (LoadedSource.cluster); absent for a snapshot or the demo. */
  discovered?: DiscoveredTypes;
}

export function resolveRequest(input: RequestInput, options: ResolveOptions = {}): Resolution | { error: string } {
  const { verb } = input;
  if (verb === '') return { error: 'a verb is required' };
  const said = answerNotes(options.literal);
  if (input.path !== undefined && input.path !== '') {
    if (input.resource) return { error: 'give either a resource or a non-resource URL, not both' };
    if (input.subresource) return { error: 'a subresource can not be used with a non-resource URL' };
    const v = checkVerb(verb, NON_RESOURCE_VERBS, 'non-resource ');
    if (v) said.unknown.push(v);
    return said.finish({ kind: 'nonResource', verb, path: input.path });
  }
  const split = splitResource(input);
  if ('error' in split) return split;
  const resolved = resolveResourceType(split.typeArg, input.group, options.discovered);
  if ('error' in resolved) return resolved;
  return resolveResource(input, split, resolved, options, said);
}

type AnswerNotes = ReturnType<typeof answerNotes>;

/** What was not known and what else is worth saying, collected as a request is resolved, and the answer. */
function answerNotes(literal: boolean | undefined) {
  const unknown: Unknown[] = [];
  const notes: string[] = [];
  const finish = (request: AccessRequest, resolved: Rewrite[] = [], type?: ResourceType): Resolution => {
    const asGiven = literal ? '; checked as given (literal)' : '; answered for it as given';
    return {
      request,
      resolved,
      unknown,
      warnings: [...unknown.map((u) => `${u.message}${asGiven}`), ...notes],
      ...(type && { type }),
    };
  };
  return { unknown, notes, finish };
}

/** `pods/exec` (the API's spelling, as in a rule) or `pods` with `subresource=exec`; never both, differently. */
function splitResource(
  input: RequestInput,
): { given: string; typeArg: string; subresource: string } | { error: string } {
  const given = input.resource ?? '';
  if (given === '') return { error: 'a resource type is required' };
  const slash = given.indexOf('/');
  const typeArg = slash < 0 ? given : given.slice(0, slash);
  let subresource = input.subresource ?? '';
  if (slash >= 0) {
    const sub = given.slice(slash + 1);
    if (subresource !== '' && subresource !== sub)
      return {
        error: `resource "${given}" names the subresource "${sub}" but subresource is "${subresource}": give it once`,
      };
    subresource = sub;
  }
  if (typeArg === '') return { error: 'a resource type is required' };
  return { given, typeArg, subresource };
}

/** A resource request: resolved as kubectl resolves it, or as given (literal), in the namespace the API server authorizes. */
function resolveResource(
  input: RequestInput,
  { given, typeArg, subresource }: { given: string; typeArg: string; subresource: string },
  resolved: Resolved,
  options: ResolveOptions,
  said: AnswerNotes,
): Resolution {
  const { verb } = input;
  const asked = { verb, subresource, namespace: input.namespace ?? '', name: input.name ?? '' };
  if (options.namespaceObject && asked.name === '' && isNamespaces(resolved.type) && !NO_NAME_IN_PATH.has(verb))
    asked.name = asked.namespace;
  const request = (resource: string, group: string, type: ResourceType | undefined): AccessRequest => {
    const scope = authorizedNamespace(type, asked);
    if (scope.note) said.notes.push(scope.note);
    return { kind: 'resource', verb, group, resource, subresource, name: asked.name, namespace: scope.namespace };
  };
  const v = checkVerb(verb, RESOURCE_VERBS, '');
  if (v) said.unknown.push(v);
  const givenType = input.group && !typeArg.includes('.') ? `${typeArg}.${input.group}` : typeArg;
  const givenLabel = subresource === '' ? givenType : `${givenType}/${subresource}`;
  const answered = describeResource(resolved.group, resolved.resource, subresource);
  if (resolved.unknown) said.unknown.push({ parameter: 'resource', value: given, ...resolved.unknown });
  if (options.literal) {
    // As given: the name exactly, in the group written (or the core group; a group written twice
    // was checked to be the same one).
    const dot = typeArg.indexOf('.');
    const group = dot < 0 ? (input.group ?? '') : typeArg.slice(dot + 1);
    const resource = dot < 0 ? typeArg : typeArg.slice(0, dot);
    const same = describeResource(group, resource, subresource) === answered;
    if (!resolved.unknown && !same)
      said.notes.push(`resource "${givenLabel}" checked as given (literal); kubectl would ask for "${answered}"`);
    // The namespace is the request's, not a name: a type written as the table writes it keeps its scope.
    return said.finish(request(resource, group, same ? resolved.type : undefined));
  }
  said.notes.push(...resolved.notes);
  const rewrites: Rewrite[] = answered === givenLabel ? [] : [{ parameter: 'resource', given: givenLabel, answered }];
  return said.finish(request(resolved.resource, resolved.group, resolved.type), rewrites, resolved.type);
}

/** `kubectl auth can-i` arguments: VERB TYPE[/NAME] or VERB /URL. */
export function parseRequest(args: RequestArgs, discovered?: DiscoveredTypes): ParsedRequest {
  const isUrl = args.target.startsWith('/');
  if (isUrl && args.subresource) return { ok: false, error: '--subresource can not be used with a non-resource URL' };
  const slash = args.target.indexOf('/');
  const r = resolveRequest(
    isUrl
      ? { verb: args.verb, path: args.target, namespace: args.namespace }
      : {
          verb: args.verb,
          resource: slash < 0 ? args.target : args.target.slice(0, slash),
          name: slash < 0 ? '' : args.target.slice(slash + 1),
          subresource: args.subresource ?? '',
          namespace: args.namespace,
        },
    { discovered },
  );
  if ('error' in r) return { ok: false, error: r.error };
  // A bare name neither the built-in table nor discovery knows: refused, where kubectl would warn,
  // so a typo never answers "nobody" for the core group.
  const bare = r.unknown.find((u) => u.parameter === 'resource' && !u.value.includes('.'));
  if (bare) return { ok: false, error: bare.message };
  // kubectl's own words for what it checks as given.
  const warnings = [
    ...r.unknown.map((u) => (u.parameter === 'resource' ? `${u.message}; checking it as given` : u.message)),
    ...r.warnings.slice(r.unknown.length),
  ];
  return { ok: true, request: r.request, resolved: r.resolved, warnings, ...(r.type && { type: r.type }) };
}

/** "secret → secrets", for a note next to an answer. */
export function describeRewrite(r: Rewrite): string {
  return `${r.given} → ${r.answered}`;
}
