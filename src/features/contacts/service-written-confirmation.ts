// The written referral that follows a spoken one (camden Part 3 §2: on the CAF within 48 hours; bedford-luton 12.4:
// the Multi-Agency Referral Form): recorded by the front door as one transaction with its clock, chronology entry
// and audit row.
import type { Actor } from '../../domain/access/access.ts';
import { checkWrittenConfirmation, WRITTEN_FORM_LABELS } from '../../domain/front-door/written-confirmation.ts';
import type { WrittenForm } from '../../domain/front-door/written-confirmation.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import type { z } from 'zod';
import type { writtenConfirmationSchema } from './schemas.ts';
import { ContactRefused, frontDoorClocks, observedAt } from './service-recording.ts';
import type { ContactDeps } from './service-recording.ts';
import { lockForFrontDoor } from './service-triage.ts';
import * as queries from './queries.ts';

export function createWrittenConfirmation(deps: ContactDeps) {
  const { db, now } = deps;
  const clocks = frontDoorClocks(deps.clocks);

  return {
    /** It stops the written-confirmation clock at the moment the written referral arrived, so the clock is met or met late. */
    async recordWrittenConfirmation(actor: Actor, contactId: string, input: z.infer<typeof writtenConfirmationSchema>, audit: AuditContext) {
      return db.transaction().execute(async (trx) => {
        const contact = await lockForFrontDoor(trx, actor, contactId, input.version);
        const at = now();
        const arrivedAt = observedAt(input.arrivedDate, input.arrivedTime)!;
        const refusals = checkWrittenConfirmation({
          contact: { kind: contact.kind, channel: contact.channel, receivedAt: contact.received_at, confirmedAt: contact.written_confirmation_at },
          arrivedAt,
          form: input.form,
          note: input.note,
          now: at,
        });
        if (refusals.length) throw new ContactRefused(refusals.map((r) => ({ field: r.field, message: r.message })));
        await queries.updateContact(trx, contact.id, { written_confirmation_at: arrivedAt, written_confirmation_form: input.form, written_confirmation_note: input.note ?? null, written_confirmation_by: actor.id, version: contact.version + 1, updated_at: at });
        await clocks.applyEvent(trx, { event: 'referral-confirmed-in-writing', at: arrivedAt, subject: { referralId: contact.id, caseId: contact.case_id, childId: contact.child_id, localAuthorityId: contact.local_authority_id } });
        if (contact.child_id) {
          await queries.insertEntry(trx, {
            child_id: contact.child_id, case_id: contact.case_id, occurred_at: arrivedAt, recorded_at: at, kind: 'referral', title: `Referral ${contact.reference} confirmed in writing`,
            summary: [`On the ${WRITTEN_FORM_LABELS[input.form as WrittenForm]}.`, input.note ?? ''].filter(Boolean).join(' ').slice(0, 2000),
            agency_id: actor.agencyId, author_id: actor.id, record_type: 'contact', record_id: contact.id, source: 'Professional',
          });
        }
        await recordAudit(trx, audit, { action: 'contact.confirmed-in-writing', entityType: 'contact', entityId: contact.id, childId: contact.child_id, details: { form: input.form } });
      });
    },
  };
}
