// Everyone's work lists: one query per list, each paginated on the server and served by an index
// (see migrations 0005 and 0008).
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';

type Page = { page: number; pageSize: number };
const offset = (p: Page) => (p.page - 1) * p.pageSize;
/** A clock is on the work list when it is overdue or falls due within this many days. */
export const DUE_SOON_DAYS = 7;
/** The profiles' rule id of the CSE risk re-assessment clock. */
export const REASSESSMENT_RULE = 'risk-reassessment';

const childColumns = ['children.given_name', 'children.family_name', 'children.known_as'] as const;

/** Open actions owned by one person, overdue (earliest due) first. */
export async function myOpenActions(db: Kysely<Database>, userId: string, today: string, p: Page & { overdueOnly: boolean }) {
  let base = db.selectFrom('actions').where('actions.owner_user_id', '=', userId).where('actions.status', '=', 'open');
  if (p.overdueOnly) base = base.where('actions.due_date', '<', today);
  const [rows, total] = await Promise.all([
    base
      .innerJoin('cases', 'cases.id', 'actions.case_id')
      .innerJoin('children', 'children.id', 'cases.child_id')
      .select(['actions.id', 'actions.title', 'actions.due_date', 'actions.desired_outcome', 'actions.case_id', 'cases.reference', ...childColumns])
      .orderBy('actions.due_date')
      .orderBy('actions.created_at')
      .limit(p.pageSize)
      .offset(offset(p))
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/**
 * Overdue actions agreed at meetings the person chairs (issue 6: overdue actions surface on the owner's and the
 * chair's work lists), whoever owns them, most overdue first. At most `limit`: it is a prompt, not a register.
 */
export async function overdueActionsFromMyMeetings(db: Kysely<Database>, userId: string, today: string, limit = 25) {
  return db
    .selectFrom('actions')
    .innerJoin('meetings', (join) => join.on(sql`meetings.id::text`, '=', sql.ref('actions.source_id')))
    .innerJoin('cases', 'cases.id', 'actions.case_id')
    .innerJoin('children', 'children.id', 'cases.child_id')
    .leftJoin('users as owner', 'owner.id', 'actions.owner_user_id')
    .leftJoin('agencies as owner_agency', 'owner_agency.id', 'actions.owner_agency_id')
    .select(['actions.id', 'actions.title', 'actions.due_date', 'actions.case_id', 'cases.reference', ...childColumns, sql<string>`coalesce(owner.display_name, owner_agency.name)`.as('owner_name')])
    .where('actions.source_type', '=', 'meeting')
    .where('meetings.chair_id', '=', userId)
    .where('actions.status', '=', 'open')
    .where('actions.due_date', '<', today)
    .orderBy('actions.due_date')
    .limit(limit)
    .execute();
}

/**
 * Meetings the person is invited to (or chairs) that are still to take place, soonest first: a convened meeting only,
 * so a cancelled or held one drops off. At most `limit`: it is a prompt, not a register.
 */
export async function myUpcomingMeetings(db: Kysely<Database>, userId: string, now: Date, limit = 10) {
  return db
    .selectFrom('meeting_invitees')
    .innerJoin('meetings', 'meetings.id', 'meeting_invitees.meeting_id')
    .innerJoin('meeting_cases', (join) => join.onRef('meeting_cases.meeting_id', '=', 'meetings.id').on('meeting_cases.is_primary', '=', true))
    .innerJoin('cases', 'cases.id', 'meeting_cases.case_id')
    .innerJoin('children', 'children.id', 'cases.child_id')
    .select(['meetings.id', 'meetings.profile_id', 'meetings.meeting_type', 'meetings.scheduled_at', 'meetings.venue', 'meeting_invitees.invited_role', 'cases.id as case_id', 'cases.reference', ...childColumns])
    .select((eb) => eb.selectFrom('meeting_cases as mc').select(eb.fn.countAll<number>().as('n')).whereRef('mc.meeting_id', '=', 'meetings.id').as('case_count'))
    .where('meeting_invitees.user_id', '=', userId)
    .where('meetings.status', '=', 'convened')
    .where('meetings.scheduled_at', '>=', now)
    .orderBy('meetings.scheduled_at')
    .limit(limit)
    .execute();
}

const clockColumns = ['clocks.id', 'clocks.rule_id', 'clocks.label', 'clocks.source', 'clocks.started_at', 'clocks.due_at', 'clocks.stopped_at', 'clocks.warning_hours', 'clocks.case_id', 'clocks.referral_id'] as const;

/** Running clocks a person owns, or on open cases they lead, overdue or due within DUE_SOON_DAYS, by due moment. */
export async function myClocks(db: Kysely<Database>, userId: string, now: Date, p: Page) {
  const horizon = new Date(now.getTime() + DUE_SOON_DAYS * 86_400_000);
  const ids = sql<string>`(
    select id from clocks where owner_user_id = ${userId} and stopped_at is null and due_at <= ${horizon}
    union
    select cl.id from clocks cl join cases k on k.id = cl.case_id
    where k.lead_professional_id = ${userId} and k.status = 'open' and cl.stopped_at is null and cl.due_at <= ${horizon}
  )`;
  const base = db.selectFrom('clocks').where('clocks.id', 'in', ids);
  const [rows, total] = await Promise.all([
    base
      .leftJoin('cases', 'cases.id', 'clocks.case_id')
      .leftJoin('children', 'children.id', 'cases.child_id')
      .select([...clockColumns, 'cases.reference', ...childColumns])
      .orderBy('clocks.due_at')
      .limit(p.pageSize)
      .offset(offset(p))
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function myNotifications(db: Kysely<Database>, userId: string, p: Page & { unreadOnly: boolean }) {
  let base = db.selectFrom('notifications').where('user_id', '=', userId);
  if (p.unreadOnly) base = base.where('read_at', 'is', null);
  const [rows, total, unread] = await Promise.all([
    base.select(['id', 'kind', 'title', 'body', 'link', 'created_at', 'read_at']).orderBy('created_at', 'desc').orderBy('id').limit(p.pageSize).offset(offset(p)).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n), unread: Number(unread.n) };
}

export async function myReferralCount(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).where('raised_by', '=', userId).where('status', '!=', 'draft').executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The front door's queue at a glance: how many wait for a decision and the next deadline among them. */
export async function frontDoorSummary(db: Kysely<Database>, localAuthorityId: string) {
  const row = await db
    .selectFrom('contacts as c')
    .select((eb) => [
      eb.fn.countAll<number>().as('waiting'),
      eb.fn.sum<number>(sql`case when c.urgent or c.immediate_danger then 1 else 0 end`).as('urgent'),
      sql<Date | null>`(select min(k.due_at) from clocks k join contacts c2 on c2.id = k.referral_id
                        where c2.local_authority_id = ${localAuthorityId} and c2.status = 'received' and k.stopped_at is null)`.as('next_due_at'),
    ])
    .where('c.local_authority_id', '=', localAuthorityId)
    .where('c.status', '=', 'received')
    .executeTakeFirstOrThrow();
  return { waiting: Number(row.waiting), urgent: Number(row.urgent ?? 0), nextDueAt: row.next_due_at ? new Date(row.next_due_at) : null };
}

/** A team manager's view: open actions owned by the team's members, overdue first. */
export async function teamOpenActions(db: Kysely<Database>, teamId: string, today: string, p: Page & { overdueOnly: boolean }) {
  let base = db.selectFrom('actions').innerJoin('users as owner', 'owner.id', 'actions.owner_user_id').where('owner.team_id', '=', teamId).where('actions.status', '=', 'open');
  if (p.overdueOnly) base = base.where('actions.due_date', '<', today);
  const [rows, total] = await Promise.all([
    base
      .innerJoin('cases', 'cases.id', 'actions.case_id')
      .innerJoin('children', 'children.id', 'cases.child_id')
      .select(['actions.id', 'actions.title', 'actions.due_date', 'actions.case_id', 'cases.reference', 'owner.display_name as owner_name', ...childColumns])
      .orderBy('actions.due_date')
      .orderBy('actions.created_at')
      .limit(p.pageSize)
      .offset(offset(p))
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Overdue clocks on the team's open cases or owned by its members, most overdue first. */
export async function teamOverdueClocks(db: Kysely<Database>, teamId: string, now: Date, p: Page) {
  const ids = sql<string>`(
    select cl.id from clocks cl join cases k on k.id = cl.case_id
    where k.team_id = ${teamId} and k.status = 'open' and cl.stopped_at is null and cl.due_at < ${now}
    union
    select cl.id from clocks cl join users u on u.id = cl.owner_user_id
    where u.team_id = ${teamId} and cl.stopped_at is null and cl.due_at < ${now}
  )`;
  const base = db.selectFrom('clocks').where('clocks.id', 'in', ids);
  const [rows, total] = await Promise.all([
    base
      .leftJoin('cases', 'cases.id', 'clocks.case_id')
      .leftJoin('children', 'children.id', 'cases.child_id')
      .leftJoin('users as lead', 'lead.id', 'cases.lead_professional_id')
      .select([...clockColumns, 'cases.reference', 'lead.display_name as lead_name', ...childColumns])
      .orderBy('clocks.due_at')
      .limit(p.pageSize)
      .offset(offset(p))
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** The CSE coordinator's open cases in their area by risk category (highest first), each with its overdue clocks. */
export async function cseCases(db: Kysely<Database>, localAuthorityId: string, now: Date, p: Page & { category?: 1 | 2 | 3 | undefined; overdueOnly: boolean }) {
  let base = db.selectFrom('cases').where('cases.local_authority_id', '=', localAuthorityId).where('cases.status', '=', 'open').where('cases.category', 'is not', null);
  if (p.category) base = base.where('cases.category', '=', p.category);
  if (p.overdueOnly) {
    base = base.where((eb) => eb.exists(eb.selectFrom('clocks').select('clocks.id').whereRef('clocks.case_id', '=', 'cases.id').where('clocks.stopped_at', 'is', null).where('clocks.due_at', '<', now)));
  }
  // No count here: counting every CSE case of an area on each view was most of the page's database time; the
  // total comes from the cached headline counts (cseListTotal).
  return base
    .innerJoin('children', 'children.id', 'cases.child_id')
    .leftJoin('users as lead', 'lead.id', 'cases.lead_professional_id')
    .select([
      'cases.id', 'cases.reference', 'cases.category', 'cases.stage', 'cases.category_decided_at', 'children.date_of_birth', 'lead.display_name as lead_name', ...childColumns,
      sql<number>`(select count(*) from clocks k where k.case_id = cases.id and k.stopped_at is null and k.due_at < ${now})`.as('overdue_clocks'),
      sql<Date | null>`(select min(k.due_at) from clocks k where k.case_id = cases.id and k.stopped_at is null)`.as('next_due_at'),
      // The CSE risk re-assessment clock (camden Part 3 §3.3), started by each category decision.
      sql<Date | null>`(select min(k.due_at) from clocks k where k.case_id = cases.id and k.stopped_at is null and k.rule_id = ${REASSESSMENT_RULE})`.as('reassessment_due_at'),
    ])
    .orderBy('cases.category', 'desc')
    .orderBy('cases.reference')
    .limit(p.pageSize)
    .offset(offset(p))
    .execute();
}

/** Per category: open CSE cases in the area and how many have an overdue clock. */
export async function cseSummary(db: Kysely<Database>, localAuthorityId: string, now: Date) {
  const [cases, overdue] = await Promise.all([
    db
      .selectFrom('cases')
      .select(['category', (eb) => eb.fn.countAll<number>().as('n')])
      .where('local_authority_id', '=', localAuthorityId)
      .where('status', '=', 'open')
      .where('category', 'is not', null)
      .groupBy('category')
      .execute(),
    db
      .selectFrom('clocks')
      .innerJoin('cases', 'cases.id', 'clocks.case_id')
      .select(['cases.category', (eb) => eb.fn.count<number>('cases.id').distinct().as('n')])
      .where('clocks.stopped_at', 'is', null)
      .where('clocks.due_at', '<', now)
      .where('cases.local_authority_id', '=', localAuthorityId)
      .where('cases.status', '=', 'open')
      .where('cases.category', 'is not', null)
      .groupBy('cases.category')
      .execute(),
  ]);
  return ([3, 2, 1] as const).map((category) => ({
    category,
    open: Number(cases.find((c) => c.category === category)?.n ?? 0),
    withOverdue: Number(overdue.find((c) => c.category === category)?.n ?? 0),
  }));
}

/** A person's team (id and name), or nulls when they have none. */
export async function teamOfUser(db: Kysely<Database>, userId: string) {
  return db.selectFrom('users').leftJoin('teams', 'teams.id', 'users.team_id').select(['users.team_id', 'teams.name']).where('users.id', '=', userId).executeTakeFirstOrThrow();
}

/** Marks one of a person's unread notifications read; answers its id, or nothing when it was not theirs or was read. */
export async function markNotificationRead(db: Kysely<Database>, userId: string, notificationId: string, at: Date) {
  return db.updateTable('notifications').set({ read_at: at }).where('id', '=', notificationId).where('user_id', '=', userId).where('read_at', 'is', null).returning('id').executeTakeFirst();
}

/** Marks every unread notification of a person read; answers their ids. */
export async function markAllNotificationsRead(db: Kysely<Database>, userId: string, at: Date) {
  return db.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null).returning('id').execute();
}
