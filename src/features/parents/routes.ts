// Telling parents on a case (issue 13; bedford-luton 7.16; camden Part 3 §3.3, §4.2): the decisions at the case's CSE
// referrals and meetings, the form to record one, and a manager's agreement to an under-13 exception. The JSON API
// (/api/v1/cases/{caseId}/parent-notifications) uses the same service and checks; docs/openapi.yaml describes it.
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { problem } from '../../platform/web/errors.ts';
import { londonDateOf } from '../../domain/clock/index.ts';
import { meetingTypeOf } from '../../domain/meetings/rules.ts';
import {
  EXCEPTION_GROUNDS, EXCEPTION_GROUND_LABELS, NOTIFICATION_STATUS_LABELS, TOLD_HOW, TOLD_HOW_LABELS, UNDER_13_RULE, UNDER_13_SOURCE, checkAgreement,
} from '../../domain/parents/notification.ts';
import type { ExceptionGround, NotificationStatus, ToldHow } from '../../domain/parents/notification.ts';
import type { Actor } from '../../domain/access/access.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { openCasePage } from '../cases/service-case-page.ts';
import { caseLocals } from '../case-access/presenters.ts';
import { mayRecordOnCase, readCase, writeCase } from '../case-access/service.ts';
import { RecordRefused, refusalErrors } from '../../platform/web/refusals.ts';
import { notFound } from '../../platform/web/errors.ts';
import { WRITE_REFUSAL } from './service.ts';
import { StaleNotification, createParentsService } from './service.ts';
import type { NotificationRow } from './service.ts';
import { agreementSchema, notificationSchema } from './schemas.ts';
import { parentsPaths } from './paths.ts';
import { notificationIdOfCase } from './queries.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';

const NOTICES: Record<string, string> = {
  told: 'That the parents were told was recorded and added to the chronology.',
  'in-force': 'The exception was recorded with its reasons and added to the chronology.',
  'awaiting-agreement': 'The exception was recorded. The child is under 13, so it is not in force until a team manager or CSE coordinator agrees it.',
  agreed: 'You agreed the exception. It is now in force.',
  declined: 'You did not agree the exception: the parents must be told.',
};
const STATUS_TAGS: Record<NotificationStatus, string> = { told: 'govuk-tag--green', 'in-force': 'govuk-tag--orange', 'awaiting-agreement': 'govuk-tag--yellow', declined: 'govuk-tag--red' };

export function parentsRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const parents = createParentsService({ db: services.db, now: services.now });

  const meetingLabel = (m: { meeting_type: string | null; profile_id?: string | null; meeting_profile_id?: string | null; scheduled_at?: Date | null; meeting_at?: Date | null }) => {
    const profileId = m.profile_id ?? m.meeting_profile_id;
    const type = profileId && m.meeting_type ? (meetingTypeOf(services.profiles.byId(profileId), m.meeting_type)?.label ?? m.meeting_type) : 'Meeting';
    const at = m.scheduled_at ?? m.meeting_at;
    return at ? `${type}, ${at.toLocaleDateString('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' })}` : type;
  };
  const occasionLabel = (n: NotificationRow) =>
    n.context === 'referral' ? `CSE referral of ${n.referred_at ? n.referred_at.toLocaleDateString('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' }) : ''}` : meetingLabel(n);

  const view = (n: NotificationRow, actor: Actor, localAuthorityId: string) => ({
    ...n,
    occasionLabel: occasionLabel(n),
    statusLabel: NOTIFICATION_STATUS_LABELS[n.status],
    statusTag: STATUS_TAGS[n.status],
    toldHowLabel: n.told_how ? TOLD_HOW_LABELS[n.told_how as ToldHow] : null,
    groundLabel: n.exception_ground ? EXCEPTION_GROUND_LABELS[n.exception_ground as ExceptionGround] : null,
    mayAgree: checkAgreement(actor, { status: n.status, recordedBy: n.recorded_by, caseLocalAuthorityId: localAuthorityId }) === null,
    isRecorder: n.recorded_by === actor.id,
  });

  type FormState = { input?: Record<string, unknown>; errors?: FieldErrors; agreementFor?: string };

  const render = async (req: Request, res: Response, state: FormState = {}) => {
    const page = await openCasePage(services, req, 'parents', 'parents');
    const [list, occasions, age] = await Promise.all([parents.list(page.kase.id), parents.occasions(page.kase.id), parents.under13(page.kase.childId)]);
    const input = state.input ?? {};
    const chosen = typeof input.occasion === 'string' ? input.occasion : '';
    const occasionItems = [
      ...occasions.referrals.map((x) => ({ value: `referral:${x.id}`, text: `CSE referral of ${x.referred_at.toLocaleDateString('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' })}` })),
      ...occasions.meetings.map((m) => ({
        value: `meeting:${m.id}`,
        text: meetingLabel(m),
        hint: m.parents_told === null ? undefined : { text: m.parents_told ? `The meeting decided the parents will be told, by ${m.parents_told_by ?? 'someone not named'}.` : 'The meeting decided the parents will not be told at this point.' },
      })),
    ].map((item) => ({ ...item, checked: item.value === chosen }));
    res.render('parents/views/parents.njk', {
      ...caseLocals(page),
      ...validationLocals(state.errors ?? {}),
      canWrite: mayRecordOnCase(page.decision.basis),
      decisions: list.map((n) => view(n, req.user!, page.kase.localAuthorityId)),
      under13: age.under13,
      ageKnown: age.age !== null,
      under13Rule: UNDER_13_RULE,
      under13Source: UNDER_13_SOURCE,
      occasionItems,
      input: { toldDate: londonDateOf(page.now), ...input },
      agreementFor: state.agreementFor ?? null,
      toldHowItems: TOLD_HOW.map((value) => ({ value, text: TOLD_HOW_LABELS[value], checked: input.toldHow === value })),
      groundItems: EXCEPTION_GROUNDS.map((value) => ({ value, text: EXCEPTION_GROUND_LABELS[value], checked: input.ground === value })),
      notice: NOTICES[String(req.query.done)] ?? null,
    });
  };

  r.get('/cases/:caseId/parents', { access: 'signed-in', audit: 'case.parents' }, (req, res) => render(req, res));

  r.post('/cases/:caseId/parents', { access: 'signed-in', audit: ['parent-notification.recorded', 'case.parents'], schema: notificationSchema, invalid: (req, res, errors, input) => render(req, res, { input, errors }) }, async (req, res, data) => {
    try {
      const { status } = await parents.record(req.user!, String(req.params.caseId), data, auditContext(req));
      res.redirect(303, `${parentsPaths.section(String(req.params.caseId))}?done=${status}`);
    } catch (error) {
      if (!(error instanceof RecordRefused)) throw error;
      res.status(error.status);
      await render(req, res, { input: req.body, errors: refusalErrors(error) });
    }
  });

  r.post(
    '/cases/:caseId/parents/:notificationId/agreement',
    { access: 'signed-in', audit: ['case.parents', 'parent-notification.agreement'], schema: agreementSchema, invalid: (req, res, errors, input) => render(req, res, { input, errors, agreementFor: String(req.params.notificationId) }) },
    async (req, res, data) => {
      try {
        const { status } = await parents.decideAgreement(req.user!, String(req.params.caseId), String(req.params.notificationId), data, auditContext(req));
        res.redirect(303, `${parentsPaths.section(String(req.params.caseId))}?done=${status === 'in-force' ? 'agreed' : 'declined'}`);
      } catch (error) {
        if (!(error instanceof RecordRefused) && !(error instanceof StaleNotification)) throw error;
        res.status(error.status);
        const errors = error instanceof RecordRefused ? refusalErrors(error) : { agree: error.detail ?? error.message };
        await render(req, res, { input: req.body, errors, agreementFor: String(req.params.notificationId) });
      }
    },
  );

  // ---- The JSON API ------------------------------------------------------------------------------------------------
  const apiInvalid = (res: Response, errors: FieldErrors, status = 400) =>
    res.status(status).type('application/problem+json').send(JSON.stringify(problem(status, status === 409 ? 'conflict' : 'validation', 'There is a problem', 'Some fields are missing or not valid.', { errors: Object.entries(errors).map(([path, message]) => ({ path, message })) })));
  const apiItem = (n: NotificationRow) => ({
    id: n.id, context: n.context, cseReferralId: n.cse_referral_id, meetingId: n.meeting_id, status: n.status, told: n.told,
    toldBy: n.told_by, toldAt: n.told_at, toldHow: n.told_how, whatTold: n.what_told,
    exception: n.told ? null : { ground: n.exception_ground, reasons: n.exception_reasons, clearlyInconsistentWithWelfare: n.clearly_inconsistent },
    under13: n.under_13, agreement: n.agreed_by ? { by: n.agreed_by_name, at: n.agreed_at, agreed: n.status === 'in-force', note: n.agreement_note } : null,
    recordedBy: n.recorded_by_name, recordedAt: n.recorded_at, version: n.version,
  });

  r.get('/api/v1/cases/:caseId/parent-notifications', { access: 'signed-in', audit: 'case.parents' }, async (req, res) => {
    const { kase } = await readCase(services.db, req.user!, String(req.params.caseId), auditContext(req), 'case.parents', services.now());
    const age = await parents.under13(kase.childId);
    res.json({ under13Rule: age.under13, items: (await parents.list(kase.id)).map(apiItem) });
  });

  // The service's gates, before the body is read: whoever may not record (or the record is not on the case) is refused first (issue 16).
  const recordGate = async (req: Request, res: Response, errors: FieldErrors) => {
    await writeCase(services.db, req.user!, String(req.params.caseId), auditContext(req), 'parent-notification.recorded', services.now(), WRITE_REFUSAL);
    apiInvalid(res, errors);
  };
  const agreementGate = async (req: Request, res: Response, errors: FieldErrors) => {
    const { kase } = await writeCase(services.db, req.user!, String(req.params.caseId), auditContext(req), 'parent-notification.agreement', services.now());
    const id = String(req.params.notificationId);
    const found = isRecordId(id) && (await notificationIdOfCase(services.db, kase.id, id));
    if (!found) throw notFound('Decision');
    apiInvalid(res, errors);
  };
  r.post('/api/v1/cases/:caseId/parent-notifications', { access: 'signed-in', audit: 'parent-notification.recorded', schema: notificationSchema, invalid: recordGate }, async (req, res, data) => {
    try {
      const created = await parents.record(req.user!, String(req.params.caseId), data, auditContext(req));
      res.status(201).json(created);
    } catch (error) {
      if (!(error instanceof RecordRefused)) throw error;
      apiInvalid(res, refusalErrors(error), error.status);
    }
  });

  r.post('/api/v1/cases/:caseId/parent-notifications/:notificationId/agreement', { access: 'signed-in', audit: 'parent-notification.agreement', schema: agreementSchema, invalid: agreementGate }, async (req, res, data) => {
    try {
      res.json(await parents.decideAgreement(req.user!, String(req.params.caseId), String(req.params.notificationId), data, auditContext(req)));
    } catch (error) {
      if (!(error instanceof RecordRefused)) throw error;
      apiInvalid(res, refusalErrors(error), error.status);
    }
  });

  return router;
}
