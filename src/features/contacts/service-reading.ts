// Reading contacts: the front door's queue, one contact for the front door or its referrer (audited either way), a
// referrer's own list, and what the front door's page offers (the social workers to allocate, the linked child).
import type { Actor } from '../../domain/access/access.ts';
import { canSeeReferral, hasRole } from '../../domain/access/access.ts';
import { isSilent } from '../../domain/profiles/schema.ts';
import { notFound, forbidden } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import type { ContactDeps } from './service-recording.ts';
import * as queries from './queries.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';

export function createReading(deps: Pick<ContactDeps, 'db' | 'profiles'>) {
  const { db, profiles } = deps;
  const name = (id: string | null) => (id ? queries.userName(db, id) : Promise.resolve(null));

  return {
    /**
     * The front door's queue: received contacts of the actor's authority, the most urgent clock first. It names the
     * children of contacts that are not yet cases, so each contact it shows is audited (contact.listed), as a work
     * list audits each case it shows.
     */
    async queue(actor: Actor, filter: { team?: string | undefined; status: 'received' | 'decided'; page: number; pageSize: number }, audit: AuditContext) {
      const page = await queries.queuePage(db, actor.localAuthorityId ?? '', filter);
      await recordAudit(db, audit, ...page.rows.map((row) => ({ action: 'contact.listed', entityType: 'contact', entityId: row.id, childId: row.child_id, details: { list: 'front-door', status: filter.status } })));
      return page;
    },

    /** A contact for the front door (area role) or its referrer; audited either way. */
    async open(actor: Actor, contactId: string, audit: AuditContext) {
      if (!isRecordId(contactId)) throw notFound('Concern');
      const contact = await queries.contactById(db, contactId);
      if (!contact || contact.status === 'draft') throw notFound('Concern');
      const allowed = canSeeReferral(actor, { referrerId: contact.raised_by, localAuthorityId: contact.local_authority_id });
      await recordAudit(db, audit, { action: 'contact.read', entityType: 'contact', entityId: contact.id, childId: contact.child_id, outcome: allowed ? 'success' : 'denied' });
      if (!allowed) throw forbidden('Only the front door of this area and the person who raised it can see this concern.');
      const frontDoor = contact.raised_by !== actor.id || hasRole(actor, 'front-door', 'team-manager');
      const decision = await queries.decisionOn(db, contact.id);
      const raisedBy = contact.raised_by ? await queries.referrer(db, contact.raised_by) : null;
      const [confirmedByName, handedOverByName] = await Promise.all([name(contact.written_confirmation_by), name(contact.handed_over_by)]);
      return { contact, decision, raisedBy, confirmedByName, handedOverByName, asFrontDoor: frontDoor && canSeeReferral({ ...actor, id: '' }, { referrerId: null, localAuthorityId: contact.local_authority_id }) };
    },

    myContacts: (actor: Actor) => queries.raisedBy(db, actor.id),

    /** The social workers the front door may allocate, of the contact's authority. */
    socialWorkers: (localAuthorityId: string) => queries.socialWorkersOf(db, localAuthorityId),

    /** The child a contact the actor has just opened (and so was audited) is linked to. */
    linkedChild: (childId: string) => queries.linkedChild(db, childId),

    frontDoorLabel: async (localAuthorityId: string | null) => {
      const profile = await profiles.forAuthority(db, localAuthorityId);
      const term = profile.vocabulary.frontDoorTeam;
      return isSilent(term) ? 'Front door' : term.label;
    },
  };
}
