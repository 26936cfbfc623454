// All of the SQL of information-sharing decisions and of the shared case summary. Every function takes the database or
// the transaction first; the service authorises and decides, these only read and write.
import { sql } from 'kysely';
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { hasRole } from '../../domain/access/access.ts';
import { visibleTo, planVisibleTo } from '../cases/queries-visibility.ts';

type Db = Kysely<Database>;

/** A team manager of the child's area, or the designated safeguarding lead of the requesting agency. */
function approverPredicate(actor: Actor, decisionAlias: string, caseAlias: string) {
  const manager = hasRole(actor, 'team-manager') && actor.localAuthorityId ? sql`${sql.ref(`${caseAlias}.local_authority_id`)} = ${actor.localAuthorityId}` : sql`false`;
  const dsl = hasRole(actor, 'designated-safeguarding-lead') ? sql`${sql.ref(`${decisionAlias}.requested_agency_id`)} = ${actor.agencyId}` : sql`false`;
  return sql<boolean>`(${sql.ref(`${decisionAlias}.requested_by`)} <> ${actor.id} and (${manager} or ${dsl}))`;
}

// ---- What a decision may cover, and whom it may name ---------------------------------------------------------------

/** The case's records of the actor's own agency that they may see and that are not shared with the whole network, newest first. */
export async function ownUnsharedRecords(db: Db, actor: Actor, caseId: string) {
  const [observations, entries, links, minutes, plans] = await Promise.all([
    db.selectFrom('risk_observations as o').select(['o.id', 'o.indicator_id', 'o.observed_on'])
      .where('o.case_id', '=', caseId).where('o.agency_id', '=', actor.agencyId).where('o.sharing_level', '<>', 'network')
      .where(visibleTo(actor, 'o', 'recorded_by', 'risk_observation')).orderBy('o.observed_on', 'desc').execute(),
    db.selectFrom('chronology_entries as e').select(['e.id', 'e.title', 'e.occurred_at'])
      .where('e.case_id', '=', caseId).where('e.agency_id', '=', actor.agencyId).where('e.sharing_level', '<>', 'network').where('e.record_type', 'is', null)
      .where(visibleTo(actor, 'e', 'author_id', 'chronology-entry')).orderBy('e.occurred_at', 'desc').execute(),
    db.selectFrom('intel_links as l').innerJoin('intel_entities as ie', 'ie.id', 'l.entity_id').select(['l.id', 'l.nature', 'ie.label'])
      .where('l.case_id', '=', caseId).where('l.removed_at', 'is', null).where('l.agency_id', '=', actor.agencyId).where('l.sharing_level', '<>', 'network')
      .where(visibleTo(actor, 'l', 'author_id', 'intelligence-link')).orderBy('l.created_at', 'desc').execute(),
    db.selectFrom('meeting_information as i').innerJoin('meeting_cases as mc', 'mc.meeting_id', 'i.meeting_id').select(['i.id', 'i.item'])
      .where('mc.case_id', '=', caseId).where('i.agency_id', '=', actor.agencyId).where('i.sharing_level', '<>', 'network')
      .where(visibleTo(actor, 'i', 'author_id', 'meeting-information')).orderBy('i.created_at', 'desc').execute(),
    db.selectFrom('plans as p').select(['p.id', 'p.plan_type'])
      .where('p.case_id', '=', caseId).where('p.agency_id', '=', actor.agencyId).where('p.sharing_level', '<>', 'network')
      .where(planVisibleTo(actor, 'p')).orderBy('p.created_at', 'desc').execute(),
  ]);
  return { observations, entries, links, minutes, plans };
}

/** Every record of the case this actor may see now (through the same predicate as every list). */
export async function visibleRecords(db: Db, actor: Actor, caseId: string) {
  const [observations, entries, links, minutes, plans] = await Promise.all([
    db.selectFrom('risk_observations as o').select(['o.id', 'o.indicator_id', 'o.observed_on']).where('o.case_id', '=', caseId).where(visibleTo(actor, 'o', 'recorded_by', 'risk_observation')).execute(),
    db.selectFrom('chronology_entries as e').select(['e.id', 'e.title']).where('e.case_id', '=', caseId).where('e.record_type', 'is', null).where(visibleTo(actor, 'e', 'author_id', 'chronology-entry')).execute(),
    db.selectFrom('intel_links as l').innerJoin('intel_entities as ie', 'ie.id', 'l.entity_id').select(['l.id', 'l.nature', 'ie.label']).where('l.case_id', '=', caseId).where(visibleTo(actor, 'l', 'author_id', 'intelligence-link')).execute(),
    db.selectFrom('meeting_information as i').innerJoin('meeting_cases as mc', 'mc.meeting_id', 'i.meeting_id').select(['i.id', 'i.item']).where('mc.case_id', '=', caseId).where(visibleTo(actor, 'i', 'author_id', 'meeting-information')).execute(),
    db.selectFrom('plans as p').select(['p.id', 'p.plan_type']).where('p.case_id', '=', caseId).where(planVisibleTo(actor, 'p')).execute(),
  ]);
  return { observations, entries, links, minutes, plans };
}

/** Every agency but this one, by name. */
export const otherAgencies = (db: Db, agencyId: string) => db.selectFrom('agencies').select(['id', 'name']).where('id', '<>', agencyId).orderBy('name').execute();

export const childAgeFacts = (db: Db, childId: string) => db.selectFrom('children').select(['date_of_birth', 'approximate_age']).where('id', '=', childId).executeTakeFirstOrThrow();

// ---- Decisions -------------------------------------------------------------------------------------------------------

/** The case's decisions this actor may see (their agency's, those they may approve, those that share with them), newest first. */
export const visibleDecisionsOfCase = (db: Db, actor: Actor, caseId: string) =>
  db
    .selectFrom('info_sharing_decisions as d')
    .innerJoin('cases as k', 'k.id', 'd.case_id')
    .innerJoin('users as requester', 'requester.id', 'd.requested_by')
    .innerJoin('agencies as ra', 'ra.id', 'd.requested_agency_id')
    .leftJoin('users as decider', 'decider.id', 'd.decided_by')
    .leftJoin('users as withdrawer', 'withdrawer.id', 'd.withdrawn_by')
    .selectAll('d')
    .select(['requester.display_name as requested_by_name', 'ra.name as requested_agency_name', 'decider.display_name as decided_by_name', 'withdrawer.display_name as withdrawn_by_name', 'k.reference', 'k.local_authority_id'])
    .where((eb) =>
      eb.or([
        eb('d.requested_by', '=', actor.id),
        eb('d.requested_agency_id', '=', actor.agencyId),
        eb.and([eb('d.requested_by', '<>', actor.id), approverPredicate(actor, 'd', 'k')]),
        sql<boolean>`(d.status in ('in-force', 'withdrawn') and exists (select 1 from info_sharing_recipients r where r.decision_id = d.id and (r.kind = 'network' or r.user_id = ${actor.id} or r.agency_id = ${actor.agencyId})))`,
      ]),
    )
    .where('d.case_id', '=', caseId)
    .orderBy('d.requested_at', 'desc')
    .execute();

export const itemsOfDecisions = (db: Db, decisionIds: string[]) => db.selectFrom('info_sharing_items').selectAll().where('decision_id', 'in', decisionIds).execute();

/** The recipients of decisions, with the names of the agencies and people. */
export const recipientsOfDecisions = (db: Db, decisionIds: string[]) =>
  db.selectFrom('info_sharing_recipients as r').leftJoin('agencies as a', 'a.id', 'r.agency_id').leftJoin('users as u', 'u.id', 'r.user_id').leftJoin('agencies as ua', 'ua.id', 'u.agency_id')
    .select(['r.decision_id', 'r.kind', 'a.name as agency_name', 'u.display_name', 'ua.name as user_agency_name']).where('r.decision_id', 'in', decisionIds).execute();

/** How many decisions of the case there are in each status. */
export const decisionCountsOfCase = (db: Db, caseId: string) =>
  db
    .selectFrom('info_sharing_decisions')
    .select(['status', sql<number>`count(*)::int`.as('n')])
    .where('case_id', '=', caseId)
    .groupBy('status')
    .execute();

export const decisionOfCase = (db: Db, caseId: string, decisionId: string) => db.selectFrom('info_sharing_decisions').select('id').where('id', '=', decisionId).where('case_id', '=', caseId).executeTakeFirst();

/** What deciding who may approve needs of a decision of the case. */
export const approvalFacts = (trx: Db, caseId: string, decisionId: string) =>
  trx.selectFrom('info_sharing_decisions').select(['id', 'requested_by', 'requested_agency_id', 'status']).where('id', '=', decisionId).where('case_id', '=', caseId).executeTakeFirst();

export const requestingAgencyOf = (trx: Db, caseId: string, decisionId: string) =>
  trx.selectFrom('info_sharing_decisions').select(['id', 'requested_agency_id']).where('id', '=', decisionId).where('case_id', '=', caseId).executeTakeFirst();

export const lockDecision = (trx: Db, caseId: string, decisionId: string) => trx.selectFrom('info_sharing_decisions').selectAll().where('id', '=', decisionId).where('case_id', '=', caseId).forUpdate().executeTakeFirst();

/** How many pending requests this actor may approve. */
export const pendingCountForApprover = (db: Db, actor: Actor) =>
  db.selectFrom('info_sharing_decisions as d').innerJoin('cases as k', 'k.id', 'd.case_id').select(sql<number>`count(*)::int`.as('n')).where('d.status', '=', 'pending').where(approverPredicate(actor, 'd', 'k')).executeTakeFirst();

/** The first 100 pending requests this actor may approve, oldest first. */
export const pendingForApprover = (db: Db, actor: Actor) =>
  db
    .selectFrom('info_sharing_decisions as d')
    .innerJoin('cases as k', 'k.id', 'd.case_id')
    .innerJoin('users as requester', 'requester.id', 'd.requested_by')
    .innerJoin('agencies as ra', 'ra.id', 'd.requested_agency_id')
    .select(['d.id', 'd.case_id', 'd.basis', 'd.requested_at', 'k.reference', 'requester.display_name as requested_by_name', 'ra.name as requested_agency_name'])
    .where('d.status', '=', 'pending')
    .where(approverPredicate(actor, 'd', 'k'))
    .orderBy('d.requested_at')
    .limit(100)
    .execute();

export const insertDecision = (trx: Db, values: Insertable<Database['info_sharing_decisions']>) => trx.insertInto('info_sharing_decisions').values(values).returning('id').executeTakeFirstOrThrow();

export const insertDecisionItems = (trx: Db, values: Insertable<Database['info_sharing_items']>[]) => trx.insertInto('info_sharing_items').values(values).execute();

export const insertDecisionRecipients = (trx: Db, values: Insertable<Database['info_sharing_recipients']>[]) => trx.insertInto('info_sharing_recipients').values(values).execute();

/** Changes the decision only if it is still at the version it was read at. */
export const updateDecision = (trx: Db, row: { id: string; version: number }, values: Updateable<Database['info_sharing_decisions']>) =>
  trx.updateTable('info_sharing_decisions').set(values).where('id', '=', row.id).where('version', '=', row.version).execute();

export const insertSharingChronologyEntry = (trx: Db, values: Insertable<Database['chronology_entries']>) => trx.insertInto('chronology_entries').values(values).execute();

// ---- The shared case summary ---------------------------------------------------------------------------------------

/** What the shared summary shows: the child's identity, the case's header, its network-level plans and its network. */
export async function sharedSummaryFacts(db: Db, kase: { id: string; childId: string }) {
  const [child, header, plans, network] = await Promise.all([
    db.selectFrom('children').select(['given_name', 'family_name', 'known_as', 'date_of_birth', 'approximate_age']).where('id', '=', kase.childId).executeTakeFirstOrThrow(),
    db.selectFrom('cases').innerJoin('local_authorities as la', 'la.id', 'cases.local_authority_id').select(['cases.reference', 'cases.category', 'cases.status', 'la.name as local_authority_name', 'la.profile_id']).where('cases.id', '=', kase.id).executeTakeFirstOrThrow(),
    // Network-level plans only: an agency-only plan is never on the summary, whatever the viewer's own agency.
    db.selectFrom('plans').select(['id', 'plan_type', 'updated_at', 'current_version']).where('case_id', '=', kase.id).where('sharing_level', '=', 'network').where('ended_at', 'is', null).orderBy('created_at').execute(),
    db
      .selectFrom('case_network as n')
      .innerJoin('users as u', 'u.id', 'n.user_id')
      .leftJoin('agencies as a', 'a.id', 'u.agency_id')
      .select(['u.display_name', 'a.name as agency_name', 'n.role_in_case'])
      .where('n.case_id', '=', kase.id)
      .where('n.removed_at', 'is', null)
      .orderBy('u.display_name')
      .execute(),
  ]);
  return { child, header, plans, network };
}
