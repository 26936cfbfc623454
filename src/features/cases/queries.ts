// Read models for a child's case. Callers have already passed readCase(); entries are filtered by sharing level
// in SQL so hidden entries never leave the database.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { visibleTo } from './queries-visibility.ts';

type NetworkMemberJson = { member_id: string; user_id: string; display_name: string; job_title: string | null; agency_name: string; role_in_case: string; added_at: string };

export async function caseOverview(db: Kysely<Database>, caseId: string) {
  const row = await db
    .selectFrom('cases')
    .innerJoin('children', 'children.id', 'cases.child_id')
    .leftJoin('users as lead', 'lead.id', 'cases.lead_professional_id')
    .leftJoin('users as key', 'key.id', 'cases.key_professional_id')
    .leftJoin('teams', 'teams.id', 'cases.team_id')
    .select([
      'cases.id',
      'cases.reference',
      'cases.status',
      'cases.stage',
      'cases.category',
      'cases.category_decided_at',
      'cases.opened_at',
      'cases.local_authority_id',
      'cases.version',
      'children.id as child_id',
      'children.given_name',
      'children.family_name',
      'children.known_as',
      'children.date_of_birth',
      'children.nhs_number',
      'children.approximate_age',
      'children.gender',
      'children.ward',
      'children.school',
      'children.looked_after',
      'children.care_leaver',
      'lead.display_name as lead_name',
      'key.display_name as key_name',
      'teams.name as team_name',
      // The network rides along as JSON: every case page needs it, and a second round trip costs more than this.
      sql<NetworkMemberJson[]>`coalesce((
        select json_agg(json_build_object(
          'member_id', n.id, 'user_id', u.id, 'display_name', u.display_name, 'job_title', u.job_title,
          'agency_name', a.name, 'role_in_case', n.role_in_case, 'added_at', n.added_at
        ) order by u.display_name)
        from case_network n join users u on u.id = n.user_id join agencies a on a.id = u.agency_id
        where n.case_id = cases.id and n.removed_at is null
      ), '[]'::json)`.as('network_json'),
    ])
    .where('cases.id', '=', caseId)
    .executeTakeFirstOrThrow();
  const { network_json: networkJson, ...rest } = row;
  const network = networkJson.map((m) => ({ ...m, added_at: new Date(m.added_at) }));
  return { ...rest, network };
}

export type ChronologyFilter = {
  kind?: string | undefined;
  agencyId?: string | undefined;
  /** Inclusive lower bound of occurred_at. */
  from?: Date | undefined;
  /** Exclusive upper bound of occurred_at. */
  before?: Date | undefined;
};

/** Current members of a case's professional network, with their agency and role in the case. */
export async function currentNetwork(db: Kysely<Database>, caseId: string) {
  return db
    .selectFrom('case_network')
    .innerJoin('users', 'users.id', 'case_network.user_id')
    .innerJoin('agencies', 'agencies.id', 'users.agency_id')
    .select(['case_network.id as member_id', 'users.id as user_id', 'users.display_name', 'users.job_title', 'agencies.name as agency_name', 'case_network.role_in_case', 'case_network.added_at'])
    .where('case_network.case_id', '=', caseId)
    .where('case_network.removed_at', 'is', null)
    .orderBy('users.display_name')
    .execute();
}

/** The chronology entries of a child that this actor may see (mirrors canSeeEntry in the access model). */
function visibleEntries(db: Kysely<Database>, actor: Actor, childId: string, filter: ChronologyFilter = {}) {
  let base = db
    .selectFrom('chronology_entries as e')
    .where('e.child_id', '=', childId)
    .where(visibleTo(actor, 'e', 'author_id', 'chronology-entry'));
  if (filter.kind) base = base.where('e.kind', '=', filter.kind);
  if (filter.agencyId) base = base.where('e.agency_id', '=', filter.agencyId);
  if (filter.from) base = base.where('e.occurred_at', '>=', filter.from);
  if (filter.before) base = base.where('e.occurred_at', '<', filter.before);
  return base;
}

/** A page of the entries this actor may see, newest first, and how many there are (hidden ones are not counted). */
export async function visibleChronology(db: Kysely<Database>, actor: Actor, childId: string, page: { limit: number; offset: number }, filter: ChronologyFilter = {}) {
  const base = visibleEntries(db, actor, childId, filter);
  // The total rides along with the page (a window count), saving a second round trip.
  const rows = await base
    .leftJoin('agencies', 'agencies.id', 'e.agency_id')
    .leftJoin('users', 'users.id', 'e.author_id')
    .select([
      'e.id', 'e.case_id', 'e.occurred_at', 'e.recorded_at', 'e.kind', 'e.title', 'e.summary', 'e.sharing_level', 'e.record_type', 'e.record_id', 'e.source',
      'e.agency_id', 'e.author_id', 'agencies.name as agency_name', 'users.display_name as author_name',
      sql<number>`count(*) over ()`.as('total_visible'),
    ])
    .orderBy('e.occurred_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  // Past the last page there are no rows to carry the total: count it then.
  const total = rows.length > 0 ? Number(rows[0]!.total_visible) : page.offset === 0 ? 0 : Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const entries = rows.map(({ total_visible: _total, ...entry }) => entry);
  return { entries, total };
}

/** The kinds and agencies among the entries this actor may see: the chronology's filter options. */
export async function visibleChronologyFacets(db: Kysely<Database>, actor: Actor, childId: string) {
  // One round trip: the distinct (kind, agency) pairs, split into the two option lists here.
  const pairs = await visibleEntries(db, actor, childId)
    .leftJoin('agencies', 'agencies.id', 'e.agency_id')
    .select(['e.kind', 'agencies.id as agency_id', 'agencies.name as agency_name'])
    .distinct()
    .execute();
  const kinds = [...new Set(pairs.map((p) => p.kind))].sort();
  const agencies = [...new Map(pairs.filter((p) => p.agency_id).map((p) => [p.agency_id!, { id: p.agency_id!, name: p.agency_name! }])).values()].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  return { kinds, agencies };
}

/** Cases in which the actor is a current network member: the start of everyone's work list. */
export async function myNetworkCases(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('case_network')
    .innerJoin('cases', 'cases.id', 'case_network.case_id')
    .innerJoin('children', 'children.id', 'cases.child_id')
    .select(['cases.id', 'cases.reference', 'cases.category', 'cases.stage', 'children.given_name', 'children.family_name', 'children.known_as', 'children.date_of_birth', 'case_network.role_in_case'])
    .where('case_network.user_id', '=', userId)
    .where('case_network.removed_at', 'is', null)
    .where('cases.status', '=', 'open')
    .orderBy('cases.reference')
    .execute();
}

export type ChildSearch = { name: string; dateOfBirth?: string | undefined };

/**
 * Possible matches by name (trigram similarity over names, known-as and aliases) and, when given, date of birth.
 * Returns case ids so the caller can decide, per match, whether to show it or only say "known to services".
 */
export async function searchChildren(db: Kysely<Database>, search: ChildSearch, limit = 20) {
  const name = search.name.trim().toLowerCase();
  const rows = await sql<{
    case_id: string;
    reference: string;
    child_id: string;
    local_authority_id: string;
    given_name: string | null;
    family_name: string | null;
    known_as: string | null;
    date_of_birth: string | null;
    team_name: string | null;
    score: number;
    case_status: 'open' | 'closed';
  }>`
    with candidates as (
      select c.id as child_id,
             greatest(
               similarity(lower(coalesce(c.given_name, '') || ' ' || coalesce(c.family_name, '')), ${name}),
               similarity(lower(coalesce(c.known_as, '')), ${name}),
               coalesce((select max(similarity(lower(a.alias), ${name})) from child_aliases a where a.child_id = c.id), 0)
             ) as score
      from children c
      where ${search.dateOfBirth ?? null}::date is null or c.date_of_birth = ${search.dateOfBirth ?? null}::date
    )
    select k.id as case_id, k.reference, k.status as case_status, ch.id as child_id, ch.local_authority_id, ch.given_name, ch.family_name, ch.known_as,
           ch.date_of_birth, t.name as team_name, cand.score
    from candidates cand
    join children ch on ch.id = cand.child_id
    -- A closed case stays findable and readable to those who may see it (issue 15); open cases first.
    join cases k on k.child_id = ch.id
    left join teams t on t.id = k.team_id
    where cand.score >= 0.3
    order by cand.score desc, k.status = 'open' desc, k.reference
    limit ${limit}`.execute(db);
  return rows.rows;
}

export async function caseIdsInNetwork(db: Kysely<Database>, userId: string, caseIds: string[]): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const rows = await db.selectFrom('case_network').select('case_id').where('user_id', '=', userId).where('removed_at', 'is', null).where('case_id', 'in', caseIds).execute();
  return new Set(rows.map((r) => r.case_id));
}

/** A case's open actions, soonest due first, for its overview. */
export async function openCaseActions(db: Kysely<Database>, caseId: string, limit = 50) {
  return db
    .selectFrom('actions')
    .leftJoin('users', 'users.id', 'actions.owner_user_id')
    .leftJoin('agencies', 'agencies.id', 'actions.owner_agency_id')
    .select(['actions.id', 'actions.title', 'actions.desired_outcome', 'actions.due_date', 'users.display_name as owner_name', 'agencies.name as owner_agency_name'])
    .where('actions.case_id', '=', caseId)
    .where('actions.status', '=', 'open')
    .orderBy('actions.due_date')
    .orderBy('actions.created_at')
    .limit(limit)
    .execute();
}

/** The next convened meeting about a case, from `now` on. */
export async function nextConvenedMeeting(db: Kysely<Database>, caseId: string, now: Date) {
  return db
    .selectFrom('meetings')
    .innerJoin('meeting_cases', 'meeting_cases.meeting_id', 'meetings.id')
    .select(['meetings.id', 'meetings.meeting_type', 'meetings.scheduled_at', 'meetings.venue'])
    .where('meeting_cases.case_id', '=', caseId)
    .where('meetings.status', '=', 'convened')
    .where('meetings.scheduled_at', '>=', now)
    .orderBy('meetings.scheduled_at')
    .limit(1)
    .executeTakeFirst();
}

export async function insertBreakGlassGrant(db: Kysely<Database>, grant: { caseId: string; userId: string; reason: string; grantedAt: Date; expiresAt: Date }) {
  return db
    .insertInto('break_glass_grants')
    .values({ case_id: grant.caseId, user_id: grant.userId, reason: grant.reason, granted_at: grant.grantedAt, expires_at: grant.expiresAt })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Each of these cases with its child, for the audit row of a list that shows them. */
export const casesWithChild = (db: Kysely<Database>, caseIds: readonly string[]) => db.selectFrom('cases').select(['id', 'child_id']).where('id', 'in', caseIds).execute();
