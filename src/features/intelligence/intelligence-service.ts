// The intelligence register (issue 12): entities (persons of concern, vehicles, places, phones), links from a
// child's case or another entity to them, merges that can be undone, "who else is linked?", and the
// pattern-of-targeting alerts. Each write is one transaction with its audit row (and, for a link to a case, its
// chronology entry); each read is audited. A link is shared as a case entry is (visibleTo); another child's
// identity is shown only to someone the access model lets open that child's case.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { can, decideCaseAccess } from '../../domain/access/access.ts';
import {
  alertHeadline, alertThresholdFor, normalisePostcode, plateSubstrings, childrenWithinWindow, defaultSharing, describePath, entityKeys, entityLabel, matchReasons, mergeRefusals, nameKeysOf, reachesThreshold,
} from '../../domain/intelligence/index.ts';
import type { EntityFacts, EntityKind, PathStep } from '../../domain/intelligence/index.ts';
import { londonDateOf } from '../../domain/clock/index.ts';
import { forbidden, notFound } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/audit-trail.ts';
import type { AuditContext } from '../audit/audit-trail.ts';
import { accessFactsForCases, caseWrite, checkSharing, writeCase } from '../case-access/service.ts';
import type { CaseHeader } from '../case-access/service.ts';
import { RecordRefused } from '../../platform/web/refusals.ts';
import { visibleTo } from '../cases/visible-to.ts';
import { entityMentions, seesMention } from './mentions.ts';
import { factsOf } from './facts.ts';
import { visiblePlan } from './plan-targets.ts';
import { planWriteRefusal } from '../../domain/plans/plan-types.ts';
import type { MentionRecordType } from './mentions.ts';
import { childName } from '../cases/case-page.ts';
import type { ProfileRegistry } from '../profiles/profile-registry.ts';
import type { CaseLinkInput, DisruptionInput, EntityInput, EntityLinkInput, JusticeOutcomeInput } from './schemas.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const LINK_REFUSAL = 'Only members of the professional network, and the area’s front door, CSE coordinator and team managers, link a child to the register.';
const WRITE_REFUSAL = LINK_REFUSAL;
const RECORD_TYPE = 'intelligence-link';

/** The actor may see a link to or from the entity aliased `alias`, or a mention of it (so they may see the entity). */
function seesEntity(actor: Actor, alias: string) {
  const id = sql.ref(`${alias}.id`);
  return sql<boolean>`(exists (select 1 from intel_links vl where (vl.entity_id = ${id} or vl.other_entity_id = ${id}) and vl.removed_at is null and ${visibleTo(actor, 'vl', 'author_id', 'intelligence-link')})
    or exists (select 1 from intel_mentions vm where vm.entity_id = ${id} and vm.removed_at is null and ${seesMention(actor, 'vm')}))`;
}

export type EntityRow = Awaited<ReturnType<ReturnType<typeof createIntelligenceService>['entity']>>;

export { factsOf } from './facts.ts';

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

/** A link made from a missing episode: who the child was with (an associate, a phone), or where they were found. */
export const MISSING_ROLES = ['with', 'found-at'] as const;
export type MissingRole = (typeof MISSING_ROLES)[number];
export const MISSING_ROLE_TITLES: Record<MissingRole, string> = { with: 'While missing, with', 'found-at': 'Found at' };

export { MENTION_RECORD_TYPES } from './mentions.ts';
export type { MentionRecordType } from './mentions.ts';

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
    const postcode = facts.kind === 'place' && facts.address ? normalisePostcode(facts.address) : null;
    const conditions = [
      // Each condition is one an index answers (migrations 0018 and 0020): the recorded plate within the searched
      // one is "the recorded plate is one of the searched plate's substrings", an equality lookup.
      keys.plateKey ? sql<boolean>`(e.plate_key = ${keys.plateKey} or e.plate_key like ${`%${keys.plateKey.replace(/[?*%_]/g, '')}%`} or e.plate_key = any(${plateSubstrings(keys.plateKey)}::text[]))` : null,
      keys.phoneKey ? sql<boolean>`(e.phone_key = ${keys.phoneKey} or right(e.phone_key, 6) = right(${keys.phoneKey}, 6))` : null,
      keys.handleKey ? sql<boolean>`e.handle_key = ${keys.handleKey}` : null,
      // An address matches when it is the same, or has the same postcode and house number (matchAddress): the
      // candidates are the same address and the addresses with that postcode (the trigram index answers both).
      keys.addressKey ? (postcode ? sql<boolean>`(e.address_key = ${keys.addressKey} or e.address_key like ${`%${postcode}`})` : sql<boolean>`e.address_key = ${keys.addressKey}`) : null,
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
      // A common name shares sound-alike keys with thousands: the 200 closest names are the candidates, so the
      // same name is not cut off and the access check runs on those only.
      .$if(facts.kind === 'person', (q) => q.where('e.id', 'in', (sub) => sub.selectFrom(
        (inner) => inner.selectFrom('intel_entities as c').select(['c.id', sql<number>`similarity(c.names, ${keys.names})`.as('s')])
          .where('c.kind', '=', 'person').where('c.merged_into', 'is', null).where(sql<boolean>`c.name_keys && ${nameKeys}::text[]`)
          .orderBy('s', 'desc').limit(200).as('top'),
      ).select('top.id')))
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

  /**
   * Tells the linked children apart in one query (set-based): for each case, whether the access model lets the
   * actor open it (decideCaseAccess on that case's facts), the child's name only when it does, and otherwise
   * whom to contact. No audit: only used to decide what to say.
   */
  async function tellApart(actor: Actor, caseIds: readonly string[]) {
    const found = await accessFactsForCases(db, actor, caseIds, now());
    const visibleChildren = [...found.values()].filter((f) => decideCaseAccess(actor, f.facts).allowed).map((f) => f.kase.childId);
    const names = new Map(
      visibleChildren.length
        ? (await db.selectFrom('children').select(['id', 'given_name', 'family_name', 'known_as']).where('id', 'in', visibleChildren).execute()).map((c) => [c.id, childName(c)])
        : [],
    );
    const out = new Map<string, { visible: boolean; caseId: string; reference: string; name: string; contact: string }>();
    for (const [id, f] of found) {
      const visible = names.has(f.kase.childId);
      out.set(id, {
        visible, caseId: id, reference: f.kase.reference, name: visible ? names.get(f.kase.childId)! : '',
        contact: visible ? '' : f.teamName ? `${f.teamName} (${f.localAuthorityName})` : `the CSE coordinator in ${f.localAuthorityName}`,
      });
    }
    return out;
  }

  /**
   * An entry's network two steps out, for its picture and the table that says the same: the entry in the middle,
   * the children and entries linked to it, and the children linked to those entries. Over links the actor may
   * see; a child is named only when the actor may open their case (tellApart).
   */
  async function entityNetwork(actor: Actor, entityId: string, label: string, children: readonly (LinkedChild & { nature: string })[], entities: readonly { id: string; label: string; nature: string }[]) {
    const nodes: { id: string; label: string; ring: 0 | 1 | 2; kind: 'child' | 'other-child' | 'entity' }[] = [{ id: entityId, label, ring: 0, kind: 'entity' }];
    const rows: { from: string; nature: string; to: string }[] = [];
    const edges: { from: string; to: string }[] = [];
    const childNode = (c: { visible: boolean; caseId?: string; name?: string }, fallback: string) => (c.visible ? `case-${c.caseId!}` : fallback);
    children.forEach((c, i) => {
      const id = childNode(c.visible ? { visible: true, caseId: c.caseId } : { visible: false }, `other-1-${String(i)}`);
      nodes.push({ id, label: c.visible ? c.name : 'another child', ring: 1, kind: 'other-child' });
      edges.push({ from: entityId, to: id });
      rows.push({ from: label, nature: c.nature, to: c.visible ? c.name : 'another child' });
    });
    const direct = new Set(children.flatMap((c) => (c.visible ? [c.caseId] : [])));
    for (const o of entities) {
      if (!nodes.some((n) => n.id === o.id)) nodes.push({ id: o.id, label: o.label, ring: 1, kind: 'entity' });
      edges.push({ from: entityId, to: o.id });
      rows.push({ from: label, nature: o.nature, to: o.label });
    }
    const otherIds = [...new Set(entities.map((o) => o.id))].filter((id) => id !== entityId);
    if (otherIds.length) {
      const beyond = await visibleLinks(actor)
        .select(['l.id', 'l.entity_id', 'l.case_id', 'l.nature'])
        .where('l.entity_id', 'in', otherIds)
        .where('l.case_id', 'is not', null)
        .orderBy('l.last_known', 'desc')
        .limit(200)
        .execute();
      const told = await tellApart(actor, beyond.map((b) => b.case_id!));
      beyond.forEach((b, i) => {
        const d = told.get(b.case_id!);
        if (!d || (d.visible && direct.has(d.caseId))) return;
        const id = d.visible ? `case-${d.caseId}` : `other-2-${String(i)}`;
        if (!nodes.some((n) => n.id === id)) nodes.push({ id, label: d.visible ? d.name : 'another child', ring: 2, kind: 'other-child' });
        edges.push({ from: b.entity_id, to: id });
        rows.push({ from: entities.find((o) => o.id === b.entity_id)?.label ?? 'a record', nature: b.nature, to: d.visible ? d.name : 'another child' });
      });
    }
    return { nodes, edges, rows };
  }

  /** A case note or observation of this case that the actor may see; 404 otherwise. */
  async function visibleRecord(actor: Actor, caseId: string, recordType: MentionRecordType, recordId: string) {
    if (!UUID.test(recordId)) throw notFound('Record');
    const row =
      recordType === 'case-note'
        ? await db.selectFrom('case_notes as n').select(['n.id', 'n.contact_date as on', 'n.body as text']).where('n.id', '=', recordId).where('n.case_id', '=', caseId).where(visibleTo(actor, 'n', 'author_id', 'case-note')).executeTakeFirst()
        : await db.selectFrom('risk_observations as o').select(['o.id', 'o.observed_on as on', 'o.note as text']).where('o.id', '=', recordId).where('o.case_id', '=', caseId).where(visibleTo(actor, 'o', 'recorded_by', 'risk_observation')).executeTakeFirst();
    if (!row) throw notFound('Record');
    return { id: row.id, on: String(row.on), text: row.text };
  }

  /** A missing episode of this case that the actor may see (as the episodes list shows them); 404 otherwise. */
  async function visibleEpisode(actor: Actor, caseId: string, episodeId: string) {
    if (!UUID.test(episodeId)) throw notFound('Missing episode');
    const row = await db.selectFrom('missing_episodes as me').select(['me.id', 'me.left_at', 'me.sharing_level']).where('me.id', '=', episodeId).where('me.case_id', '=', caseId).where(visibleTo(actor, 'me', 'reported_by', 'missing-episode')).executeTakeFirst();
    if (!row) throw notFound('Missing episode');
    return row;
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
      const told = await tellApart(actor, links.filter((x) => x.case_id !== null).map((x) => x.case_id!));
      for (const l of links.filter((x) => x.case_id !== null)) {
        const prior = seen.get(l.case_id!);
        if (prior) {
          prior.linkIds.push(l.id);
          continue;
        }
        const d = told.get(l.case_id!);
        if (!d) continue;
        const child: LinkedChild = d.visible
          ? { visible: true, caseId: d.caseId, reference: d.reference, name: d.name, path: `${describePath([{ label: e.label }, { child: { name: d.name } }])} (${l.nature})`, linkIds: [l.id] }
          : { visible: false, contact: d.contact, path: `${e.label} → another child`, linkIds: [l.id] };
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
      // Mentions in case notes and observations the actor may see, the child told apart as for links.
      const mentionRows = await db
        .selectFrom('intel_mentions as m')
        .innerJoin('agencies as a', 'a.id', 'm.agency_id')
        .select(['m.id', 'm.case_id', 'm.record_type', 'm.record_id', 'm.created_at', 'a.name as agency_name'])
        .where('m.entity_id', '=', e.id)
        .where('m.removed_at', 'is', null)
        .where(seesMention(actor, 'm'))
        .orderBy('m.created_at', 'desc')
        .limit(200)
        .execute();
      const toldMentions = await tellApart(actor, mentionRows.map((m) => m.case_id));
      const mentions = mentionRows.flatMap((m) => {
        const d = toldMentions.get(m.case_id);
        if (!d) return [];
        return [{ id: m.id, recordType: m.record_type, at: m.created_at, agency_name: m.agency_name, child: d.visible ? { name: d.name, reference: d.reference, caseId: d.caseId, recordId: m.record_id } : null, contact: d.visible ? null : d.contact }];
      });
      const agencies = [...new Set(links.map((l) => l.agency_name).concat(mentionRows.map((m) => m.agency_name)).concat(e.agency_name))].sort();
      const merges = await db.selectFrom('intel_merges').selectAll().where('kept_id', '=', e.id).where('undone_at', 'is', null).orderBy('merged_at', 'desc').execute();
      const alerts = await db.selectFrom('intel_alerts').selectAll().where('entity_id', '=', e.id).where('local_authority_id', '=', actor.localAuthorityId ?? '').orderBy('raised_at', 'desc').execute();
      const duplicates = e.merged_into ? [] : await likelyMatches(actor, e.facts, e.id);
      const network = await entityNetwork(actor, e.id, e.label, children.map((c) => ({ ...c, nature: links.find((l) => l.id === c.linkIds[0])?.nature ?? '' })), entities);
      const disruptions = await db.selectFrom('intel_disruptions as d').innerJoin('agencies as a', 'a.id', 'd.agency_id').selectAll('d').select('a.name as agency_name').where('d.entity_id', '=', e.id).orderBy('d.taken_on', 'desc').execute();
      const justiceOutcomes = await db.selectFrom('intel_justice_outcomes as j').innerJoin('agencies as a', 'a.id', 'j.agency_id').selectAll('j').select('a.name as agency_name').where('j.entity_id', '=', e.id).orderBy('j.decided_on', 'desc').execute();
      return { entity: e, children, entities, timeline, agencies, merges, alerts, duplicates, disruptions, justiceOutcomes, network, mentions, mayRecordJusticeOutcome: e.kind === 'person' && can(actor, 'intelligence:justice-outcomes') };
    },

    /** Links a child's case to an entity: the case write gate, one transaction with audit and chronology, then the alert check. */
    async linkCase(actor: Actor, caseId: string, input: CaseLinkInput, audit: AuditContext, episode?: { id: string; role: MissingRole }) {
      const at = now();
      const { kase } = await writeCase(db, actor, caseId, audit, 'intelligence.linked', at, WRITE_REFUSAL);
      if (episode) {
        const found = await visibleEpisode(actor, kase.id, episode.id);
        // A link from an episode kept within an agency or named people is not shared more widely than the episode.
        if (found.sharing_level !== 'network' && input.sharingLevel === 'network') {
          throw new RecordRefused([{ field: 'sharingLevel', message: 'This missing episode is not shared with the whole case network: choose own agency only or named people' }]);
        }
      }
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
            missing_episode_id: episode?.id ?? null, missing_role: episode?.role ?? null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('chronology_entries')
          .values({
            child_id: kase.childId, case_id: kase.id, occurred_at: at, recorded_at: at, kind: 'intelligence-link', title: episode ? `${MISSING_ROLE_TITLES[episode.role]} ${e.label}` : `Linked to ${e.label}`, summary: `${input.nature}`.slice(0, 2000),
            agency_id: actor.agencyId, author_id: actor.id, sharing_level: input.sharingLevel, shared_with: sharedWith, record_type: RECORD_TYPE, record_id: link.id, source: 'Intelligence register',
          })
          .execute();
        await trx.updateTable('intel_entities').set({ review_flagged_at: null }).where('id', '=', e.id).execute();
        await checkThreshold(trx, kase, e.id, e.label, link.id, at, audit);
        // Last in the transaction: the audit append holds the chain lock until commit, so nothing slow follows it.
        await recordAudit(trx, audit, { action: 'intelligence.linked', entityType: 'intel-link', entityId: link.id, childId: kase.childId, details: { entityId: e.id, caseId: kase.id, sharingLevel: input.sharingLevel, ...(episode ? { missingEpisodeId: episode.id, role: episode.role } : {}) } });
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

    /** Mentions an entry in a case note or observation of the case (the case write gate; the record must be one the actor may see). */
    async mention(actor: Actor, caseId: string, recordType: MentionRecordType, recordId: string, entityId: string, audit: AuditContext) {
      const at = now();
      const { kase } = await writeCase(db, actor, caseId, audit, 'intelligence.mentioned', at, WRITE_REFUSAL);
      await visibleRecord(actor, kase.id, recordType, recordId);
      const e = await entity(actor, entityId);
      if (e.merged_into) throw new RecordRefused([{ field: 'entityId', message: 'This record was merged into another: mention that one' }]);
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('intel_mentions')
          .values({ entity_id: e.id, case_id: kase.id, child_id: kase.childId, record_type: recordType, record_id: recordId, agency_id: actor.agencyId, author_id: actor.id, created_at: at })
          .onConflict((oc) => oc.columns(['record_type', 'record_id', 'entity_id']).doUpdateSet({ removed_at: null }))
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx.updateTable('intel_entities').set({ review_flagged_at: null }).where('id', '=', e.id).execute();
        await recordAudit(trx, audit, { action: 'intelligence.mentioned', entityType: 'intel-mention', entityId: row.id, childId: kase.childId, details: { entityId: e.id, recordType, recordId } });
        return row.id;
      });
    },

    /** The entries mentioned in case notes or observations of the case, as far as the actor may see them. */
    mentionsOf(actor: Actor, kase: CaseHeader, recordType: MentionRecordType, recordIds: readonly string[]) {
      return entityMentions(db, actor, kase.id, recordType, recordIds, now());
    },

    /** The case note or observation a mention page is about, if the actor may see it (404 otherwise). */
    async mentionRecord(actor: Actor, kase: CaseHeader, recordType: MentionRecordType, recordId: string) {
      return visibleRecord(actor, kase.id, recordType, recordId);
    },

    /** Names a register entry in a police disruption plan of the case (bedford-luton 11.9); only the police write one. */
    async namePlanTarget(actor: Actor, caseId: string, planId: string, entityId: string, audit: AuditContext) {
      const at = now();
      return caseWrite(db, audit, async (trx) => {
        const { kase } = await writeCase(trx, actor, caseId, audit, 'intelligence.plan-target-named', at, WRITE_REFUSAL);
        const plan = await visiblePlan(trx, actor, kase.id, planId);
        if (plan.kind !== 'disruption-plan') throw notFound('Disruption plan');
        // The plan's own rule for who writes it (after the case gate above, the basis is network or area role).
        const refusal = planWriteRefusal({ kind: 'disruption-plan', roles: actor.roles, basis: 'network' });
        if (refusal) throw forbidden(refusal);
        const e = await entity(actor, entityId, trx);
        if (e.merged_into) throw new RecordRefused([{ field: 'entityId', message: 'This record was merged into another: name that one' }]);
        await trx
          .insertInto('intel_plan_targets')
          .values({ plan_id: plan.id, entity_id: e.id, added_by: actor.id, added_at: at })
          .onConflict((oc) => oc.columns(['plan_id', 'entity_id']).doUpdateSet({ removed_at: null }))
          .execute();
        await trx.updateTable('intel_entities').set({ review_flagged_at: null }).where('id', '=', e.id).execute();
        await recordAudit(trx, audit, { action: 'intelligence.plan-target-named', entityType: 'plan', entityId: plan.id, childId: kase.childId, details: { entityId: e.id } });
      });
    },

    /** A missing episode's links the actor may see: who the child was with, where they were found. */
    async episodeLinks(actor: Actor, kase: CaseHeader, episodeId: string) {
      await visibleEpisode(actor, kase.id, episodeId);
      const rows = await visibleLinks(actor)
        .innerJoin('intel_entities as e', 'e.id', 'l.entity_id')
        .innerJoin('agencies as a', 'a.id', 'l.agency_id')
        .selectAll('l')
        .select(['e.kind', 'e.details', 'e.date_of_birth', 'e.sex', 'a.name as agency_name'])
        .where('l.case_id', '=', kase.id)
        .where('l.missing_episode_id', '=', episodeId)
        .orderBy('l.created_at')
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
      const decided = await tellApart(actor, result.rows.map((r) => r.case_id));
      for (const r of result.rows) {
        const d = decided.get(r.case_id);
        if (!d) continue;
        const steps: PathStep[] = [{ child: { name: me } }, { label: labels.get(r.e1) ?? 'a record' }, ...(r.e2 ? [{ label: labels.get(r.e2) ?? 'a record' }] : []), { child: d.visible ? { name: d.name } : null }];
        const path = describePath(steps);
        out.push(d.visible ? { visible: true, caseId: r.case_id, reference: d.reference, name: d.name, path, linkIds: r.link_ids } : { visible: false, contact: d.contact, path, linkIds: r.link_ids });
      }
      // With the case read's own event when the caller passes it: one transaction, so one wait for the audit chain.
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

    /**
     * Records a criminal-justice outcome (charge, conviction, acquittal) against a person of concern, so the board
     * can count convictions (staffordshire 56). The police only; audited with the outcome, never the notes.
     */
    async recordJusticeOutcome(actor: Actor, entityId: string, input: JusticeOutcomeInput, audit: AuditContext) {
      if (!can(actor, 'intelligence:justice-outcomes')) throw forbidden('Only the police record a charge, conviction or acquittal.');
      const at = now();
      const e = await entity(actor, entityId);
      if (e.kind !== 'person') throw new RecordRefused([{ field: 'outcome', message: 'A charge, conviction or acquittal is recorded against a person' }]);
      if (input.decidedOn > londonDateOf(at)) throw new RecordRefused([{ field: 'decidedOn', message: 'Date must be today or in the past' }]);
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('intel_justice_outcomes')
          .values({ entity_id: e.id, outcome: input.outcome, decided_on: input.decidedOn, notes: input.outcomeNotes ?? null, agency_id: actor.agencyId, recorded_by: actor.id, recorded_at: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(trx, audit, { action: 'intelligence.justice-outcome-recorded', entityType: 'intel-entity', entityId: e.id, details: { outcomeId: row.id, outcome: input.outcome } });
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
      const told = await tellApart(actor, links.flatMap((l) => (l.case_id ? [l.case_id] : [])));
      for (const l of links) {
        const d = l.case_id ? told.get(l.case_id) : undefined;
        if (!d) continue;
        explained.push({ ...l, visible: d.visible, reference: d.reference, caseId: d.caseId, name: d.visible ? d.name : null, contact: d.visible ? null : d.contact });
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
