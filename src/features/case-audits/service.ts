// Board case audits (issue 14; staffordshire 55-56; PROCEDURES.md step 11). A board analyst or board manager draws a
// random sample of cases by criteria, seeing only how many cases matched and were drawn; named auditors (people who
// do casework, often from other agencies) get read-only access to just those cases until the end date or the closing
// (decided at read time by the case access gate, basis 'audit-access'); they record findings per case against a short
// template, versioned; the findings roll up into figures with small counts suppressed.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { NON_CASEWORK_ROLES, can } from '../../domain/access/access.ts';
import type { Role } from '../../domain/access/roles.ts';
import { addDays, endOfLondonDay, londonDateOf } from '../../domain/clock/index.ts';
import { MAX_AUDIT_DAYS, THEMES, auditAccessActiveAt, auditStatusAt, checkCriteria, drawSample, eligibleDigest } from '../../domain/case-audits/rules.ts';
import type { Grade, SampleCriteria, Theme } from '../../domain/case-audits/rules.ts';
import type { FieldRefusal } from '../../platform/web/refusals.ts';
import { Refused } from '../../platform/web/refusals.ts';
import { forbidden, notFound } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { readCase } from '../case-access/service.ts';
import {
  activeAgencies,
  activePeopleWithRoles,
  agencyName,
  allAudits,
  auditorOf,
  auditorsOfAudit,
  auditorsOfCase,
  auditsNaming,
  auditsOfAuditor,
  caseAudit,
  caseOverview,
  closeAudit,
  eligibleCaseIds as eligibleCases,
  findingGradeCounts,
  findingOf as findingRow,
  insertAuditors,
  insertCaseAudit,
  insertFindingVersion,
  insertFirstFinding,
  insertSampledCases,
  localAuthorities,
  localAuthorityName,
  lockFinding,
  sampledCase,
  sampledCasesFor,
  updateFinding,
} from './queries.ts';
import type { DrawInput, FindingInput } from './schemas.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';

export class AuditRefused extends Refused {}

/** A stale save of a finding: the version the auditor started from was replaced. */
export class FindingConflict extends Error {
  constructor() {
    super('This finding was changed since you opened it');
  }
}

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
export const eligibleCaseIds = (db: Kysely<Database>, c: SampleCriteria): Promise<string[]> => eligibleCases(db, c);

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
  const rows = await findingGradeCounts(db, filter);
  const themes = THEMES.map((theme) => ({ theme, counts: { good: 0, 'requires-improvement': 0, inadequate: 0 } as Record<Grade, number> }));
  for (const r of rows) themes.find((t) => t.theme === r.theme)!.counts[r.grade] = Number(r.n);
  const findings = Object.values(themes[0]!.counts).reduce((a, b) => a + b, 0);
  return { findings, themes };
}

/** The audits someone is a named auditor on and whose access is in force, for their work list. */
export async function myCaseAudits(db: Kysely<Database>, userId: string, now: Date) {
  const rows = await auditsOfAuditor(db, userId);
  return rows
    .filter((r) => auditAccessActiveAt({ startsAt: r.starts_at, endsAt: r.ends_at, closedAt: r.closed_at }, now))
    .map((r) => ({ id: r.id, title: r.title, endsOn: r.ends_on, cases: Number(r.cases), recorded: Number(r.recorded) }));
}

/** The audits that sampled a case, with their auditors and dates, for the case's access record. */
export async function caseAuditAccessRecord(db: Kysely<Database>, caseId: string, now: Date) {
  const rows = await auditorsOfCase(db, caseId);
  return rows.map((r) => ({ ...r, status: auditStatusAt({ startsAt: r.starts_at, endsAt: r.ends_at, closedAt: r.closed_at }, now) }));
}

export function createCaseAuditService(deps: { db: Kysely<Database>; now: () => Date }) {
  const { db, now } = deps;

  async function findAudit(auditId: string) {
    if (!isRecordId(auditId)) throw notFound('Case audit');
    const row = await caseAudit(db, auditId);
    if (!row) throw notFound('Case audit');
    return row;
  }

  async function isAuditor(auditId: string, userId: string) {
    return Boolean(await auditorOf(db, auditId, userId));
  }

  async function findingOf(auditId: string, caseId: string, auditorId: string): Promise<FindingRow | null> {
    const row = await findingRow(db, auditId, caseId, auditorId);
    if (!row) return null;
    const grades = Object.fromEntries(THEMES.map((t) => [t, { grade: row[COLUMNS[t].grade], comment: row[COLUMNS[t].comment] }])) as FindingRow['grades'];
    return { id: row.id, version: row.version, updated_at: row.updated_at, grades };
  }

  const service = {
    mayManage,

    /** The choices of the draw form: areas, agencies, and the people who may be named auditors. */
    async formOptions() {
      const [authorities, agencies, people] = await Promise.all([
        localAuthorities(db),
        activeAgencies(db),
        activePeopleWithRoles(db),
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
        const row = await insertCaseAudit(trx, { title: input.title, criteria: JSON.stringify(criteria), seed, eligible_count: eligible.length, eligible_digest: digest, sample_size: sample.length, created_by: actor.id, starts_at: at, ends_on: input.endsOn!, ends_at: endOfLondonDay(input.endsOn!) });
        await insertSampledCases(trx, row.id, sample);
        await insertAuditors(trx, row.id, auditorIds, actor.id, at);
        // The seed, the criteria and the eligible set's digest make the draw reproducible; identifiers only.
        await recordAudit(trx, audit, { action: 'case-audit.drawn', entityType: 'case_audit', entityId: row.id, details: { criteria, seed, eligibleCount: eligible.length, eligibleDigest: digest, drawn: sample.length, auditors: auditorIds } });
        return { auditId: row.id, eligible: eligible.length, drawn: sample.length };
      });
    },

    /** The audits a person may open: all of them for the board, their own for an auditor. */
    async list(actor: Actor) {
      const rows = mayManage(actor) ? await allAudits(db) : await auditsNaming(db, actor.id);
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
      const auditors = await auditorsOfAudit(db, row.id);
      const active = auditAccessActiveAt(dates, at);
      const cases = auditor && active ? await sampledCasesFor(db, row.id, actor.id) : [];
      const criteria = row.criteria as unknown as SampleCriteria;
      const [authority, agency] = await Promise.all([
        criteria.localAuthorityId ? localAuthorityName(db, criteria.localAuthorityId) : undefined,
        criteria.agencyId ? agencyName(db, criteria.agencyId) : undefined,
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
        const updated = await closeAudit(trx, row, version, actor.id, at);
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
      if (!isRecordId(caseId)) throw notFound('Case');
      const sampled = await sampledCase(db, row.id, caseId);
      if (!sampled) throw notFound('Case in this audit');
      const at = now();
      if (!auditAccessActiveAt({ startsAt: row.starts_at, endsAt: row.ends_at, closedAt: row.closed_at }, at)) throw forbidden('This audit has ended: its findings can no longer be recorded or read here.');
      const { kase, decision } = await readCase(db, actor, caseId, audit, 'case.audit-finding', at);
      return { audit: row, kase, basis: decision.basis, finding: await findingOf(row.id, caseId, actor.id) };
    },

    /** The sampled case's reference and child's names, for the finding's page (opened through openFinding first). */
    caseOverview: (caseId: string) => caseOverview(db, caseId),

    /** The saved finding, read after a stale save was refused (outside its rolled-back transaction). */
    savedFinding: (actor: Actor, auditId: string, caseId: string) => findingOf(auditId, caseId, actor.id),

    /** Saves a finding; a save from a version that has since been replaced is refused, showing both. */
    async saveFinding(actor: Actor, auditId: string, caseId: string, input: FindingInput, audit: AuditContext) {
      const { audit: row, kase } = await service.openFinding(actor, auditId, caseId, audit);
      const at = now();
      const grades = Object.fromEntries(THEMES.map((t) => [t, { grade: input[COLUMNS[t].field], comment: input[`${COLUMNS[t].field}Comment`] }]));
      const values = Object.fromEntries(THEMES.flatMap((t) => [[COLUMNS[t].grade, input[COLUMNS[t].field]], [COLUMNS[t].comment, input[`${COLUMNS[t].field}Comment`]]])) as Record<string, string>;
      return db.transaction().execute(async (trx) => {
        const existing = await lockFinding(trx, row.id, caseId, actor.id);
        let findingId: string;
        let version: number;
        if (!existing) {
          if (input.version !== 0) throw new FindingConflict();
          const inserted = await insertFirstFinding(trx, Object.assign({ audit_id: row.id, case_id: caseId, auditor_id: actor.id, recorded_at: at, updated_at: at }, values));
          // Another save of the same auditor's first finding got there first.
          if (!inserted) throw new FindingConflict();
          findingId = inserted.id;
          version = 1;
        } else {
          if (existing.version !== input.version) throw new FindingConflict();
          version = existing.version + 1;
          findingId = existing.id;
          await updateFinding(trx, existing.id, Object.assign({ updated_at: at, version }, values));
        }
        await insertFindingVersion(trx, { finding_id: findingId, version, grades: JSON.stringify(grades), saved_by: actor.id, saved_at: at });
        await recordAudit(trx, audit, { action: 'case-audit.finding-saved', entityType: 'case_audit_finding', entityId: findingId, childId: kase.childId, details: { auditId: row.id, caseId, version } });
        return { findingId, version };
      });
    },
  };
  return service;
}
export type CaseAuditService = ReturnType<typeof createCaseAuditService>;
