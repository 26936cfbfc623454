// Erasing a child's record, a contact or an item of intelligence (issue 15): every row that references it is found
// from the database's own foreign keys and deleted, deepest first, so no table added later is missed; the record's own
// row stays as a tombstone with its personal fields blanked, so the audit trail's identifiers still resolve to something
// and nothing that references it breaks. The audit trail is never touched: its rows hold identifiers and codes only
// (AuditEvent.details), so its hash chain still verifies (docs/decisions/0018-retention-and-subject-access.md).
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import {
  blankChild,
  blankContact,
  blankIntelligence,
  caseIdsOfChild,
  deleteNotificationsLinkingTo,
  deleteOutboxNaming,
  meetingsOnlyAbout,
  purge,
  purgeDependents,
  whereIdIn,
  whereIdIs,
} from './queries.ts';
import type { ForeignKeyCache } from './queries.ts';

/** Tables that must outlive an erasure: the audit trail, and the records of the review and of requests. */
const NEVER_PURGED = new Set(['audit_events', 'retention_reviews', 'subject_access_requests', 'subject_access_items']);

export type ErasureCounts = Record<string, number>;

/**
 * A child's whole record: meetings that were only about this child, notifications and outbox messages pointing at
 * its cases, then every row referencing its cases or the child (the cases themselves included); the child row stays,
 * blanked, as the tombstone the audit trail's child id points to.
 */
export async function eraseChildRecord(db: Kysely<Database>, childId: string): Promise<ErasureCounts> {
  const counts: ErasureCounts = {};
  const cache: ForeignKeyCache = new Map();
  const caseIds = await caseIdsOfChild(db, childId);
  if (caseIds.length) {
    const cases = whereIdIn(caseIds);
    // A meeting about this child alone goes with the record; one shared with other children stays for them.
    const meetingIds = await meetingsOnlyAbout(db, caseIds);
    await purgeDependents(db, 'cases', cases, counts, cache, NEVER_PURGED);
    if (meetingIds.length) await purge(db, 'meetings', whereIdIn(meetingIds), counts, cache, NEVER_PURGED);
    for (const caseId of caseIds) {
      const n = await deleteNotificationsLinkingTo(db, caseId);
      if (n) counts.notifications = (counts.notifications ?? 0) + Number(n);
      const o = await deleteOutboxNaming(db, caseId);
      if (o) counts.outbox = (counts.outbox ?? 0) + Number(o);
    }
  }
  await purgeDependents(db, 'children', whereIdIs(childId), counts, cache, NEVER_PURGED);
  await blankChild(db, childId);
  counts['children (blanked)'] = 1;
  return counts;
}

/** A contact that never became a case: its dependents go, and its personal fields and free text are blanked. */
export async function eraseContact(db: Kysely<Database>, contactId: string): Promise<ErasureCounts> {
  const counts: ErasureCounts = {};
  await purgeDependents(db, 'contacts', whereIdIs(contactId), counts, new Map(), NEVER_PURGED);
  await blankContact(db, contactId);
  counts['contacts (blanked)'] = 1;
  return counts;
}

/** An item of intelligence: its links and dependents go, and its identifying fields are blanked. */
export async function eraseIntelligence(db: Kysely<Database>, entityId: string): Promise<ErasureCounts> {
  const counts: ErasureCounts = {};
  await purgeDependents(db, 'intel_entities', whereIdIs(entityId), counts, new Map(), NEVER_PURGED);
  await blankIntelligence(db, entityId);
  counts['intel_entities (blanked)'] = 1;
  return counts;
}
