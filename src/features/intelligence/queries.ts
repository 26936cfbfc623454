// All of the SQL of the intelligence register. Every function takes the database or the transaction first.
import { sql } from 'kysely';
import type { Insertable, Kysely } from 'kysely';
import type {
  ChronologyEntriesTable,
  Database,
  IntelAlertsTable,
  IntelDisruptionsTable,
  IntelEntitiesTable,
  IntelJusticeOutcomesTable,
  IntelLinksTable,
  IntelMentionsTable,
  IntelMergesTable,
  IntelPlanTargetsTable,
  NotificationsTable,
} from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { nameKeysOf, plateSubstrings } from '../../domain/intelligence/index.ts';
import type { DisruptionKind, EntityFacts, EntityKeys } from '../../domain/intelligence/index.ts';
import { planVisibleTo, visibleTo } from '../cases/queries-visibility.ts';
import type { MentionRecordType } from './service-mentions.ts';

/**
 * The actor may see the mention aliased `alias`: they may see the case note or observation it is in. Decided at
 * read time from the note or observation itself, so a change to its sharing carries to its mentions.
 */
export function seesMention(actor: Pick<Actor, 'id' | 'agencyId'>, alias: string) {
  const type = sql.ref(`${alias}.record_type`);
  const id = sql.ref(`${alias}.record_id`);
  return sql<boolean>`((${type} = 'case-note' and exists (select 1 from case_notes mn where mn.id = ${id} and ${visibleTo(actor, 'mn', 'author_id', 'case-note')}))
    or (${type} = 'observation' and exists (select 1 from risk_observations mo where mo.id = ${id} and ${visibleTo(actor, 'mo', 'recorded_by', 'risk_observation')})))`;
}

/** The actor may see a link to or from the entity aliased `alias`, or a mention of it (so they may see the entity). */
export function seesEntity(actor: Actor, alias: string) {
  const id = sql.ref(`${alias}.id`);
  return sql<boolean>`(exists (select 1 from intel_links vl where (vl.entity_id = ${id} or vl.other_entity_id = ${id}) and vl.removed_at is null and ${visibleTo(actor, 'vl', 'author_id', 'intelligence-link')})
    or exists (select 1 from intel_mentions vm where vm.entity_id = ${id} and vm.removed_at is null and ${seesMention(actor, 'vm')}))`;
}

/** Links the actor may see: shared as a case entry is (network, own agency, named people, or their own). */
const visibleLinks = (db: Kysely<Database>, actor: Actor) => db.selectFrom('intel_links as l').where('l.removed_at', 'is', null).where(visibleTo(actor, 'l', 'author_id', 'intelligence-link'));

// The register.

/** An entity recorded by the actor's agency, or reached by a link or mention they may see. */
export const visibleEntity = (db: Kysely<Database>, actor: Actor, id: string) =>
  db
    .selectFrom('intel_entities as e')
    .innerJoin('agencies as a', 'a.id', 'e.agency_id')
    .selectAll('e')
    .select('a.name as agency_name')
    .where('e.id', '=', id)
    .where((eb) =>
      eb.or([
        eb('e.agency_id', '=', actor.agencyId),
        seesEntity(actor, 'e'),
      ]),
    )
    .executeTakeFirst();

/** What a likely match is looked for by: the searched entity's kind and keys, its name's key requirements and postcode. */
export type MatchSearch = { kind: EntityFacts['kind']; keys: EntityKeys; nameNeeds: readonly (readonly (readonly string[])[])[]; postcode: string | null; exceptId?: string | undefined };

/** The candidates for likely matches among the entities this actor may see (none when nothing is searched by). */
export async function likelyMatchCandidates(db: Kysely<Database>, actor: Actor, search: MatchSearch) {
  const { kind, keys, nameNeeds, postcode, exceptId } = search;
  const nameCondition = (alias: 'e' | 'c') =>
    sql<boolean>`(${sql.join(nameNeeds.map((words) => sql`(${sql.join(words.map((keys) => sql`${sql.ref(`${alias}.name_keys`)} && ${keys}::text[]`), sql` and `)})`), sql` or `)})`;
  const conditions = [
    // Each condition is one an index answers (migrations 0018 and 0020): the recorded plate within the searched
    // one is "the recorded plate is one of the searched plate's substrings", an equality lookup.
    keys.plateKey ? sql<boolean>`(e.plate_key = ${keys.plateKey} or e.plate_key like ${`%${keys.plateKey.replace(/[?*%_]/g, '')}%`} or e.plate_key = any(${plateSubstrings(keys.plateKey)}::text[]))` : null,
    keys.phoneKey ? sql<boolean>`(e.phone_key = ${keys.phoneKey} or right(e.phone_key, 6) = right(${keys.phoneKey}, 6))` : null,
    keys.handleKey ? sql<boolean>`e.handle_key = ${keys.handleKey}` : null,
    // An address matches when it is the same, or has the same postcode and house number (matchAddress): the
    // candidates are the same address and the addresses with that postcode (the trigram index answers both).
    keys.addressKey ? (postcode ? sql<boolean>`(e.address_key = ${keys.addressKey} or e.address_key like ${`%${postcode}`})` : sql<boolean>`e.address_key = ${keys.addressKey}`) : null,
    nameNeeds.length ? nameCondition('e') : null,
  ].filter((c) => c !== null);
  if (conditions.length === 0) return [];
  return db
    .selectFrom('intel_entities as e')
    .selectAll('e')
    .where('e.kind', '=', kind)
    .where('e.merged_into', 'is', null)
    .where(sql<boolean>`(${sql.join(conditions, sql` or `)})`)
    .where((eb) =>
      eb.or([eb('e.agency_id', '=', actor.agencyId), seesEntity(actor, 'e')]),
    )
    .$if(exceptId !== undefined, (q) => q.where('e.id', '!=', exceptId!))
    // A common name shares sound-alike keys with thousands: the 200 closest names are the candidates, so the
    // same name is not cut off and the access check runs on those only.
    .$if(kind === 'person', (q) => q.where('e.id', 'in', (sub) => sub.selectFrom(
      (inner) => inner.selectFrom('intel_entities as c').select(['c.id', sql<number>`similarity(c.names, ${keys.names})`.as('s')])
        .where('c.kind', '=', 'person').where('c.merged_into', 'is', null).where(nameCondition('c'))
        .orderBy('s', 'desc').limit(200).as('top'),
    ).select('top.id')))
    .limit(50)
    .execute();
}

export const agencyKind = (db: Kysely<Database>, agencyId: string) => db.selectFrom('agencies').select('kind').where('id', '=', agencyId).executeTakeFirst();

/** The register: entities the actor may see, newest first, optionally those matching a plate, number, name or address. */
export function registerEntries(db: Kysely<Database>, actor: Actor, q?: string) {
  let query = db
    .selectFrom('intel_entities as e')
    .selectAll('e')
    .select((eb) => eb.selectFrom('intel_links as l').select(eb.fn.countAll<number>().as('n')).whereRef('l.entity_id', '=', 'e.id').where('l.removed_at', 'is', null).where('l.case_id', 'is not', null).as('children'))
    .where('e.merged_into', 'is', null)
    .where((eb) => eb.or([eb('e.agency_id', '=', actor.agencyId), seesEntity(actor, 'e')]))
    .orderBy('e.created_at', 'desc')
    .limit(100);
  if (q) {
    const plate = q.toUpperCase().replace(/[^A-Z0-9]/g, '');
    const digits = q.replace(/\D/g, '');
    const ors = [sql<boolean>`e.names % ${q.toLowerCase()}`, sql<boolean>`e.name_keys && ${nameKeysOf([q])}::text[]`, sql<boolean>`e.label ilike ${`%${q.replace(/[%_]/g, '')}%`}`];
    if (plate.length >= 2) ors.push(sql<boolean>`e.plate_key like ${`%${plate}%`}`);
    if (digits.length >= 4) ors.push(sql<boolean>`e.phone_key like ${`%${digits.slice(-10)}%`}`);
    query = query.where(sql<boolean>`(${sql.join(ors, sql` or `)})`);
  }
  return query.execute();
}

export const insertEntity = (trx: Kysely<Database>, values: Insertable<IntelEntitiesTable>) => trx.insertInto('intel_entities').values(values).returning('id').executeTakeFirstOrThrow();

// Links and mentions.

/** A case note or observation of this case that the actor may see. */
export const visibleMentionRecord = (db: Kysely<Database>, actor: Actor, caseId: string, recordType: MentionRecordType, recordId: string) =>
  recordType === 'case-note'
    ? db.selectFrom('case_notes as n').select(['n.id', 'n.contact_date as on', 'n.body as text']).where('n.id', '=', recordId).where('n.case_id', '=', caseId).where(visibleTo(actor, 'n', 'author_id', 'case-note')).executeTakeFirst()
    : db.selectFrom('risk_observations as o').select(['o.id', 'o.observed_on as on', 'o.note as text']).where('o.id', '=', recordId).where('o.case_id', '=', caseId).where(visibleTo(actor, 'o', 'recorded_by', 'risk_observation')).executeTakeFirst();

/** A missing episode of this case that the actor may see (as the episodes list shows them). */
export const visibleEpisode = (db: Kysely<Database>, actor: Actor, caseId: string, episodeId: string) =>
  db.selectFrom('missing_episodes as me').select(['me.id', 'me.left_at', 'me.sharing_level']).where('me.id', '=', episodeId).where('me.case_id', '=', caseId).where(visibleTo(actor, 'me', 'reported_by', 'missing-episode')).executeTakeFirst();

/** Any current link to or from the entity. */
export const anyCurrentLink = (trx: Kysely<Database>, entityId: string) =>
  trx.selectFrom('intel_links').select('id').where('removed_at', 'is', null).where((eb) => eb.or([eb('entity_id', '=', entityId), eb('other_entity_id', '=', entityId)])).executeTakeFirst();

/** Flags the entity for review (data minimisation) from `at`, or clears the flag (null). */
export const setReviewFlag = (trx: Kysely<Database>, entityId: string, at: Date | null) => trx.updateTable('intel_entities').set({ review_flagged_at: at }).where('id', '=', entityId).execute();

export const clearReviewFlags = (trx: Kysely<Database>, entityIds: readonly string[]) => trx.updateTable('intel_entities').set({ review_flagged_at: null }).where('id', 'in', entityIds).execute();

export const insertLink = (trx: Kysely<Database>, values: Insertable<IntelLinksTable>) => trx.insertInto('intel_links').values(values).returning('id').executeTakeFirstOrThrow();

export const insertChronologyEntry = (trx: Kysely<Database>, values: Insertable<ChronologyEntriesTable>) => trx.insertInto('chronology_entries').values(values).execute();

/** A link the actor may see, locked for its removal. */
export const lockVisibleLink = (trx: Kysely<Database>, actor: Actor, linkId: string) => visibleLinks(trx, actor).selectAll('l').where('l.id', '=', linkId).forUpdate().executeTakeFirst();

export const markLinkRemoved = (trx: Kysely<Database>, linkId: string, at: Date, by: string) => trx.updateTable('intel_links').set({ removed_at: at, removed_by: by }).where('id', '=', linkId).execute();

/** A case's links that the actor may see, with the entity linked to, most recently known first. */
export const caseLinkRows = (db: Kysely<Database>, actor: Actor, caseId: string) =>
  visibleLinks(db, actor)
    .innerJoin('intel_entities as e', 'e.id', 'l.entity_id')
    .innerJoin('agencies as a', 'a.id', 'l.agency_id')
    .selectAll('l')
    .select(['e.kind', 'e.details', 'e.date_of_birth', 'e.sex', 'a.name as agency_name'])
    .where('l.case_id', '=', caseId)
    .orderBy('l.last_known', 'desc')
    .execute();

/** A mention, made again (not duplicated) when it was removed. */
export const insertMention = (trx: Kysely<Database>, values: Insertable<IntelMentionsTable>) =>
  trx
    .insertInto('intel_mentions')
    .values(values)
    .onConflict((oc) => oc.columns(['record_type', 'record_id', 'entity_id']).doUpdateSet({ removed_at: null }))
    .returning('id')
    .executeTakeFirstOrThrow();

/** A plan target, named again (not duplicated) when it was removed. */
export const insertPlanTarget = (trx: Kysely<Database>, values: Insertable<IntelPlanTargetsTable>) =>
  trx
    .insertInto('intel_plan_targets')
    .values(values)
    .onConflict((oc) => oc.columns(['plan_id', 'entity_id']).doUpdateSet({ removed_at: null }))
    .execute();

/** A missing episode's links the actor may see, in the order they were made. */
export const episodeLinkRows = (db: Kysely<Database>, actor: Actor, caseId: string, episodeId: string) =>
  visibleLinks(db, actor)
    .innerJoin('intel_entities as e', 'e.id', 'l.entity_id')
    .innerJoin('agencies as a', 'a.id', 'l.agency_id')
    .selectAll('l')
    .select(['e.kind', 'e.details', 'e.date_of_birth', 'e.sex', 'a.name as agency_name'])
    .where('l.case_id', '=', caseId)
    .where('l.missing_episode_id', '=', episodeId)
    .orderBy('l.created_at')
    .execute();

/** The entries mentioned in these case notes or observations of one case, as far as the actor may see them. */
export const mentionedEntities = (db: Kysely<Database>, actor: Pick<Actor, 'id' | 'agencyId'>, caseId: string, recordType: MentionRecordType, recordIds: readonly string[]) =>
  db
    .selectFrom('intel_mentions as m')
    .innerJoin('intel_entities as e', 'e.id', 'm.entity_id')
    .select(['m.id', 'm.record_id', 'm.entity_id', 'e.kind', 'e.details', 'e.date_of_birth', 'e.sex'])
    .where('m.case_id', '=', caseId)
    .where('m.record_type', '=', recordType)
    .where('m.record_id', 'in', recordIds)
    .where('m.removed_at', 'is', null)
    .where(seesMention(actor, 'm'))
    .orderBy('m.created_at')
    .execute();

// Disruption plans.

/** A plan of this case the actor may see (as the plans pages decide: network, their own, or their agency's). */
export const visiblePlanRow = (db: Kysely<Database>, actor: Pick<Actor, 'id' | 'agencyId'>, caseId: string, planId: string) =>
  db
    .selectFrom('plans as p')
    .select(['p.id', 'p.kind', 'p.case_id'])
    .where('p.id', '=', planId)
    .where('p.case_id', '=', caseId)
    .where(planVisibleTo(actor, 'p'))
    .executeTakeFirst();

/** The register entries a plan names now, in the order they were named. */
export const planTargetRows = (db: Kysely<Database>, planId: string) =>
  db
    .selectFrom('intel_plan_targets as t')
    .innerJoin('intel_entities as e', 'e.id', 't.entity_id')
    .select(['t.entity_id', 't.added_at', 'e.kind', 'e.details', 'e.date_of_birth', 'e.sex'])
    .where('t.plan_id', '=', planId)
    .where('t.removed_at', 'is', null)
    .orderBy('t.added_at')
    .execute();

// Merges.

/** Moves the current links from one entity to another, and returns the links moved (for undo). */
export const moveLinks = (trx: Kysely<Database>, fromId: string, toId: string) => trx.updateTable('intel_links').set({ entity_id: toId }).where('entity_id', '=', fromId).where('removed_at', 'is', null).returning('id').execute();

/** Moves the current links whose other end is one entity to another, and returns the links moved (for undo). */
export const moveOtherLinks = (trx: Kysely<Database>, fromId: string, toId: string) => trx.updateTable('intel_links').set({ other_entity_id: toId }).where('other_entity_id', '=', fromId).where('removed_at', 'is', null).returning('id').execute();

/** Records the entity as merged into another, or (null) as its own entry again. */
export const setMergedInto = (trx: Kysely<Database>, entityId: string, mergedInto: string | null, at: Date) => trx.updateTable('intel_entities').set({ merged_into: mergedInto, updated_at: at }).where('id', '=', entityId).execute();

export const insertMerge = (trx: Kysely<Database>, values: Insertable<IntelMergesTable>) => trx.insertInto('intel_merges').values(values).returning('id').executeTakeFirstOrThrow();

/** A merge into this entity not yet undone, locked for its undoing. */
export const lockOpenMerge = (trx: Kysely<Database>, mergeId: string, keptId: string) => trx.selectFrom('intel_merges').selectAll().where('id', '=', mergeId).where('kept_id', '=', keptId).where('undone_at', 'is', null).forUpdate().executeTakeFirst();

/** Points these links at the entity again. */
export const relinkTo = (trx: Kysely<Database>, linkIds: readonly string[], entityId: string) => trx.updateTable('intel_links').set({ entity_id: entityId }).where('id', 'in', linkIds).execute();

/** Points these links' other end at the entity again. */
export const relinkOtherTo = (trx: Kysely<Database>, linkIds: readonly string[], entityId: string) => trx.updateTable('intel_links').set({ other_entity_id: entityId }).where('id', 'in', linkIds).execute();

export const markMergeUndone = (trx: Kysely<Database>, mergeId: string, at: Date, by: string) => trx.updateTable('intel_merges').set({ undone_at: at, undone_by: by }).where('id', '=', mergeId).execute();

// Disruption.

export const insertDisruption = (trx: Kysely<Database>, values: Insertable<IntelDisruptionsTable>) => trx.insertInto('intel_disruptions').values(values).returning('id').executeTakeFirstOrThrow();

export const insertJusticeOutcome = (trx: Kysely<Database>, values: Insertable<IntelJusticeOutcomesTable>) => trx.insertInto('intel_justice_outcomes').values(values).returning('id').executeTakeFirstOrThrow();

/**
 * Disruption actions taken in the dates given, per person of concern reached (directly, or through an entry
 * they are linked to), by kind; only persons linked to a case in the local authority when one is given.
 */
export const disruptionsReached = (db: Kysely<Database>, from: string, to: string, localAuthorityId: string | undefined) =>
  sql<{ entity_id: string; kind: DisruptionKind; direct: boolean; n: number }>`
    with d as (
      select d.id, d.entity_id, d.kind, t.kind as target_kind from intel_disruptions d join intel_entities t on t.id = d.entity_id
      where d.taken_on between ${from}::date and ${to}::date
    ),
    reached as (
      select d.id, d.kind, d.entity_id as person_id, true as direct from d where d.target_kind = 'person'
      union
      select d.id, d.kind, case when l.entity_id = d.entity_id then l.other_entity_id else l.entity_id end, false
      from d join intel_links l on (l.entity_id = d.entity_id or l.other_entity_id = d.entity_id)
      where d.target_kind <> 'person' and l.other_entity_id is not null and l.removed_at is null
    )
    select r.person_id as entity_id, r.kind, r.direct, count(distinct r.id)::int as n
    from reached r join intel_entities p on p.id = r.person_id
    where p.kind = 'person' and p.merged_into is null
      ${localAuthorityId ? sql`and exists (select 1 from intel_links cl join cases k on k.id = cl.case_id where cl.entity_id = p.id and cl.removed_at is null and k.local_authority_id = ${localAuthorityId})` : sql``}
    group by r.person_id, r.kind, r.direct`.execute(db);

// Alerts.

/** The entity's current links to children's cases, with each case's area, for the alert check. */
export const currentCaseLinksOf = (trx: Kysely<Database>, entityId: string) =>
  trx
    .selectFrom('intel_links as l')
    .innerJoin('cases as k', 'k.id', 'l.case_id')
    .select(['l.id', 'l.case_id', 'l.last_known', 'k.local_authority_id'])
    .where('l.entity_id', '=', entityId)
    .where('l.removed_at', 'is', null)
    .execute();

export const insertAlert = (trx: Kysely<Database>, values: Insertable<IntelAlertsTable>) => trx.insertInto('intel_alerts').values(values).returning('id').executeTakeFirstOrThrow();

/** The active CSE coordinators of a local authority. */
export const activeCoordinators = (trx: Kysely<Database>, localAuthorityId: string) =>
  trx
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .select('u.id')
    .where('r.role', '=', 'cse-coordinator')
    .where('u.local_authority_id', '=', localAuthorityId)
    .where('u.active', '=', true)
    .execute();

export const insertNotification = (trx: Kysely<Database>, values: Insertable<NotificationsTable>) => trx.insertInto('notifications').values(values).execute();

/** Open alerts of a local authority, newest first. */
export const openAlerts = (db: Kysely<Database>, localAuthorityId: string) => db.selectFrom('intel_alerts').selectAll().where('local_authority_id', '=', localAuthorityId).where('dismissed_at', 'is', null).orderBy('raised_at', 'desc').limit(100).execute();

/** An alert of this local authority. */
export const alertOfArea = (db: Kysely<Database>, alertId: string, localAuthorityId: string) => db.selectFrom('intel_alerts').selectAll().where('id', '=', alertId).where('local_authority_id', '=', localAuthorityId).executeTakeFirst();

/** The links that made an alert, with the agency that recorded each. */
export const alertLinks = (db: Kysely<Database>, linkIds: readonly string[]) =>
  db.selectFrom('intel_links as l').innerJoin('agencies as a', 'a.id', 'l.agency_id').select(['l.id', 'l.case_id', 'l.nature', 'l.last_known', 'l.how_known', 'a.name as agency_name']).where('l.id', 'in', linkIds).execute();

/** Dismisses an open alert of this local authority; nothing when there is none. */
export const dismissOpenAlert = (trx: Kysely<Database>, alertId: string, localAuthorityId: string, dismissal: { at: Date; by: string; reason: string }) =>
  trx
    .updateTable('intel_alerts')
    .set({ dismissed_at: dismissal.at, dismissed_by: dismissal.by, dismissal_reason: dismissal.reason })
    .where('id', '=', alertId)
    .where('local_authority_id', '=', localAuthorityId)
    .where('dismissed_at', 'is', null)
    .returning('id')
    .executeTakeFirst();

// Who else is linked, and an entity's page.

/** These children's names. */
export const childNames = (db: Kysely<Database>, childIds: readonly string[]) => db.selectFrom('children').select(['id', 'given_name', 'family_name', 'known_as']).where('id', 'in', childIds).execute();

export const childNameParts = (db: Kysely<Database>, childId: string) => db.selectFrom('children').select(['given_name', 'family_name', 'known_as']).where('id', '=', childId).executeTakeFirstOrThrow();

/** The links the actor may see from these entities to children's cases, most recently known first. */
export const caseLinksFrom = (db: Kysely<Database>, actor: Actor, entityIds: readonly string[]) =>
  visibleLinks(db, actor)
    .select(['l.id', 'l.entity_id', 'l.case_id', 'l.nature'])
    .where('l.entity_id', 'in', entityIds)
    .where('l.case_id', 'is not', null)
    .orderBy('l.last_known', 'desc')
    .limit(200)
    .execute();

/** The links the actor may see to or from the entity, with the entity at the other end (if any), most recently known first. */
export const entityLinkRows = (db: Kysely<Database>, actor: Actor, entityId: string) =>
  visibleLinks(db, actor)
    .innerJoin('agencies as a', 'a.id', 'l.agency_id')
    .leftJoin('intel_entities as o', (j) => j.on(sql<boolean>`o.id = case when l.entity_id = ${entityId} then l.other_entity_id else l.entity_id end`))
    .selectAll('l')
    .select(['a.name as agency_name', 'o.id as o_id', 'o.kind as o_kind', 'o.details as o_details', 'o.date_of_birth as o_dob', 'o.sex as o_sex'])
    .where((eb) => eb.or([eb('l.entity_id', '=', entityId), eb('l.other_entity_id', '=', entityId)]))
    .orderBy('l.last_known', 'desc')
    .execute();

/** Mentions of the entity in case notes and observations the actor may see, newest first. */
export const entityMentionRows = (db: Kysely<Database>, actor: Actor, entityId: string) =>
  db
    .selectFrom('intel_mentions as m')
    .innerJoin('agencies as a', 'a.id', 'm.agency_id')
    .select(['m.id', 'm.case_id', 'm.record_type', 'm.record_id', 'm.created_at', 'a.name as agency_name'])
    .where('m.entity_id', '=', entityId)
    .where('m.removed_at', 'is', null)
    .where(seesMention(actor, 'm'))
    .orderBy('m.created_at', 'desc')
    .limit(200)
    .execute();

/** The merges into the entity not undone, newest first. */
export const keptMerges = (db: Kysely<Database>, entityId: string) => db.selectFrom('intel_merges').selectAll().where('kept_id', '=', entityId).where('undone_at', 'is', null).orderBy('merged_at', 'desc').execute();

/** The entity's alerts in a local authority, newest first. */
export const entityAlerts = (db: Kysely<Database>, entityId: string, localAuthorityId: string) => db.selectFrom('intel_alerts').selectAll().where('entity_id', '=', entityId).where('local_authority_id', '=', localAuthorityId).orderBy('raised_at', 'desc').execute();

export const entityDisruptions = (db: Kysely<Database>, entityId: string) =>
  db.selectFrom('intel_disruptions as d').innerJoin('agencies as a', 'a.id', 'd.agency_id').selectAll('d').select('a.name as agency_name').where('d.entity_id', '=', entityId).orderBy('d.taken_on', 'desc').execute();

export const entityJusticeOutcomes = (db: Kysely<Database>, entityId: string) =>
  db.selectFrom('intel_justice_outcomes as j').innerJoin('agencies as a', 'a.id', 'j.agency_id').selectAll('j').select('a.name as agency_name').where('j.entity_id', '=', entityId).orderBy('j.decided_on', 'desc').execute();

/**
 * "Who else is linked?" from a case: the other cases linked to the same entities, directly or through one more
 * entity, over links the actor may see. Measured by bench/intelligence.bench.ts (docs/intelligence-bench.md).
 */
export const whoElseLinked = (db: Kysely<Database>, actor: Actor, caseId: string) =>
  sql<{ case_id: string; e1: string; e2: string | null; link_ids: string[]; nature1: string; nature_mid: string | null }>`
        with mine as (
          select l.entity_id, l.id from intel_links l
          where l.case_id = ${caseId} and l.removed_at is null and ${visibleTo(actor, 'l', 'author_id', 'intelligence-link')}
        ),
        hop as (
          select m.entity_id as e1, case when x.entity_id = m.entity_id then x.other_entity_id else x.entity_id end as e2, x.id as link_id, x.nature
          from mine m join intel_links x on (x.entity_id = m.entity_id or x.other_entity_id = m.entity_id)
          where x.other_entity_id is not null and x.removed_at is null and ${visibleTo(actor, 'x', 'author_id', 'intelligence-link')}
        )
        select o.case_id, m.entity_id as e1, null::uuid as e2, array[m.id, o.id] as link_ids, o.nature as nature1, null as nature_mid
          from mine m join intel_links o on o.entity_id = m.entity_id
          where o.case_id is not null and o.case_id <> ${caseId} and o.removed_at is null and ${visibleTo(actor, 'o', 'author_id', 'intelligence-link')}
        union all
        select o.case_id, h.e1, h.e2, array[h.link_id, o.id] as link_ids, o.nature as nature1, h.nature as nature_mid
          from hop h join intel_links o on o.entity_id = h.e2
          where o.case_id is not null and o.case_id <> ${caseId} and o.removed_at is null and ${visibleTo(actor, 'o', 'author_id', 'intelligence-link')}
        limit 500`.execute(db);

/** These entities' facts, for their labels. */
export const entityFactsOf = (db: Kysely<Database>, entityIds: readonly string[]) => db.selectFrom('intel_entities').select(['id', 'kind', 'details', 'date_of_birth', 'sex']).where('id', 'in', entityIds).execute();
