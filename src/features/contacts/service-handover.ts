// bedford-luton 2.7, 12.3: a contact received out of hours handed back to the day team with what was done and what
// is outstanding, as one transaction with its chronology entry and audit row.
import type { Actor } from '../../domain/access/access.ts';
import { checkHandover } from '../../domain/front-door/handover.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import type { z } from 'zod';
import type { handoverSchema } from './schemas.ts';
import { ContactRefused } from './service-recording.ts';
import type { ContactDeps } from './service-recording.ts';
import { lockForFrontDoor } from './service-triage.ts';
import * as queries from './queries.ts';

export function createHandover(deps: Pick<ContactDeps, 'db' | 'now'>) {
  const { db, now } = deps;

  return {
    async handOver(actor: Actor, contactId: string, input: z.infer<typeof handoverSchema>, audit: AuditContext) {
      return db.transaction().execute(async (trx) => {
        const contact = await lockForFrontDoor(trx, actor, contactId, input.version);
        const refusals = checkHandover({ outOfHours: contact.out_of_hours, handedOverAt: contact.handed_over_at });
        if (refusals.length) throw new ContactRefused(refusals.map((r) => ({ field: r.field, message: r.message })));
        const at = now();
        await queries.updateContact(trx, contact.id, { handed_over_at: at, handed_over_by: actor.id, handover_done: input.handoverDone, handover_outstanding: input.handoverOutstanding, version: contact.version + 1, updated_at: at });
        if (contact.child_id) {
          await queries.insertEntry(trx, {
            child_id: contact.child_id, case_id: contact.case_id, occurred_at: at, recorded_at: at, kind: 'note', title: `${contact.reference} handed over to the day team`,
            summary: `Done: ${input.handoverDone} Outstanding: ${input.handoverOutstanding}`.slice(0, 2000),
            agency_id: actor.agencyId, author_id: actor.id, record_type: 'contact', record_id: contact.id, source: 'Out-of-hours handover',
          });
        }
        await recordAudit(trx, audit, { action: 'contact.handed-over', entityType: 'contact', entityId: contact.id, childId: contact.child_id });
      });
    },
  };
}
