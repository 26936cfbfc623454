// The actions agreed at a meeting: adding one (its owner told), and completing any of a case's actions with its
// evidence (the plans pages complete a plan's actions through here too). One transaction each, with the chronology
// entry and the audit row.
import type { z } from 'zod';
import type { Services } from '../../services.ts';
import type { Actor, AccessBasis } from '../../domain/access/access.ts';
import { canManageNetwork } from '../../domain/access/access.ts';
import { londonDateOf } from '../../domain/clock/index.ts';
import { checkAction } from '../../domain/meetings/rules.ts';
import { HttpError, forbidden, notFound } from '../../platform/web/errors.ts';
import type { FieldRefusal } from '../../platform/web/refusals.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import type { CaseHeader } from '../case-access/service.ts';
import { meetingsPaths } from './paths.ts';
import { actionOfCaseForUpdate, actionsFor, activeAgencies, caseFacts, insertAction, insertChronologyEntry, isActiveAgency, isActiveUser, isInvited, meetingCaseIds, updateAction } from './queries.ts';
import type { actionSchema, completeActionSchema } from './schemas.ts';
import { MeetingRefused, chronology, lockMeeting, mayManage } from './service-common.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';

export function actionUseCases(services: Services) {
  const { db, notifier } = services;
  const now = () => services.now();

  return {
    async addAction(actor: Actor, kase: CaseHeader, basis: AccessBasis, meetingId: string, input: z.infer<typeof actionSchema>, audit: AuditContext) {
      return db.transaction().execute(async (trx) => {
        const meeting = await lockMeeting(trx, meetingId, kase.id);
        const attended = await isInvited(trx, meeting.id, actor.id);
        if (!attended && !mayManage(actor, kase, basis, meeting)) throw forbidden('Only the chair, an invitee, the social worker or a manager adds actions to this meeting.');
        if (meeting.status === 'cancelled') throw new MeetingRefused([{ field: 'what', message: 'This meeting was cancelled: agree actions at another meeting, or add them to a plan' }]);
        const caseIds = await meetingCaseIds(trx, meeting.id);
        const forCase = input.caseId ?? kase.id;
        const refusals: FieldRefusal[] = [...checkAction({ what: input.what, ownerUserId: input.ownerUserId, ownerAgencyId: input.ownerAgencyId, dueDate: input.dueDate, notBefore: londonDateOf(meeting.scheduled_at) })];
        if (!caseIds.includes(forCase)) refusals.push({ field: 'caseId', message: 'Choose one of the children this meeting is about' });
        if (input.ownerUserId && !(await isActiveUser(trx, input.ownerUserId))) refusals.push({ field: 'ownerUserId', message: 'Choose an active person' });
        if (input.ownerAgencyId && !(await isActiveAgency(trx, input.ownerAgencyId))) refusals.push({ field: 'ownerAgencyId', message: 'Choose an active agency' });
        if (refusals.length) throw new MeetingRefused(refusals);
        const at = now();
        const row = await insertAction(trx, { case_id: forCase, title: input.what!, desired_outcome: input.desiredOutcome ?? '', owner_user_id: input.ownerUserId ?? null, owner_agency_id: input.ownerAgencyId ?? null, due_date: input.dueDate!, source_type: 'meeting', source_id: meeting.id, created_by: actor.id, created_at: at });
        if (input.ownerUserId && input.ownerUserId !== actor.id) {
          const [f] = await caseFacts(trx, [forCase]);
          await notifier.notify(trx, { userId: input.ownerUserId, kind: 'action-assigned', title: `An action from a meeting about ${f!.reference} is yours, due ${input.dueDate}`, link: meetingsPaths.meeting(forCase, meeting.id, 'actions') });
        }
        const [f] = await caseFacts(trx, [forCase]);
        await chronology(trx, actor, f!, meeting.id, 'Action agreed at a meeting', `${input.what} Due by ${input.dueDate}.${input.desiredOutcome ? ` Desired outcome: ${input.desiredOutcome}` : ''}`, at);
        await recordAudit(trx, audit, { action: 'action.created', entityType: 'action', entityId: row.id, childId: f!.child_id, details: { source: 'meeting', meetingId: meeting.id, ownerUserId: input.ownerUserId ?? null, ownerAgencyId: input.ownerAgencyId ?? null } });
        return { actionId: row.id };
      });
    },

    async completeAction(actor: Actor, kase: CaseHeader, actionId: string, input: z.infer<typeof completeActionSchema>, audit: AuditContext) {
      if (!isRecordId(actionId)) throw notFound('Action');
      return db.transaction().execute(async (trx) => {
        const action = await actionOfCaseForUpdate(trx, actionId, kase.id);
        if (!action) throw notFound('Action');
        const mayComplete = action.owner_user_id === actor.id || (action.owner_agency_id !== null && action.owner_agency_id === actor.agencyId) || canManageNetwork(actor, kase);
        if (!mayComplete) throw forbidden('Only the person or agency responsible, the lead professional or a manager completes an action.');
        if (action.version !== input.version) throw new HttpError(409, 'stale', 'Someone else changed this action', `This action was changed while you were looking at it${action.completed_at ? ': it has been completed' : ''}. Check it and try again.`);
        if (action.status !== 'open') throw new MeetingRefused([{ field: 'evidence', message: 'This action is already closed' }]);
        const at = now();
        await updateAction(trx, action.id, { status: 'done', completed_at: at, completed_by: actor.id, completion_evidence: input.evidence, version: action.version + 1 });
        const [f] = await caseFacts(trx, [kase.id]);
        await insertChronologyEntry(trx, { child_id: f!.child_id, case_id: kase.id, occurred_at: at, kind: 'action', title: `Action completed: ${action.title}`.slice(0, 300), summary: `Evidence: ${input.evidence}`.slice(0, 2000), agency_id: actor.agencyId, author_id: actor.id, record_type: 'action', record_id: action.id });
        await recordAudit(trx, audit, { action: 'action.completed', entityType: 'action', entityId: action.id, childId: f!.child_id, details: { source: action.source_type } });
        return { sourceType: action.source_type, sourceId: action.source_id };
      });
    },

    actionsForCase: (caseId: string) => actionsFor(db, { caseId }),
    agencies: () => activeAgencies(db),
  };
}
