// The outcome of a Section 47 enquiry (cambridgeshire 5): the profile's outcomes, recording one (with the follow-up
// task it asks for, and the CSE lead told), and the case's history of them.
import type { z } from 'zod';
import type { Services } from '../../services.ts';
import type { Actor, AccessBasis } from '../../domain/access/access.ts';
import { isSilent } from '../../domain/profiles/schema.ts';
import { FOLLOW_UP_LABELS, checkSection47Outcome, section47NextSteps } from '../../domain/meetings/section47.ts';
import type { NotSubstantiatedFollowUp, Section47Outcome } from '../../domain/meetings/section47.ts';
import { forbidden } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import type { CaseHeader } from '../case-access/service.ts';
import { meetingsPaths } from './paths.ts';
import { caseFacts, insertAction, insertChronologyEntry, insertSection47Outcome, section47History, updateAction, usersWithRole } from './queries.ts';
import type { section47Schema } from './schemas.ts';
import { MeetingRefused, mayManage } from './service-common.ts';

export function section47UseCases(services: Services) {
  const { db, profiles, notifier } = services;
  const now = () => services.now();

  /** The Section 47 outcomes of the profile (cambridgeshire 5), or null when the procedure lists none. */
  async function section47Options(kase: CaseHeader) {
    const profile = await profiles.forAuthority(db, kase.localAuthorityId);
    const list = profile.decisions.section47Outcomes;
    return { profile, items: isSilent(list) ? null : list.items, note: isSilent(list) ? list.note : (list.note ?? null) };
  }

  return {
    section47Options,

    async recordSection47(actor: Actor, kase: CaseHeader, basis: AccessBasis, input: z.infer<typeof section47Schema>, audit: AuditContext) {
      if (!mayManage(actor, kase, basis)) throw forbidden('Only the social worker, the CSE coordinator or a manager records the outcome of a Section 47 enquiry.');
      const { items } = await section47Options(kase);
      if (!items) throw new MeetingRefused([{ field: 'outcome', message: 'The procedure in force lists no Section 47 outcomes' }]);
      const refusals = checkSection47Outcome({ outcome: input.outcome, allowed: items.map((i) => i.id), followUp: input.followUp, reasons: input.reasons, dueDate: input.dueDate });
      if (refusals.length) throw new MeetingRefused(refusals);
      return db.transaction().execute(async (trx) => {
        const at = now();
        const [f] = await caseFacts(trx, [kase.id]);
        const next = section47NextSteps({ outcome: input.outcome as Section47Outcome, childHasProtectionPlan: input.hasProtectionPlan === 'yes', followUp: input.followUp as NotSubstantiatedFollowUp | undefined });
        let actionId: string | null = null;
        if (next.task) {
          const action = await insertAction(trx, { case_id: kase.id, title: FOLLOW_UP_LABELS[next.task], desired_outcome: '', owner_user_id: f!.lead_professional_id ?? actor.id, owner_agency_id: null, due_date: input.dueDate!, source_type: 'decision', source_id: null, created_by: actor.id, created_at: at });
          actionId = action.id;
        }
        const row = await insertSection47Outcome(trx, { case_id: kase.id, outcome: input.outcome!, follow_up: input.followUp ?? null, reasons: input.reasons!, action_id: actionId, recorded_by: actor.id, recorded_at: at });
        if (actionId) await updateAction(trx, actionId, { source_id: row.id });
        const label = items.find((i) => i.id === input.outcome)!.label;
        // The CSE lead within children's social care is told the outcome (cambridgeshire 5).
        const leads = await usersWithRole(trx, 'cse-coordinator', kase.localAuthorityId);
        for (const lead of leads) await notifier.notify(trx, { userId: lead.id, kind: 'section-47-outcome', title: `Section 47 enquiry on ${f!.reference} concluded: ${input.outcome === 'substantiated' ? 'substantiated' : 'not substantiated'}`, link: meetingsPaths.list(kase.id) });
        await insertChronologyEntry(trx, { child_id: f!.child_id, case_id: kase.id, occurred_at: at, kind: 'decision', title: `Section 47 enquiry concluded: ${label}`.slice(0, 300), summary: `${input.reasons}${next.task ? ` Next step: ${FOLLOW_UP_LABELS[next.task]}, by ${input.dueDate}.` : ' No further intervention.'}`.slice(0, 2000), agency_id: actor.agencyId, author_id: actor.id, record_type: 'section47-outcome', record_id: row.id });
        await recordAudit(trx, audit, { action: 'section47.concluded', entityType: 'section47-outcome', entityId: row.id, childId: f!.child_id, details: { outcome: input.outcome, followUp: input.followUp ?? null, task: next.task, cseLeadsNotified: leads.length } });
        return { id: row.id, task: next.task };
      });
    },

    section47History: (caseId: string) => section47History(db, caseId),
  };
}
