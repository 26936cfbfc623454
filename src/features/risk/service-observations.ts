// What the professional network records on the Risk page: observations from every agency (and the observation a
// sharing decision widens), National Referral Mechanism considerations, and links between vulnerable children.
// Each is one transaction behind the case's write gate, with its chronology entry and audit row.
import type { Services } from '../../services.ts';
import type { Actor } from '../../domain/access/access.ts';
import { decideCaseAccess } from '../../domain/access/access.ts';
import { catalogueFor, indicatorById } from '../../domain/risk/catalogue.ts';
import { indicatorSetsFor } from '../../domain/risk/profile-sets.ts';
import { OBSERVATION_SOURCE_LABELS } from '../../domain/risk/suggest.ts';
import type { ObservationSource } from '../../domain/risk/suggest.ts';
import { mayWidenSharing } from '../../domain/risk/cse-referral.ts';
import type { FieldRefusal } from '../../platform/web/refusals.ts';
import { londonDateOf, londonInstant } from '../../domain/clock/index.ts';
import { forbidden, notFound } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { accessFacts } from '../case-access/service.ts';
import type { CaseHeader } from '../case-access/service.ts';
import type { z } from 'zod';
import type { linkSchema, nrmSchema, observationSchema } from './schemas.ts';
import { caseForLink, insertChildLink, insertNrmConsideration, insertObservation, networkMembersAmong, visibleObservations, writeChronologyEntry } from './queries.ts';
import { RiskRefused } from './service-refusals.ts';
import type { RiskCommon } from './service-common.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';

export function createObservations(services: Services, common: RiskCommon) {
  const { db, profiles, now } = services;
  const { riskWrite, requireContributor } = common;

  return {
    recordObservation(actor: Actor, caseId: string, input: z.infer<typeof observationSchema>, audit: AuditContext) {
      return riskWrite(actor, caseId, 'record-observation', audit, async (trx, kase, basis) => {
        requireContributor(basis);
        const at = now();
        const profile = await profiles.forAuthority(trx, kase.localAuthorityId);
        const refusals: FieldRefusal[] = [];
        const allowed = new Set(catalogueFor(indicatorSetsFor(profile.id)).map((i) => i.id));
        if (!allowed.has(input.indicatorId)) refusals.push({ field: 'indicatorId', message: 'Choose an indicator from the list' });
        if (input.observedOn > londonDateOf(at)) refusals.push({ field: 'observedOn', message: 'The date you observed it must be today or in the past' });
        let sharedWith: string[] = [];
        if (input.sharingLevel === 'named') {
          sharedWith = [...new Set(input.sharedWith)];
          if (sharedWith.length === 0) refusals.push({ field: 'sharedWith', message: 'Choose the people who may see this observation' });
          else {
            const members = await networkMembersAmong(trx, kase.id, sharedWith);
            if (members.length !== sharedWith.length) refusals.push({ field: 'sharedWith', message: 'Choose people from the child’s professional network' });
          }
        }
        if (refusals.length) throw new RiskRefused(refusals);
        const indicator = indicatorById(input.indicatorId)!;
        const row = await insertObservation(trx, {
          case_id: kase.id,
          child_id: kase.childId,
          indicator_id: indicator.id,
          observed_on: input.observedOn,
          recorded_by: actor.id,
          agency_id: actor.agencyId,
          how_known: input.howKnown,
          note: input.note ?? '',
          sharing_level: input.sharingLevel,
          shared_with: sharedWith,
          created_at: at,
        });
        await writeChronologyEntry(trx, {
          childId: kase.childId,
          caseId: kase.id,
          at: londonInstant(input.observedOn, 12),
          kind: 'observation',
          title: `Indicator observed: ${indicator.label}`,
          summary: [`${OBSERVATION_SOURCE_LABELS[input.howKnown as ObservationSource]}.`, input.note ?? ''].filter(Boolean).join(' '),
          actor,
          recordType: 'risk_observation',
          recordId: row.id,
          sharingLevel: input.sharingLevel,
          sharedWith,
        });
        await recordAudit(trx, audit, { action: 'risk.observation-recorded', entityType: 'risk_observation', entityId: row.id, childId: kase.childId, details: { caseId: kase.id, indicatorId: indicator.id, sharingLevel: input.sharingLevel, named: sharedWith.length } });
        return { id: row.id };
      });
    },

    async observationForSharing(actor: Actor, kase: CaseHeader, observationId: string) {
      if (!isRecordId(observationId)) throw notFound('Observation');
      const visible = (await visibleObservations(db, actor, kase.id)).find((o) => o.id === observationId);
      if (!visible) throw notFound('Observation');
      if (!mayWidenSharing(actor, { agencyId: visible.agency_id, sharingLevel: visible.sharing_level })) {
        throw forbidden(visible.sharing_level === 'network' ? 'This observation is already shared with the case network.' : 'Only someone in the agency that recorded this observation can decide to share it more widely.');
      }
      return visible;
    },

    recordNrmConsideration(actor: Actor, caseId: string, input: z.infer<typeof nrmSchema>, audit: AuditContext) {
      return riskWrite(actor, caseId, 'record-nrm', audit, async (trx, kase, basis) => {
        requireContributor(basis);
        const at = now();
        const row = await insertNrmConsideration(trx, { case_id: kase.id, outcome: input.nrmOutcome, reason: input.nrmReason, decided_by: actor.id, decided_at: at });
        await writeChronologyEntry(trx, {
          childId: kase.childId,
          caseId: kase.id,
          at,
          kind: 'decision',
          title: input.nrmOutcome === 'referred' ? 'Referred to the National Referral Mechanism' : 'National Referral Mechanism considered: not referred',
          summary: input.nrmReason,
          actor,
          recordType: 'nrm_consideration',
          recordId: row.id,
        });
        await recordAudit(trx, audit, { action: 'risk.nrm-considered', entityType: 'nrm_consideration', entityId: row.id, childId: kase.childId, details: { caseId: kase.id, outcome: input.nrmOutcome } });
      });
    },

    /** camden Part 3 §3.2: links with other vulnerable children, recorded explicitly. */
    async linkChild(actor: Actor, caseId: string, input: z.infer<typeof linkSchema>, audit: AuditContext) {
      try {
        return await riskWrite(actor, caseId, 'link-child', audit, async (trx, kase, basis) => {
          requireContributor(basis);
          const other = await caseForLink(trx, input.linkedCaseId);
          const otherHeader = other ? { id: other.id, reference: other.reference, childId: other.child_id, localAuthorityId: other.local_authority_id, leadProfessionalId: other.lead_professional_id, managerId: other.manager_id, version: other.version } : null;
          const otherAccess = otherHeader ? decideCaseAccess(actor, await accessFacts(trx, actor, otherHeader, now())) : null;
          if (!otherHeader || !otherAccess?.allowed || otherAccess.basis === 'break-glass' || otherAccess.basis === 'audit-access') throw new RiskRefused([{ field: 'linkedCaseId', message: 'Choose a child from the list of cases you work on' }]);
          if (otherHeader.childId === kase.childId) throw new RiskRefused([{ field: 'linkedCaseId', message: 'Choose a different child' }]);
          const at = now();
          const row = await insertChildLink(trx, { child_id: kase.childId, linked_child_id: otherHeader.childId, reason: input.linkReason, recorded_by: actor.id, recorded_at: at });
          for (const side of [kase, otherHeader]) {
            await writeChronologyEntry(trx, { childId: side.childId, caseId: side.id, at, kind: 'note', title: 'Linked with another vulnerable child', summary: 'A link with another child was recorded on the Risk page (camden Part 3 §3.2).', actor, recordType: 'child_link', recordId: row.id });
          }
          await recordAudit(trx, audit, { action: 'risk.child-linked', entityType: 'child_link', entityId: row.id, childId: kase.childId, details: { caseId: kase.id, linkedCaseId: otherHeader.id, linkedChildId: otherHeader.childId } });
          return { id: row.id };
        });
      } catch (error) {
        if ((error as { code?: string }).code === '23505') throw new RiskRefused([{ field: 'linkedCaseId', message: 'These children are already linked' }]);
        throw error;
      }
    },

  };
}
