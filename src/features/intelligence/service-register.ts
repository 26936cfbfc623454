// The intelligence register (issue 12): the entities an actor may see, finding likely matches before a new entry,
// recording one. Every other part of the intelligence service builds on entity() and visibleLinks().
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { normalisePostcode, plateSubstrings, entityKeys, entityLabel, matchReasons, nameKeyRequirements, nameKeysOf } from '../../domain/intelligence/index.ts';
import type { EntityFacts } from '../../domain/intelligence/index.ts';
import { notFound } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/audit-trail.ts';
import type { AuditContext } from '../audit/audit-trail.ts';
import { visibleTo } from '../cases/visible-to.ts';
import { factsOf } from './facts.ts';
import type { ProfileRegistry } from '../profiles/profile-registry.ts';
import type { EntityInput } from './schemas.ts';
import { seesEntity } from './queries.ts';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type IntelligenceDeps = { db: Kysely<Database>; now: () => Date; profiles: ProfileRegistry };

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


export function createRegister(deps: IntelligenceDeps) {
  const { db, now } = deps;

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
    // Every searched word must find a word like it (matchName), so the candidates hold a key of each (an index AND).
    const nameNeeds = facts.kind === 'person' ? nameKeyRequirements([facts.name, ...(facts.aliases ?? [])]) : [];
    const nameCondition = (alias: 'e' | 'c') =>
      sql<boolean>`(${sql.join(nameNeeds.map((words) => sql`(${sql.join(words.map((keys) => sql`${sql.ref(`${alias}.name_keys`)} && ${keys}::text[]`), sql` and `)})`), sql` or `)})`;
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
      nameNeeds.length ? nameCondition('e') : null,
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
          .where('c.kind', '=', 'person').where('c.merged_into', 'is', null).where(nameCondition('c'))
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

  return {
    visibleLinks,
    entity,
    likelyMatches,
    agencyKind,

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
  };
}
