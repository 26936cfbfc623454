// The intelligence register (issue 12): entities (persons of concern, vehicles, places, phones), links from a
// child's case or another entity to them, merges that can be undone, "who else is linked?", and the
// pattern-of-targeting alerts. Each write is one transaction with its audit row (and, for a link to a case, its
// chronology entry); each read is audited. A link is shared as a case entry is (visibleTo); another child's
// identity is shown only to someone the access model lets open that child's case.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { decideCaseAccess } from '../../domain/access/access.ts';
import {
  alertHeadline, alertThresholdFor, childrenWithinWindow, defaultSharing, describePath, entityKeys, entityLabel, matchReasons, mergeRefusals, nameKeysOf, reachesThreshold,
} from '../../domain/intelligence/index.ts';
import type { EntityFacts, EntityKind, PathStep } from '../../domain/intelligence/index.ts';
import { londonDateOf } from '../../domain/clock/index.ts';
import { notFound } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/audit-trail.ts';
import type { AuditContext } from '../audit/audit-trail.ts';
import { accessFacts, findCaseHeader } from '../cases/case-access.ts';
import type { CaseHeader } from '../cases/case-access.ts';
import { RecordRefused, authoriseCaseRecord, checkSharing } from '../chronology/case-records.ts';
import { visibleTo } from '../cases/visible-to.ts';
import { childName } from '../cases/case-page.ts';
import type { ProfileRegistry } from '../profiles/profile-registry.ts';
import type { CaseLinkInput, DisruptionInput, EntityInput, EntityLinkInput } from './schemas.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WRITE_REFUSAL = 'Only members of the professional network, and the area’s front door, CSE coordinator and team managers, link a child to the register.';
const RECORD_TYPE = 'intelligence-link';

/** The actor may see a link to or from the entity aliased `alias` (so they may see the entity). */
function seesEntity(actor: Actor, alias: string) {
  const id = sql.ref(`${alias}.id`);
  return sql<boolean>`exists (select 1 from intel_links vl where (vl.entity_id = ${id} or vl.other_entity_id = ${id}) and vl.removed_at is null and ${visibleTo(actor, 'vl', 'author_id', 'intelligence-link')})`;
}

export type EntityRow = Awaited<ReturnType<ReturnType<typeof createIntelligenceService>['entity']>>;

/** What an entity's stored row says, as the domain's facts. */
export function factsOf(row: { kind: EntityKind; details: Record<string, unknown>; date_of_birth: string | null; sex: string | null }): EntityFacts {
  const d = row.details as Record<string, string | number | string[] | undefined>;
  const s = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : null);
  switch (row.kind) {
    case 'person':
      return { kind: 'person', name: s('name') ?? '', aliases: Array.isArray(d.aliases) ? d.aliases : [], approximateAge: typeof d.approximateAge === 'number' ? d.approximateAge : null, dateOfBirth: row.date_of_birth, sex: row.sex };
    case 'vehicle':
      return { kind: 'vehicle', make: s('make'), model: s('model'), colour: s('colour'), registration: s('registration') };
    case 'place':
      return { kind: 'place', address: s('address'), description: s('description') };
    case 'phone':
      return { kind: 'phone', number: s('number'), handle: s('handle'), platform: s('platform') };
  }
}

/** The entity as the form described it: the facts matched on, and every detail kept. */
export function inputFacts(input: EntityInput): { facts: EntityFacts; details: Record<string, unknown> } {
  const pick = (keys: readonly (keyof EntityInput)[]) => Object.fromEntries(keys.filter((k) => input[k] !== undefined).map((k) => [k, input[k]]));
  switch (input.kind) {
    case 'person': {
      const aliases = (input.aliases ?? '').split(',').map((a) => a.trim()).filter((a) => a !== '');
      const details = { ...pick(['name', 'approximateAge', 'hair', 'skin', 'ethnicity', 'height', 'build', 'clothes', 'jewellery', 'distinguishingMarks', 'accent', 'associates']), aliases };
      return { facts: { kind: 'person', name: input.name ?? '', aliases, approximateAge: input.approximateAge ?? null, dateOfBirth: input.dateOfBirth ?? null, sex: input.sex ?? null }, details };
    }
    case 'vehicle':
      return { facts: { kind: 'vehicle', make: input.make ?? null, model: input.model ?? null, colour: input.colour ?? null, registration: input.registration ?? null }, details: pick(['make', 'model', 'colour', 'registration']) };
    case 'place':
      return { facts: { kind: 'place', address: input.address ?? null, description: input.description ?? null, placeKind: input.placeKind ?? null }, details: pick(['address', 'description', 'placeKind', 'childHasKeys']) };
    case 'phone':
      return { facts: { kind: 'phone', number: input.number ?? null, handle: input.handle ?? null, platform: input.platform ?? null }, details: pick(['number', 'handle', 'platform']) };
  }
}

export type LinkedChild =
  | { visible: true; caseId: string; reference: string; name: string; path: string; linkIds: string[] }
  | { visible: false; contact: string; path: string; linkIds: string[] };

export function createIntelligenceService(deps: { db: Kysely<Database>; now: () => Date; profiles: ProfileRegistry }) {
  const { db, now, profiles } = deps;

  /** Links the actor may see: shared as a case entry is (network, own agency, named people, or their own). */
  const visibleLinks = (actor: Actor, from: Kysely<Database> = db) => from.selectFrom('intel_links as l').where('l.removed_at', 'is', null).where(visibleTo(actor, 'l', 'author_id', 'intelligence-link'));

  /**
   * An entity the actor may see: recorded by their agency, or reached by a link they may see. Anything else is
   * "not found", so the register never reveals what police intelligence holds to another agency.
   */
  async function entity(actor: Actor, id: string, from: Kysely<Database> = db) {
    if (!UUID.test(id)) throw notFound('Record');
    const row = await from
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
    if (!row) throw notFound('Record');
    return { ...row, facts: factsOf(row), label: entityLabel(factsOf(row), now()) };
  }

  /** Likely matches among the entities this actor may see, with the reasons in words. */
  async function likelyMatches(actor: Actor, facts: EntityFacts, exceptId?: string) {
    const keys = entityKeys(facts);
    const nameKeys = facts.kind === 'person' ? nameKeysOf([facts.name, ...(facts.aliases ?? [])]) : [];
    const conditions = [
      keys.plateKey ? sql<boolean>`(e.plate_key = ${keys.plateKey} or e.plate_key like ${`%${keys.plateKey.replace(/[?*%_]/g, '')}%`} or ${keys.plateKey} like '%' || e.plate_key || '%')` : null,
      keys.phoneKey ? sql<boolean>`(e.phone_key = ${keys.phoneKey} or right(e.phone_key, 6) = right(${keys.phoneKey}, 6))` : null,
      keys.handleKey ? sql<boolean>`e.handle_key = ${keys.handleKey}` : null,
      keys.addressKey ? sql<boolean>`(e.address_key = ${keys.addressKey} or e.names % ${keys.addressKey} or (e.address_key is not null and similarity(e.address_key, ${keys.addressKey}) > 0.5))` : null,
      nameKeys.length ? sql<boolean>`e.name_keys && ${nameKeys}::text[]` : null,
    ].filter((c) => c !== null);
    if (conditions.length === 0) return [];
    const rows = await db
      .selectFrom('intel_entities as e')
      .selectAll('e')
      .where('e.kind', '=', facts.kind)
      .where('e.merged_into', 'is', null)
      .where(sql<boolean>`(${sql.join(conditions, sql` or `)})`)
      .where((eb) =>
        eb.or([eb('e.agency_id', '=', actor.agencyId), seesEntity(actor, 'e')]),
      )
      .$if(exceptId !== undefined, (q) => q.where('e.id', '!=', exceptId!))
      .limit(50)
      .execute();
    return rows
      .map((row) => ({ id: row.id, kind: row.kind, label: entityLabel(factsOf(row), now()), reasons: matchReasons(facts, factsOf(row)) }))
      .filter((m) => m.reasons.length > 0)
      .slice(0, 10);
  }

  async function agencyKind(actor: Actor) {
    const a = await db.selectFrom('agencies').select('kind').where('id', '=', actor.agencyId).executeTakeFirst();
    return a?.kind ?? '';
  }

  /** Whether the actor may open a case, by the access model (no audit: only used to decide what to say). */
  async function mayOpen(actor: Actor, kase: CaseHeader) {
    return decideCaseAccess(actor, await accessFacts(db, actor, kase, now())).allowed;
  }

  /** Who to contact about a child the actor may not see: the case's team, or the area's CSE coordinator. */
  async function contactFor(caseId: string) {
    const row = await db
      .selectFrom('cases as k')
      .leftJoin('teams as t', 't.id', 'k.team_id')
      .innerJoin('local_authorities as la', 'la.id', 'k.local_authority_id')
      .select(['t.name as team_name', 'la.name as la_name'])
      .where('k.id', '=', caseId)
      .executeTakeFirstOrThrow();
    return row.team_name ? `${row.team_name} (${row.la_name})` : `the CSE coordinator in ${row.la_name}`;
  }

  /** The alert check on a new case link, inside its transaction: one alert per affected area on the crossing. */
  async function checkThreshold(trx: Kysely<Database>, kase: CaseHeader, entityId: string, label: string, newLinkId: string, at: Date, audit: AuditContext) {
    // The threshold of the profile of the area whose child was just linked.
    const threshold = alertThresholdFor(await profiles.forAuthority(trx, kase.localAuthorityId));
    const links = await trx
      .selectFrom('intel_links as l')
      .innerJoin('cases as k', 'k.id', 'l.case_id')
      .select(['l.id', 'l.case_id', 'l.last_known', 'k.local_authority_id'])
      .where('l.entity_id', '=', entityId)
      .where('l.removed_at', 'is', null)
      .execute();
    const asChild = (l: (typeof links)[number]) => ({ caseId: l.case_id!, lastKnown: new Date(`${String(l.last_known)}T00:00:00Z`) });
    const added = links.find((l) => l.id === newLinkId);
    if (!added) return;
    const others = links.filter((l) => l.id !== newLinkId);
    if (!reachesThreshold(others.map(asChild), asChild(added), at, threshold)) return;
    const within = new Set(childrenWithinWindow(links.map(asChild), at, threshold));
    const counted = links.filter((l) => within.has(l.case_id!));
    const headline = alertHeadline(label, within.size);
    for (const la of [...new Set(counted.map((l) => l.local_authority_id))]) {
      const alert = await trx
        .insertInto('intel_alerts')
        .values({ entity_id: entityId, local_authority_id: la, headline, children: within.size, link_ids: counted.map((l) => l.id), raised_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      const coordinators = await trx
        .selectFrom('users as u')
        .innerJoin('user_roles as r', 'r.user_id', 'u.id')
        .select('u.id')
        .where('r.role', '=', 'cse-coordinator')
        .where('u.local_authority_id', '=', la)
        .where('u.active', '=', true)
        .execute();
      for (const c of coordinators) {
        await trx.insertInto('notifications').values({ user_id: c.id, kind: 'intelligence-alert', title: 'Pattern of targeting', body: 'A record in the intelligence register is now linked to several children.', link: `/intelligence/alerts/${alert.id}` }).execute();
      }
      await recordAudit(trx, audit, { action: 'intelligence.alert-raised', entityType: 'intel-alert', entityId: alert.id, details: { entityId, children: within.size, localAuthorityId: la } });
    }
  }

  /** An entity with no remaining links is flagged for review (data minimisation); one linked again is not. */
  async function flagUnlinked(trx: Kysely<Database>, entityIds: readonly string[], at: Date) {
    for (const id of entityIds) {
      const linked = await trx.selectFrom('intel_links').select('id').where('removed_at', 'is', null).where((eb) => eb.or([eb('entity_id', '=', id), eb('other_entity_id', '=', id)])).executeTakeFirst();
      await trx.updateTable('intel_entities').set({ review_flagged_at: linked ? null : at }).where('id', '=', id).execute();
    }
  }

  return {
    entity,
    likelyMatches,

    /** The register: entities the actor may see, newest first, optionally those matching a plate, number, name or address. */
    async list(actor: Actor, audit: AuditContext, q?: string) {
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
      const rows = await query.execute();
      await recordAudit(db, audit, { action: 'intelligence.register-read', entityType: 'intel-register', details: { searched: q !== undefined, count: rows.length } });
      return rows.map((r) => ({ ...r, label: entityLabel(factsOf(r), now()), children: Number(r.children ?? 0) }));
    },

    /** Records an entity; the caller has already shown the likely matches and the person chose "a new record". */
    async create(actor: Actor, input: EntityInput, audit: AuditContext) {
      const at = now();
      const { facts, details } = inputFacts(input);
      const keys = entityKeys(facts);
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('intel_entities')
          .values({
            kind: facts.kind, label: entityLabel(facts, at), details: JSON.stringify(details), date_of_birth: input.dateOfBirth ?? null, sex: input.sex ?? null,
            plate_key: keys.plateKey, phone_key: keys.phoneKey, handle_key: keys.handleKey, address_key: keys.addressKey, name_keys: keys.nameKeys, names: keys.names,
            agency_id: actor.agencyId, created_by: actor.id, created_at: at, updated_at: at, review_flagged_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(trx, audit, { action: 'intelligence.entity-created', entityType: 'intel-entity', entityId: row.id, details: { kind: facts.kind } });
        return row.id;
      });
    },

    /** An entity's page: its links the actor may see, with the children told apart by the access model. */
    async entityPage(actor: Actor, id: string, audit: AuditContext) {
      const e = await entity(actor, id);
      await recordAudit(db, audit, { action: 'intelligence.entity-read', entityType: 'intel-entity', entityId: e.id, details: { kind: e.kind } });
      const links = await visibleLinks(actor)
        .innerJoin('agencies as a', 'a.id', 'l.agency_id')
        .leftJoin('intel_entities as o', (j) => j.on(sql<boolean>`o.id = case when l.entity_id = ${e.id} then l.other_entity_id else l.entity_id end`))
        .selectAll('l')
        .select(['a.name as agency_name', 'o.id as o_id', 'o.kind as o_kind', 'o.details as o_details', 'o.date_of_birth as o_dob', 'o.sex as o_sex'])
        .where((eb) => eb.or([eb('l.entity_id', '=', e.id), eb('l.other_entity_id', '=', e.id)]))
        .orderBy('l.last_known', 'desc')
        .execute();
      const children: LinkedChild[] = [];
      const seen = new Map<string, LinkedChild>();
      for (const l of links.filter((x) => x.case_id !== null)) {
        const prior = seen.get(l.case_id!);
        if (prior) {
          prior.linkIds.push(l.id);
          continue;
        }
        const kase = await findCaseHeader(db, l.case_id!);
        if (!kase) continue;
        const child: LinkedChild = (await mayOpen(actor, kase))
          ? await nameOf(kase.childId).then((name): LinkedChild => ({ visible: true, caseId: kase.id, reference: kase.reference, name, path: `${describePath([{ label: e.label }, { child: { name } }])} (${l.nature})`, linkIds: [l.id] }))
          : { visible: false, contact: await contactFor(kase.id), path: `${e.label} → another child`, linkIds: [l.id] };
        seen.set(l.case_id!, child);
        children.push(child);
      }
      const entities = links
        .filter((l) => l.o_id !== null && l.case_id === null)
        .map((l) => ({ id: l.o_id!, label: entityLabel(factsOf({ kind: l.o_kind!, details: l.o_details as Record<string, unknown>, date_of_birth: l.o_dob, sex: l.o_sex }), now()), nature: l.nature }));
      const timeline = links.map((l) => ({
        id: l.id, nature: l.nature, first_known: l.first_known, last_known: l.last_known, how_known: l.how_known, source: l.source, agency_name: l.agency_name, sharing_level: l.sharing_level,
        toChild: l.case_id !== null, visibleChild: l.case_id !== null && children.some((c) => c.visible && c.caseId === l.case_id),
      }));
      const agencies = [...new Set(links.map((l) => l.agency_name).concat(e.agency_name))].sort();
      const merges = await db.selectFrom('intel_merges').selectAll().where('kept_id', '=', e.id).where('undone_at', 'is', null).orderBy('merged_at', 'desc').execute();
      const alerts = await db.selectFrom('intel_alerts').selectAll().where('entity_id', '=', e.id).where('local_authority_id', '=', actor.localAuthorityId ?? '').orderBy('raised_at', 'desc').execute();
      const duplicates = e.merged_into ? [] : await likelyMatches(actor, e.facts, e.id);
      const disruptions = await db.selectFrom('intel_disruptions as d').innerJoin('agencies as a', 'a.id', 'd.agency_id').selectAll('d').select('a.name as agency_name').where('d.entity_id', '=', e.id).orderBy('d.taken_on', 'desc').execute();
      return { entity: e, children, entities, timeline, agencies, merges, alerts, duplicates, disruptions };
    },

    /** Links a child's case to an entity: the case write gate, one transaction with audit and chronology, then the alert check. */
    async linkCase(actor: Actor, caseId: string, input: CaseLinkInput, audit: AuditContext) {
      const at = now();
      const kase = await authoriseCaseRecord(db, actor, caseId, audit, 'intelligence.linked', at, WRITE_REFUSAL);
      const e = await entity(actor, input.entityId);
      if (e.merged_into) throw new RecordRefused([{ field: 'entityId', message: 'This record was merged into another: link the child to that one' }]);
      const lastKnown = input.lastKnown ?? londonDateOf(at);
      if (input.firstKnown && input.firstKnown > lastKnown) throw new RecordRefused([{ field: 'firstKnown', message: 'First known must be the same as or before last known' }]);
      if (lastKnown > londonDateOf(at)) throw new RecordRefused([{ field: 'lastKnown', message: 'Last known must be today or in the past' }]);
      const sharedWith = await checkSharing(db, kase.id, input.sharingLevel, input.sharedWith);
      return db.transaction().execute(async (trx) => {
        const link = await trx
          .insertInto('intel_links')
          .values({
            entity_id: e.id, case_id: kase.id, child_id: kase.childId, nature: input.nature, first_known: input.firstKnown ?? null, last_known: lastKnown, source: input.source ?? null,
            how_known: input.howKnown, sharing_level: input.sharingLevel, shared_with: sharedWith, agency_id: actor.agencyId, author_id: actor.id, created_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('chronology_entries')
          .values({
            child_id: kase.childId, case_id: kase.id, occurred_at: at, recorded_at: at, kind: 'intelligence-link', title: `Linked to ${e.label}`, summary: `${input.nature}`.slice(0, 2000),
            agency_id: actor.agencyId, author_id: actor.id, sharing_level: input.sharingLevel, shared_with: sharedWith, record_type: RECORD_TYPE, record_id: link.id, source: 'Intelligence register',
          })
          .execute();
        await trx.updateTable('intel_entities').set({ review_flagged_at: null }).where('id', '=', e.id).execute();
        await recordAudit(trx, audit, { action: 'intelligence.linked', entityType: 'intel-link', entityId: link.id, childId: kase.childId, details: { entityId: e.id, caseId: kase.id, sharingLevel: input.sharingLevel } });
        await checkThreshold(trx, kase, e.id, e.label, link.id, at, audit);
        return link.id;
      });
    },

    /** The sharing level a new link from this actor starts at: police intelligence stays with the police until widened. */
    async defaultSharingFor(actor: Actor) {
      return defaultSharing(await agencyKind(actor));
    },

    /** Links one entity to another ("drives", "lives at", "uses"). */
    async linkEntities(actor: Actor, entityId: string, input: EntityLinkInput, audit: AuditContext) {
      const at = now();
      const a = await entity(actor, entityId);
      const b = await entity(actor, input.otherEntityId);
      if (a.id === b.id) throw new RecordRefused([{ field: 'otherEntityId', message: 'Choose a different record to link to' }]);
      const lastKnown = input.lastKnown ?? londonDateOf(at);
      if (input.firstKnown && input.firstKnown > lastKnown) throw new RecordRefused([{ field: 'firstKnown', message: 'First known must be the same as or before last known' }]);
      return db.transaction().execute(async (trx) => {
        const link = await trx
          .insertInto('intel_links')
          .values({
            entity_id: a.id, other_entity_id: b.id, nature: input.nature, first_known: input.firstKnown ?? null, last_known: lastKnown, source: input.source ?? null, how_known: input.howKnown,
            sharing_level: input.sharingLevel, shared_with: [], agency_id: actor.agencyId, author_id: actor.id, created_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx.updateTable('intel_entities').set({ review_flagged_at: null }).where('id', 'in', [a.id, b.id]).execute();
        await recordAudit(trx, audit, { action: 'intelligence.entities-linked', entityType: 'intel-link', entityId: link.id, details: { entityId: a.id, otherEntityId: b.id } });
        return link.id;
      });
    },

    /** Removes a link (recorded in error or no longer justified); an entity left with none is flagged for review. */
    async removeLink(actor: Actor, linkId: string, audit: AuditContext) {
      if (!UUID.test(linkId)) throw notFound('Link');
      const at = now();
      return db.transaction().execute(async (trx) => {
        const link = await visibleLinks(actor, trx).selectAll('l').where('l.id', '=', linkId).forUpdate().executeTakeFirst();
        if (!link || (link.author_id !== actor.id && link.agency_id !== actor.agencyId)) throw notFound('Link');
        await trx.updateTable('intel_links').set({ removed_at: at, removed_by: actor.id }).where('id', '=', link.id).execute();
        await flagUnlinked(trx, [link.entity_id, ...(link.other_entity_id ? [link.other_entity_id] : [])], at);
        await recordAudit(trx, audit, { action: 'intelligence.link-removed', entityType: 'intel-link', entityId: link.id, childId: link.child_id, details: { entityId: link.entity_id } });
        return link;
      });
    },

    /** A case's links that the actor may see (the caller has opened the case through the access model). */
    async caseLinks(actor: Actor, kase: CaseHeader) {
      const rows = await visibleLinks(actor)
        .innerJoin('intel_entities as e', 'e.id', 'l.entity_id')
        .innerJoin('agencies as a', 'a.id', 'l.agency_id')
        .selectAll('l')
        .select(['e.kind', 'e.details', 'e.date_of_birth', 'e.sex', 'a.name as agency_name'])
        .where('l.case_id', '=', kase.id)
        .orderBy('l.last_known', 'desc')
        .execute();
      return rows.map((r) => ({ ...r, label: entityLabel(factsOf(r), now()) }));
    },

    /**
     * "Who else is linked?" from a case: other children linked to the same entities, directly or through one more
     * entity, over links the actor may see; named only when the actor may open that child's case.
     */
    async whoElse(actor: Actor, kase: CaseHeader, audit: AuditContext) {
      const result = await sql<{ case_id: string; e1: string; e2: string | null; link_ids: string[]; nature1: string; nature_mid: string | null }>`
        with mine as (
          select l.entity_id, l.id from intel_links l
          where l.case_id = ${kase.id} and l.removed_at is null and ${visibleTo(actor, 'l', 'author_id', 'intelligence-link')}
        ),
        hop as (
          select m.entity_id as e1, case when x.entity_id = m.entity_id then x.other_entity_id else x.entity_id end as e2, x.id as link_id, x.nature
          from mine m join intel_links x on (x.entity_id = m.entity_id or x.other_entity_id = m.entity_id)
          where x.other_entity_id is not null and x.removed_at is null and ${visibleTo(actor, 'x', 'author_id', 'intelligence-link')}
        )
        select o.case_id, m.entity_id as e1, null::uuid as e2, array[m.id, o.id] as link_ids, o.nature as nature1, null as nature_mid
          from mine m join intel_links o on o.entity_id = m.entity_id
          where o.case_id is not null and o.case_id <> ${kase.id} and o.removed_at is null and ${visibleTo(actor, 'o', 'author_id', 'intelligence-link')}
        union all
        select o.case_id, h.e1, h.e2, array[h.link_id, o.id] as link_ids, o.nature as nature1, h.nature as nature_mid
          from hop h join intel_links o on o.entity_id = h.e2
          where o.case_id is not null and o.case_id <> ${kase.id} and o.removed_at is null and ${visibleTo(actor, 'o', 'author_id', 'intelligence-link')}
        limit 500`.execute(db);
      const entityIds = [...new Set(result.rows.flatMap((r) => [r.e1, ...(r.e2 ? [r.e2] : [])]))];
      const ents = entityIds.length ? await db.selectFrom('intel_entities').select(['id', 'kind', 'details', 'date_of_birth', 'sex']).where('id', 'in', entityIds).execute() : [];
      const labels = new Map(ents.map((e) => [e.id, entityLabel(factsOf(e), now())]));
      const me = await nameOf(kase.childId);
      const out: LinkedChild[] = [];
      const decided = new Map<string, { visible: boolean; name: string; reference: string; contact: string }>();
      for (const r of result.rows) {
        let d = decided.get(r.case_id);
        if (!d) {
          const other = await findCaseHeader(db, r.case_id);
          if (!other) continue;
          const visible = await mayOpen(actor, other);
          d = { visible, name: visible ? await nameOf(other.childId) : '', reference: other.reference, contact: visible ? '' : await contactFor(other.id) };
          decided.set(r.case_id, d);
        }
        const steps: PathStep[] = [{ child: { name: me } }, { label: labels.get(r.e1) ?? 'a record' }, ...(r.e2 ? [{ label: labels.get(r.e2) ?? 'a record' }] : []), { child: d.visible ? { name: d.name } : null }];
        const path = describePath(steps);
        out.push(d.visible ? { visible: true, caseId: r.case_id, reference: d.reference, name: d.name, path, linkIds: r.link_ids } : { visible: false, contact: d.contact, path, linkIds: r.link_ids });
      }
      await recordAudit(db, audit, { action: 'intelligence.who-else-read', entityType: 'case', entityId: kase.id, childId: kase.childId, details: { paths: out.length, named: out.filter((c) => c.visible).length } });
      return { me, paths: out, entities: [...labels.entries()].map(([id, label]) => ({ id, label })) };
    },

    /** Merges `otherId` into `keptId`: refused when their details contradict; the links move; undo moves them back. */
    async merge(actor: Actor, keptId: string, otherId: string, reason: string, audit: AuditContext) {
      const at = now();
      const kept = await entity(actor, keptId);
      const other = await entity(actor, otherId);
      const refusals = mergeRefusals({ ...kept.facts, id: kept.id }, { ...other.facts, id: other.id });
      if (kept.merged_into || other.merged_into) refusals.push({ code: 'same-entity', message: 'One of these records has already been merged' });
      if (refusals.length) {
        await recordAudit(db, audit, { action: 'intelligence.merge', entityType: 'intel-entity', entityId: kept.id, outcome: 'denied', details: { otherId: other.id, codes: refusals.map((r) => r.code) } });
        throw new RecordRefused(refusals.map((r) => ({ field: 'duplicateId', message: r.message })));
      }
      return db.transaction().execute(async (trx) => {
        const moved = await trx.updateTable('intel_links').set({ entity_id: kept.id }).where('entity_id', '=', other.id).where('removed_at', 'is', null).returning('id').execute();
        const movedOther = await trx.updateTable('intel_links').set({ other_entity_id: kept.id }).where('other_entity_id', '=', other.id).where('removed_at', 'is', null).returning('id').execute();
        await trx.updateTable('intel_entities').set({ merged_into: kept.id, updated_at: at }).where('id', '=', other.id).execute();
        const merge = await trx
          .insertInto('intel_merges')
          .values({ kept_id: kept.id, merged_id: other.id, moved_link_ids: moved.map((m) => m.id), moved_other_link_ids: movedOther.map((m) => m.id), reason, merged_by: actor.id, merged_at: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(trx, audit, { action: 'intelligence.merge', entityType: 'intel-entity', entityId: kept.id, details: { otherId: other.id, mergeId: merge.id, links: moved.length + movedOther.length } });
        return merge.id;
      });
    },

    async undoMerge(actor: Actor, keptId: string, mergeId: string, audit: AuditContext) {
      const at = now();
      const kept = await entity(actor, keptId);
      return db.transaction().execute(async (trx) => {
        const merge = await trx.selectFrom('intel_merges').selectAll().where('id', '=', mergeId).where('kept_id', '=', kept.id).where('undone_at', 'is', null).forUpdate().executeTakeFirst();
        if (!merge) throw notFound('Merge');
        if (merge.moved_link_ids.length) await trx.updateTable('intel_links').set({ entity_id: merge.merged_id }).where('id', 'in', merge.moved_link_ids).execute();
        if (merge.moved_other_link_ids.length) await trx.updateTable('intel_links').set({ other_entity_id: merge.merged_id }).where('id', 'in', merge.moved_other_link_ids).execute();
        await trx.updateTable('intel_entities').set({ merged_into: null, updated_at: at }).where('id', '=', merge.merged_id).execute();
        await trx.updateTable('intel_merges').set({ undone_at: at, undone_by: actor.id }).where('id', '=', merge.id).execute();
        await recordAudit(trx, audit, { action: 'intelligence.merge-undone', entityType: 'intel-entity', entityId: kept.id, details: { otherId: merge.merged_id, mergeId: merge.id } });
        return merge.merged_id;
      });
    },

    /** Records a disruption action against an entry (bedford-luton 11.7, 11.9). */
    async recordDisruption(actor: Actor, entityId: string, input: DisruptionInput, audit: AuditContext) {
      const at = now();
      const e = await entity(actor, entityId);
      if (input.takenOn > londonDateOf(at)) throw new RecordRefused([{ field: 'takenOn', message: 'Date taken must be today or in the past' }]);
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('intel_disruptions')
          .values({ entity_id: e.id, kind: input.disruption, taken_on: input.takenOn, notes: input.disruptionNotes ?? null, agency_id: actor.agencyId, recorded_by: actor.id, recorded_at: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(trx, audit, { action: 'intelligence.disruption-recorded', entityType: 'intel-entity', entityId: e.id, details: { disruptionId: row.id, kind: input.disruption } });
        return row.id;
      });
    },

    /** Open alerts for the coordinator's area, newest first. */
    async alerts(actor: Actor, audit: AuditContext) {
      const rows = actor.localAuthorityId
        ? await db.selectFrom('intel_alerts').selectAll().where('local_authority_id', '=', actor.localAuthorityId).where('dismissed_at', 'is', null).orderBy('raised_at', 'desc').limit(100).execute()
        : [];
      await recordAudit(db, audit, { action: 'intelligence.alerts-read', entityType: 'intel-alert', details: { count: rows.length } });
      return rows;
    },

    /** One alert with the links that made it, each child told apart by the access model. */
    async alert(actor: Actor, alertId: string, audit: AuditContext) {
      if (!UUID.test(alertId)) throw notFound('Alert');
      const alert = await db.selectFrom('intel_alerts').selectAll().where('id', '=', alertId).where('local_authority_id', '=', actor.localAuthorityId ?? '').executeTakeFirst();
      if (!alert) throw notFound('Alert');
      const links = await db.selectFrom('intel_links as l').innerJoin('agencies as a', 'a.id', 'l.agency_id').select(['l.id', 'l.case_id', 'l.nature', 'l.last_known', 'l.how_known', 'a.name as agency_name']).where('l.id', 'in', alert.link_ids).execute();
      const explained = [];
      for (const l of links) {
        const kase = l.case_id ? await findCaseHeader(db, l.case_id) : null;
        if (!kase) continue;
        const visible = await mayOpen(actor, kase);
        explained.push({ ...l, visible, reference: kase.reference, caseId: kase.id, name: visible ? await nameOf(kase.childId) : null, contact: visible ? null : await contactFor(kase.id) });
      }
      await recordAudit(db, audit, { action: 'intelligence.alert-read', entityType: 'intel-alert', entityId: alert.id, details: { links: explained.length } });
      return { alert, links: explained };
    },

    async dismissAlert(actor: Actor, alertId: string, reason: string, audit: AuditContext) {
      if (!UUID.test(alertId)) throw notFound('Alert');
      const at = now();
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('intel_alerts')
          .set({ dismissed_at: at, dismissed_by: actor.id, dismissal_reason: reason })
          .where('id', '=', alertId)
          .where('local_authority_id', '=', actor.localAuthorityId ?? '')
          .where('dismissed_at', 'is', null)
          .returning('id')
          .executeTakeFirst();
        if (!row) throw notFound('Alert');
        await recordAudit(trx, audit, { action: 'intelligence.alert-dismissed', entityType: 'intel-alert', entityId: row.id });
      });
    },
  };

  async function nameOf(childId: string) {
    const c = await db.selectFrom('children').select(['given_name', 'family_name', 'known_as']).where('id', '=', childId).executeTakeFirstOrThrow();
    return childName(c);
  }
}
