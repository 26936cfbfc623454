// The other children an assessment finds (staffordshire 26; ird): assessed here, referred to the front door as a
// professional concern, or no action, each with its reason.
import type { Actor } from '../../domain/access/access.ts';
import { ASSESSMENT_KIND_LABELS, RELATIONSHIP_LABELS, relatedChildRefusals } from '../../domain/assessments/index.ts';
import type { Relationship } from '../../domain/assessments/index.ts';
import { notFound } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { writeCase } from '../case-access/service.ts';
import { RecordRefused } from '../../platform/web/refusals.ts';
import type { RelatedChildInput } from './schemas.ts';
import { WRITE_REFUSAL } from './service-workflow.ts';
import type { AssessmentDeps } from './service-workflow.ts';
import { assessmentForRelatedChild, insertRelatedChild, relatedChildOfContact } from './queries.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';


export function createRelatedChildren(deps: AssessmentDeps) {
  const { db, contacts, now } = deps;

  return {
    /**
     * A sibling, another child of the household, a peer or a person of concern's child (staffordshire 26; ird), with
     * what happens for them. A referral becomes a real professional concern in the front door's queue (submitted
     * first, under the form's key, so that a retry finds the same concern rather than raising a second).
     */
    async addRelatedChild(actor: Actor, caseId: string, id: string, input: RelatedChildInput, audit: AuditContext) {
      const at = now();
      const { kase } = await writeCase(db, actor, caseId, audit, 'assessment.related-child', at, WRITE_REFUSAL);
      const refusals = relatedChildRefusals(input);
      if (refusals.length) throw new RecordRefused(refusals.map((r) => ({ field: r.field, message: r.message })));
      const row = await assessmentForRelatedChild(db, kase.id, isRecordId(id) ? id : '00000000-0000-0000-0000-000000000000');
      if (!row) throw notFound('Assessment');
      if (row.status === 'authorised') throw new RecordRefused([{ field: 'name', message: 'This assessment has been authorised: it cannot be changed. Refer the child to the front door instead' }]);
      const relationship = input.relationship as Relationship;
      let contactId: string | null = null;
      if (input.decision === 'referred') {
        const created = await contacts.submitProfessionalConcern(
          actor,
          {
            idempotencyKey: input.formKey,
            narrative: `Raised during the ${ASSESSMENT_KIND_LABELS[row.kind].toLowerCase()} of another child (${RELATIONSHIP_LABELS[relationship].toLowerCase()}${input.personOfConcern ? `; person of concern: ${input.personOfConcern}` : ''}). ${input.reason ?? ''}`.trim(),
            indicators: [],
            observedDate: undefined,
            observedTime: undefined,
            childGivenName: input.name,
            childFamilyName: undefined,
            childKnownAs: undefined,
            childDateOfBirth: undefined,
            childApproximateAge: input.approximateAge,
            childDescription: undefined,
            childLocation: undefined,
            childAddress: undefined,
            childPostcode: undefined,
            childWard: undefined,
            childSchool: undefined,
            childGp: undefined,
            childCareLeaver: false,
            immediateDanger: false,
            policeCalled: undefined,
            dslConsulted: 'not-applicable',
            sexualActivity: false,
          },
          audit,
        );
        contactId = created.id;
      }
      return db.transaction().execute(async (trx) => {
        const existing = contactId ? await relatedChildOfContact(trx, contactId) : undefined;
        if (existing) return { id: existing.id, contactId };
        const related = await insertRelatedChild(trx, { assessment_id: row.id, name: input.name!.trim(), relationship, person_of_concern: input.personOfConcern?.trim() || null, decision: input.decision as 'assessed-here' | 'referred' | 'no-action', reason: input.reason?.trim() || null, contact_id: contactId, recorded_by: actor.id, recorded_at: at });
        await recordAudit(trx, audit, { action: 'assessment.related-child', entityType: 'assessment', entityId: row.id, childId: row.child_id, details: { caseId: kase.id, relationship, decision: input.decision, referred: contactId !== null } });
        return { id: related.id, contactId };
      });
    },
  };
}
