// All of the SQL of concerns, referrals and the front door. Every function takes the database or the transaction
// first; the services decide, these only read and write.
import { sql } from 'kysely';
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { CasesTable, ChildrenTable, ChronologyEntriesTable, ContactDecisionsTable, ContactsTable, Database } from '../../platform/database/schema.ts';

type Db = Kysely<Database>;

// ---- Contacts ------------------------------------------------------------------------------------------------

/** The next number of a reference sequence (contacts and cases each have their own). */
export async function nextInSequence(trx: Db, sequence: 'contact_reference_seq' | 'case_reference_seq'): Promise<number> {
  const row = await sql<{ n: number }>`select nextval(${sequence}::regclass)::int as n`.execute(trx);
  return row.rows[0]!.n;
}

export const contactById = (db: Db, contactId: string) => db.selectFrom('contacts').selectAll().where('id', '=', contactId).executeTakeFirst();

export const contactByIdOrThrow = (trx: Db, contactId: string) => trx.selectFrom('contacts').selectAll().where('id', '=', contactId).executeTakeFirstOrThrow();

/** The contact, locked for a change by the front door. */
export const lockContact = (trx: Db, contactId: string) => trx.selectFrom('contacts').selectAll().where('id', '=', contactId).forUpdate().executeTakeFirst();

/** The contact a form key made, if any: a second submission with the same key finds the first. */
export const contactByKey = (db: Db, key: string) => db.selectFrom('contacts').select(['id', 'reference', 'status', 'raised_by', 'kind']).where('idempotency_key', '=', key).executeTakeFirst();

export const insertContact = (trx: Db, values: Insertable<ContactsTable>) => trx.insertInto('contacts').values(values).returning('id').executeTakeFirstOrThrow();

export const updateContact = (trx: Db, contactId: string, values: Updateable<ContactsTable>) => trx.updateTable('contacts').set(values).where('id', '=', contactId).execute();

/** Fills in a draft with what was finally sent; nothing when it was sent meanwhile. */
export const completeDraft = (trx: Db, contactId: string, values: Updateable<ContactsTable>, at: Date) =>
  trx
    .updateTable('contacts')
    .set({ ...values, updated_at: at, version: sql<number>`version + 1` })
    .where('id', '=', contactId)
    .where('status', '=', 'draft')
    .returning(['id', 'reference'])
    .executeTakeFirst();

/** Keeps what a draft says now. */
export const updateDraft = (trx: Db, contactId: string, details: string, at: Date) =>
  trx.updateTable('contacts').set({ details, updated_at: at, version: sql`version + 1` } as never).where('id', '=', contactId).execute();

export const draftById = (db: Db, contactId: string) => db.selectFrom('contacts').select(['idempotency_key', 'details', 'raised_by', 'status']).where('id', '=', contactId).executeTakeFirst();

/** How many public concerns came from one (hashed) address since a moment. */
export async function publicSubmissionsFrom(db: Db, ipHash: string, since: Date): Promise<number> {
  const row = await db.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).where('submitter_ip_hash', '=', ipHash).where('created_at', '>', since).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The front door's queue: the authority's contacts in one status, the most urgent running clock first. */
export async function queuePage(db: Db, localAuthorityId: string, filter: { team?: string | undefined; status: 'received' | 'decided'; page: number; pageSize: number }) {
  let base = db.selectFrom('contacts as c').where('c.local_authority_id', '=', localAuthorityId).where('c.status', '=', filter.status);
  if (filter.team === 'unrouted') base = base.where('c.routed_team', 'is', null);
  else if (filter.team) base = base.where('c.routed_team', '=', filter.team);
  const [rows, total] = await Promise.all([
    base
      .leftJoin('agencies as a', 'a.id', 'c.raised_by_agency_id')
      .leftJoin('users as h', 'h.id', 'c.handed_over_by')
      .select([
        'c.id', 'c.child_id', 'c.reference', 'c.kind', 'c.received_at', 'c.urgent', 'c.immediate_danger', 'c.out_of_hours', 'c.routed_team', 'c.routed_team_label', 'c.identification',
        'c.channel', 'c.written_confirmation_at', 'c.handed_over_at', 'c.handover_outstanding', 'h.display_name as handed_over_by_name',
        'c.child_given_name', 'c.child_family_name', 'c.child_known_as', 'c.child_date_of_birth', 'c.child_approximate_age', 'a.name as agency_name',
        sql<Date | null>`(select min(k.due_at) from clocks k where k.referral_id = c.id and k.stopped_at is null)`.as('next_due_at'),
      ])
      .orderBy(sql`(select min(k.due_at) from clocks k where k.referral_id = c.id and k.stopped_at is null)`, (ob) => ob.asc().nullsLast())
      .orderBy('c.received_at')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** What one person raised, newest first, with the decision on each. */
export const raisedBy = (db: Db, userId: string) =>
  db
    .selectFrom('contacts as c')
    .leftJoin('contact_decisions as d', 'd.contact_id', 'c.id')
    .select(['c.id', 'c.reference', 'c.kind', 'c.status', 'c.created_at', 'c.received_at', 'c.child_given_name', 'c.child_family_name', 'c.child_known_as', 'c.details', 'd.decision', 'd.decided_at'])
    .where('c.raised_by', '=', userId)
    .orderBy('c.created_at', 'desc')
    .limit(200)
    .execute();

// ---- Decisions -------------------------------------------------------------------------------------------------

export const decisionOn = (db: Db, contactId: string) =>
  db
    .selectFrom('contact_decisions as d')
    .innerJoin('users as u', 'u.id', 'd.decided_by')
    .select(['d.decision', 'd.reasons', 'd.decided_at', 'd.details', 'd.presumption_reason', 'd.age_band', 'd.checklist', 'u.display_name as decided_by_name'])
    .where('d.contact_id', '=', contactId)
    .executeTakeFirst();

export const insertDecision = (trx: Db, values: Insertable<ContactDecisionsTable>) => trx.insertInto('contact_decisions').values(values).execute();

// ---- People ----------------------------------------------------------------------------------------------------

export const referrer = (db: Db, userId: string) =>
  db.selectFrom('users').innerJoin('agencies', 'agencies.id', 'users.agency_id').select(['users.display_name', 'users.job_title', 'agencies.name as agency_name']).where('users.id', '=', userId).executeTakeFirst();

export const userName = async (db: Db, userId: string) => (await db.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirst())?.display_name ?? null;

export const activeSocialWorker = (trx: Db, userId: string) =>
  trx.selectFrom('users').innerJoin('user_roles', 'user_roles.user_id', 'users.id').select('users.id').where('users.id', '=', userId).where('users.active', '=', true).where('user_roles.role', '=', 'social-worker').executeTakeFirst();

/** The social workers of an authority who can be allocated, by name, with their team. */
export const socialWorkersOf = (db: Db, localAuthorityId: string) =>
  db
    .selectFrom('users').innerJoin('user_roles', 'user_roles.user_id', 'users.id').leftJoin('teams', 'teams.id', 'users.team_id')
    .select(['users.id', 'users.display_name', 'teams.name as team_name'])
    .where('user_roles.role', '=', 'social-worker').where('users.active', '=', true).where('users.local_authority_id', '=', localAuthorityId)
    .orderBy('users.display_name').execute();

export const userTeam = (trx: Db, userId: string) => trx.selectFrom('users').select(['id', 'team_id']).where('id', '=', userId).executeTakeFirst();

/** The authority's first active team manager by name: the manager of a case the front door opens. */
export const firstTeamManager = (trx: Db, localAuthorityId: string) =>
  trx.selectFrom('users').innerJoin('user_roles', 'user_roles.user_id', 'users.id').select('users.id').where('user_roles.role', '=', 'team-manager').where('users.local_authority_id', '=', localAuthorityId).where('users.active', '=', true).orderBy('users.display_name').executeTakeFirst();

export const activeCoordinators = (trx: Db, localAuthorityId: string) =>
  trx.selectFrom('users').innerJoin('user_roles', 'user_roles.user_id', 'users.id').select('users.id').where('user_roles.role', '=', 'cse-coordinator').where('users.active', '=', true).where('users.local_authority_id', '=', localAuthorityId).execute();

/** The first local authority by id: where a public concern goes when the default profile names none. */
export const firstLocalAuthorityId = async (db: Db) => (await db.selectFrom('local_authorities').select('id').orderBy('id').executeTakeFirst())?.id;

// ---- Children and cases ----------------------------------------------------------------------------------------

export const childAuthority = (trx: Db, childId: string) => trx.selectFrom('children').select(['id', 'local_authority_id']).where('id', '=', childId).executeTakeFirst();

/** The child a contact is linked to, as the front door's page shows them. */
export const linkedChild = (db: Db, childId: string) => db.selectFrom('children').select(['id', 'given_name', 'family_name', 'known_as', 'date_of_birth']).where('id', '=', childId).executeTakeFirst();

export const insertChild = (trx: Db, values: Insertable<ChildrenTable>) => trx.insertInto('children').values(values).returning('id').executeTakeFirstOrThrow();

/** The child's most recently opened case that is still open. */
export const openCaseOf = async (trx: Db, childId: string) => (await trx.selectFrom('cases').select('id').where('child_id', '=', childId).where('status', '=', 'open').orderBy('opened_at', 'desc').executeTakeFirst())?.id ?? null;

export const insertCase = async (trx: Db, values: Insertable<CasesTable>) =>
  (await trx.insertInto('cases').values(values).returning('id').executeTakeFirstOrThrow()).id;

/** Gives a case its lead professional, unless it already has one. */
export const leadIfNone = (trx: Db, caseId: string, userId: string) => trx.updateTable('cases').set({ lead_professional_id: userId }).where('id', '=', caseId).where('lead_professional_id', 'is', null).execute();

export const isCurrentMember = async (trx: Db, caseId: string, userId: string) =>
  Boolean(await trx.selectFrom('case_network').select('id').where('case_id', '=', caseId).where('user_id', '=', userId).where('removed_at', 'is', null).executeTakeFirst());

export const addMember = (trx: Db, values: { case_id: string; user_id: string; role_in_case: string; added_by: string; added_at: Date }) => trx.insertInto('case_network').values(values).execute();

export const awaitingCseReferral = (trx: Db, caseId: string) => trx.selectFrom('cse_referrals').select('id').where('case_id', '=', caseId).where('status', '=', 'awaiting').executeTakeFirst();

export const insertCseReferral = (trx: Db, values: { case_id: string; referred_by: string; referred_at: Date; reason: string }) => trx.insertInto('cse_referrals').values(values).execute();

export const insertEntry = (trx: Db, values: Insertable<ChronologyEntriesTable>) => trx.insertInto('chronology_entries').values(values).execute();

/** An e-mail for the outbox worker to send. */
export const queueEmail = (trx: Db, payload: Record<string, unknown>) => trx.insertInto('outbox').values({ kind: 'email', payload: JSON.stringify(payload) }).execute();

// ---- The contact's clocks --------------------------------------------------------------------------------------

export const runningClocks = (trx: Db, contactId: string, ruleIds: string[]) =>
  trx.selectFrom('clocks').select(['id', 'rule_id', 'started_at']).where('referral_id', '=', contactId).where('stopped_at', 'is', null).where('rule_id', 'in', ruleIds).orderBy('started_at').execute();

export const moveClock = (trx: Db, clockId: string, startedAt: Date, dueAt: Date) => trx.updateTable('clocks').set({ started_at: startedAt, due_at: dueAt }).where('id', '=', clockId).execute();

/** The contact's clocks follow it onto the case it opened. */
export const moveClocksToCase = (trx: Db, contactId: string, caseId: string) => trx.updateTable('clocks').set({ case_id: caseId }).where('referral_id', '=', contactId).execute();

/** Stops the contact's running clocks, all but or only some rules, with why. */
export const stopClocks = (trx: Db, contactId: string, rules: { except: string[] } | { only: string }, at: Date, reason: string) => {
  const running = trx.updateTable('clocks').set({ stopped_at: at, stop_reason: reason }).where('referral_id', '=', contactId).where('stopped_at', 'is', null);
  return ('except' in rules ? running.where('rule_id', 'not in', rules.except) : running.where('rule_id', '=', rules.only)).execute();
};
