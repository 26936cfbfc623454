// The chronology's use cases: a significant event added by hand, exports with their reasons, and the links
// from entries to the records they came from. One transaction each, with its audit row.
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { canSeeReferral } from '../../domain/access/access.ts';
import { londonInstant } from '../../domain/clock/index.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { caseWrite, checkSharing, writeCase } from '../case-access/service.ts';
import { RecordRefused } from '../../platform/web/refusals.ts';
import type { ExportReason, significantEventSchema } from './schemas.ts';
import type { ChronologyRow, EntryLink } from './presenters.ts';
import { contactsPaths } from '../contacts/paths.ts';
import { notesPaths } from '../notes/paths.ts';
import { networkPaths } from '../network/paths.ts';
import { missingPaths } from '../missing/paths.ts';
import { insertEntry, insertExport, submittedContacts } from './queries.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';
import { assessmentPaths } from '../assessments/paths.ts';
import { parentsPaths } from '../parents/paths.ts';

export function atLondon(date: string, time: string | undefined): Date {
  const [h, m] = (time ?? '00:00').split(':').map(Number);
  return londonInstant(date, h!, m!);
}

export function createChronologyService(deps: { db: Kysely<Database>; now: () => Date }) {
  const { db, now } = deps;
  return {
    /** bedford-luton 7.4: a contemporaneous record of an event, with where the information came from. */
    async addSignificantEvent(actor: Actor, caseId: string, input: z.infer<typeof significantEventSchema>, audit: AuditContext) {
      const at = now();
      // Recording on the case: the network and the area's roles; break-glass only reads (found by the matrix, issue 16).
      return caseWrite(db, audit, async (trx) => {
        const { kase } = await writeCase(trx, actor, caseId, audit, 'chronology.event-added', at, 'Only members of the professional network, and the area’s front door, CSE coordinator and team managers, add events to the chronology.');
        const occurredAt = atLondon(input.date, input.time);
        if (occurredAt > at) throw new RecordRefused([{ field: 'date', message: 'The date of the event must be today or in the past' }]);
        const sharedWith = await checkSharing(trx, kase.id, input.sharingLevel, input.sharedWith);
        const row = await insertEntry(trx, {
          child_id: kase.childId,
          case_id: kase.id,
          occurred_at: occurredAt,
          recorded_at: at,
          kind: 'significant-event',
          title: input.title,
          summary: input.description,
          agency_id: actor.agencyId,
          author_id: actor.id,
          sharing_level: input.sharingLevel,
          shared_with: sharedWith,
          source: input.source,
        });
        await recordAudit(trx, audit, { action: 'chronology.event-added', entityType: 'chronology-entry', entityId: row.id, childId: kase.childId, details: { caseId: kase.id, sharingLevel: input.sharingLevel, namedPeople: sharedWith.length } });
        return row.id;
      });
    },

    /** The reason is kept with the export record; the audit row carries its id, the reason's code and the count. */
    async recordExport(actor: Actor, kase: { id: string; childId: string }, input: { reasonCode: ExportReason; reason: string; filters: Record<string, string>; count: number }, audit: AuditContext) {
      return db.transaction().execute(async (trx) => {
        const row = await insertExport(trx, { case_id: kase.id, user_id: actor.id, reason_code: input.reasonCode, reason: input.reason, entry_count: input.count, filters: JSON.stringify(input.filters), exported_at: now() });
        await recordAudit(trx, audit, {
          action: 'chronology.exported',
          entityType: 'case',
          entityId: kase.id,
          childId: kase.childId,
          details: { exportId: row.id, reasonCode: input.reasonCode, count: input.count, format: 'csv', filtered: Object.keys(input.filters).length > 0 },
        });
        return row.id;
      });
    },

    /** Where an entry leads: a concern or referral only for those allowed to open it; otherwise no link. */
    async links(actor: Actor, caseId: string, entries: readonly ChronologyRow[]): Promise<Map<string, EntryLink>> {
      const links = new Map<string, EntryLink>();
      const contactIds = [...new Set(entries.filter((e) => e.record_type === 'contact' && e.record_id && isRecordId(e.record_id)).map((e) => e.record_id!))];
      const contacts = contactIds.length ? await submittedContacts(db, contactIds) : [];
      const contactById = new Map(contacts.map((c) => [c.id, c]));
      for (const e of entries) {
        let link: EntryLink = null;
        if (e.record_type === 'contact' && e.record_id) {
          const contact = contactById.get(e.record_id);
          if (contact && canSeeReferral(actor, { referrerId: contact.raised_by, localAuthorityId: contact.local_authority_id })) link = { href: contactsPaths.concern(contact.id), text: `Open ${contact.reference}` };
        } else if (e.record_type === 'case-note' && e.record_id && e.case_id === caseId) {
          link = { href: notesPaths.note(caseId, e.record_id), text: 'Open the case note' };
        } else if ((e.record_type === 'network-member' || e.record_type === 'related-person' || e.record_type === 'case-nomination') && e.case_id === caseId) {
          link = { href: networkPaths.page(caseId), text: 'Open the network' };
        } else if (e.record_type === 'missing-episode' && e.record_id && e.case_id === caseId) {
          link = { href: missingPaths.episode(caseId, e.record_id), text: 'Open the missing episode' };
        } else if (e.record_type === 'assessment' && e.record_id && e.case_id === caseId) {
          link = { href: assessmentPaths.assessment(caseId, e.record_id), text: 'Open the assessment' };
        } else if (e.record_type === 'parent-notification' && e.record_id && e.case_id === caseId) {
          link = { href: parentsPaths.decision(caseId, e.record_id), text: 'Open Telling parents' };
        }
        links.set(e.id, link);
      }
      return links;
    },
  };
}

export type ChronologyService = ReturnType<typeof createChronologyService>;
