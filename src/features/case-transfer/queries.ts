// All of the SQL of transfers between authorities. Every function takes the database or the transaction first; the
// service decides and authorises, these only read and write.
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { CaseTransfersTable, Database } from '../../platform/database/schema.ts';

type Db = Kysely<Database>;

export function transferById(db: Db, transferId: string, lock = false) {
  let q = db.selectFrom('case_transfers').selectAll().where('id', '=', transferId);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** Who may answer or withdraw a transfer: its receiving coordinator, and the authority that asked. */
export const transferParties = (db: Db, transferId: string) =>
  db.selectFrom('case_transfers').select(['receiving_coordinator_id', 'from_local_authority_id']).where('id', '=', transferId).executeTakeFirst();

export const authorityNameById = (db: Db, id: string) => db.selectFrom('local_authorities').select('name').where('id', '=', id).executeTakeFirst();

export const insertTransferChronologyEntry = (trx: Db, values: Insertable<Database['chronology_entries']>) => trx.insertInto('chronology_entries').values(values).execute();

export const otherAuthorities = (db: Db, localAuthorityId: string) => db.selectFrom('local_authorities').select(['id', 'name']).where('id', '<>', localAuthorityId).orderBy('name').execute();

/** The active CSE coordinators of these authorities, by name. */
export const activeCoordinatorsOf = (db: Db, localAuthorityIds: string[]) =>
  db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select(['users.id', 'users.display_name', 'users.local_authority_id'])
    .where('user_roles.role', '=', 'cse-coordinator')
    .where('users.active', '=', true)
    .where('users.local_authority_id', 'in', localAuthorityIds)
    .orderBy('users.display_name')
    .execute();

/** Every transfer request of the case, newest first, with the names of the authorities and people in it. */
export const transferHistory = (db: Db, caseId: string) =>
  db
    .selectFrom('case_transfers as t')
    .innerJoin('local_authorities as f', 'f.id', 't.from_local_authority_id')
    .innerJoin('local_authorities as d', 'd.id', 't.to_local_authority_id')
    .innerJoin('users as rc', 'rc.id', 't.receiving_coordinator_id')
    .innerJoin('users as rq', 'rq.id', 't.requested_by')
    .leftJoin('users as ab', 'ab.id', 't.answered_by')
    .select(['t.id', 't.status', 't.requested_at', 't.respond_by', 't.answered_at', 't.answer_reason', 't.reason', 't.version', 't.from_local_authority_id', 't.to_local_authority_id', 'f.name as from_name', 'd.name as to_name', 'rc.display_name as coordinator_name', 'rq.display_name as requested_by_name', 'ab.display_name as answered_by_name'])
    .where('t.case_id', '=', caseId)
    .orderBy('t.requested_at', 'desc')
    .execute();

/** The case an answer changes, locked for the transaction. */
export const lockCaseForAnswer = (trx: Db, caseId: string) =>
  trx.selectFrom('cases').select(['id', 'reference', 'local_authority_id', 'lead_professional_id', 'status', 'version', 'child_id']).where('id', '=', caseId).forUpdate().executeTakeFirstOrThrow();

/** The case a request is made on, locked for the transaction. */
export const lockCaseForRequest = (trx: Db, caseId: string) =>
  trx.selectFrom('cases').select(['id', 'reference', 'status', 'local_authority_id', 'child_id']).where('id', '=', caseId).forUpdate().executeTakeFirstOrThrow();

export const recordAnswer = (trx: Db, transferId: string, values: Updateable<CaseTransfersTable>) =>
  trx.updateTable('case_transfers').set(values).where('id', '=', transferId).execute();

export const userAuthority = (trx: Db, userId: string) => trx.selectFrom('users').select('local_authority_id').where('id', '=', userId).executeTakeFirst();

/** The case moves to the receiving authority, with its new manager and no team (and, when asked, no lead professional). */
export const moveCase = (trx: Db, caseId: string, values: Updateable<Database['cases']>) =>
  trx.updateTable('cases').set(values).where('id', '=', caseId).execute();

export const moveChild = (trx: Db, childId: string, localAuthorityId: string, at: Date) => trx.updateTable('children').set({ local_authority_id: localAuthorityId, updated_at: at }).where('id', '=', childId).execute();

/** Takes the sending authority's people off the case's network; returns the rows it closed. */
export const removeAuthorityFromNetwork = (trx: Db, caseId: string, localAuthorityId: string, at: Date, removedBy: string) =>
  trx
    .updateTable('case_network')
    .set({ removed_at: at, removed_by: removedBy })
    .where('case_id', '=', caseId)
    .where('removed_at', 'is', null)
    .where('user_id', 'in', (eb) => eb.selectFrom('users').select('id').where('local_authority_id', '=', localAuthorityId))
    .returning('id')
    .execute();

export const openTransferOf = (trx: Db, caseId: string) => trx.selectFrom('case_transfers').selectAll().where('case_id', '=', caseId).where('status', '=', 'requested').executeTakeFirst();

export const userForTransfer = (trx: Db, userId: string) => trx.selectFrom('users').select(['id', 'local_authority_id', 'active']).where('id', '=', userId).executeTakeFirst();

export const rolesOfUser = (trx: Db, userId: string) => trx.selectFrom('user_roles').select('role').where('user_id', '=', userId).execute();

export const authorityById = (trx: Db, id: string) => trx.selectFrom('local_authorities').select(['id', 'name', 'profile_id']).where('id', '=', id).executeTakeFirst();

export const insertTransfer = (trx: Db, values: Insertable<CaseTransfersTable>) => trx.insertInto('case_transfers').values(values).returning(['id', 'case_id', 'child_id']).executeTakeFirstOrThrow();

export const setTransferClock = (trx: Db, transferId: string, clockId: string, respondBy: Date) => trx.updateTable('case_transfers').set({ clock_id: clockId, respond_by: respondBy }).where('id', '=', transferId).execute();

/** The case's plans as the transfer package lists them, oldest first. */
export const packagePlans = (db: Db, caseId: string) =>
  db.selectFrom('plans').select(['id', 'plan_type', 'kind', 'sharing_level', 'agency_id', 'created_by', 'updated_at', 'current_version']).where('case_id', '=', caseId).orderBy('created_at').execute();

export const recentCategoryDecisions = (db: Db, caseId: string) => db.selectFrom('category_decisions').select(['category', 'decided_at']).where('case_id', '=', caseId).orderBy('decided_at', 'desc').limit(5).execute();

/** Every chronology entry of the case, newest first, with what the after-transfer sharing rule needs of its author. */
export const caseChronologyWithAuthors = (db: Db, caseId: string) =>
  db
    .selectFrom('chronology_entries as e')
    .leftJoin('users as u', 'u.id', 'e.author_id')
    .leftJoin('agencies as a', 'a.id', 'e.agency_id')
    .select(['e.id', 'e.occurred_at', 'e.kind', 'e.title', 'e.summary', 'e.sharing_level', 'e.agency_id', 'e.author_id', 'e.shared_with', 'u.local_authority_id as author_local_authority_id', 'u.display_name as author_name', 'a.name as agency_name'])
    .where('e.case_id', '=', caseId)
    .orderBy('e.occurred_at', 'desc')
    .execute();

export const casePlansWithAuthority = (db: Db, caseId: string) =>
  db.selectFrom('plans').select(['id', 'plan_type', 'sharing_level', 'agency_id', 'created_by', 'local_authority_id', 'updated_at']).where('case_id', '=', caseId).execute();

/** Requests waiting for this coordinator's answer, soonest due first. */
export const incomingTransfers = (db: Db, coordinatorId: string) =>
  db
    .selectFrom('case_transfers as t')
    .innerJoin('cases as k', 'k.id', 't.case_id')
    .innerJoin('local_authorities as f', 'f.id', 't.from_local_authority_id')
    .select(['t.id', 't.case_id', 't.requested_at', 't.respond_by', 'k.reference', 'f.name as from_name'])
    .where('t.receiving_coordinator_id', '=', coordinatorId)
    .where('t.status', '=', 'requested')
    .orderBy('t.respond_by')
    .execute();
