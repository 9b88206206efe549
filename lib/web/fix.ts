// /fix and /api/fix: the finding or the dangerous grant a URL names (a zod schema: the finding's id
// with its subject's and object's keys, or a role's rule with the binding and subject it is held
// through), its fix, the text of it, and its effect measured on that text.
import 'server-only';
import { z } from 'zod';
import {
  FINDING_RULES,
  FIX_CHOICES,
  findingAt,
  fixOfFinding,
  fixOfGrant,
  parseBindingKey,
  parseRoleKey,
  parseSubjectKey,
  type FindingId,
  type FindingTarget,
  type FixChoice,
  type GrantTarget,
} from '@/lib/rbac';
import { fixEffect, fixManifest } from '@/lib/k8s/fix-effect';
import { fixText } from '@/lib/reports/fix-text';
import { findingAbout, grantAbout, type FixReport } from '@/lib/reports/fix-report';
import type { CurrentData } from './current';
import { issuesText, schemaInput, type Parsed, type Query } from './url-state';

const IDS = FINDING_RULES.map((r) => r.id) as [FindingId, ...FindingId[]];

const fixSchema = z
  .object({
    finding: z.enum(IDS, { message: 'finding: not a finding id' }).optional(),
    subject: z.string().optional(),
    object: z.string().optional(),
    role: z.string().optional(),
    rule: z.coerce.number({ message: 'rule: a rule number' }).int().min(0).optional(),
    binding: z.string().optional(),
    choice: z
      .enum(FIX_CHOICES as [FixChoice, ...FixChoice[]], { message: 'choice: role, binding or object' })
      .optional(),
  })
  .refine((v) => v.finding || (v.role && v.rule !== undefined), {
    message: 'name a finding (finding, subject, object) or a grant (role, rule, and binding and subject if held)',
  });

export type FixRequest = { finding: FindingTarget; choice?: FixChoice } | { grant: GrantTarget; choice?: FixChoice };

/** The fix a URL asks for, or what is wrong with it. */
export function parseFixRequest(q: Query): Parsed<FixRequest> {
  const r = fixSchema.safeParse(schemaInput(q));
  if (!r.success) return { ok: false, error: issuesText(r.error) };
  const v = r.data;
  const choice = v.choice && { choice: v.choice };
  if (v.finding) {
    const finding = {
      finding: v.finding,
      ...(v.subject && { subject: v.subject }),
      ...(v.object && { object: v.object }),
    };
    return { ok: true, value: { finding, ...choice } };
  }
  const role = parseRoleKey(v.role ?? '');
  const binding = v.binding ? parseBindingKey(v.binding) : undefined;
  const subject = v.subject ? parseSubjectKey(v.subject) : undefined;
  if (!role || (v.binding && !binding) || (v.subject && !subject))
    return {
      ok: false,
      error: 'role, binding and subject are keys: Role:ns/name, RoleBinding:ns/name, ServiceAccount:ns/name',
    };
  const grant = { role, ruleIndex: v.rule ?? 0, ...(binding && { binding }), ...(subject && { subject }) };
  return { ok: true, value: { grant, ...choice } };
}

/** The fix and its effect; undefined when the finding is not (or no longer) found. */
export function fixReport({ engine, source }: CurrentData, req: FixRequest): FixReport | undefined {
  // A finding and a fix's effect are read from attack paths: only this version's (see reviewEngine).
  if (engine.risks.status().state !== 'current') return undefined;
  const world = { engine, model: source.model };
  const finding = 'finding' in req ? findingAt(engine.findings(), req.finding) : undefined;
  if ('finding' in req && !finding) return undefined;
  const answer = finding
    ? fixOfFinding(world, finding, req.choice)
    : fixOfGrant(world, (req as { grant: GrantTarget }).grant, req.choice);
  const base = {
    about: finding ? findingAbout(finding) : grantAbout((req as { grant: GrantTarget }).grant),
    ...(finding ? { finding } : { grant: (req as { grant: GrantTarget }).grant }),
    answer,
    completeness: engine.completeness('paths'),
    source: source.description,
  };
  if (!answer.fix) return base;
  const text = fixText(answer.fix, fixManifest);
  // A file source keeps an aggregated role's stored rules no role read explains (what-if.ts).
  const effect = fixEffect(engine, source.model, text, {
    keepStored: !source.objects,
    ...('finding' in req && { finding: req.finding }),
  });
  return {
    ...base,
    text,
    effect: {
      diff: effect.diff,
      notes: effect.notes,
      ...(effect.remains !== undefined && { remains: effect.remains }),
    },
  };
}
