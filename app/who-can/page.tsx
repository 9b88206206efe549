import type { Metadata } from 'next';
import { ContextField, ContextLink as Link } from '@/components/layout/context-link';
import { ExportLinks } from '@/components/layout/export-links';
import { RiskStatusNotice } from '@/components/layout/risk-status-notice';
import { IncompleteNotice } from '@/components/layout/incomplete-notice';
import { NodeAuthorizerNote } from '@/components/layout/node-authorizer-note';
import { buttonClass, inputClass, linkClass, PageContainer } from '@/components/layout/page-container';
import { Pager } from '@/components/layout/pager';
import { withCurrentData } from '@/components/layout/with-current-data';
import { EffectiveAnswer } from '@/components/who-can/effective-answer';
import { GrantList } from '@/components/who-can/grant-list';
import { WhyNotList } from '@/components/who-can/why-not-list';
import { ReadyQuestions } from '@/components/who-can/ready-questions';
import { whyNotReport } from '@/lib/reports/why-not';
import {
  subjectKey,
  describeRequest as describe,
  describeRewrite,
  pageOf,
  requestNamespace,
  serviceAccountUsername,
  subjectLabel,
  visibleIndirect,
  type AccessRequest,
  type Engine,
  type Resolution,
  type WhoCanSubject,
  type WhoCanSummary,
  versionWarnings,
} from '@/lib/rbac';
import type { CurrentData } from '@/lib/web/current';
import { subjectHref } from '@/lib/web/links';
import { pageOffset } from '@/lib/web/paging';
import { parseIdentityQuery, parseRequestQuery, requestQuery } from '@/lib/web/query';
import { firstValues, type SearchParams } from '@/lib/web/search-params';
import { BUILTIN_PARAM, EFFECTIVE_PARAM, builtinParam, effectiveSchema, param } from '@/lib/web/url-state';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Who can' };

type Props = { searchParams: Promise<SearchParams> };
type Vocabulary = ReturnType<Engine['inventory']['vocabulary']>;

const FIELDS = [
  ['verb', 'Verb', 'e.g. get'],
  ['resource', 'Resource', 'e.g. secrets'],
  ['group', 'API group', 'core if empty'],
  ['subresource', 'Subresource', 'e.g. exec'],
  ['name', 'Name', 'any name if empty'],
  ['namespace', 'Namespace', 'every namespace if empty'],
  ['path', 'or non-resource URL', 'e.g. /metrics'],
] as const;

/** The fields that make a question: any of them in the URL means the form was sent. */
const QUESTION_FIELDS = FIELDS.map(([name]) => name);

/** The form fields that suggest the cluster's own words, and which words. */
const SUGGESTED = { verb: 'verbs', resource: 'resources', subresource: 'subresources', group: 'groups' } as const;

/**
 * Names a field suggests, at most: a convenience, the field takes any name. A role of 20,000 rules
 * named 20,000 resources, and the list made the page 2.7 MB (#25).
 */
const SUGGESTIONS_SHOWN = 1000;

/** Subjects on one page of an answer, and the grants shown for each (its page has them all). */
const SUBJECTS_PAGE_SIZE = 50;
const GRANTS_SHOWN = 5;

export default async function WhoCanPage({ searchParams }: Props) {
  const sp = await searchParams;
  return withCurrentData((data) => {
    const asked = askWhoCan(data, sp);
    return (
      <PageContainer>
        <h1 className="text-2xl font-semibold tracking-tight">Who can…?</h1>
        <ReadyQuestions
          namespace={param(sp, 'namespace')}
          current={asked.request?.ok ? `/who-can?${requestQuery(asked.request.value).toString()}` : undefined}
        />
        <WhoCanForm sp={sp} asked={asked} vocabulary={data.engine.inventory.vocabulary()} />
        <QuestionErrors asked={asked} />
        <NodeAuthorizerNote subjects={askedSubjects(asked)} />
        <CanIAnswerSection asked={asked} engine={data.engine} />
        <WhoCanAnswer asked={asked} engine={data.engine} context={data.context} />
      </PageContainer>
    );
  });
}

type Asked = ReturnType<typeof askWhoCan>;

/** The identity asked about (its user and groups) and the subjects that can: a node's among them gets the note. */
function askedSubjects({ identity, answer }: Asked): { kind: string; name: string }[] {
  const id = identity?.ok ? identity.value : undefined;
  const own = id ? [{ kind: 'User', name: id.user }, ...id.groups.map((name) => ({ kind: 'Group', name }))] : [];
  return [...own, ...answer];
}

/** The question in the URL, answered: who can, and (with a user) whether that identity can. */
function askWhoCan({ engine, source }: CurrentData, sp: SearchParams) {
  const asked = param(sp, 'verb') !== '' || param(sp, 'resource') !== '' || param(sp, 'path') !== '';
  // The form sent with nothing in it (or a subject's check left empty): said, never a silent no-op.
  const empty = !asked && QUESTION_FIELDS.some((k) => k in sp);
  // Resolved as kubectl resolves it (secret → secrets); an unknown name is answered as given, with a warning.
  // A live cluster's discovery resolves its own types too (a custom resource's singular, short name, kind).
  const parsed = asked ? parseRequestQuery(sp, source.cluster?.resourceTypes) : undefined;
  const request = parsed?.ok ? { ok: true as const, value: parsed.value.request } : parsed;
  // With what the version modelled says of the verb (constrained impersonation before it is checked).
  const resolution = parsed?.ok
    ? {
        ...parsed.value,
        warnings: [...parsed.value.warnings, ...versionWarnings(parsed.value.request, engine.kubernetes)],
      }
    : undefined;
  // Kubernetes' own identities (controllers, nodes, system:masters) answer most questions: hidden
  // unless asked for, and counted.
  const showBuiltin = builtinParam(sp) === 'show';
  // Who effectively can (effective=1): who-can's answer, then who can become one of its subjects.
  const effective = effectiveSchema.safeParse(param(sp, EFFECTIVE_PARAM)).data === '1';
  const full = effective && request?.ok ? engine.whoCanEffective(request.value) : undefined;
  const { shown: answer, hidden: hiddenBuiltin } = engine.visibleAnswer(
    full?.direct ?? (request?.ok ? engine.whoCan(request.value) : []),
    showBuiltin,
  );
  const identity = param(sp, 'user') !== '' ? parseIdentityQuery(sp) : undefined;
  const canI = identity?.ok && request?.ok ? engine.canI(identity.value, request.value) : undefined;
  // A no says why: the near misses, only when there is a no to explain.
  const whyNot =
    canI && !canI.allowed && identity?.ok && request?.ok
      ? whyNotReport(engine.whyNot(identity.value, request.value), request.value)
      : undefined;
  return {
    empty,
    request,
    resolution,
    answer,
    hiddenBuiltin,
    showBuiltin,
    subjects: pageOf(answer, pageOffset(sp, SUBJECTS_PAGE_SIZE), SUBJECTS_PAGE_SIZE),
    identity,
    canI,
    whyNot,
    askHref: (changed: AccessRequest) => askHref(sp, changed),
    effective,
    indirect: full && visibleIndirect(full.indirect, showBuiltin),
    ...whoCanLinks(sp, request?.ok ? request.value : undefined, showBuiltin, effective),
  };
}

/** The page asking a changed request as the same identity (a near miss's one change). */
function askHref(sp: SearchParams, request: AccessRequest): string {
  const q = requestQuery(request);
  for (const key of ['user', 'groups', BUILTIN_PARAM] as const) if (param(sp, key)) q.set(key, param(sp, key));
  return `/who-can?${q.toString()}`;
}

/** The answer's export (what the page shows), and its pages' links with or without the built-ins. */
function whoCanLinks(sp: SearchParams, request: AccessRequest | undefined, showBuiltin: boolean, effective: boolean) {
  // Every parameter once (the first, as the page read it), but paging and the built-in switch.
  const kept = Object.entries(firstValues(sp)).filter(([k]) => k !== 'page' && k !== BUILTIN_PARAM && k !== 'system');
  const pageQuery = new URLSearchParams(kept).toString();
  // The export holds what the page shows: the request as answered (as given, if a name is unknown).
  const exported = request ? requestQuery(request) : new URLSearchParams();
  if (!showBuiltin) exported.set(BUILTIN_PARAM, 'hide');
  if (effective) exported.set(EFFECTIVE_PARAM, '1');
  const pageHref = (n: number, builtin = showBuiltin) => {
    const q = new URLSearchParams(pageQuery);
    if (builtin) q.set(BUILTIN_PARAM, 'show');
    if (n > 1) q.set('page', String(n));
    return `/who-can?${q.toString()}`;
  };
  // The other answer (effective or direct only), from its first page.
  const toggled = new URLSearchParams(pageHref(1).split('?')[1]);
  if (effective) toggled.delete(EFFECTIVE_PARAM);
  else toggled.set(EFFECTIVE_PARAM, '1');
  return {
    exportApi: `/api/who-can?${exported.toString()}`,
    pageHref,
    effectiveHref: `/who-can?${toggled.toString()}`,
  };
}

function WhoCanForm({ sp, asked, vocabulary }: { sp: SearchParams; asked: Asked; vocabulary: Vocabulary }) {
  return (
    <form
      method="get"
      aria-label="Who can"
      className="mt-4 grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <ContextField />
      {FIELDS.map(([name, label, placeholder]) => (
        <label key={name} className="block text-sm">
          <span className="text-slate-600 dark:text-slate-400">{label}</span>
          <input
            name={name}
            defaultValue={param(sp, name)}
            placeholder={placeholder}
            className={inputClass}
            autoComplete="off"
            {...(name in SUGGESTED && { list: `suggest-${name}` })}
          />
        </label>
      ))}
      {Object.entries(SUGGESTED).map(([field, key]) => (
        <datalist key={field} id={`suggest-${field}`}>
          {vocabulary[key].slice(0, SUGGESTIONS_SHOWN).map((w) => (
            <option key={w} value={w} />
          ))}
        </datalist>
      ))}
      <IdentityFields sp={sp} />
      <div className="col-span-2 flex flex-wrap items-center gap-4 md:col-span-4">
        <button type="submit" className={buttonClass}>
          Ask
        </button>
        <label className="inline-flex items-center gap-1.5 text-sm">
          <input type="checkbox" name={BUILTIN_PARAM} value="show" defaultChecked={asked.showBuiltin} />
          Show built-in identities (controllers, nodes, system:masters)
        </label>
        <label className="inline-flex items-center gap-1.5 text-sm">
          <input type="checkbox" name={EFFECTIVE_PARAM} value="1" defaultChecked={asked.effective} />
          Who effectively can (and who can become one of them)
        </label>
        <label className="inline-flex items-center gap-1.5 text-sm">
          <input type="checkbox" name="literal" value="true" defaultChecked={asked.resolution?.literal ?? false} />
          Check names as given (no kubectl resolution)
        </label>
      </div>
    </form>
  );
}

function IdentityFields({ sp }: { sp: SearchParams }) {
  return (
    <fieldset className="col-span-2 rounded-md border border-dashed border-slate-300 p-2 md:col-span-4 dark:border-slate-700">
      <legend className="px-1 text-sm font-medium">Can one identity do it? (optional)</legend>
      <div className="grid grid-cols-2 gap-3">
        <label className="block text-sm">
          <span className="text-slate-600 dark:text-slate-400">User (--as)</span>
          <input
            name="user"
            defaultValue={param(sp, 'user')}
            placeholder={`e.g. ${serviceAccountUsername('default', 'demo-sa')}`}
            className={inputClass}
          />
        </label>
        <label className="block text-sm">
          <span className="text-slate-600 dark:text-slate-400">Groups (--as-group, comma-separated)</span>
          <input
            name="groups"
            defaultValue={param(sp, 'groups')}
            placeholder="e.g. developers"
            className={inputClass}
          />
        </label>
      </div>
    </fieldset>
  );
}

function QuestionErrors({ asked: { request, identity, empty } }: { asked: Asked }) {
  return (
    <>
      {empty && (
        <p
          role="alert"
          aria-label="Nothing asked"
          className="mt-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100"
        >
          Nothing to ask yet: give a verb and a resource (e.g. get secrets), or a verb and a non-resource URL (e.g. get
          /metrics), or pick one of the questions above.
        </p>
      )}
      {request && !request.ok && (
        <p
          role="alert"
          aria-label="Invalid question"
          className="mt-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100"
        >
          {request.error}
        </p>
      )}
      {identity && !identity.ok && (
        <p role="alert" aria-label="Invalid identity" className="mt-4 text-sm text-amber-800 dark:text-amber-300">
          {identity.error}
        </p>
      )}
    </>
  );
}

function CanIAnswerSection({
  asked: { canI, identity, request, resolution, whyNot, askHref },
  engine,
}: {
  asked: Asked;
  engine: Engine;
}) {
  if (!canI || !identity?.ok || !request?.ok) return null;
  return (
    <section
      aria-label="Can-i answer"
      className="mt-6 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <p className="text-lg">
        <span
          className={`font-semibold ${canI.allowed ? 'text-emerald-700 dark:text-emerald-400' : 'text-slate-700 dark:text-slate-300'}`}
        >
          {canI.allowed ? 'yes' : 'no'}
        </span>
        <span className="ml-2 text-sm text-slate-600 dark:text-slate-400">
          {identity.value.user} (groups: {identity.value.groups.join(', ')}) — {describe(request.value)}
        </span>
      </p>
      {resolution && <ResolutionNotes resolution={resolution} />}
      {canI.superuser && (
        <p className="text-xs">In group system:masters: the API server allows it before RBAC is consulted.</p>
      )}
      {canI.allowed && <GrantList grants={canI.grants} holder={{ kind: 'User', name: identity.value.user }} />}
      {whyNot && <WhyNotList report={whyNot} ask={askHref} />}
      <IncompleteNotice
        completeness={engine.completeness('can-i', requestNamespace(request.value), canI.allowed)}
        what="This no"
      />
    </section>
  );
}

function WhoCanAnswer({ asked, engine, context }: { asked: Asked; engine: Engine; context?: string }) {
  const { request, resolution, answer, hiddenBuiltin, subjects, exportApi, pageHref, effectiveHref, indirect } = asked;
  if (!request?.ok) return null;
  return (
    <section aria-label="Who can answer" className="mt-6">
      <div className="flex items-baseline justify-between">
        <h2 className="text-lg font-semibold">
          {answer.length.toLocaleString('en')} subject{answer.length === 1 ? '' : 's'} can {describe(request.value)}
        </h2>
        <ExportLinks api={exportApi} context={context} />
      </div>
      <p className="mt-1 text-sm">
        <Link className={linkClass} href={effectiveHref}>
          {indirect ? 'Direct holders only' : 'Who effectively can: add who can become one of them'}
        </Link>
      </p>
      {resolution && <ResolutionNotes resolution={resolution} />}
      <IncompleteNotice
        completeness={engine.completeness('who-can', requestNamespace(request.value))}
        what="This list"
      />
      {hiddenBuiltin > 0 && (
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          {hiddenBuiltin.toLocaleString('en')} built-in identit{hiddenBuiltin === 1 ? 'y' : 'ies'} hidden
          (Kubernetes&apos; own controllers, nodes and system:masters, allowed by its default bindings).{' '}
          <Link className={`${linkClass} underline`} href={pageHref(1, true)}>
            Show them
          </Link>
        </p>
      )}
      {answer.length > SUBJECTS_PAGE_SIZE && <AnswerSummary summary={engine.summarizeWhoCan(answer)} />}
      <SubjectsTable subjects={subjects.items} />
      <Pager page={subjects} size={SUBJECTS_PAGE_SIZE} href={pageHref} noun="subjects" />
      {indirect && <RiskStatusNotice status={engine.risks.status()} className="mt-8" />}
      {indirect && engine.risks.status().state !== 'computing' && (
        <EffectiveAnswer
          indirect={indirect.shown}
          hidden={indirect.hidden}
          asked={describe(request.value)}
          showHref={pageHref(1, true)}
          exportApi={exportApi}
        />
      )}
    </section>
  );
}

function SubjectsTable({ subjects }: { subjects: readonly WhoCanSubject[] }) {
  return (
    <table className="mt-2 w-full text-left text-sm">
      <thead className="text-slate-600 dark:text-slate-400">
        <tr>
          <th scope="col" className="py-1 pr-4 font-medium">
            Kind
          </th>
          <th scope="col" className="py-1 pr-4 font-medium">
            Subject
          </th>
          <th scope="col" className="py-1 font-medium">
            Why
          </th>
        </tr>
      </thead>
      <tbody>
        {subjects.map((s) => (
          <tr key={subjectKey(s)} className="border-t border-slate-200 align-top dark:border-slate-800">
            <td className="py-1.5 pr-4">{s.kind}</td>
            <th scope="row" className="py-1.5 pr-4 font-mono font-normal">
              <Link href={subjectHref(s)} className={linkClass}>
                {subjectLabel(s)}
              </Link>
            </th>
            <td className="py-1.5">
              <SubjectWhy s={s} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SubjectWhy({ s }: { s: WhoCanSubject }) {
  return (
    <>
      {s.superuser && <p className="text-xs">The API server allows this group everything before RBAC is consulted.</p>}
      <GrantList grants={s.grants.slice(0, GRANTS_SHOWN)} holder={s} />
      {s.grants.length > GRANTS_SHOWN && (
        <Link href={subjectHref(s)} className={`text-xs ${linkClass}`}>
          … and {(s.grants.length - GRANTS_SHOWN).toLocaleString('en')} more grants
        </Link>
      )}
    </>
  );
}

/** What the question was resolved to (secret → secrets), and what was answered as given. */
function ResolutionNotes({ resolution }: { resolution: Resolution }) {
  return (
    <>
      {resolution.resolved.length > 0 && (
        <p aria-label="Resolved" className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Resolved as kubectl does:{' '}
          {resolution.resolved.map((r) => (
            <span key={r.parameter} className="font-mono">
              {describeRewrite(r)}
            </span>
          ))}
        </p>
      )}
      {resolution.warnings.length > 0 && (
        <ul
          role="status"
          aria-label="Warnings"
          className="mt-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100"
        >
          {resolution.warnings.map((w) => (
            <li key={w}>Warning: {w}</li>
          ))}
        </ul>
      )}
    </>
  );
}

/** An answer too long to read: how many of each kind, how the groups reach them, and where. */
function AnswerSummary({ summary }: { summary: WhoCanSummary }) {
  const n = (x: number) => x.toLocaleString('en');
  const kinds = [
    [summary.byKind.ServiceAccount, 'service account'],
    [summary.byKind.User, 'user'],
    [summary.byKind.Group, 'group'],
  ] as const;
  return (
    <div
      aria-label="Summary"
      className="mt-2 rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <p>
        {kinds
          .filter(([count]) => count > 0)
          .map(([count, noun]) => `${n(count)} ${noun}${count === 1 ? '' : 's'}`)
          .join(' · ')}
      </p>
      {summary.throughGroups.length > 0 && (
        <ul className="mt-1 list-disc pl-5">
          {summary.throughGroups.map((g) => (
            <li key={g.group}>
              {g.serviceAccounts > 0 && `${n(g.serviceAccounts)} service accounts`}
              {g.serviceAccounts > 0 && g.users > 0 && ' and '}
              {g.users > 0 && `${n(g.users)} users`} through group <span className="font-mono">{g.group}</span>
            </li>
          ))}
        </ul>
      )}
      {summary.namespaces.length > 1 && (
        <p className="mt-1 text-slate-600 dark:text-slate-400">
          Most service accounts in:{' '}
          {summary.namespaces.map((x) => `${x.namespace} (${n(x.serviceAccounts)})`).join(', ')}
        </p>
      )}
    </div>
  );
}
