// The front door's triage of a received contact: identifying the child (a known child, a new child record, or
// unidentified), then deciding what happens next (bedford-luton 3.13, camden Part 3). Each is one transaction with its
// audit row, chronology entry, clocks and notifications.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { canSeeReferral } from '../../domain/access/access.ts';
import { checkTriageDecision, TRIAGE_DECISION_INFO, PROTECTIVE_ACTION_LABELS } from '../../domain/triage/decisions.ts';
import type { TriageDecision, TriageRefusal, ProtectiveAction } from '../../domain/triage/decisions.ts';
import { ageBand } from '../../domain/risk/age-rules.ts';
import type { AgeBand } from '../../domain/risk/age-rules.ts';
import { londonInstant } from '../../domain/clock/index.ts';
import { notFound, forbidden } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { insertPoliceProtection } from '../police-protection/service.ts';
import { reopenForNewConcern } from '../case-lifecycle/service.ts';
import type { z } from 'zod';
import type { decisionSchema, identifySchema } from './schemas.ts';
import { CHECKLIST_13_15, ContactRefused, StaleContact, frontDoorClocks, nextReference } from './service-recording.ts';
import type { ContactDeps } from './service-recording.ts';
import { contactsPaths } from './paths.ts';
import * as queries from './queries.ts';
import { casePaths } from '../cases/paths.ts';
import { riskPaths } from '../risk/paths.ts';

/**
 * A received contact, locked for a change by the front door of its authority, at the version the page showed:
 * 404 for a draft or nothing, 403 for another authority, 409 when someone changed it meanwhile.
 */
export async function lockForFrontDoor(trx: Kysely<Database>, actor: Actor, contactId: string, version: number) {
  const contact = await queries.lockContact(trx, contactId);
  if (!contact || contact.status === 'draft') throw notFound('Concern');
  if (!canSeeReferral({ ...actor, id: '' }, { referrerId: null, localAuthorityId: contact.local_authority_id })) throw forbidden();
  if (contact.version !== version) throw new StaleContact();
  return contact;
}

export function createTriage(deps: ContactDeps) {
  const { db, notifier, now } = deps;
  const clocks = frontDoorClocks(deps.clocks);

  return {
    /** Link to a known child, create a new child record, or leave unidentified (still logged and counted). */
    async identify(actor: Actor, contactId: string, input: z.infer<typeof identifySchema>, audit: AuditContext) {
      return db.transaction().execute(async (trx) => {
        const contact = await lockForFrontDoor(trx, actor, contactId, input.version);
        if (contact.status === 'decided') throw new ContactRefused([{ field: 'identification', message: 'This concern has been decided: the child can no longer be changed here' }]);
        let childId: string | null = null;
        let caseId: string | null = null;
        if (input.identification === 'linked') {
          if (!input.childId) throw new ContactRefused([{ field: 'childId', message: 'Choose the matching child' }]);
          const child = await queries.childAuthority(trx, input.childId);
          if (!child) throw new ContactRefused([{ field: 'childId', message: 'The chosen child no longer exists: search again' }]);
          // A concern belongs to its local authority: it is never linked to another authority's child.
          if (child.local_authority_id !== contact.local_authority_id) throw new ContactRefused([{ field: 'childId', message: 'The chosen child is known to another local authority: choose a child from this authority, or a new child' }]);
          childId = child.id;
          caseId = await queries.openCaseOf(trx, child.id);
          // A new concern about a child whose case is closed reopens it, its history kept (issue 15).
          caseId ??= await reopenForNewConcern(trx, { notifier }, { childId: child.id, contactId: contact.id, contactReference: contact.reference, at: now(), audit });
        } else if (input.identification === 'new-child') {
          if (!contact.child_given_name && !contact.child_family_name && !contact.child_known_as) {
            throw new ContactRefused([{ field: 'identification', message: 'A new child record needs at least a name or known-as name' }]);
          }
          const child = await queries.insertChild(trx, {
            local_authority_id: contact.local_authority_id,
            given_name: contact.child_given_name,
            family_name: contact.child_family_name,
            known_as: contact.child_known_as,
            date_of_birth: contact.child_date_of_birth,
            approximate_age: contact.child_date_of_birth ? null : contact.child_approximate_age,
            address: contact.child_address,
            postcode: contact.child_postcode,
            ward: contact.child_ward,
            school: contact.child_school,
            gp: contact.child_gp,
            care_leaver: contact.child_care_leaver,
          });
          childId = child.id;
        }
        await queries.updateContact(trx, contact.id, { identification: input.identification, child_id: childId, case_id: caseId, updated_at: now(), version: contact.version + 1 });
        if (childId) {
          await queries.insertEntry(trx, {
            child_id: childId,
            case_id: caseId,
            occurred_at: contact.received_at ?? now(),
            kind: contact.kind === 'referral' ? 'referral' : 'concern',
            title: contact.kind === 'referral' ? `Referral ${contact.reference} received` : `Concern ${contact.reference} received`,
            summary: contact.narrative.slice(0, 500),
            agency_id: contact.raised_by_agency_id,
            author_id: contact.raised_by,
            record_type: 'contact',
            record_id: contact.id,
            source: contact.kind === 'public-concern' ? 'Member of the public' : 'Professional',
          });
          if (caseId) {
            await clocks.applyEvent(trx, { event: 'contact-received', at: now(), subject: { caseId, referralId: contact.id, childId, localAuthorityId: contact.local_authority_id } }).then(() => undefined);
            // A child with an open case is known to social care: this contact's clocks for a child not known stop (camden Part 3 §2).
            await deps.clocks.withdrawNoLongerRequired(trx, { referralId: contact.id, localAuthorityId: contact.local_authority_id }, { childKnownToSocialCare: true }, now());
          }
        }
        await recordAudit(trx, audit, { action: 'contact.identified', entityType: 'contact', entityId: contact.id, childId, details: { identification: input.identification, existingCase: Boolean(caseId) } });
      });
    },

    async decide(actor: Actor, contactId: string, input: z.infer<typeof decisionSchema>, audit: AuditContext): Promise<{ caseId: string | null }> {
      return db.transaction().execute(async (trx) => {
        const contact = await lockForFrontDoor(trx, actor, contactId, input.version);
        if (contact.status === 'decided') throw new ContactRefused([{ field: 'decision', message: 'This concern has already been decided' }]);
        const at = now();
        const band: AgeBand | null = contact.child_date_of_birth
          ? ageBand(contact.child_date_of_birth, at)
          : contact.child_approximate_age !== null
            ? ageBand(contact.child_approximate_age, at)
            : null;
        const checklistAnswers = Object.fromEntries(CHECKLIST_13_15.map((item) => [item.id, input[`checklist-${item.id}`] as string | undefined]));
        const protectiveActionAt = input.protectiveActionDate ? londonInstant(input.protectiveActionDate, ...((input.protectiveActionTime ?? '00:00').split(':').map(Number) as [number, number])) : undefined;
        const refusals: TriageRefusal[] = checkTriageDecision({
          decision: input.decision,
          reasons: input.reasons,
          ageBand: band,
          sexualActivity: input.sexualActivity || contact.sexual_activity,
          presumptionReason: input.presumptionReason,
          checklistItemIds: CHECKLIST_13_15.map((i) => i.id),
          checklistAnswers,
          allocatedWorkerId: input.allocatedWorkerId,
          protectiveAction: input.protectiveAction,
          protectiveActionAt,
          homeAuthority: input.homeAuthority,
          childIdentified: Boolean(contact.child_id),
          now: at,
        });
        if (input.allocatedWorkerId) {
          const worker = await queries.activeSocialWorker(trx, input.allocatedWorkerId);
          if (!worker) refusals.push({ field: 'allocatedWorkerId', code: 'not-a-social-worker', message: 'Choose an active social worker' });
        }
        if (refusals.length) throw new ContactRefused(refusals.map((r) => ({ field: r.field, message: r.message })));

        const decision = input.decision as TriageDecision;
        const subjectBase = { referralId: contact.id, childId: contact.child_id, localAuthorityId: contact.local_authority_id };
        let caseId = contact.case_id;
        // Decisions that continue the work open a case for the child, or continue their open one.
        if (contact.child_id && ['initial-assessment', 'strategy-discussion', 'immediate-protective-action', 'refer-to-cse-coordinator'].includes(decision)) {
          if (!caseId) {
            const worker = input.allocatedWorkerId ? await queries.userTeam(trx, input.allocatedWorkerId) : undefined;
            const manager = await queries.firstTeamManager(trx, contact.local_authority_id);
            caseId = await queries.insertCase(trx, {
              reference: await nextReference(trx, now(), 'H', 'case_reference_seq'),
              child_id: contact.child_id,
              local_authority_id: contact.local_authority_id,
              stage: decision === 'initial-assessment' ? 'initial-assessment' : decision === 'refer-to-cse-coordinator' ? 'cse-referral' : 'strategy',
              lead_professional_id: worker?.id ?? null,
              team_id: worker?.team_id ?? null,
              manager_id: manager?.id ?? null,
              opened_at: at,
            });
            await queries.moveClocksToCase(trx, contact.id, caseId);
          }
          if (input.allocatedWorkerId) {
            if (!(await queries.isCurrentMember(trx, caseId, input.allocatedWorkerId))) await queries.addMember(trx, { case_id: caseId, user_id: input.allocatedWorkerId, role_in_case: 'Allocated social worker', added_by: actor.id, added_at: at });
            await queries.leadIfNone(trx, caseId, input.allocatedWorkerId);
            await notifier.notify(trx, { userId: input.allocatedWorkerId, kind: 'allocation', title: `You have been allocated ${contact.reference} for an initial assessment`, link: casePaths.case(caseId) });
          }
        }
        const subject = { ...subjectBase, caseId };
        const details: Record<string, unknown> = {};
        if (decision === 'initial-assessment') details.allocatedWorkerId = input.allocatedWorkerId;
        if (decision === 'immediate-protective-action') Object.assign(details, { protectiveAction: input.protectiveAction, protectiveActionAt: protectiveActionAt?.toISOString() });
        if (decision === 'refer-to-home-authority') details.homeAuthority = input.homeAuthority;

        await queries.insertDecision(trx, {
          contact_id: contact.id,
          decision,
          reasons: input.reasons,
          decided_by: actor.id,
          decided_at: at,
          age_band: band,
          presumption_reason: input.presumptionReason ?? null,
          checklist: JSON.stringify(band === '13-15' ? checklistAnswers : {}),
          details: JSON.stringify(details),
        });
        await queries.updateContact(trx, contact.id, { status: 'decided', decided_at: at, case_id: caseId, sexual_activity: input.sexualActivity || contact.sexual_activity, version: contact.version + 1, updated_at: at });

        await clocks.applyEvent(trx, { event: 'first-response-completed', at, subject });
        if (decision === 'strategy-discussion' || decision === 'immediate-protective-action') {
          await clocks.applyEvent(trx, { event: 'continuing-significant-harm-found', at, subject });
        }
        // bedford-luton 11.4: police protection (s46) taken at the moment recorded, followed through on the case.
        if (decision === 'immediate-protective-action' && input.protectiveAction === 'police-protection-s46' && caseId && contact.child_id && protectiveActionAt) {
          const protectionId = await insertPoliceProtection(trx, { caseId, childId: contact.child_id, contactId: contact.id, startedAt: protectiveActionAt, note: null, actor, at });
          if (protectionId) await clocks.applyEvent(trx, { event: 'police-protection-started', at: protectiveActionAt, subject, ownerTeam: contact.routed_team });
        }
        if (decision === 'refer-to-cse-coordinator' && caseId) {
          // The coordinator decides it like any other CSE referral (camden Part 3 §3.1).
          const awaiting = await queries.awaitingCseReferral(trx, caseId);
          if (!awaiting) {
            await queries.insertCseReferral(trx, { case_id: caseId, referred_by: actor.id, referred_at: at, reason: input.reasons });
            await clocks.applyEvent(trx, { event: 'cse-referral-received', at, subject });
            const coordinators = await queries.activeCoordinators(trx, contact.local_authority_id);
            for (const c of coordinators) {
              await notifier.notify(trx, { userId: c.id, kind: 'cse-referral', title: `CSE referral from the front door: ${contact.reference}`, link: riskPaths.section(caseId) });
            }
          }
        }
        if (decision === 'no-further-action' || decision === 'refer-to-home-authority') {
          // Nothing more will happen here: the clocks of later steps stop, marked as not required.
          await queries.stopClocks(trx, contact.id, { except: ['referrer-told-outcome'] }, at, `not-required:${decision}`);
        }

        // The referrer is told the outcome: in the app and by e-mail (a link, never the content).
        const label = TRIAGE_DECISION_INFO[decision].label;
        let informed = false;
        if (contact.raised_by) {
          await notifier.notify(trx, {
            userId: contact.raised_by,
            kind: 'referral-outcome',
            title: `Outcome of ${contact.reference}: ${label}`,
            body: decision === 'no-further-action' ? `The front door decided no further action. Why: ${input.reasons}` : `The front door decided: ${label}.`,
            link: contactsPaths.concern(contact.id),
          });
          informed = true;
        } else {
          const reporter = contact.public_reporter as Record<string, string> | null;
          if (reporter?.email) {
            await queries.queueEmail(trx, { to: reporter.email, subject: `Your concern ${contact.reference}`, template: 'public-outcome', reference: contact.reference });
            informed = true;
          }
        }
        if (informed) {
          await clocks.applyEvent(trx, { event: 'referrer-informed-of-outcome', at, subject });
        } else {
          await queries.stopClocks(trx, contact.id, { only: 'referrer-told-outcome' }, at, 'referrer-anonymous');
        }

        if (contact.child_id) {
          const summary = [
            `${label}. ${input.reasons}`,
            decision === 'immediate-protective-action' && input.protectiveAction ? `Action: ${PROTECTIVE_ACTION_LABELS[input.protectiveAction as ProtectiveAction] ?? input.protectiveAction}.` : '',
            input.presumptionReason ? `Strategy discussion presumption not followed because: ${input.presumptionReason}` : '',
          ].filter(Boolean).join(' ');
          await queries.insertEntry(trx, { child_id: contact.child_id, case_id: caseId, occurred_at: at, kind: 'decision', title: `Front-door decision on ${contact.reference}: ${label}`, summary: summary.slice(0, 2000), agency_id: actor.agencyId, author_id: actor.id, record_type: 'contact', record_id: contact.id });
        }
        await recordAudit(trx, audit, { action: 'contact.decided', entityType: 'contact', entityId: contact.id, childId: contact.child_id, details: { decision, caseId, informed, presumptionOverridden: Boolean(input.presumptionReason) } });
        return { caseId };
      });
    },
  };
}
