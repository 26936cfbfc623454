// All of the SQL of the Risk page and the coordinator's view; each function takes the database or the transaction
// first. Readers have already passed readCase() (or hold the coordinator's area role); observations are filtered by
// sharing level in SQL, so hidden ones never leave the database and are never counted.
import { sql } from 'kysely';
import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import type { ActionsTable, CategoryDecisionsTable, ChildLinksTable, CseReferralsTable, Database, NrmConsiderationsTable, RiskObservationsTable } from '../../platform/database/schema.ts';
import type { Actor, SharingLevel } from '../../domain/access/access.ts';
import { holdsAreaRoleFor } from '../../domain/access/access.ts';
import type { RiskCategory } from '../../domain/risk/catalogue.ts';
import { visibleTo } from '../cases/queries-visibility.ts';

/** The observations of a case this actor may see (mirrors canSeeEntry), newest observed first. */
export async function visibleObservations(db: Kysely<Database>, actor: Actor, caseId: string) {
  return db
    .selectFrom('risk_observations as o')
    .innerJoin('agencies as a', 'a.id', 'o.agency_id')
    .innerJoin('users as u', 'u.id', 'o.recorded_by')
    .select([
      'o.id',
      'o.indicator_id',
      'o.observed_on',
      'o.how_known',
      'o.note',
      'o.sharing_level',
      'o.shared_with',
      'o.agency_id',
      'o.recorded_by',
      'o.created_at',
      'o.version',
      'a.name as agency_name',
      'u.display_name as recorded_by_name',
    ])
    .where('o.case_id', '=', caseId)
    .where(visibleTo(actor, 'o', 'recorded_by', 'risk_observation'))
    .orderBy('o.observed_on', 'desc')
    .orderBy('o.created_at', 'desc')
    .execute();
}
export type VisibleObservation = Awaited<ReturnType<typeof visibleObservations>>[number];

export async function categoryHistory(db: Kysely<Database>, caseId: string) {
  return db
    .selectFrom('category_decisions as d')
    .innerJoin('users as u', 'u.id', 'd.decided_by')
    .select(['d.id', 'd.category', 'd.previous_category', 'd.suggested_category', 'd.differs_reason', 'd.rationale', 'd.age_band', 'd.decided_at', 'd.cse_referral_id', 'u.display_name as decided_by_name'])
    .where('d.case_id', '=', caseId)
    .orderBy('d.decided_at')
    .orderBy('d.id')
    .execute();
}

export async function caseReferrals(db: Kysely<Database>, caseId: string) {
  return db
    .selectFrom('cse_referrals as r')
    .innerJoin('users as by', 'by.id', 'r.referred_by')
    .leftJoin('users as dec', 'dec.id', 'r.decided_by')
    .select(['r.id', 'r.status', 'r.reason', 'r.referred_at', 'r.referred_by', 'r.decided_at', 'r.decision_reason', 'r.version', 'by.display_name as referred_by_name', 'dec.display_name as decided_by_name'])
    .where('r.case_id', '=', caseId)
    .orderBy('r.referred_at', 'desc')
    .execute();
}

export async function nrmConsiderations(db: Kysely<Database>, caseId: string) {
  return db
    .selectFrom('nrm_considerations as n')
    .innerJoin('users as u', 'u.id', 'n.decided_by')
    .select(['n.id', 'n.outcome', 'n.reason', 'n.decided_at', 'u.display_name as decided_by_name'])
    .where('n.case_id', '=', caseId)
    .orderBy('n.decided_at', 'desc')
    .execute();
}

/** Children linked to this child, in either direction, with their open case (if any). */
export async function childLinks(db: Kysely<Database>, childIds: readonly string[]) {
  if (childIds.length === 0) return [];
  const rows = await sql<{
    id: string;
    child_id: string;
    other_child_id: string;
    reason: string;
    recorded_at: Date;
    recorded_by_name: string;
    case_id: string | null;
    reference: string | null;
    local_authority_id: string | null;
    given_name: string | null;
    family_name: string | null;
    known_as: string | null;
  }>`
    with pairs as (
      select l.id, l.child_id as child_id, l.linked_child_id as other_child_id, l.reason, l.recorded_at, l.recorded_by from child_links l
      where l.child_id in (${sql.join(childIds)})
      union all
      select l.id, l.linked_child_id, l.child_id, l.reason, l.recorded_at, l.recorded_by from child_links l
      where l.linked_child_id in (${sql.join(childIds)})
    )
    select p.id, p.child_id, p.other_child_id, p.reason, p.recorded_at, u.display_name as recorded_by_name,
           k.id as case_id, k.reference, k.local_authority_id, ch.given_name, ch.family_name, ch.known_as
    from pairs p
    join users u on u.id = p.recorded_by
    join children ch on ch.id = p.other_child_id
    left join lateral (select id, reference, local_authority_id from cases where child_id = p.other_child_id and status = 'open' order by opened_at desc limit 1) k on true
    order by p.recorded_at`.execute(db);
  return rows.rows;
}

/** Open cases the actor may open (network member, or area role for the authority), for the link form. */
export async function linkableCases(db: Kysely<Database>, actor: Actor, exceptChildId: string) {
  let query = db
    .selectFrom('cases')
    .innerJoin('children', 'children.id', 'cases.child_id')
    .select(['cases.id', 'cases.reference', 'cases.child_id', 'children.given_name', 'children.family_name', 'children.known_as'])
    .where('cases.status', '=', 'open')
    .where('cases.child_id', '<>', exceptChildId);
  const areaAuthority = actor.localAuthorityId && holdsAreaRoleFor(actor, actor.localAuthorityId) ? actor.localAuthorityId : null;
  query = query.where((eb) =>
    eb.or([
      eb.exists(eb.selectFrom('case_network as n').select('n.id').whereRef('n.case_id', '=', 'cases.id').where('n.user_id', '=', actor.id).where('n.removed_at', 'is', null)),
      ...(areaAuthority ? [eb('cases.local_authority_id', '=', areaAuthority)] : []),
    ]),
  );
  return query.orderBy('cases.reference').limit(500).execute();
}

/** The CSE coordinator's area: open cases with a category, awaiting referrals with their clocks. */
export async function coordinatorOverview(db: Kysely<Database>, localAuthorityId: string) {
  const [categorised, awaiting, referredByFrontDoor] = await Promise.all([
    db
      .selectFrom('cases')
      .innerJoin('children', 'children.id', 'cases.child_id')
      .leftJoin('users as lead', 'lead.id', 'cases.lead_professional_id')
      .select(['cases.id', 'cases.reference', 'cases.child_id', 'cases.category', 'cases.category_decided_at', 'children.given_name', 'children.family_name', 'children.known_as', 'children.date_of_birth', 'lead.display_name as lead_name'])
      .where('cases.local_authority_id', '=', localAuthorityId)
      .where('cases.status', '=', 'open')
      .where('cases.category', 'is not', null)
      .orderBy('cases.category', 'desc')
      .orderBy('cases.reference')
      .execute(),
    db
      .selectFrom('cse_referrals as r')
      .innerJoin('cases', 'cases.id', 'r.case_id')
      .innerJoin('children', 'children.id', 'cases.child_id')
      .innerJoin('users as by', 'by.id', 'r.referred_by')
      .select([
        'r.id',
        'r.referred_at',
        'cases.id as case_id',
        'cases.reference',
        'cases.child_id',
        'cases.category',
        'children.given_name',
        'children.family_name',
        'children.known_as',
        'by.display_name as referred_by_name',
        sql<Date | null>`(select min(k.due_at) from clocks k where k.case_id = cases.id and k.stopped_at is null and k.rule_id = 'cse-referral-decision')`.as('due_at'),
      ])
      .where('cases.local_authority_id', '=', localAuthorityId)
      .where('r.status', '=', 'awaiting')
      .orderBy('r.referred_at')
      .execute(),
    // The front door may send a case straight to the coordinator (triage decision 'refer-to-cse-coordinator'):
    // its decision clock runs without a referral row here, and the coordinator decides the category directly.
    db
      .selectFrom('clocks as k')
      .innerJoin('cases', 'cases.id', 'k.case_id')
      .innerJoin('children', 'children.id', 'cases.child_id')
      .select(['cases.id as case_id', 'cases.reference', 'cases.child_id', 'cases.category', 'children.given_name', 'children.family_name', 'children.known_as', 'k.started_at', 'k.due_at'])
      .where('cases.local_authority_id', '=', localAuthorityId)
      .where('cases.status', '=', 'open')
      .where('k.rule_id', '=', 'cse-referral-decision')
      .where('k.stopped_at', 'is', null)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('cse_referrals as r').select('r.id').whereRef('r.case_id', '=', 'cases.id').where('r.status', '=', 'awaiting'))))
      .orderBy('k.due_at')
      .execute(),
  ]);
  const childIds = [...new Set([...categorised.map((c) => c.child_id), ...awaiting.map((a) => a.child_id), ...referredByFrontDoor.map((a) => a.child_id)])];
  const links = await childLinks(db, childIds);
  return { categorised, awaiting, referredByFrontDoor, links };
}

export async function activeCoordinators(db: Kysely<Database>, localAuthorityId: string) {
  return db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select(['users.id'])
    .where('user_roles.role', '=', 'cse-coordinator')
    .where('users.active', '=', true)
    .where('users.local_authority_id', '=', localAuthorityId)
    .execute();
}

/** The chronology entry a risk record writes inside its transaction (network-shared unless the record is not). */
export async function writeChronologyEntry(trx: Transaction<Database>, values: { childId: string; caseId: string; at: Date; kind: string; title: string; summary: string; actor: Actor; recordType: string; recordId: string; sharingLevel?: SharingLevel; sharedWith?: string[] }) {
  await trx
    .insertInto('chronology_entries')
    .values({
      child_id: values.childId,
      case_id: values.caseId,
      occurred_at: values.at,
      kind: values.kind,
      title: values.title,
      summary: values.summary.slice(0, 2000),
      agency_id: values.actor.agencyId,
      author_id: values.actor.id,
      sharing_level: values.sharingLevel ?? 'network',
      shared_with: values.sharedWith ?? [],
      record_type: values.recordType,
      record_id: values.recordId,
    })
    .execute();
}

/** The kind of the actor's agency (police, health ...), which sets who may refer and where sharing starts. */
export const agencyOf = (db: Kysely<Database>, agencyId: string) => db.selectFrom('agencies').select('kind').where('id', '=', agencyId).executeTakeFirst();

export const userDisplayName = (trx: Kysely<Database>, userId: string) => trx.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirst();

// Observations, NRM considerations and links between children.

/** Which of these people are in the case's current professional network. */
export const networkMembersAmong = (trx: Kysely<Database>, caseId: string, userIds: readonly string[]) =>
  trx.selectFrom('case_network').select('user_id').where('case_id', '=', caseId).where('removed_at', 'is', null).where('user_id', 'in', userIds).execute();

export const insertObservation = (trx: Kysely<Database>, values: Insertable<RiskObservationsTable>) => trx.insertInto('risk_observations').values(values).returning('id').executeTakeFirstOrThrow();

export const insertNrmConsideration = (trx: Kysely<Database>, values: Insertable<NrmConsiderationsTable>) => trx.insertInto('nrm_considerations').values(values).returning('id').executeTakeFirstOrThrow();

/** The other case a link names, as the case gate needs it. */
export const caseForLink = (trx: Kysely<Database>, caseId: string) => trx.selectFrom('cases').select(['id', 'reference', 'child_id', 'local_authority_id', 'lead_professional_id', 'manager_id', 'version']).where('id', '=', caseId).executeTakeFirst();

export const insertChildLink = (trx: Kysely<Database>, values: Insertable<ChildLinksTable>) => trx.insertInto('child_links').values(values).returning('id').executeTakeFirstOrThrow();

// CSE referrals and category decisions.

/** The case's referral waiting for the coordinator's decision, if any. */
export const awaitingReferral = (trx: Kysely<Database>, caseId: string) => trx.selectFrom('cse_referrals').select('id').where('case_id', '=', caseId).where('status', '=', 'awaiting').executeTakeFirst();

export const insertCseReferral = (trx: Kysely<Database>, values: Insertable<CseReferralsTable>) => trx.insertInto('cse_referrals').values(values).returning('id').executeTakeFirstOrThrow();

/** A referral of the case with who made it. */
export const referralOfCase = (db: Kysely<Database>, caseId: string, referralId: string) =>
  db
    .selectFrom('cse_referrals as r')
    .innerJoin('users as u', 'u.id', 'r.referred_by')
    .select(['r.id', 'r.status', 'r.reason', 'r.referred_at', 'r.referred_by', 'r.version', 'r.decided_at', 'r.decision_reason', 'u.display_name as referred_by_name'])
    .where('r.id', '=', referralId)
    .where('r.case_id', '=', caseId)
    .executeTakeFirst();

/** The referral's state, locked for its decision. */
export const lockReferral = (trx: Kysely<Database>, referralId: string) => trx.selectFrom('cse_referrals').select(['status', 'version', 'decided_by', 'decided_at']).where('id', '=', referralId).forUpdate().executeTakeFirstOrThrow();

export const updateReferral = (trx: Kysely<Database>, referralId: string, values: Updateable<CseReferralsTable>) => trx.updateTable('cse_referrals').set(values).where('id', '=', referralId).execute();

/** The case's version, locked for a change. */
export const lockCaseVersion = (trx: Kysely<Database>, caseId: string) => trx.selectFrom('cases').select('version').where('id', '=', caseId).forUpdate().executeTakeFirstOrThrow();

export const setCaseVersion = (trx: Kysely<Database>, caseId: string, version: number) => trx.updateTable('cases').set({ version }).where('id', '=', caseId).execute();

/** The case's latest category decision, with who made it. */
export const latestCategoryDecision = (trx: Kysely<Database>, caseId: string) =>
  trx
    .selectFrom('category_decisions as d')
    .innerJoin('users as u', 'u.id', 'd.decided_by')
    .select(['d.category', 'd.decided_at', 'd.rationale', 'u.display_name'])
    .where('d.case_id', '=', caseId)
    .orderBy('d.decided_at', 'desc')
    .limit(1)
    .executeTakeFirst();

/** The case's version, category and lead, with the child's age, the case locked for a category decision. */
export const lockCaseForCategory = (trx: Kysely<Database>, caseId: string) =>
  trx
    .selectFrom('cases')
    .innerJoin('children', 'children.id', 'cases.child_id')
    .select(['cases.version', 'cases.category', 'cases.lead_professional_id', 'children.date_of_birth', 'children.approximate_age'])
    .where('cases.id', '=', caseId)
    .forUpdate('cases')
    .executeTakeFirstOrThrow();

export const insertCategoryDecision = (trx: Kysely<Database>, values: Insertable<CategoryDecisionsTable>) => trx.insertInto('category_decisions').values(values).returning('id').executeTakeFirstOrThrow();

/** Sets the case's category only if the case is still at the version it was read at. */
export const setCaseCategory = (trx: Kysely<Database>, caseId: string, expectedVersion: number, category: RiskCategory, at: Date) =>
  trx
    .updateTable('cases')
    .set({ category, category_decided_at: at, version: sql<number>`version + 1` })
    .where('id', '=', caseId)
    .where('version', '=', expectedVersion)
    .execute();

/** The case's running clock of one of these rules that falls due first. */
export const firstRunningClock = (trx: Kysely<Database>, caseId: string, ruleIds: readonly string[]) =>
  trx.selectFrom('clocks').select(['id', 'due_at']).where('case_id', '=', caseId).where('stopped_at', 'is', null).where('rule_id', 'in', ruleIds).orderBy('due_at').executeTakeFirst();

/** The first due date among these clocks. */
export const firstDueOf = (trx: Kysely<Database>, clockIds: readonly string[]) => trx.selectFrom('clocks').select('due_at').where('id', 'in', clockIds).orderBy('due_at').executeTakeFirstOrThrow();

/** An open action of the case from a decision with this title. */
export const openDecisionAction = (trx: Kysely<Database>, caseId: string, title: string) =>
  trx.selectFrom('actions').select('id').where('case_id', '=', caseId).where('status', '=', 'open').where('source_type', '=', 'decision').where('title', '=', title).executeTakeFirst();

export const insertAction = (trx: Kysely<Database>, values: Insertable<ActionsTable>) => trx.insertInto('actions').values(values).returning('id').executeTakeFirstOrThrow();
