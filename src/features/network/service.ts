// The professional network of a case and the people in the child's life. Every change is one transaction with
// its audit row and (for the network) its chronology entry.
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { canManageNetwork } from '../../domain/access/access.ts';
import { londonDateOf } from '../../domain/clock/index.ts';
import { HttpError, forbidden } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import type { Notifier } from '../notifications/service.ts';
import { caseWrite, refuseCase, writeCase } from '../case-access/service.ts';
import type { CaseHeader } from '../case-access/service.ts';
import { RecordRefused } from '../../platform/web/refusals.ts';

/** Recording on the case is for the network and the area's roles; break-glass only reads (found by the matrix, issue 16). */
const RELATED_PEOPLE_REFUSAL = 'Only members of the professional network, and the area’s front door, CSE coordinator and team managers, record the people related to the child.';
import { RELATIONSHIP_LABELS } from './schemas.ts';
import type { addMemberSchema, nominateSchema, relatedPersonSchema } from './schemas.ts';
import * as queries from './queries.ts';
import { casePaths } from '../cases/paths.ts';

export type Nomination = 'lead' | 'key';
export const NOMINATION_LABELS: Record<Nomination, string> = { lead: 'lead professional', key: 'key professional' };

/** The case changed under the person's feet; the message says what it is now. */
export class StaleCase extends HttpError {
  constructor(detail: string) {
    super(409, 'stale', 'Someone else changed this case', detail);
  }
}

export function createNetworkService(deps: { db: Kysely<Database>; now: () => Date; notifier: Notifier }) {
  const { db, now, notifier } = deps;

  /** The case's write gate in the change's transaction (caseWrite), then who may change the network; refusals audited. */
  async function managedCase(trx: Kysely<Database>, actor: Actor, caseId: string, audit: AuditContext, action: string): Promise<CaseHeader> {
    const { kase } = await writeCase(trx, actor, caseId, audit, action, now());
    if (!canManageNetwork(actor, { leadProfessionalId: kase.leadProfessionalId, localAuthorityId: kase.localAuthorityId })) {
      await refuseCase(trx, audit, { action, entityType: 'case', entityId: kase.id, childId: kase.childId, details: { code: 'cannot-manage-network' } }, forbidden('Only the lead professional, the CSE coordinator or a team manager of the area can change the professional network.'));
    }
    return kase;
  }

  const personLabel = (u: { display_name: string; agency_name: string }) => `${u.display_name} (${u.agency_name})`;

  async function networkEntry(trx: Kysely<Database>, actor: Actor, kase: CaseHeader, at: Date, title: string, recordType: string, recordId: string) {
    await queries.insertEntry(trx, { child_id: kase.childId, case_id: kase.id, occurred_at: at, recorded_at: at, kind: 'network', title, summary: '', agency_id: actor.agencyId, author_id: actor.id, record_type: recordType, record_id: recordId, source: 'Harbour' });
  }

  return {
    async addMember(actor: Actor, caseId: string, input: z.infer<typeof addMemberSchema>, audit: AuditContext) {
      try {
        return await caseWrite(db, audit, async (trx) => {
          const kase = await managedCase(trx, actor, caseId, audit, 'network.member-added');
          const at = now();
          const person = await queries.userWithAgency(trx, input.userId);
          if (!person || !person.active) throw new RecordRefused([{ field: 'userId', message: 'Choose a person whose account is active' }]);
          const member = await queries.insertMember(trx, { case_id: kase.id, user_id: person.id, role_in_case: input.roleInCase, added_by: actor.id, added_at: at });
          await networkEntry(trx, actor, kase, at, `${personLabel(person)} joined the professional network as ${input.roleInCase}`, 'network-member', member.id);
          await notifier.notify(trx, { userId: person.id, kind: 'network-added', title: `You have been added to the professional network of case ${kase.reference}`, link: casePaths.case(kase.id) });
          await recordAudit(trx, audit, { action: 'network.member-added', entityType: 'case-network', entityId: member.id, childId: kase.childId, details: { caseId: kase.id, userId: person.id } });
          return member.id;
        });
      } catch (error) {
        if ((error as { code?: string }).code === '23505') throw new RecordRefused([{ field: 'userId', message: 'This person is already in the professional network' }]);
        throw error;
      }
    },

    async removeMember(actor: Actor, caseId: string, memberId: string, audit: AuditContext) {
      return caseWrite(db, audit, async (trx) => {
        const kase = await managedCase(trx, actor, caseId, audit, 'network.member-removed');
        const at = now();
        const member = await queries.lockCurrentMember(trx, kase.id, memberId);
        if (!member) throw new RecordRefused([{ field: 'members', message: 'This person is no longer in the professional network' }]);
        const current = await queries.caseProfessionals(trx, kase.id);
        if (current.lead_professional_id === member.user_id) throw new RecordRefused([{ field: 'members', message: 'Nominate another lead professional before removing this one' }]);
        if (current.key_professional_id === member.user_id) throw new RecordRefused([{ field: 'members', message: 'Nominate another key professional before removing this one' }]);
        await queries.removeMember(trx, member.id, { removed_at: at, removed_by: actor.id });
        const person = (await queries.userWithAgency(trx, member.user_id))!;
        await networkEntry(trx, actor, kase, at, `${personLabel(person)} left the professional network (was ${member.role_in_case})`, 'network-member', member.id);
        await recordAudit(trx, audit, { action: 'network.member-removed', entityType: 'case-network', entityId: member.id, childId: kase.childId, details: { caseId: kase.id, userId: member.user_id } });
      });
    },

    /** bedford-luton 7.15 (key professional), camden Part 1 §5.3 (lead professional); optimistic locking on the case. */
    async nominate(actor: Actor, caseId: string, role: Nomination, input: z.infer<typeof nominateSchema>, audit: AuditContext) {
      const action = role === 'lead' ? 'case.lead-professional-nominated' : 'case.key-professional-nominated';
      return caseWrite(db, audit, async (trx) => {
        const kase = await managedCase(trx, actor, caseId, audit, action);
        const at = now();
        const member = await queries.currentMembership(trx, kase.id, input.userId);
        if (!member) throw new RecordRefused([{ field: `${role}-userId`, message: `Choose the ${NOMINATION_LABELS[role]} from the members of the network` }]);
        const column = role === 'lead' ? 'lead_professional_id' : 'key_professional_id';
        const before = await queries.lockCaseProfessionals(trx, kase.id);
        if (before.version !== input.version) {
          const names = await queries.userNames(trx, [before.lead_professional_id, before.key_professional_id].filter((x): x is string => Boolean(x)));
          const name = (id: string | null) => (id ? (names.find((n) => n.id === id)?.display_name ?? 'someone') : 'nobody');
          throw new StaleCase(
            `Someone else changed this case while you were looking at it. The lead professional is now ${name(before.lead_professional_id)} and the key professional ${name(before.key_professional_id)}. Check, then choose again.`,
          );
        }
        const previous = before[column];
        if (previous === input.userId) return;
        await queries.nominateProfessional(trx, kase.id, column, input.userId, input.version);
        const person = (await queries.userWithAgency(trx, input.userId))!;
        await networkEntry(trx, actor, kase, at, `${personLabel(person)} nominated as ${NOMINATION_LABELS[role]}`, 'case-nomination', kase.id);
        await notifier.notify(trx, { userId: input.userId, kind: 'nomination', title: `You are now the ${NOMINATION_LABELS[role]} for case ${kase.reference}`, link: casePaths.case(kase.id) });
        await recordAudit(trx, audit, { action, entityType: 'case', entityId: kase.id, childId: kase.childId, details: { userId: input.userId, previousUserId: previous } });
      });
    },

    /** staffordshire 26: siblings, other children of the household and the peer group are assessed too. */
    async addRelatedPerson(actor: Actor, caseId: string, input: z.infer<typeof relatedPersonSchema>, audit: AuditContext) {
      const at = now();
      return caseWrite(db, audit, async (trx) => {
        const { kase } = await writeCase(trx, actor, caseId, audit, 'related-person.added', at, RELATED_PEOPLE_REFUSAL);
        if (input.dateOfBirth && input.dateOfBirth > londonDateOf(at)) throw new RecordRefused([{ field: 'dateOfBirth', message: 'Date of birth must be today or in the past' }]);
        const hasPr = input.relationship === 'parental-responsibility' ? true : input.hasParentalResponsibility;
        const row = await queries.insertRelatedPerson(trx, { case_id: kase.id, child_id: kase.childId, relationship: input.relationship, name: input.name, date_of_birth: input.dateOfBirth ?? null, notes: input.notes ?? '', has_parental_responsibility: hasPr, created_by: actor.id, created_at: at });
        await queries.insertEntry(trx, {
          child_id: kase.childId, case_id: kase.id, occurred_at: at, recorded_at: at, kind: 'related-person',
          title: `${RELATIONSHIP_LABELS[input.relationship]} recorded: ${input.name}`,
          summary: hasPr ? 'Has parental responsibility.' : '',
          agency_id: actor.agencyId, author_id: actor.id, record_type: 'related-person', record_id: row.id, source: 'Harbour',
        });
        await recordAudit(trx, audit, { action: 'related-person.added', entityType: 'related-person', entityId: row.id, childId: kase.childId, details: { caseId: kase.id, relationship: input.relationship, parentalResponsibility: hasPr } });
        return row.id;
      });
    },

    async removeRelatedPerson(actor: Actor, caseId: string, personId: string, audit: AuditContext) {
      const at = now();
      return caseWrite(db, audit, async (trx) => {
        const { kase } = await writeCase(trx, actor, caseId, audit, 'related-person.removed', at, RELATED_PEOPLE_REFUSAL);
        const row = await queries.removeRelatedPerson(trx, kase.id, personId, { removed_at: at, removed_by: actor.id });
        if (!row) throw new RecordRefused([{ field: 'related', message: 'This person has already been removed from the record' }]);
        await recordAudit(trx, audit, { action: 'related-person.removed', entityType: 'related-person', entityId: row.id, childId: kase.childId, details: { caseId: kase.id, relationship: row.relationship } });
      });
    },

    page: (caseId: string) => queries.networkPage(db, caseId),
  };
}

export type NetworkService = ReturnType<typeof createNetworkService>;
