// All of the SQL of board case audits: the cases a sample is drawn from, the audits, their sampled cases, auditors,
// findings and the findings' figures. Every function takes the database or the transaction first; the service
// decides and audits, these only read and write.
import { sql } from 'kysely';
import type { Insertable, Kysely } from 'kysely';
import type { CaseAuditsTable, Database } from '../../platform/database/schema.ts';
import { endOfLondonDay, startOfLondonDay } from '../../domain/clock/index.ts';
import type { Grade, SampleCriteria, Theme } from '../../domain/case-audits/rules.ts';

type Db = Kysely<Database>;

/** The cases that meet the criteria, by id. */
export async function eligibleCaseIds(db: Db, c: SampleCriteria): Promise<string[]> {
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

/** How many findings gave each theme each grade, by when they were last saved, their case's area and their audit. */
export async function findingGradeCounts(db: Db, filter: { from: Date | null; to: Date | null; localAuthorityId: string | null; auditId?: string }) {
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
  return rows.rows;
}

/** The audits someone is a named auditor on, with how many cases each sampled and how many findings they recorded. */
export const auditsOfAuditor = (db: Db, userId: string) =>
  db
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

/** The audits that sampled a case, one row for each of their auditors. */
export const auditorsOfCase = (db: Db, caseId: string) =>
  db
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

export const caseAudit = (db: Db, auditId: string) => db.selectFrom('case_audits').selectAll().where('id', '=', auditId).executeTakeFirst();

export const auditorOf = (db: Db, auditId: string, userId: string) =>
  db.selectFrom('case_audit_auditors').select('user_id').where('audit_id', '=', auditId).where('user_id', '=', userId).executeTakeFirst();

export const findingOf = (db: Db, auditId: string, caseId: string, auditorId: string) =>
  db.selectFrom('case_audit_findings').selectAll().where('audit_id', '=', auditId).where('case_id', '=', caseId).where('auditor_id', '=', auditorId).executeTakeFirst();

export const localAuthorities = (db: Db) => db.selectFrom('local_authorities').select(['id', 'name']).orderBy('name').execute();

export const activeAgencies = (db: Db) => db.selectFrom('agencies').select(['id', 'name']).where('active', '=', true).orderBy('name').execute();

/** Active people with their agency and roles, by name. */
export const activePeopleWithRoles = (db: Db) =>
  db
    .selectFrom('users')
    .innerJoin('agencies', 'agencies.id', 'users.agency_id')
    .select(['users.id', 'users.display_name', 'users.job_title', 'agencies.name as agency_name'])
    .select((eb) => eb.selectFrom('user_roles').select(sql<string[]>`array_agg(role)`.as('roles')).whereRef('user_roles.user_id', '=', 'users.id').as('roles'))
    .where('users.active', '=', true)
    .orderBy('users.display_name')
    .execute();

export const insertCaseAudit = (trx: Db, values: Insertable<CaseAuditsTable>) => trx.insertInto('case_audits').values(values).returning('id').executeTakeFirstOrThrow();

export const insertSampledCases = (trx: Db, auditId: string, caseIds: readonly string[]) =>
  trx.insertInto('case_audit_cases').values(caseIds.map((caseId, position) => ({ audit_id: auditId, case_id: caseId, position }))).execute();

export const insertAuditors = (trx: Db, auditId: string, userIds: readonly string[], addedBy: string, at: Date) =>
  trx.insertInto('case_audit_auditors').values(userIds.map((userId) => ({ audit_id: auditId, user_id: userId, added_by: addedBy, added_at: at }))).execute();

const auditColumns = ['a.id', 'a.title', 'a.starts_at', 'a.ends_on', 'a.ends_at', 'a.closed_at', 'a.sample_size', 'a.eligible_count'] as const;

export const allAudits = (db: Db) => db.selectFrom('case_audits as a').select(auditColumns).orderBy('a.starts_at', 'desc').execute();

export const auditsNaming = (db: Db, userId: string) =>
  db.selectFrom('case_audits as a').select(auditColumns).innerJoin('case_audit_auditors as aa', 'aa.audit_id', 'a.id').where('aa.user_id', '=', userId).orderBy('a.starts_at', 'desc').execute();

/** The audit's auditors with their agency and how many findings each recorded, by name. */
export const auditorsOfAudit = (db: Db, auditId: string) =>
  db
    .selectFrom('case_audit_auditors as aa')
    .innerJoin('users as u', 'u.id', 'aa.user_id')
    .innerJoin('agencies as g', 'g.id', 'u.agency_id')
    .select(['u.id', 'u.display_name', 'g.name as agency_name'])
    .select((eb) => eb.selectFrom('case_audit_findings as f').select((e) => e.fn.countAll<number>().as('n')).whereRef('f.audit_id', '=', 'aa.audit_id').whereRef('f.auditor_id', '=', 'aa.user_id').as('recorded'))
    .where('aa.audit_id', '=', auditId)
    .orderBy('u.display_name')
    .execute();

/** The sampled cases in their drawn order, with their child and when this auditor last saved a finding on each. */
export const sampledCasesFor = (db: Db, auditId: string, auditorId: string) =>
  db
    .selectFrom('case_audit_cases as ac')
    .innerJoin('cases as k', 'k.id', 'ac.case_id')
    .innerJoin('children as c', 'c.id', 'k.child_id')
    .leftJoin('case_audit_findings as f', (j) => j.onRef('f.audit_id', '=', 'ac.audit_id').onRef('f.case_id', '=', 'ac.case_id').on('f.auditor_id', '=', auditorId))
    .select(['k.id', 'k.reference', 'k.child_id', 'c.given_name', 'c.family_name', 'c.known_as', 'f.updated_at as finding_saved_at'])
    .where('ac.audit_id', '=', auditId)
    .orderBy('ac.position')
    .execute();

export const localAuthorityName = (db: Db, localAuthorityId: string) => db.selectFrom('local_authorities').select('name').where('id', '=', localAuthorityId).executeTakeFirst();

export const agencyName = (db: Db, agencyId: string) => db.selectFrom('agencies').select('name').where('id', '=', agencyId).executeTakeFirst();

/** Closes the audit only if it is still open and at the version it was read at (answers nothing if not). */
export const closeAudit = (trx: Db, audit: { id: string; version: number }, expectedVersion: number, closedBy: string, at: Date) =>
  trx
    .updateTable('case_audits')
    .set({ closed_at: at, closed_by: closedBy, version: audit.version + 1 })
    .where('id', '=', audit.id)
    .where('version', '=', expectedVersion)
    .where('closed_at', 'is', null)
    .returning('id')
    .executeTakeFirst();

export const sampledCase = (db: Db, auditId: string, caseId: string) => db.selectFrom('case_audit_cases').select('case_id').where('audit_id', '=', auditId).where('case_id', '=', caseId).executeTakeFirst();

export const lockFinding = (trx: Db, auditId: string, caseId: string, auditorId: string) =>
  trx.selectFrom('case_audit_findings').select(['id', 'version']).where('audit_id', '=', auditId).where('case_id', '=', caseId).where('auditor_id', '=', auditorId).forUpdate().executeTakeFirst();

/** The auditor's first finding on the case (its grade and comment columns named by theme), unless a racing save made it first (answers nothing then). */
export const insertFirstFinding = (trx: Db, values: Record<string, unknown>) =>
  trx
    .insertInto('case_audit_findings')
    .values(values as never)
    .onConflict((oc) => oc.columns(['audit_id', 'case_id', 'auditor_id']).doNothing())
    .returning('id')
    .executeTakeFirst();

export const updateFinding = (trx: Db, findingId: string, values: Record<string, unknown>) =>
  trx.updateTable('case_audit_findings').set(values as never).where('id', '=', findingId).execute();

export const insertFindingVersion = (trx: Db, values: { finding_id: string; version: number; grades: string; saved_by: string; saved_at: Date }) =>
  trx.insertInto('case_audit_finding_versions').values(values).execute();

/** The sampled case's reference and child's names, for the finding's page. */
export const caseOverview = (db: Db, caseId: string) =>
  db
    .selectFrom('cases')
    .innerJoin('children', 'children.id', 'cases.child_id')
    .select(['cases.reference', 'children.given_name', 'children.family_name', 'children.known_as'])
    .where('cases.id', '=', caseId)
    .executeTakeFirstOrThrow();
