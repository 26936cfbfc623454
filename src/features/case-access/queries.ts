// All of the access model's SQL: the case header, and the facts decideCaseAccess needs about one person and a case
// (network, meeting invitation, break-glass, board case audit, transfer), asked by one builder for every caller.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor, CaseAccessFacts } from '../../domain/access/access.ts';
import { CATALOGUE } from '../../domain/risk/catalogue.ts';
import { traffickingFlag } from '../../domain/risk/trafficking.ts';
import { visibleTo } from '../cases/queries-visibility.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';

/** Indicators that raise the trafficking flag (the same rule as traffickingFlag, as a list for SQL). */
const TRAFFICKING_INDICATOR_IDS = CATALOGUE.filter((i) => traffickingFlag([{ indicatorId: i.id }]).flagged).map((i) => i.id);


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
  /** Set by the gates: the actor can see a trafficking indicator on this case (identity-bar flag). */
  traffickingVisible?: boolean;
  /** Set by the gates: the actor can see an open missing episode on this case (identity-bar flag). */
  missingNowVisible?: boolean;
  /** Set by the gates: when the child left, for that open episode; null when there is none the actor may see. */
  missingSince?: Date | null;
};

export async function findCaseHeader(db: Kysely<Database>, caseId: string): Promise<CaseHeader | null> {
  if (!isRecordId(caseId)) return null;
  const row = await db
    .selectFrom('cases')
    .select(['id', 'reference', 'child_id', 'local_authority_id', 'lead_professional_id', 'manager_id', 'version'])
    .where('id', '=', caseId)
    .executeTakeFirst();
  return row
    ? { id: row.id, reference: row.reference, childId: row.child_id, localAuthorityId: row.local_authority_id, leadProfessionalId: row.lead_professional_id, managerId: row.manager_id, version: row.version }
    : null;
}

/** What a caller asks for beyond the access facts: the names that tell children apart, or what a gate needs. */
type Extras = {
  /** The case's team and local authority names (lists that say whom to contact). */
  names?: boolean;
  /** The case's status, the identity bar's flags and a whole-summary sharing decision: what the gates need. */
  gate?: boolean;
};

type FactsRow = {
  id: string; reference: string; child_id: string; local_authority_id: string; lead_professional_id: string | null; manager_id: string | null; version: number;
  in_network: boolean; break_glass: boolean; invited: boolean; audit_access: boolean; receiving_coordinator: boolean; transferred_from: string[] | null;
  team_name?: string | null; la_name?: string;
  status?: 'open' | 'closed'; trafficking?: boolean; missing_since?: Date | null; summary_shared?: boolean;
};

/**
 * The one query of the access model: a row per existing case among `caseIds`, with its header and the facts about
 * `actor` at `now`, in one round trip however many cases. The decision itself stays decideCaseAccess.
 */
async function casesWithAccessFacts(db: Kysely<Database>, actor: Actor, caseIds: readonly string[], now: Date, extras: Extras = {}) {
  const ids = [...new Set(caseIds.filter((id) => isRecordId(id)))];
  if (ids.length === 0) return [];
  const result = await sql<FactsRow>`
    select k.id, k.reference, k.child_id, k.local_authority_id, k.lead_professional_id, k.manager_id, k.version,
      exists (select 1 from case_network where case_id = k.id and user_id = ${actor.id} and removed_at is null) as in_network,
      exists (select 1 from break_glass_grants where case_id = k.id and user_id = ${actor.id} and expires_at > ${now}) as break_glass,
      -- Invitees to one of the case's meetings (not cancelled) may open the case (DESIGN.md, access model).
      exists (
        select 1 from meeting_invitees mi
        join meeting_cases mc on mc.meeting_id = mi.meeting_id
        join meetings m on m.id = mi.meeting_id
        where mc.case_id = k.id and mi.user_id = ${actor.id} and m.status <> 'cancelled'
      ) as invited,
      -- A board case audit's read access (staffordshire 55-56): a named auditor of an audit that sampled the case,
      -- drawn before now, not ended and not closed. The rule of auditAccessActiveAt (src/domain/case-audits/rules.ts),
      -- asked at read time so nothing has to run to end it.
      exists (
        select 1 from case_audit_cases ac
        join case_audits a on a.id = ac.audit_id
        join case_audit_auditors aa on aa.audit_id = a.id
        where ac.case_id = k.id and aa.user_id = ${actor.id}
          and a.starts_at <= ${now} and a.ends_at > ${now} and (a.closed_at is null or a.closed_at > ${now})
      ) as audit_access,
      -- Transfer between authorities (issue 15): the named receiving coordinator of the open request, and the
      -- authorities that transferred the case out by accepted requests.
      exists (select 1 from case_transfers t where t.case_id = k.id and t.status = 'requested' and t.receiving_coordinator_id = ${actor.id}) as receiving_coordinator,
      array(select distinct t.from_local_authority_id from case_transfers t where t.case_id = k.id and t.status = 'accepted') as transferred_from
      ${extras.names ? sql`, tm.name as team_name, la.name as la_name` : sql``}
      ${extras.gate ? gateColumns(actor) : sql``}
    from cases k
    ${extras.names ? sql`join local_authorities la on la.id = k.local_authority_id left join teams tm on tm.id = k.team_id` : sql``}
    where k.id = any(${ids}::uuid[])`.execute(db);
  return result.rows;
}

/** The identity bar's flags count only records the actor may see (trafficking indicators, an open missing episode). */
function gateColumns(actor: Actor) {
  return sql`, k.status,
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
      -- A whole case summary shared with this person, by name or by their agency, by a decision in force (issue 13).
      exists (
        select 1 from info_sharing_items si
        join info_sharing_decisions sd on sd.id = si.decision_id and sd.status = 'in-force'
        join info_sharing_recipients sr on sr.decision_id = sd.id
        where sd.case_id = k.id and si.record_type = 'case-summary' and (sr.user_id = ${actor.id} or sr.agency_id = ${actor.agencyId})
      ) as summary_shared`;
}

function headerOf(row: FactsRow): CaseHeader {
  return { id: row.id, reference: row.reference, childId: row.child_id, localAuthorityId: row.local_authority_id, leadProfessionalId: row.lead_professional_id, managerId: row.manager_id, version: row.version };
}

function factsOf(row: FactsRow): CaseAccessFacts {
  return {
    caseLocalAuthorityId: row.local_authority_id, inNetwork: row.in_network, invitedToMeeting: row.invited, breakGlassActive: row.break_glass, auditAccessActive: row.audit_access,
    receivingCoordinator: row.receiving_coordinator, transferredFrom: row.transferred_from ?? [],
  };
}

/** The access facts about one person and one case. */
export async function accessFacts(db: Kysely<Database>, actor: Actor, kase: Pick<CaseHeader, 'id' | 'localAuthorityId'>, now: Date): Promise<CaseAccessFacts> {
  const [row] = await casesWithAccessFacts(db, actor, [kase.id], now);
  // A case header names a case that exists; should it have gone, no basis of access is left.
  return row ? factsOf(row) : { caseLocalAuthorityId: kase.localAuthorityId, inNetwork: false, invitedToMeeting: false, breakGlassActive: false, auditAccessActive: false, receivingCoordinator: false, transferredFrom: [] };
}

/**
 * The same facts for many cases in one query (set-based, for "who else is linked?" and lists that tell children
 * apart): one entry per case that exists, with what the caller needs to name the child or say whom to contact.
 */
export async function accessFactsForCases(db: Kysely<Database>, actor: Actor, caseIds: readonly string[], now: Date) {
  const rows = await casesWithAccessFacts(db, actor, caseIds, now, { names: true });
  return new Map(rows.map((row) => [row.id, { kase: headerOf(row), facts: factsOf(row), teamName: row.team_name ?? null, localAuthorityName: row.la_name! }]));
}

/** What a gate needs, in one round trip (it runs on every case page): the header with its flags, and the facts. */
export async function caseForGate(db: Kysely<Database>, actor: Actor, caseId: string, now: Date): Promise<{ kase: CaseHeader; facts: CaseAccessFacts } | null> {
  const [row] = await casesWithAccessFacts(db, actor, [caseId], now, { gate: true });
  if (!row) return null;
  return {
    kase: { ...headerOf(row), status: row.status!, traffickingVisible: row.trafficking!, missingNowVisible: row.missing_since != null, missingSince: row.missing_since ?? null },
    facts: { ...factsOf(row), summaryShared: row.summary_shared! },
  };
}
