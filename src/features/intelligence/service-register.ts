// The intelligence register (issue 12): the entities an actor may see, finding likely matches before a new entry,
// recording one. Every other part of the intelligence service builds on entity().
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { normalisePostcode, entityKeys, entityLabel, matchReasons, nameKeyRequirements } from '../../domain/intelligence/index.ts';
import type { EntityFacts } from '../../domain/intelligence/index.ts';
import { notFound } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { factsOf } from './service-facts.ts';
import type { ProfileRegistry } from '../profiles/service.ts';
import type { EntityInput } from './schemas.ts';
import { agencyKind as agencyKindOf, insertEntity, likelyMatchCandidates, registerEntries, visibleEntity } from './queries.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';


export type IntelligenceDeps = { db: Kysely<Database>; now: () => Date; profiles: ProfileRegistry };

export { factsOf } from './service-facts.ts';

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

  /**
   * An entity the actor may see: recorded by their agency, or reached by a link they may see. Anything else is
   * "not found", so the register never reveals what police intelligence holds to another agency.
   */
  async function entity(actor: Actor, id: string, from: Kysely<Database> = db) {
    if (!isRecordId(id)) throw notFound('Record');
    const row = await visibleEntity(from, actor, id);
    if (!row) throw notFound('Record');
    return { ...row, facts: factsOf(row), label: entityLabel(factsOf(row), now()) };
  }

  /** Likely matches among the entities this actor may see, with the reasons in words. */
  async function likelyMatches(actor: Actor, facts: EntityFacts, exceptId?: string) {
    const keys = entityKeys(facts);
    // Every searched word must find a word like it (matchName), so the candidates hold a key of each (an index AND).
    const nameNeeds = facts.kind === 'person' ? nameKeyRequirements([facts.name, ...(facts.aliases ?? [])]) : [];
    const postcode = facts.kind === 'place' && facts.address ? normalisePostcode(facts.address) : null;
    const rows = await likelyMatchCandidates(db, actor, { kind: facts.kind, keys, nameNeeds, postcode, exceptId });
    return rows
      .map((row) => ({ id: row.id, kind: row.kind, label: entityLabel(factsOf(row), now()), reasons: matchReasons(facts, factsOf(row)) }))
      .filter((m) => m.reasons.length > 0)
      .slice(0, 10);
  }

  async function agencyKind(actor: Actor) {
    const a = await agencyKindOf(db, actor.agencyId);
    return a?.kind ?? '';
  }

  return {
    entity,
    likelyMatches,
    agencyKind,

    /** The register: entities the actor may see, newest first, optionally those matching a plate, number, name or address. */
    async list(actor: Actor, audit: AuditContext, q?: string) {
      const rows = await registerEntries(db, actor, q);
      await recordAudit(db, audit, { action: 'intelligence.register-read', entityType: 'intel-register', details: { searched: q !== undefined, count: rows.length } });
      return rows.map((r) => ({ ...r, label: entityLabel(factsOf(r), now()), children: Number(r.children ?? 0) }));
    },

    /** Records an entity; the caller has already shown the likely matches and the person chose "a new record". */
    async create(actor: Actor, input: EntityInput, audit: AuditContext) {
      const at = now();
      const { facts, details } = inputFacts(input);
      const keys = entityKeys(facts);
      return db.transaction().execute(async (trx) => {
        const row = await insertEntity(trx, {
          kind: facts.kind, label: entityLabel(facts, at), details: JSON.stringify(details), date_of_birth: input.dateOfBirth ?? null, sex: input.sex ?? null,
          plate_key: keys.plateKey, phone_key: keys.phoneKey, handle_key: keys.handleKey, address_key: keys.addressKey, name_keys: keys.nameKeys, names: keys.names,
          agency_id: actor.agencyId, created_by: actor.id, created_at: at, updated_at: at, review_flagged_at: at,
        });
        await recordAudit(trx, audit, { action: 'intelligence.entity-created', entityType: 'intel-entity', entityId: row.id, details: { kind: facts.kind } });
        return row.id;
      });
    },
  };
}
