// Links to the register: from a child's case (the case write gate, one transaction with audit and chronology, then
// the alert check), from a missing episode, between entities, mentions in notes and observations, and disruption
// plan targets; and removing a link.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { defaultSharing, entityLabel } from '../../domain/intelligence/index.ts';
import { londonDateOf } from '../../domain/clock/index.ts';
import { forbidden, notFound } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { caseWrite, checkSharing, writeCase } from '../case-access/service.ts';
import type { CaseHeader } from '../case-access/service.ts';
import { RecordRefused } from '../../platform/web/refusals.ts';
import { entityMentions } from './service-mentions.ts';
import { factsOf } from './service-facts.ts';
import { visiblePlan } from './service-plan-targets.ts';
import { planWriteRefusal } from '../../domain/plans/plan-types.ts';
import type { MentionRecordType } from './service-mentions.ts';
import type { CaseLinkInput, EntityLinkInput } from './schemas.ts';
import type { IntelligenceDeps, createRegister } from './service-register.ts';
import type { createAlerts } from './service-alerts.ts';
import {
  anyCurrentLink, caseLinkRows, clearReviewFlags, episodeLinkRows, insertChronologyEntry, insertLink, insertMention, insertPlanTarget, lockVisibleLink, markLinkRemoved, setReviewFlag, visibleEpisode as visibleEpisodeRow,
  visibleMentionRecord,
} from './queries.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';

export const LINK_REFUSAL = 'Only members of the professional network, and the area’s front door, CSE coordinator and team managers, link a child to the register.';
const WRITE_REFUSAL = LINK_REFUSAL;
const RECORD_TYPE = 'intelligence-link';

/** A link made from a missing episode: who the child was with (an associate, a phone), or where they were found. */
export const MISSING_ROLES = ['with', 'found-at'] as const;
export type MissingRole = (typeof MISSING_ROLES)[number];
export const MISSING_ROLE_TITLES: Record<MissingRole, string> = { with: 'While missing, with', 'found-at': 'Found at' };

export function createLinks(deps: IntelligenceDeps, register: ReturnType<typeof createRegister>, alerts: ReturnType<typeof createAlerts>) {
  const { db, now } = deps;
  const { entity, agencyKind } = register;
  const { checkThreshold } = alerts;

  /** A case note or observation of this case that the actor may see; 404 otherwise. */
  async function visibleRecord(actor: Actor, caseId: string, recordType: MentionRecordType, recordId: string, from: Kysely<Database> = db) {
    if (!isRecordId(recordId)) throw notFound('Record');
    const row = await visibleMentionRecord(from, actor, caseId, recordType, recordId);
    if (!row) throw notFound('Record');
    return { id: row.id, on: String(row.on), text: row.text };
  }

  /** A missing episode of this case that the actor may see (as the episodes list shows them); 404 otherwise. */
  async function visibleEpisode(actor: Actor, caseId: string, episodeId: string, from: Kysely<Database> = db) {
    if (!isRecordId(episodeId)) throw notFound('Missing episode');
    const row = await visibleEpisodeRow(from, actor, caseId, episodeId);
    if (!row) throw notFound('Missing episode');
    return row;
  }

  /** An entity with no remaining links is flagged for review (data minimisation); one linked again is not. */
  async function flagUnlinked(trx: Kysely<Database>, entityIds: readonly string[], at: Date) {
    for (const id of entityIds) {
      const linked = await anyCurrentLink(trx, id);
      await setReviewFlag(trx, id, linked ? null : at);
    }
  }

  return {
    /** Links a child's case to an entity: the case write gate, one transaction with audit and chronology, then the alert check. */
    async linkCase(actor: Actor, caseId: string, input: CaseLinkInput, audit: AuditContext, episode?: { id: string; role: MissingRole }) {
      const at = now();
      // The gate inside the link's transaction (caseWrite), so a case closed meanwhile cannot take the link.
      return caseWrite(db, audit, async (trx) => {
        const { kase } = await writeCase(trx, actor, caseId, audit, 'intelligence.linked', at, WRITE_REFUSAL);
        if (episode) {
          const found = await visibleEpisode(actor, kase.id, episode.id, trx);
          // A link from an episode kept within an agency or named people is not shared more widely than the episode.
          if (found.sharing_level !== 'network' && input.sharingLevel === 'network') {
            throw new RecordRefused([{ field: 'sharingLevel', message: 'This missing episode is not shared with the whole case network: choose own agency only or named people' }]);
          }
        }
        const e = await entity(actor, input.entityId, trx);
        if (e.merged_into) throw new RecordRefused([{ field: 'entityId', message: 'This record was merged into another: link the child to that one' }]);
        const lastKnown = input.lastKnown ?? londonDateOf(at);
        if (input.firstKnown && input.firstKnown > lastKnown) throw new RecordRefused([{ field: 'firstKnown', message: 'First known must be the same as or before last known' }]);
        if (lastKnown > londonDateOf(at)) throw new RecordRefused([{ field: 'lastKnown', message: 'Last known must be today or in the past' }]);
        const sharedWith = await checkSharing(trx, kase.id, input.sharingLevel, input.sharedWith);
        const link = await insertLink(trx, {
          entity_id: e.id, case_id: kase.id, child_id: kase.childId, nature: input.nature, first_known: input.firstKnown ?? null, last_known: lastKnown, source: input.source ?? null,
          how_known: input.howKnown, sharing_level: input.sharingLevel, shared_with: sharedWith, agency_id: actor.agencyId, author_id: actor.id, created_at: at,
          missing_episode_id: episode?.id ?? null, missing_role: episode?.role ?? null,
        });
        await insertChronologyEntry(trx, {
          child_id: kase.childId, case_id: kase.id, occurred_at: at, recorded_at: at, kind: 'intelligence-link', title: episode ? `${MISSING_ROLE_TITLES[episode.role]} ${e.label}` : `Linked to ${e.label}`, summary: `${input.nature}`.slice(0, 2000),
          agency_id: actor.agencyId, author_id: actor.id, sharing_level: input.sharingLevel, shared_with: sharedWith, record_type: RECORD_TYPE, record_id: link.id, source: 'Intelligence register',
        });
        await setReviewFlag(trx, e.id, null);
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
        const link = await insertLink(trx, {
          entity_id: a.id, other_entity_id: b.id, nature: input.nature, first_known: input.firstKnown ?? null, last_known: lastKnown, source: input.source ?? null, how_known: input.howKnown,
          sharing_level: input.sharingLevel, shared_with: [], agency_id: actor.agencyId, author_id: actor.id, created_at: at,
        });
        await clearReviewFlags(trx, [a.id, b.id]);
        await recordAudit(trx, audit, { action: 'intelligence.entities-linked', entityType: 'intel-link', entityId: link.id, details: { entityId: a.id, otherEntityId: b.id } });
        return link.id;
      });
    },

    /** Removes a link (recorded in error or no longer justified); an entity left with none is flagged for review. */
    async removeLink(actor: Actor, linkId: string, audit: AuditContext) {
      if (!isRecordId(linkId)) throw notFound('Link');
      const at = now();
      return db.transaction().execute(async (trx) => {
        const link = await lockVisibleLink(trx, actor, linkId);
        if (!link || (link.author_id !== actor.id && link.agency_id !== actor.agencyId)) throw notFound('Link');
        await markLinkRemoved(trx, link.id, at, actor.id);
        await flagUnlinked(trx, [link.entity_id, ...(link.other_entity_id ? [link.other_entity_id] : [])], at);
        await recordAudit(trx, audit, { action: 'intelligence.link-removed', entityType: 'intel-link', entityId: link.id, childId: link.child_id, details: { entityId: link.entity_id } });
        return link;
      });
    },

    /** A case's links that the actor may see (the caller has opened the case through the access model). */
    async caseLinks(actor: Actor, kase: CaseHeader) {
      const rows = await caseLinkRows(db, actor, kase.id);
      return rows.map((r) => ({ ...r, label: entityLabel(factsOf(r), now()) }));
    },

    /** Mentions an entry in a case note or observation of the case (the case write gate; the record must be one the actor may see). */
    async mention(actor: Actor, caseId: string, recordType: MentionRecordType, recordId: string, entityId: string, audit: AuditContext) {
      const at = now();
      return caseWrite(db, audit, async (trx) => {
        const { kase } = await writeCase(trx, actor, caseId, audit, 'intelligence.mentioned', at, WRITE_REFUSAL);
        await visibleRecord(actor, kase.id, recordType, recordId, trx);
        const e = await entity(actor, entityId, trx);
        if (e.merged_into) throw new RecordRefused([{ field: 'entityId', message: 'This record was merged into another: mention that one' }]);
        const row = await insertMention(trx, { entity_id: e.id, case_id: kase.id, child_id: kase.childId, record_type: recordType, record_id: recordId, agency_id: actor.agencyId, author_id: actor.id, created_at: at });
        await setReviewFlag(trx, e.id, null);
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
        await insertPlanTarget(trx, { plan_id: plan.id, entity_id: e.id, added_by: actor.id, added_at: at });
        await setReviewFlag(trx, e.id, null);
        await recordAudit(trx, audit, { action: 'intelligence.plan-target-named', entityType: 'plan', entityId: plan.id, childId: kase.childId, details: { entityId: e.id } });
      });
    },

    /** A missing episode's links the actor may see: who the child was with, where they were found. */
    async episodeLinks(actor: Actor, kase: CaseHeader, episodeId: string) {
      await visibleEpisode(actor, kase.id, episodeId);
      const rows = await episodeLinkRows(db, actor, kase.id, episodeId);
      return rows.map((r) => ({ ...r, label: entityLabel(factsOf(r), now()) }));
    },
  };
}
