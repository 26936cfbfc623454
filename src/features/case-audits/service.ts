// Board case audits (issue 14; staffordshire 55-56; PROCEDURES.md step 11). A board analyst or board manager draws a
// random sample of cases by criteria, seeing only how many cases matched and were drawn; named auditors (people who
// do casework, often from other agencies) get read-only access to just those cases until the end date or the closing
// (decided at read time by the case access gate, basis 'audit-access'); they record findings per case against a short
// template, versioned; the findings roll up into figures with small counts suppressed.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { NON_CASEWORK_ROLES, can } from '../../domain/access/access.ts';
import type { Role } from '../../domain/access/roles.ts';
import { addDays, endOfLondonDay, londonDateOf, startOfLondonDay } from '../../domain/clock/index.ts';
import { MAX_AUDIT_DAYS, THEMES, auditAccessActiveAt, auditStatusAt, checkCriteria, drawSample, eligibleDigest } from '../../domain/case-audits/rules.ts';
import type { Grade, SampleCriteria, Theme } from '../../domain/case-audits/rules.ts';
import type { FieldRefusal } from '../../platform/web/refusals.ts';
import { Refused } from '../../platform/web/refusals.ts';
import { forbidden, notFound } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/audit-trail.ts';
import type { AuditContext } from '../audit/audit-trail.ts';
import { readCase } from '../case-access/service.ts';
import type { DrawInput, FindingInput } from './schemas.ts';

export class AuditRefused extends Refused {}

/** A stale save of a finding: the version the auditor started from was replaced. */
export class FindingConflict extends Error {
  constructor() {
    super('This finding was changed since you opened it');
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COLUMNS: Record<Theme, { grade: 'timeliness' | 'assessment' | 'voice' | 'multi_agency'; comment: 'timeliness_comment' | 'assessment_comment' | 'voice_comment' | 'multi_agency_comment'; field: 'timeliness' | 'assessment' | 'voice' | 'multiAgency' }> = {
  timeliness: { grade: 'timeliness', comment: 'timeliness_comment', field: 'timeliness' },
  assessment: { grade: 'assessment', comment: 'assessment_comment', field: 'assessment' },
  voice: { grade: 'voice', comment: 'voice_comment', field: 'voice' },
  'multi-agency': { grade: 'multi_agency', comment: 'multi_agency_comment', field: 'multiAgency' },
};
export const THEME_FIELDS = THEMES.map((theme) => ({ theme, field: COLUMNS[theme].field }));

export type FindingRow = {
  id: string;
  version: number;
  updated_at: Date;
  grades: Record<Theme, { grade: Grade; comment: string }>;
};

const mayManage = (actor: Actor) => can(actor, 'case-audits:manage');
/** An auditor reads cases: someone with at least one casework role (the gate asks the same). */
const doesCasework = (roles: readonly string[]) => roles.some((role) => !NON_CASEWORK_ROLES.includes(role as Role));

/** The cases that meet the criteria, by id (the analyst is only ever shown how many). */
export async function eligibleCaseIds(db: Kysely<Database>, c: SampleCriteria): Promise<string[]> {
  let q = db.selectFrom('cases').select('cases.id');
  if (c.localAuthorityId) q = q.where('cases.local_authority_id', '=', c.localAuthorityId);
  // Open at some time in the period: opened by its end, and not closed before its start.
  if (c.openTo) q = q.where('cases.opened_at', '<', endOfLondonDay(c.openTo));
  if (c.openFrom) {
    const from = startOfLondonDay(c.openFrom);
    q = q.where((eb) => eb.or([eb('cases.closed_at', 'is', null), eb('cases.closed_at', '>=', from)]));
  }
  if (c.category === 'none') q = q.where('cases.category', 'is', null);
  else if (c.category) q = q.where('cases.category', '=', Number(c.category) as 1 | 2 | 3);
  if (c.agencyId) {
    const agencyId = c.agencyId;
    q = q.where((eb) => eb.exists(eb.selectFrom('case_network').innerJoin('users', 'users.id', 'case_network.user_id').select('case_network.id').whereRef('case_network.case_id', '=', 'cases.id').where('users.agency_id', '=', agencyId)));
  }
  return (await q.execute()).map((r) => r.id);
}

function criteriaOf(input: DrawInput): SampleCriteria {
  return {
    localAuthorityId: input.localAuthorityId ?? null,
    openFrom: input.openFrom ?? null,
    openTo: input.openTo ?? null,
    category: input.category ?? null,
    agencyId: input.agencyId ?? null,
    sampleSize: input.sampleSize,
  };
}

/**
 * The figures of audit findings (issue 14, "the findings roll up into the statistics"): for each theme, how many
 * findings graded it good, requires improvement or inadequate. Counts only, never a case or a child; the board's
 * dashboard and the audit's own page suppress small counts before showing them. A finding counts in the period in
 * which it was last saved, and in the local authority of its case. `auditId` narrows to one audit.
 */
export async function auditFindingFigures(
  db: Kysely<Database>,
  filter: { from: Date | null; to: Date | null; localAuthorityId: string | null; auditId?: string },
): Promise<{ findings: number; themes: { theme: Theme; counts: Record<Grade, number> }[] }> {
  const rows = await sql<{ theme: Theme; grade: Grade; n: number }>`
    select t.theme, t.grade, count(*)::int as n
    from case_audit_findings f
    join cases k on k.id = f.case_id
    cross join lateral (values ('timeliness', f.timeliness), ('assessment', f.assessment), ('voice', f.voice), ('multi-agency', f.multi_agency)) as t(theme, grade)
    where (${filter.from}::timestamptz is null or f.updated_at >= ${filter.from})
      and (${filter.to}::timestamptz is null or f.updated_at < ${filter.to})
      and (${filter.localAuthorityId}::text is null or k.local_authority_id = ${filter.localAuthorityId})
      and (${filter.auditId ?? null}::uuid is null or f.audit_id = ${filter.auditId ?? null})
    group by t.theme, t.grade`.execute(db);
  const themes = THEMES.map((theme) => ({ theme, counts: { good: 0, 'requires-improvement': 0, inadequate: 0 } as Record<Grade, number> }));
  for (const r of rows.rows) themes.find((t) => t.theme === r.theme)!.counts[r.grade] = Number(r.n);
  const findings = Object.values(themes[0]!.counts).reduce((a, b) => a + b, 0);
  return { findings, themes };
}

/** The audits someone is a named auditor on and whose access is in force, for their work list. */
export async function myCaseAudits(db: Kysely<Database>, userId: string, now: Date) {
  const rows = await db
    .selectFrom('case_audit_auditors as aa')
    .innerJoin('case_audits as a', 'a.id', 'aa.audit_id')
    .select(['a.id', 'a.title', 'a.ends_on', 'a.ends_at', 'a.starts_at', 'a.closed_at'])
    .select((eb) => [
      eb.selectFrom('case_audit_cases').select((e) => e.fn.countAll<number>().as('n')).whereRef('case_audit_cases.audit_id', '=', 'a.id').as('cases'),
      eb.selectFrom('case_audit_findings').select((e) => e.fn.countAll<number>().as('n')).whereRef('case_audit_findings.audit_id', '=', 'a.id').where('case_audit_findings.auditor_id', '=', userId).as('recorded'),
    ])
    .where('aa.user_id', '=', userId)
    .orderBy('a.ends_at')
    .execute();
  return rows
    .filter((r) => auditAccessActiveAt({ startsAt: r.starts_at, endsAt: r.ends_at, closedAt: r.closed_at }, now))
    .map((r) => ({ id: r.id, title: r.title, endsOn: r.ends_on, cases: Number(r.cases), recorded: Number(r.recorded) }));
}

/** The audits that sampled a case, with their auditors and dates, for the case's access record. */
export async function caseAuditAccessRecord(db: Kysely<Database>, caseId: string, now: Date) {
  const rows = await db
    .selectFrom('case_audit_cases as ac')
    .innerJoin('case_audits as a', 'a.id', 'ac.audit_id')
    .innerJoin('case_audit_auditors as aa', 'aa.audit_id', 'a.id')
    .innerJoin('users as u', 'u.id', 'aa.user_id')
    .innerJoin('agencies as g', 'g.id', 'u.agency_id')
    .select(['a.id', 'a.title', 'a.starts_at', 'a.ends_at', 'a.ends_on', 'a.closed_at', 'u.display_name', 'g.name as agency_name'])
    .where('ac.case_id', '=', caseId)
    .orderBy('a.starts_at', 'desc')
    .orderBy('u.display_name')
    .execute();
  return rows.map((r) => ({ ...r, status: auditStatusAt({ startsAt: r.starts_at, endsAt: r.ends_at, closedAt: r.closed_at }, now) }));
}

export function createCaseAuditService(deps: { db: Kysely<Database>; now: () => Date }) {
  const { db, now } = deps;

  async function findAudit(auditId: string) {
    if (!UUID.test(auditId)) throw notFound('Case audit');
    const row = await db.selectFrom('case_audits').selectAll().where('id', '=', auditId).executeTakeFirst();
    if (!row) throw notFound('Case audit');
    return row;
  }

  async function isAuditor(auditId: string, userId: string) {
    return Boolean(await db.selectFrom('case_audit_auditors').select('user_id').where('audit_id', '=', auditId).where('user_id', '=', userId).executeTakeFirst());
  }

  async function findingOf(auditId: string, caseId: string, auditorId: string): Promise<FindingRow | null> {
    const row = await db.selectFrom('case_audit_findings').selectAll().where('audit_id', '=', auditId).where('case_id', '=', caseId).where('auditor_id', '=', auditorId).executeTakeFirst();
    if (!row) return null;
    const grades = Object.fromEntries(THEMES.map((t) => [t, { grade: row[COLUMNS[t].grade], comment: row[COLUMNS[t].comment] }])) as FindingRow['grades'];
    return { id: row.id, version: row.version, updated_at: row.updated_at, grades };
  }

  const service = {
    mayManage,

    /** The choices of the draw form: areas, agencies, and the people who may be named auditors. */
    async formOptions() {
      const [authorities, agencies, people] = await Promise.all([
        db.selectFrom('local_authorities').select(['id', 'name']).orderBy('name').execute(),
        db.selectFrom('agencies').select(['id', 'name']).where('active', '=', true).orderBy('name').execute(),
        db
          .selectFrom('users')
          .innerJoin('agencies', 'agencies.id', 'users.agency_id')
          .select(['users.id', 'users.display_name', 'users.job_title', 'agencies.name as agency_name'])
          .select((eb) => eb.selectFrom('user_roles').select(sql<string[]>`array_agg(role)`.as('roles')).whereRef('user_roles.user_id', '=', 'users.id').as('roles'))
          .where('users.active', '=', true)
          .orderBy('users.display_name')
          .execute(),
      ]);
      return { authorities, agencies, auditors: people.filter((p) => doesCasework(p.roles ?? [])) };
    },

    /** How many cases meet the criteria: the only thing the analyst learns about them before the draw. */
    async count(actor: Actor, input: DrawInput) {
      if (!mayManage(actor)) throw forbidden('Case audits are drawn by the board analyst or the board manager.');
      const criteria = criteriaOf(input);
      const problems = checkCriteria(criteria);
      if (problems.length) throw new AuditRefused(problems);
      return (await eligibleCaseIds(db, criteria)).length;
    },

    /** Draws the sample and names the auditors, in one transaction, audited with the seed and the criteria. */
    async draw(actor: Actor, input: DrawInput, audit: AuditContext) {
      if (!mayManage(actor)) throw forbidden('Case audits are drawn by the board analyst or the board manager.');
      const at = now();
      const today = londonDateOf(at);
      const criteria = criteriaOf(input);
      const refusals: FieldRefusal[] = [...checkCriteria(criteria)];
      if (!input.title) refusals.push({ field: 'title', message: 'Enter a title for the audit' });
      if (!input.endsOn) refusals.push({ field: 'endsOn', message: 'Enter the date the auditors’ access ends' });
      else if (input.endsOn < today) refusals.push({ field: 'endsOn', message: 'The end date must be today or later' });
      else if (input.endsOn > addDays(today, MAX_AUDIT_DAYS)) refusals.push({ field: 'endsOn', message: `The end date must be within ${MAX_AUDIT_DAYS} days of today` });
      const auditorIds = [...new Set(input.auditors)];
      if (auditorIds.length === 0) refusals.push({ field: 'auditors', message: 'Choose at least one auditor' });
      else {
        const { auditors } = await service.formOptions();
        const allowed = new Set(auditors.map((a) => a.id));
        if (auditorIds.some((id) => !allowed.has(id))) refusals.push({ field: 'auditors', message: 'Choose auditors from the list of people who do casework' });
      }
      const eligible = refusals.length ? [] : await eligibleCaseIds(db, criteria);
      if (!refusals.length && eligible.length === 0) refusals.push({ field: 'sampleSize', message: 'No case meets these criteria: widen them to draw a sample' });
      if (refusals.length) throw new AuditRefused(refusals);
      const seed = randomBytes(16).toString('hex');
      const sample = drawSample(eligible, seed, criteria.sampleSize);
      const digest = eligibleDigest(eligible);
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('case_audits')
          .values({ title: input.title, criteria: JSON.stringify(criteria), seed, eligible_count: eligible.length, eligible_digest: digest, sample_size: sample.length, created_by: actor.id, starts_at: at, ends_on: input.endsOn!, ends_at: endOfLondonDay(input.endsOn!) })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx.insertInto('case_audit_cases').values(sample.map((caseId, position) => ({ audit_id: row.id, case_id: caseId, position }))).execute();
        await trx.insertInto('case_audit_auditors').values(auditorIds.map((userId) => ({ audit_id: row.id, user_id: userId, added_by: actor.id, added_at: at }))).execute();
        // The seed, the criteria and the eligible set's digest make the draw reproducible; identifiers only.
        await recordAudit(trx, audit, { action: 'case-audit.drawn', entityType: 'case_audit', entityId: row.id, details: { criteria, seed, eligibleCount: eligible.length, eligibleDigest: digest, drawn: sample.length, auditors: auditorIds } });
        return { auditId: row.id, eligible: eligible.length, drawn: sample.length };
      });
    },

    /** The audits a person may open: all of them for the board, their own for an auditor. */
    async list(actor: Actor) {
      const q = db.selectFrom('case_audits as a').select(['a.id', 'a.title', 'a.starts_at', 'a.ends_on', 'a.ends_at', 'a.closed_at', 'a.sample_size', 'a.eligible_count']);
      const rows = mayManage(actor)
        ? await q.orderBy('a.starts_at', 'desc').execute()
        : await q.innerJoin('case_audit_auditors as aa', 'aa.audit_id', 'a.id').where('aa.user_id', '=', actor.id).orderBy('a.starts_at', 'desc').execute();
      const at = now();
      return rows.map((r) => ({ ...r, status: auditStatusAt({ startsAt: r.starts_at, endsAt: r.ends_at, closedAt: r.closed_at }, at) }));
    },

    /**
     * An audit's page. The board sees its criteria, counts, auditors and figures, never a case; a named auditor also
     * sees the sampled cases while their access is in force (each listed case audited as read).
     */
    async view(actor: Actor, auditId: string) {
      const row = await findAudit(auditId);
      const manager = mayManage(actor);
      const auditor = await isAuditor(row.id, actor.id);
      if (!manager && !auditor) throw forbidden('Only the board and the audit’s named auditors can open a case audit.');
      const at = now();
      const dates = { startsAt: row.starts_at, endsAt: row.ends_at, closedAt: row.closed_at };
      const auditors = await db
        .selectFrom('case_audit_auditors as aa')
        .innerJoin('users as u', 'u.id', 'aa.user_id')
        .innerJoin('agencies as g', 'g.id', 'u.agency_id')
        .select(['u.id', 'u.display_name', 'g.name as agency_name'])
        .select((eb) => eb.selectFrom('case_audit_findings as f').select((e) => e.fn.countAll<number>().as('n')).whereRef('f.audit_id', '=', 'aa.audit_id').whereRef('f.auditor_id', '=', 'aa.user_id').as('recorded'))
        .where('aa.audit_id', '=', row.id)
        .orderBy('u.display_name')
        .execute();
      const active = auditAccessActiveAt(dates, at);
      const cases =
        auditor && active
          ? await db
              .selectFrom('case_audit_cases as ac')
              .innerJoin('cases as k', 'k.id', 'ac.case_id')
              .innerJoin('children as c', 'c.id', 'k.child_id')
              .leftJoin('case_audit_findings as f', (j) => j.onRef('f.audit_id', '=', 'ac.audit_id').onRef('f.case_id', '=', 'ac.case_id').on('f.auditor_id', '=', actor.id))
              .select(['k.id', 'k.reference', 'k.child_id', 'c.given_name', 'c.family_name', 'c.known_as', 'f.updated_at as finding_saved_at'])
              .where('ac.audit_id', '=', row.id)
              .orderBy('ac.position')
              .execute()
          : [];
      const criteria = row.criteria as unknown as SampleCriteria;
      const [authority, agency] = await Promise.all([
        criteria.localAuthorityId ? db.selectFrom('local_authorities').select('name').where('id', '=', criteria.localAuthorityId).executeTakeFirst() : undefined,
        criteria.agencyId ? db.selectFrom('agencies').select('name').where('id', '=', criteria.agencyId).executeTakeFirst() : undefined,
      ]);
      return {
        audit: { ...row, status: auditStatusAt(dates, at), active },
        criteria: { ...criteria, authorityName: authority?.name ?? null, agencyName: agency?.name ?? null },
        auditors: auditors.map((a) => ({ ...a, recorded: Number(a.recorded) })),
        cases,
        manager,
        auditor,
        figures: await auditFindingFigures(db, { from: null, to: null, localAuthorityId: null, auditId: row.id }),
      };
    },

    /** Closing ends every auditor's access at once (the gate reads closed_at). */
    async close(actor: Actor, auditId: string, version: number, audit: AuditContext) {
      if (!mayManage(actor)) throw forbidden('Case audits are closed by the board analyst or the board manager.');
      const row = await findAudit(auditId);
      if (row.closed_at) return;
      const at = now();
      await db.transaction().execute(async (trx) => {
        const updated = await trx.updateTable('case_audits').set({ closed_at: at, closed_by: actor.id, version: row.version + 1 }).where('id', '=', row.id).where('version', '=', version).where('closed_at', 'is', null).returning('id').executeTakeFirst();
        if (!updated) throw new AuditRefused([{ field: 'close', message: 'This audit was changed since you opened it: check it and try again' }], 409);
        await recordAudit(trx, audit, { action: 'case-audit.closed', entityType: 'case_audit', entityId: row.id });
      });
    },

    /**
     * Opens one sampled case for a finding: the auditor must be named on the audit and the case in its sample, and
     * the case is opened through the gate (audited as a read with its basis, refused once access has ended).
     */
    async openFinding(actor: Actor, auditId: string, caseId: string, audit: AuditContext) {
      const row = await findAudit(auditId);
      if (!(await isAuditor(row.id, actor.id))) throw forbidden('Only the audit’s named auditors record findings.');
      if (!UUID.test(caseId)) throw notFound('Case');
      const sampled = await db.selectFrom('case_audit_cases').select('case_id').where('audit_id', '=', row.id).where('case_id', '=', caseId).executeTakeFirst();
      if (!sampled) throw notFound('Case in this audit');
      const at = now();
      if (!auditAccessActiveAt({ startsAt: row.starts_at, endsAt: row.ends_at, closedAt: row.closed_at }, at)) throw forbidden('This audit has ended: its findings can no longer be recorded or read here.');
      const { kase, decision } = await readCase(db, actor, caseId, audit, 'case.audit-finding', at);
      return { audit: row, kase, basis: decision.basis, finding: await findingOf(row.id, caseId, actor.id) };
    },

    /** The saved finding, read after a stale save was refused (outside its rolled-back transaction). */
    savedFinding: (actor: Actor, auditId: string, caseId: string) => findingOf(auditId, caseId, actor.id),

    /** Saves a finding; a save from a version that has since been replaced is refused, showing both. */
    async saveFinding(actor: Actor, auditId: string, caseId: string, input: FindingInput, audit: AuditContext) {
      const { audit: row, kase } = await service.openFinding(actor, auditId, caseId, audit);
      const at = now();
      const grades = Object.fromEntries(THEMES.map((t) => [t, { grade: input[COLUMNS[t].field], comment: input[`${COLUMNS[t].field}Comment`] }]));
      const values = Object.fromEntries(THEMES.flatMap((t) => [[COLUMNS[t].grade, input[COLUMNS[t].field]], [COLUMNS[t].comment, input[`${COLUMNS[t].field}Comment`]]])) as Record<string, string>;
      return db.transaction().execute(async (trx) => {
        const existing = await trx.selectFrom('case_audit_findings').select(['id', 'version']).where('audit_id', '=', row.id).where('case_id', '=', caseId).where('auditor_id', '=', actor.id).forUpdate().executeTakeFirst();
        let findingId: string;
        let version: number;
        if (!existing) {
          if (input.version !== 0) throw new FindingConflict();
          const inserted = await trx
            .insertInto('case_audit_findings')
            .values(Object.assign({ audit_id: row.id, case_id: caseId, auditor_id: actor.id, recorded_at: at, updated_at: at }, values) as never)
            .onConflict((oc) => oc.columns(['audit_id', 'case_id', 'auditor_id']).doNothing())
            .returning('id')
            .executeTakeFirst();
          // Another save of the same auditor's first finding got there first.
          if (!inserted) throw new FindingConflict();
          findingId = inserted.id;
          version = 1;
        } else {
          if (existing.version !== input.version) throw new FindingConflict();
          version = existing.version + 1;
          findingId = existing.id;
          await trx.updateTable('case_audit_findings').set(Object.assign({ updated_at: at, version }, values) as never).where('id', '=', existing.id).execute();
        }
        await trx.insertInto('case_audit_finding_versions').values({ finding_id: findingId, version, grades: JSON.stringify(grades), saved_by: actor.id, saved_at: at }).execute();
        await recordAudit(trx, audit, { action: 'case-audit.finding-saved', entityType: 'case_audit_finding', entityId: findingId, childId: kase.childId, details: { auditId: row.id, caseId, version } });
        return { findingId, version };
      });
    },
  };
  return service;
}
export type CaseAuditService = ReturnType<typeof createCaseAuditService>;
