// The SQL behind each board figure (issue 14). Each figure is one query giving rows of (bucket, case_id, at): the
// row it counts in, the case behind it (for the coordinator's list of cases) and when it happened (for the period
// and the quarters). Counting and listing use the same query, so the list behind a figure is the figure.
import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import { CATALOGUE } from '../../domain/risk/catalogue.ts';
import { londonDateOf } from '../../domain/clock/london-time.ts';
import { CONSULTATION_AGE_BAND_LABELS, CONSULTATION_CONCERN_LABELS } from '../../domain/consultations/anonymous.ts';
import { GRADE_LABELS } from '../../domain/case-audits/rules.ts';

export type BoardScope = { localAuthorityId: string | null; agencyId: string | null; profileId: string | null; now: Date };
export type Period = { from: Date; to: Date };

type Fragment = RawBuilder<unknown>;
const TRUE = sql`true`;

const TRAFFICKING_INDICATORS = CATALOGUE.filter((i) => i.trafficking).map((i) => i.id);

/** Restricts a local authority column to the chosen authority and profile. */
function area(column: Fragment, scope: BoardScope): Fragment {
  const parts: Fragment[] = [];
  if (scope.localAuthorityId) parts.push(sql`${column} = ${scope.localAuthorityId}`);
  if (scope.profileId) parts.push(sql`${column} in (select la.id from local_authorities la where la.profile_id = ${scope.profileId})`);
  return parts.length ? sql.join(parts, sql` and `) : TRUE;
}

const agency = (column: Fragment, scope: BoardScope): Fragment => (scope.agencyId ? sql`${column} = ${scope.agencyId}` : TRUE);
/** The agency of a case is the agency of its team. */
const caseAgency = (caseAlias: string, scope: BoardScope): Fragment =>
  scope.agencyId ? sql`exists (select 1 from teams tm where tm.id = ${sql.ref(`${caseAlias}.team_id`)} and tm.agency_id = ${scope.agencyId})` : TRUE;
const caseScope = (alias: string, scope: BoardScope) => sql`${area(sql.ref(`${alias}.local_authority_id`), scope)} and ${caseAgency(alias, scope)}`;

/** A stored code shown by its label (an unknown code as it is). */
const labelled = (column: Fragment, labels: Record<string, string>): Fragment =>
  sql`case ${column} ${sql.join(Object.entries(labels).map(([code, label]) => sql`when ${code} then ${label}`), sql` `)} else ${column} end`;

/** Anonymous consultations (issue 13) in scope: the agency is that of the professional who asked. */
const consultationScope = (scope: BoardScope): Fragment =>
  sql`${area(sql`ac.local_authority_id`, scope)} and ${scope.agencyId ? sql`exists (select 1 from users u where u.id = ac.asked_by and u.agency_id = ${scope.agencyId})` : TRUE}`;

/** Case audit findings (the case audits feature): one row per finding, by its grade for one theme; no agency. */
const AUDIT_THEME_COLUMNS: Record<string, string> = { 'audit-timeliness': 'timeliness', 'audit-assessment': 'assessment', 'audit-voice': 'voice', 'audit-multi-agency': 'multi_agency' };

const hasText = (column: string) => sql`nullif(btrim(coalesce(${sql.ref(column)}, '')), '') is not null`;

/** The base rows of each figure. `at` is null for figures that describe today. */
export function figureBase(id: string, scope: BoardScope): Fragment {
  const today = londonDateOf(scope.now);
  switch (id) {
    case 'concerns':
      return sql`select case when ${hasText('ct.child_given_name')} and ${hasText('ct.child_family_name')} then 'With the child’s full name' else 'Without a full name' end as bucket, ct.case_id, ct.received_at as at
        from contacts ct where ct.kind in ('professional-concern', 'public-concern') and ct.received_at is not null and ${area(sql`ct.local_authority_id`, scope)} and ${agency(sql`ct.raised_by_agency_id`, scope)}`;
    case 'referrals':
      return sql`select la.name as bucket, ct.case_id, ct.received_at as at
        from contacts ct join local_authorities la on la.id = ct.local_authority_id where ct.kind = 'referral' and ct.received_at is not null and ${area(sql`ct.local_authority_id`, scope)} and ${agency(sql`ct.raised_by_agency_id`, scope)}`;
    case 'cse-referrals':
      return sql`select case r.status when 'awaiting' then 'Awaiting a decision' when 'accepted' then 'Accepted' else 'Declined' end as bucket, r.case_id, r.referred_at as at
        from cse_referrals r join cases c on c.id = r.case_id where ${caseScope('c', scope)}`;
    case 'current-category':
      return sql`select case c.category when 1 then 'Category 1 (low)' when 2 then 'Category 2 (medium)' when 3 then 'Category 3 (high)' else 'No category decided' end as bucket, c.id as case_id, null::timestamptz as at
        from cases c where c.status = 'open' and ${caseScope('c', scope)}`;
    case 'cases-opened':
      return sql`select la.name as bucket, c.id as case_id, c.opened_at as at from cases c join local_authorities la on la.id = c.local_authority_id where ${caseScope('c', scope)}`;
    case 'cases-closed':
      return sql`select la.name as bucket, c.id as case_id, c.closed_at as at from cases c join local_authorities la on la.id = c.local_authority_id where c.closed_at is not null and ${caseScope('c', scope)}`;
    case 'open-by-authority':
      return sql`select la.name as bucket, c.id as case_id, null::timestamptz as at from cases c join local_authorities la on la.id = c.local_authority_id where c.status = 'open' and ${caseScope('c', scope)}`;
    case 'open-by-age':
      return sql`select case
          when a.age is null then 'Age not known' when a.age < 13 then 'Under 13' when a.age < 16 then '13 to 15' when a.age < 18 then '16 to 17' else '18 and over' end as bucket,
          a.case_id, null::timestamptz as at
        from (select c.id as case_id,
                coalesce(date_part('year', age(${today}::date, ch.date_of_birth::date)), ch.approximate_age) as age
              from cases c join children ch on ch.id = c.child_id where c.status = 'open' and ${caseScope('c', scope)}) a`;
    case 'open-by-sex':
      return sql`select coalesce(nullif(btrim(ch.gender), ''), 'Not recorded') as bucket, c.id as case_id, null::timestamptz as at
        from cases c join children ch on ch.id = c.child_id where c.status = 'open' and ${caseScope('c', scope)}`;
    case 'open-by-ethnicity':
      return sql`select coalesce(nullif(btrim(ch.ethnicity), ''), 'Not recorded') as bucket, c.id as case_id, null::timestamptz as at
        from cases c join children ch on ch.id = c.child_id where c.status = 'open' and ${caseScope('c', scope)}`;
    case 'open-by-disability':
      return sql`select case when ${hasText('ch.disability')} then 'Disability recorded' else 'No disability recorded' end as bucket, c.id as case_id, null::timestamptz as at
        from cases c join children ch on ch.id = c.child_id where c.status = 'open' and ${caseScope('c', scope)}`;
    case 'open-by-looked-after':
      return sql`select case when ch.looked_after then 'Looked after' else 'Not looked after' end as bucket, c.id as case_id, null::timestamptz as at
        from cases c join children ch on ch.id = c.child_id where c.status = 'open' and ${caseScope('c', scope)}`;
    case 'anonymous-consultations':
      return sql`select la.name as bucket, ac.case_id, ac.asked_at as at
        from anonymous_consultations ac join local_authorities la on la.id = ac.local_authority_id where ${consultationScope(scope)}`;
    case 'consultation-outcomes':
      return sql`select case when ac.attached_at is not null then 'Child later identified (attached to a case)' when ac.answered_at is not null then 'Answered, child not identified' else 'Awaiting an answer' end as bucket,
          ac.case_id, ac.asked_at as at
        from anonymous_consultations ac where ${consultationScope(scope)}`;
    case 'consultation-age':
      return sql`select ${labelled(sql`ac.age_band`, CONSULTATION_AGE_BAND_LABELS)} as bucket, ac.case_id, ac.asked_at as at
        from anonymous_consultations ac where ${consultationScope(scope)}`;
    case 'consultation-concerns':
      return sql`select ${labelled(sql`x.concern`, CONSULTATION_CONCERN_LABELS)} as bucket, x.case_id, x.at
        from (select unnest(ac.concerns) as concern, ac.case_id, ac.asked_at as at from anonymous_consultations ac where ${consultationScope(scope)}) x`;
    case 'audit-timeliness':
    case 'audit-assessment':
    case 'audit-voice':
    case 'audit-multi-agency':
      return sql`select ${labelled(sql.ref(`f.${AUDIT_THEME_COLUMNS[id]!}`), GRADE_LABELS)} as bucket, f.case_id, f.updated_at as at
        from case_audit_findings f join cases k on k.id = f.case_id where ${area(sql`k.local_authority_id`, scope)}`;
    case 'meeting-outcomes':
      return sql`select mo.label as bucket, mc.case_id, m.held_at as at
        from meeting_outcomes mo join meetings m on m.id = mo.meeting_id
        left join meeting_cases mc on mc.meeting_id = m.id and mc.is_primary
        left join cases c on c.id = mc.case_id
        where m.held_at is not null and ${area(sql`m.local_authority_id`, scope)} and ${scope.agencyId ? sql`c.id is not null and ${caseAgency('c', scope)}` : TRUE}`;
    case 's47-outcomes':
      return sql`select s.outcome as bucket, s.case_id, s.recorded_at as at from section47_outcomes s join cases c on c.id = s.case_id where ${caseScope('c', scope)}`;
    case 'plans-in-place':
      return sql`select p.plan_type as bucket, p.case_id, null::timestamptz as at from plans p join cases c on c.id = p.case_id where c.status = 'open' and ${caseScope('c', scope)}`;
    case 'category-movement':
      // The period applies to `at`, the latest decision up to the period's end: see categoryMovementBase.
      throw new Error('category-movement needs the period: use categoryMovementBase');
    case 'missing-episodes':
      return sql`select case when e.returned_at is null then 'Still missing' when e.return_interview_at is not null then 'Returned, return interview done' else 'Returned, no return interview yet' end as bucket,
          e.case_id, e.left_at as at
        from missing_episodes e join cases c on c.id = e.case_id where ${area(sql`c.local_authority_id`, scope)} and ${agency(sql`e.agency_id`, scope)}`;
    case 'trafficking':
      return sql`select 'Cases with a trafficking indicator observed' as bucket, o.case_id, min(o.created_at) as at
          from risk_observations o join cases c on c.id = o.case_id
          where o.indicator_id in (${TRAFFICKING_INDICATORS.length ? sql.join(TRAFFICKING_INDICATORS) : sql`''`}) and ${caseScope('c', scope)}
          group by o.case_id
        union all
        select case n.outcome when 'referred' then 'NRM referral made' else 'NRM considered, not referred' end, n.case_id, n.decided_at
          from nrm_considerations n join cases c on c.id = n.case_id where ${caseScope('c', scope)}`;
    case 'disruptions':
      return sql`select case d.kind when 'child-abduction-notice' then 'Child abduction warning notice' when 'sexual-harm-prevention-order' then 'Sexual harm prevention order'
            when 'closure-of-premises' then 'Closure of premises' else 'Other order' end as bucket,
          null::uuid as case_id, (d.taken_on::date)::timestamptz as at
        from intel_disruptions d
        where ${agency(sql`d.agency_id`, scope)}
          and ${scope.localAuthorityId || scope.profileId ? sql`exists (select 1 from intel_links l join cases c on c.id = l.case_id where l.entity_id = d.entity_id and l.removed_at is null and ${area(sql`c.local_authority_id`, scope)})` : TRUE}`;
    case 'persons-disrupted':
      return sql`select case when exists (select 1 from intel_disruptions d where d.entity_id = p.id) then 'With a disruption action' else 'Without a disruption action' end as bucket,
          null::uuid as case_id, null::timestamptz as at
        from (${personsOfConcern(scope)}) p`;
    case 'justice-outcomes':
      return sql`select case j.outcome when 'conviction' then 'Convicted' when 'charge' then 'Charged' else 'Acquitted' end as bucket,
          null::uuid as case_id, (j.decided_on::date)::timestamptz as at
        from intel_justice_outcomes j join intel_entities e on e.id = j.entity_id
        where e.kind = 'person' and ${agency(sql`j.agency_id`, scope)}
          and ${scope.localAuthorityId || scope.profileId ? sql`exists (select 1 from intel_links l join cases c on c.id = l.case_id where l.entity_id = j.entity_id and l.removed_at is null and ${area(sql`c.local_authority_id`, scope)})` : TRUE}`;
    case 'persons-convicted':
      return sql`select case when exists (select 1 from intel_justice_outcomes j where j.entity_id = p.id and j.outcome = 'conviction') then 'With a conviction recorded' else 'Without a conviction recorded' end as bucket,
          null::uuid as case_id, null::timestamptz as at
        from (${personsOfConcern(scope)}) p`;
    case 'children-per-person':
      return sql`select case when p.children = 1 then '1 child' when p.children = 2 then '2 children' when p.children <= 5 then '3 to 5 children' else '6 or more children' end as bucket,
          null::uuid as case_id, null::timestamptz as at
        from (${personsOfConcern(scope)}) p`;
    default:
      throw new Error(`No query for board figure ${id}`);
  }
}

/** People in the register (not merged away) with a current link to at least one child, and how many children. */
function personsOfConcern(scope: BoardScope): Fragment {
  return sql`select e.id, count(distinct coalesce(l.child_id, c.child_id))::int as children
    from intel_entities e join intel_links l on l.entity_id = e.id and l.removed_at is null and (l.child_id is not null or l.case_id is not null)
    left join cases c on c.id = l.case_id
    where e.kind = 'person' and e.merged_into is null and ${scope.localAuthorityId || scope.profileId ? sql`c.id is not null and ${area(sql`c.local_authority_id`, scope)}` : TRUE}
    group by e.id`;
}

/** First decision ever against the latest decision by the end of the period; `at` is that latest decision. */
function categoryMovementBase(scope: BoardScope, period: Period): Fragment {
  return sql`select case when d.n = 1 then 'Only one decision' when d.last_category > d.first_category then 'Moved up' when d.last_category < d.first_category then 'Moved down' else 'Same category' end as bucket,
      d.case_id, d.last_at as at
    from (select cd.case_id, count(*)::int as n,
            (array_agg(cd.category order by cd.decided_at, cd.id))[1] as first_category,
            (array_agg(cd.category order by cd.decided_at desc, cd.id desc))[1] as last_category,
            max(cd.decided_at) as last_at
          from category_decisions cd join cases c on c.id = cd.case_id
          where cd.decided_at < ${period.to} and ${caseScope('c', scope)}
          group by cd.case_id) d`;
}

function baseFor(id: string, scope: BoardScope, period: Period): Fragment {
  return id === 'category-movement' ? categoryMovementBase(scope, period) : figureBase(id, scope);
}

export type BucketCount = { bucket: string; count: number };

/** One figure's counts in the period (or today, for a 'now' figure). */
export async function countFigure(db: Kysely<Database>, id: string, basis: 'period' | 'now', scope: BoardScope, period: Period): Promise<BucketCount[]> {
  const inPeriod = basis === 'period' ? sql`where b.at >= ${period.from} and b.at < ${period.to}` : sql``;
  const result = await sql<{ bucket: string; count: number }>`select b.bucket, count(*)::int as count from (${baseFor(id, scope, period)}) b ${inPeriod} group by b.bucket`.execute(db);
  return result.rows.map((r) => ({ bucket: r.bucket, count: Number(r.count) }));
}

/** One figure by quarter: counts per quarter index (0 = oldest). */
export async function countFigureByQuarter(db: Kysely<Database>, id: string, scope: BoardScope, quarters: readonly Period[]): Promise<number[]> {
  const first = quarters[0]!.from;
  const last = quarters[quarters.length - 1]!.to;
  const which = sql.join(quarters.map((q, i) => sql`when b.at < ${q.to} then ${sql.lit(i)}`), sql` `);
  const result = await sql<{ q: number; count: number }>`select case ${which} end as q, count(*)::int as count
    from (${baseFor(id, scope, { from: first, to: last })}) b where b.at >= ${first} and b.at < ${last} group by 1`.execute(db);
  const out = quarters.map(() => 0);
  for (const r of result.rows) out[Number(r.q)] = Number(r.count);
  return out;
}

/** The cases behind one row of a figure (for someone who may see them). */
export async function casesBehind(db: Kysely<Database>, id: string, basis: 'period' | 'now', bucket: string, scope: BoardScope, period: Period) {
  const inPeriod = basis === 'period' ? sql`and b.at >= ${period.from} and b.at < ${period.to}` : sql``;
  const result = await sql<{ id: string; reference: string; status: string; opened_at: Date; category: number | null }>`
    select c.id, c.reference, c.status, c.opened_at, c.category from cases c
    where c.id in (select b.case_id from (${baseFor(id, scope, period)}) b where b.bucket = ${bucket} and b.case_id is not null ${inPeriod})
    order by c.reference limit 500`.execute(db);
  return result.rows;
}

export type ClockRow = { profile_id: string; rule_id: string; started_at: Date; due_at: Date; stopped_at: Date | null };

/** Clocks started in the period, for the timeliness figures. */
export async function clocksInPeriod(db: Kysely<Database>, scope: BoardScope, period: Period): Promise<ClockRow[]> {
  const result = await sql<ClockRow>`select k.profile_id, k.rule_id, k.started_at, k.due_at, k.stopped_at from clocks k
    left join cases c on c.id = k.case_id
    where k.started_at >= ${period.from} and k.started_at < ${period.to} and ${area(sql`k.local_authority_id`, scope)}
      and ${scope.agencyId ? sql`c.id is not null and ${caseAgency('c', scope)}` : TRUE}`.execute(db);
  return result.rows.map((r) => ({ ...r, started_at: new Date(r.started_at), due_at: new Date(r.due_at), stopped_at: r.stopped_at ? new Date(r.stopped_at) : null }));
}

/** The cases behind one timeliness cell: clocks of one rule of one profile with one outcome. */
export async function casesBehindClocks(db: Kysely<Database>, profileId: string, ruleId: string, outcome: 'met' | 'missed' | 'running', scope: BoardScope, period: Period) {
  const now = scope.now;
  const which =
    outcome === 'met' ? sql`k.stopped_at is not null and k.stopped_at <= k.due_at`
    : outcome === 'missed' ? sql`((k.stopped_at is not null and k.stopped_at > k.due_at) or (k.stopped_at is null and k.due_at < ${now}))`
    : sql`k.stopped_at is null and k.due_at >= ${now}`;
  const result = await sql<{ id: string; reference: string; status: string; opened_at: Date; category: number | null }>`
    select c.id, c.reference, c.status, c.opened_at, c.category from cases c
    where c.id in (select k.case_id from clocks k where k.profile_id = ${profileId} and k.rule_id = ${ruleId} and ${which}
      and k.started_at >= ${period.from} and k.started_at < ${period.to} and ${area(sql`k.local_authority_id`, scope)})
      and ${caseAgency('c', scope)}
    order by c.reference limit 500`.execute(db);
  return result.rows;
}

// ---- The board's own tables and the names in its filters -------------------------------------------------------------

/** The profiles of the authorities in scope (the chosen authority and profile, when chosen). */
export async function profilesInUse(db: Kysely<Database>, scope: BoardScope) {
  let authorities = db.selectFrom('local_authorities').select('profile_id').distinct();
  if (scope.localAuthorityId) authorities = authorities.where('id', '=', scope.localAuthorityId);
  if (scope.profileId) authorities = authorities.where('profile_id', '=', scope.profileId);
  return (await authorities.execute()).map((a) => a.profile_id);
}

/** Stores the snapshot under its key, replacing an older one. */
export const saveSnapshot = (db: Kysely<Database>, key: string, computedAt: Date, payload: string) =>
  db.insertInto('board_snapshots').values({ key, computed_at: computedAt, payload })
    .onConflict((oc) => oc.column('key').doUpdateSet({ computed_at: computedAt, payload })).execute();

export const deleteSnapshotsBefore = (db: Kysely<Database>, before: Date) => db.deleteFrom('board_snapshots').where('computed_at', '<', before).execute();

export const snapshotByKey = (db: Kysely<Database>, key: string) => db.selectFrom('board_snapshots').select(['computed_at', 'payload']).where('key', '=', key).executeTakeFirst();

export const authoritiesByName = (db: Kysely<Database>) => db.selectFrom('local_authorities').select(['id', 'name', 'profile_id']).orderBy('name').execute();

export const activeAgenciesByName = (db: Kysely<Database>) => db.selectFrom('agencies').select(['id', 'name', 'local_authority_id']).where('active', '=', true).orderBy('name').execute();

export const authorityIds = async (db: Kysely<Database>) => (await db.selectFrom('local_authorities').select('id').orderBy('id').execute()).map((a) => a.id);
