import { sql } from 'kysely';
// The one gate to a child's case: every route that touches a child asks here, and every answer, yes or no,
// is written to the audit trail.
import type { Kysely, RawBuilder } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import { decideCaseAccess } from '../../domain/access/access.ts';
import type { Actor, CaseAccessDecision, CaseAccessFacts } from '../../domain/access/access.ts';
import { HttpError, notFound } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/audit-trail.ts';
import type { AuditContext } from '../audit/audit-trail.ts';
import { CATALOGUE } from '../../domain/risk/catalogue.ts';
import { traffickingFlag } from '../../domain/risk/trafficking.ts';
import { visibleTo } from './visible-to.ts';
import { CLOSED_CASE_MESSAGE, closedCaseRefuses } from '../../domain/case-lifecycle/closed-case.ts';

/** Indicators that raise the trafficking flag (the same rule as traffickingFlag, as a list for SQL). */
const TRAFFICKING_INDICATOR_IDS = CATALOGUE.filter((i) => traffickingFlag([{ indicatorId: i.id }]).flagged).map((i) => i.id);

export const BREAK_GLASS_HOURS = 4;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type CaseHeader = {
  id: string;
  reference: string;
  childId: string;
  localAuthorityId: string;
  leadProfessionalId: string | null;
  managerId: string | null;
  version: number;
  /** Open or closed (issue 15): a closed case is read but takes no new casework (closedCaseRefuses). */
  status?: 'open' | 'closed';
  /** Set by authoriseCase: the actor can see a trafficking indicator on this case (identity-bar flag). */
  traffickingVisible?: boolean;
  /** Set by authoriseCase: the actor can see an open missing episode on this case (identity-bar flag). */
  missingNowVisible?: boolean;
  /** Set by authoriseCase: when the child left, for that open episode; null when there is none the actor may see. */
  missingSince?: Date | null;
};

export class CaseAccessDenied extends HttpError {
  caseId: string;
  decision: Extract<CaseAccessDecision, { allowed: false }>;
  constructor(caseId: string, decision: Extract<CaseAccessDecision, { allowed: false }>) {
    super(403, 'case-access-denied', 'You do not have access to this child’s case', decision.message);
    this.caseId = caseId;
    this.decision = decision;
  }
}

export async function findCaseHeader(db: Kysely<Database>, caseId: string): Promise<CaseHeader | null> {
  if (!UUID.test(caseId)) return null;
  const row = await db
    .selectFrom('cases')
    .select(['id', 'reference', 'child_id', 'local_authority_id', 'lead_professional_id', 'manager_id', 'version'])
    .where('id', '=', caseId)
    .executeTakeFirst();
  return row
    ? { id: row.id, reference: row.reference, childId: row.child_id, localAuthorityId: row.local_authority_id, leadProfessionalId: row.lead_professional_id, managerId: row.manager_id, version: row.version }
    : null;
}

/**
 * A board case audit's read access (staffordshire 55-56): the actor is a named auditor of an audit that sampled the
 * case, drawn before `now`, whose end date has not passed and which is not closed. The same rule as
 * auditAccessActiveAt in src/domain/case-audits/rules.ts, asked at read time so nothing has to run to end it.
 */
function auditAccessSql(caseId: string | RawBuilder<unknown>, userId: string, now: Date) {
  return sql<boolean>`exists (
        select 1 from case_audit_cases ac
        join case_audits a on a.id = ac.audit_id
        join case_audit_auditors aa on aa.audit_id = a.id
        where ac.case_id = ${caseId} and aa.user_id = ${userId}
          and a.starts_at <= ${now} and a.ends_at > ${now} and (a.closed_at is null or a.closed_at > ${now})
      )`;
}

type TransferFactRow = { receiving_coordinator: boolean; transferred_from: string[] | null };

/**
 * Transfer between authorities (issue 15): whether the actor is the named receiving coordinator of the case's open
 * request, and the authorities that transferred it out by accepted requests (through case_transfers_case).
 */
function transferFacts(caseId: RawBuilder<unknown>, actor: Actor) {
  return sql`exists (select 1 from case_transfers t where t.case_id = ${caseId} and t.status = 'requested' and t.receiving_coordinator_id = ${actor.id}) as receiving_coordinator,
      array(select distinct t.from_local_authority_id from case_transfers t where t.case_id = ${caseId} and t.status = 'accepted') as transferred_from`;
}

/** The three facts of the access model about one person and one case, in one round trip. */
export async function accessFacts(db: Kysely<Database>, actor: Actor, kase: CaseHeader, now: Date) {
  const row = await sql<{ in_network: boolean; break_glass: boolean; invited: boolean; audit_access: boolean } & TransferFactRow>`
    select
      exists (select 1 from case_network where case_id = ${kase.id} and user_id = ${actor.id} and removed_at is null) as in_network,
      ${auditAccessSql(kase.id, actor.id, now)} as audit_access,
      exists (select 1 from break_glass_grants where case_id = ${kase.id} and user_id = ${actor.id} and expires_at > ${now}) as break_glass,
      -- Invitees to one of the case's meetings (not cancelled) may open the case (DESIGN.md, access model).
      exists (
        select 1 from meeting_invitees mi
        join meeting_cases mc on mc.meeting_id = mi.meeting_id
        join meetings m on m.id = mi.meeting_id
        where mc.case_id = ${kase.id} and mi.user_id = ${actor.id} and m.status <> 'cancelled'
      ) as invited,
      ${transferFacts(sql`${kase.id}::uuid`, actor)}`.execute(db);
  const facts = row.rows[0]!;
  return {
    caseLocalAuthorityId: kase.localAuthorityId, inNetwork: facts.in_network, invitedToMeeting: facts.invited, breakGlassActive: facts.break_glass, auditAccessActive: facts.audit_access,
    receivingCoordinator: facts.receiving_coordinator, transferredFrom: facts.transferred_from ?? [],
  };
}

/**
 * The same three facts for many cases in one query (set-based, for "who else is linked?" and lists that tell
 * children apart): one row per case that exists, with what the caller needs to name the child or say whom to
 * contact. The decision itself stays decideCaseAccess, applied to each row's facts.
 */
export async function accessFactsForCases(db: Kysely<Database>, actor: Actor, caseIds: readonly string[], now: Date) {
  const ids = [...new Set(caseIds.filter((id) => UUID.test(id)))];
  if (ids.length === 0) return new Map<string, { kase: CaseHeader; facts: CaseAccessFacts; teamName: string | null; localAuthorityName: string }>();
  const result = await sql<{
    id: string; reference: string; child_id: string; local_authority_id: string; lead_professional_id: string | null; manager_id: string | null; version: number;
    team_name: string | null; la_name: string; in_network: boolean; break_glass: boolean; invited: boolean; audit_access: boolean;
  } & TransferFactRow>`
    select k.id, k.reference, k.child_id, k.local_authority_id, k.lead_professional_id, k.manager_id, k.version, t.name as team_name, la.name as la_name,
      exists (select 1 from case_network where case_id = k.id and user_id = ${actor.id} and removed_at is null) as in_network,
      exists (select 1 from break_glass_grants where case_id = k.id and user_id = ${actor.id} and expires_at > ${now}) as break_glass,
      exists (
        select 1 from meeting_invitees mi
        join meeting_cases mc on mc.meeting_id = mi.meeting_id
        join meetings m on m.id = mi.meeting_id
        where mc.case_id = k.id and mi.user_id = ${actor.id} and m.status <> 'cancelled'
      ) as invited,
      ${auditAccessSql(sql.ref('k.id'), actor.id, now)} as audit_access,
      ${transferFacts(sql.ref('k.id'), actor)}
    from cases k
    join local_authorities la on la.id = k.local_authority_id
    left join teams t on t.id = k.team_id
    where k.id = any(${ids}::uuid[])`.execute(db);
  return new Map(
    result.rows.map((row) => [
      row.id,
      {
        kase: { id: row.id, reference: row.reference, childId: row.child_id, localAuthorityId: row.local_authority_id, leadProfessionalId: row.lead_professional_id, managerId: row.manager_id, version: row.version },
        facts: {
          caseLocalAuthorityId: row.local_authority_id, inNetwork: row.in_network, invitedToMeeting: row.invited, breakGlassActive: row.break_glass, auditAccessActive: row.audit_access,
          receivingCoordinator: row.receiving_coordinator, transferredFrom: row.transferred_from ?? [],
        } satisfies CaseAccessFacts,
        teamName: row.team_name,
        localAuthorityName: row.la_name,
      },
    ]),
  );
}

/**
 * The gate to a case: 404 when it does not exist, 403 (audited, with the way to get access) when the access
 * model says no. A change to the case writes its own audit row in its transaction, so success is not audited here.
 */
export async function authoriseCase(
  db: Kysely<Database>,
  actor: Actor,
  caseId: string,
  audit: AuditContext,
  action: string,
  now: Date = new Date(),
): Promise<{ kase: CaseHeader; decision: Extract<CaseAccessDecision, { allowed: true }> }> {
  const found = await caseWithAccessFacts(db, actor, caseId, now);
  if (!found) throw notFound('Case');
  const { kase, facts } = found;
  // The action decides whether the narrow transfer bases apply (TRANSFER_READS): every write and every other read is asked as before.
  const decision = decideCaseAccess(actor, facts, action);
  if (!decision.allowed) {
    await recordAudit(db, audit, { action, entityType: 'case', entityId: kase.id, childId: kase.childId, outcome: 'denied', details: { code: decision.code } });
    throw new CaseAccessDenied(kase.id, decision);
  }
  return { kase, decision };
}

/**
 * The case header, the access facts and the identity bar's flags in one round trip: this runs on every case page.
 * The facts are the same as accessFacts(); the flags count only records the actor may see (trafficking indicators,
 * an open missing episode).
 */
async function caseWithAccessFacts(db: Kysely<Database>, actor: Actor, caseId: string, now: Date) {
  if (!UUID.test(caseId)) return null;
  const result = await sql<{
    id: string; reference: string; child_id: string; local_authority_id: string; lead_professional_id: string | null; manager_id: string | null; version: number; status: 'open' | 'closed';
    in_network: boolean; break_glass: boolean; invited: boolean; audit_access: boolean; trafficking: boolean; missing_since: Date | null; summary_shared: boolean;
  } & TransferFactRow>`
    select k.id, k.reference, k.child_id, k.local_authority_id, k.lead_professional_id, k.manager_id, k.version, k.status,
      exists (select 1 from case_network where case_id = k.id and user_id = ${actor.id} and removed_at is null) as in_network,
      ${auditAccessSql(sql.ref('k.id'), actor.id, now)} as audit_access,
      exists (select 1 from break_glass_grants where case_id = k.id and user_id = ${actor.id} and expires_at > ${now}) as break_glass,
      exists (
        select 1 from meeting_invitees mi
        join meeting_cases mc on mc.meeting_id = mi.meeting_id
        join meetings m on m.id = mi.meeting_id
        where mc.case_id = k.id and mi.user_id = ${actor.id} and m.status <> 'cancelled'
      ) as invited,
      exists (
        select 1 from risk_observations o
        where o.case_id = k.id and o.indicator_id = any(${TRAFFICKING_INDICATOR_IDS}::text[])
          and ${visibleTo(actor, 'o', 'recorded_by', 'risk_observation')}
      ) as trafficking,
      -- At most one open episode per case (a partial unique index), found through that index.
      (
        select me.left_at from missing_episodes me
        where me.case_id = k.id and me.child_id = k.child_id and me.returned_at is null
          and ${visibleTo(actor, 'me', 'reported_by', 'missing-episode')}
      ) as missing_since,
      ${transferFacts(sql.ref('k.id'), actor)},
      -- A whole case summary shared with this person, by name or by their agency, by a decision in force (issue 13).
      exists (
        select 1 from info_sharing_items si
        join info_sharing_decisions sd on sd.id = si.decision_id and sd.status = 'in-force'
        join info_sharing_recipients sr on sr.decision_id = sd.id
        where sd.case_id = k.id and si.record_type = 'case-summary' and (sr.user_id = ${actor.id} or sr.agency_id = ${actor.agencyId})
      ) as summary_shared
    from cases k where k.id = ${caseId}`.execute(db);
  const row = result.rows[0];
  if (!row) return null;
  return {
    kase: {
      id: row.id,
      reference: row.reference,
      childId: row.child_id,
      localAuthorityId: row.local_authority_id,
      leadProfessionalId: row.lead_professional_id,
      managerId: row.manager_id,
      version: row.version,
      status: row.status,
      traffickingVisible: row.trafficking,
      missingNowVisible: row.missing_since !== null,
      missingSince: row.missing_since,
    },
    facts: {
      caseLocalAuthorityId: row.local_authority_id, inNetwork: row.in_network, invitedToMeeting: row.invited, breakGlassActive: row.break_glass, auditAccessActive: row.audit_access,
      receivingCoordinator: row.receiving_coordinator, transferredFrom: row.transferred_from ?? [], summaryShared: row.summary_shared,
    },
  };
}

/** Opens a case to read it: the gate above, and the read itself audited with the basis of access. */
export async function openCase(
  db: Kysely<Database>,
  actor: Actor,
  caseId: string,
  audit: AuditContext,
  purpose: string,
  now: Date = new Date(),
): Promise<{ kase: CaseHeader; decision: Extract<CaseAccessDecision, { allowed: true }> }> {
  const opened = await authoriseCase(db, actor, caseId, audit, `case.${purpose}`, now);
  const { kase, decision } = opened;
  await refuseIfClosed(db, kase, audit, 'open', `case.${purpose}`);
  await recordAudit(db, audit, { action: `case.${purpose}`, entityType: 'case', entityId: kase.id, childId: kase.childId, outcome: 'success', details: { basis: decision.basis } });
  return opened;
}

/** A change refused because the case is closed (issue 15): the page says so and links to reopening it. */
export class CaseClosed extends HttpError {
  caseId: string;
  link: { href: string; text: string };
  constructor(caseId: string) {
    super(409, 'case-closed', 'This case is closed', CLOSED_CASE_MESSAGE);
    this.caseId = caseId;
    this.link = { href: `/cases/${caseId}/lifecycle`, text: 'Reopen the case (closing and reopening)' };
  }
}

/** The closed-case rule at a gate: a refusal writes nothing but its audit row. */
export async function refuseIfClosed(db: Kysely<Database>, kase: CaseHeader, audit: AuditContext, gate: 'write' | 'open', action: string): Promise<void> {
  if (!kase.status || !closedCaseRefuses(kase.status, gate, action)) return;
  await recordAudit(db, audit, { action, entityType: 'case', entityId: kase.id, childId: kase.childId, outcome: 'denied', details: { code: 'case-closed' } });
  throw new CaseClosed(kase.id);
}
