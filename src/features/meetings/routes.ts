// Meeting pages under a case: list, convene, police checks, family attendance, record, minutes, actions, and the
// Section 47 outcome. Every page opens the case through openCasePage (the audited access gate).
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { HttpError, forbidden, notFound } from '../../platform/web/errors.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { recordAudit } from '../audit/service.ts';
import { openCasePage } from '../cases/service-case-page.ts';
import { withStatus } from '../clocks/service.ts';
import { isSilent } from '../../domain/profiles/schema.ts';
import { CRIMINAL_ACTION_AGAINST_CHILD, policeChecksRequired, requiredLookedAfterInvitees, POLICE_CHECK_SUBJECT_LABELS, REVIEW_CYCLE_TYPES } from '../../domain/meetings/rules.ts';
import type { PoliceCheckSubject } from '../../domain/meetings/rules.ts';
import { unfilledInviteeRoles } from '../../domain/meetings/invitees.ts';
import { FOLLOW_UP_LABELS, NOT_SUBSTANTIATED_FOLLOW_UPS } from '../../domain/meetings/section47.ts';
import { londonDateOf } from '../../domain/clock/index.ts';
import { NOTIFICATION_STATUS_LABELS } from '../../domain/parents/notification.ts';
import { MeetingRefused, createMeetingService, londonTimeOf } from './service.ts';
import type { MeetingService } from './service.ts';
import { DISAGREEMENT_ROWS, EXTERNAL_ROWS, EXTRA_USER_ROWS, INFORMATION_ROWS, actionSchema, attendanceSchema, cancelSchema, completeActionSchema, conveneSchema, policeChecksSchema, recordSchema, rescheduleSchema, section47Schema, shareMinutesSchema } from './schemas.ts';
import { STATUS_LABELS, STATUS_TAGS, cancelReasonItems, cancelReasonLabel, changeRows, checkboxItems, inviteeRoleOptions, inviteeRows, personOptions, policeCheckItems, radioYesNo, sharingLabel, sharingLevelOptions } from './presenters.ts';
import { minutesPdf } from './pdf.ts';
import { meetingsPaths } from './paths.ts';
import type { MeetingSection } from './paths.ts';
import { meetingCorrectionsPaths } from '../meeting-corrections/paths.ts';
import { createMeetingCorrections } from '../meeting-corrections/service.ts';
import { latestCoreAssessment } from '../assessments/service-section47-link.ts';

type Page = Awaited<ReturnType<typeof openCasePage>>;

function refusalErrors(error: MeetingRefused): FieldErrors {
  const errors: FieldErrors = {};
  for (const r of error.refusals) errors[r.field] = errors[r.field] ? `${errors[r.field]} ${r.message}` : r.message;
  return errors;
}

/** Runs a use case; a refusal or a stale write re-renders the form with the error summary (400 / 409). */
async function attempt(res: Response, fn: () => Promise<void>, rerender: (errors: FieldErrors) => Promise<unknown> | unknown, staleField: string) {
  try {
    await fn();
  } catch (error) {
    if (error instanceof MeetingRefused) {
      res.status(400);
      await rerender(refusalErrors(error));
      return;
    }
    if (error instanceof HttpError && error.status === 409) {
      res.status(409);
      await rerender({ [staleField]: error.detail ?? error.message });
      return;
    }
    throw error;
  }
}

export function meetingRoutes(services: Services, meetings: MeetingService = createMeetingService(services)) {
  const router = Router();
  const r = routes(router);
  const { db } = services;
  const gate = (req: Request, purpose = 'read') => openCasePage(services, req, 'meetings', purpose);
  /** Every meeting page's links come from the path builders, handed to the templates with the case. */
  const pathLocals = { meetingsPaths, meetingCorrectionsPaths };
  const caseLocals = (page: Page) => ({ kase: page.overview, subNavigation: page.subNavigation, basis: page.decision.basis, ...pathLocals });
  const corrections = createMeetingCorrections(services, meetings);
  /** Issue 15: the minutes' earlier versions, and a cancelled meeting's actions still to decide. */
  const correctionLocals = async (meeting: { id: string; status: string }) => ({
    minutesVersions: await corrections.versions(meeting.id),
    undecidedActions: meeting.status === 'cancelled' ? (await corrections.openActions(meeting.id)).length : 0,
  });

  // ---- List --------------------------------------------------------------------------------------------------------
  const renderList = async (req: Request, res: Response, extra: Record<string, unknown> = {}) => {
    const page = await gate(req);
    const [list, actions, s47, s47History, reconvene] = await Promise.all([meetings.listForCase(page.kase.id), meetings.actionsForCase(page.kase.id), meetings.section47Options(page.kase), meetings.section47History(page.kase.id), meetings.toReconvene(page.kase.id)]);
    res.render('meetings/views/list.njk', {
      ...caseLocals(page),
      meetings: list.map((m) => ({ ...m, statusLabel: STATUS_LABELS[m.status], statusTag: STATUS_TAGS[m.status] })),
      actions,
      reconvene,
      mayConvene: meetings.mayConvene(req.user!, page.kase, page.decision.basis),
      section47: s47.items ? { items: s47.items, history: s47History.map((h) => ({ ...h, label: s47.items!.find((i) => i.id === h.outcome)?.label ?? h.outcome, followUpLabel: h.follow_up ? FOLLOW_UP_LABELS[h.follow_up as keyof typeof FOLLOW_UP_LABELS] : null })) } : null,
      errors: {},
      ...extra,
    });
  };

  r.get(meetingsPaths.list(':caseId'), { access: 'signed-in' , audit: 'case.read'}, (req, res) => renderList(req, res));

  // ---- Convene ---------------------------------------------------------------------------------------------------
  const renderConvene = async (req: Request, res: Response, input: Record<string, unknown> = {}, errors: FieldErrors = {}) => {
    const page = await gate(req);
    const typeId = String(input.meetingType ?? req.query.type ?? '') || undefined;
    const prep = await meetings.convenePreparation(page.kase, typeId);
    if (typeId && !prep.type) throw notFound('Meeting type');
    const chosen = input.invitees !== undefined ? ([] as string[]).concat(input.invitees as string[]) : prep.suggested.map((s) => s.id);
    const suggestedIds = new Set(prep.suggested.map((s) => s.id));
    const now = services.now();
    res.render('meetings/views/convene.njk', {
      ...caseLocals(page),
      ...validationLocals(errors),
      input,
      profile: prep.profile,
      typeItems: prep.profile.meetingTypes.map((t) => ({ value: t.id, text: t.label, hint: { text: `${t.source}${isSilent(t.chair) ? '' : `. Chair: ${t.chair.label}`}` }, checked: typeId === t.id })),
      type: prep.type,
      chairNote: prep.type && !isSilent(prep.type.chair) ? prep.type.chair.label : null,
      clock: prep.clock ? withStatus({ ...prep.clock, stopped_at: null, warning_hours: 0 }, now) : null,
      suggested: prep.suggested.map((s) => ({ value: s.id, text: `${s.display_name} (${s.agency_name})`, hint: { text: `${s.roleLabel}. In the network as: ${s.role_in_case}` }, checked: chosen.includes(s.id) })),
      gaps: prep.type ? unfilledInviteeRoles(prep.type, prep.suggested.map((s) => s.invitedRole)) : [],
      chairs: personOptions(prep.people, input.chairId ?? (prep.facts.lead_professional_id ?? ''), 'Choose the chair'),
      extraRows: Array.from({ length: EXTRA_USER_ROWS }, (_, i) => ({ i, options: personOptions(prep.people.filter((p) => !suggestedIds.has(p.id)), input[`extra-${i}-user`], 'Nobody else') })),
      externalRows: prep.type ? Array.from({ length: EXTERNAL_ROWS }, (_, i) => ({ i, name: input[`external-${i}-name`], roles: inviteeRoleOptions(prep.type!, input[`external-${i}-role`]) })) : [],
      lookedAfter: prep.facts.looked_after,
      lookedAfterInvitees: prep.type ? requiredLookedAfterInvitees(prep.profile.id, prep.type.id) : [],
      policeChecks: prep.type ? policeChecksRequired(prep.profile.id, prep.type.id) : null,
    });
  };

  // linkedCases may come from a pattern-of-targeting alert (issue 12): the other children's case references.
  r.get(meetingsPaths.convene(':caseId'), { access: 'signed-in' , audit: 'case.read'}, (req, res) => renderConvene(req, res, typeof req.query.linkedCases === 'string' ? { linkedCases: req.query.linkedCases.slice(0, 500) } : {}));

  r.post(
    meetingsPaths.list(':caseId'),
    { access: 'signed-in', audit: ['case.meeting-convene', 'meeting.convened', 'case.read'], schema: conveneSchema, invalid: (req, res, errors, input) => renderConvene(req, res, input, errors) },
    async (req, res, data) => {
      const page = await gate(req, 'meeting-convene');
      let meetingId = '';
      await attempt(
        res,
        async () => {
          ({ meetingId } = await meetings.convene(req.user!, page.kase, page.decision.basis, data, auditContext(req)));
          res.redirect(303, meetingsPaths.meeting(page.kase.id, meetingId));
        },
        (errors) => renderConvene(req, res, req.body, errors),
        'meetingType',
      );
    },
  );

  // ---- Section 47 outcome (cambridgeshire 5) -----------------------------------------------------------------------
  const renderSection47 = async (req: Request, res: Response, input: Record<string, unknown> = {}, errors: FieldErrors = {}) => {
    const page = await gate(req);
    const options = await meetings.section47Options(page.kase);
    res.render('meetings/views/section47.njk', {
      ...caseLocals(page),
      coreAssessment: await latestCoreAssessment(db, req.user!, page.kase.id),
      ...validationLocals(errors),
      input,
      items: options.items?.map((i) => ({ value: i.id, text: i.label, hint: { text: i.note ?? '' }, checked: input.outcome === i.id })) ?? null,
      note: options.note,
      followUps: NOT_SUBSTANTIATED_FOLLOW_UPS.map((f) => ({ value: f, text: FOLLOW_UP_LABELS[f], checked: input.followUp === f })),
      hasPlan: radioYesNo(input.hasProtectionPlan),
    });
  };

  r.get(meetingsPaths.section47(':caseId'), { access: 'signed-in' , audit: 'case.read'}, (req, res) => renderSection47(req, res));

  r.post(
    meetingsPaths.section47(':caseId'),
    { access: 'signed-in', audit: ['case.section47-record', 'section47.concluded', 'case.read'], schema: section47Schema, invalid: (req, res, errors, input) => renderSection47(req, res, input, errors) },
    async (req, res, data) => {
      const page = await gate(req, 'section47-record');
      await attempt(
        res,
        async () => {
          await meetings.recordSection47(req.user!, page.kase, page.decision.basis, data, auditContext(req));
          res.redirect(303, meetingsPaths.list(page.kase.id, 'section-47'));
        },
        (errors) => renderSection47(req, res, req.body, errors),
        'outcome',
      );
    },
  );

  // ---- Completing an action with evidence --------------------------------------------------------------------------
  r.post(
    meetingsPaths.completeAction(':caseId', ':actionId'),
    {
      access: 'signed-in', audit: ['case.action-complete', 'action.completed'],
      schema: completeActionSchema,
      invalid: (req, res, errors, input) => renderList(req, res, { ...validationLocals(Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${k}-${req.params.actionId}`, v]))), input }),
    },
    async (req, res, data) => {
      const page = await gate(req, 'action-complete');
      const actionId = String(req.params.actionId);
      await attempt(
        res,
        async () => {
          const done = await meetings.completeAction(req.user!, page.kase, actionId, data, auditContext(req));
          res.redirect(303, done.sourceType === 'meeting' && done.sourceId ? meetingsPaths.meeting(page.kase.id, done.sourceId, 'actions') : meetingsPaths.list(page.kase.id, 'actions'));
        },
        (errors) => renderList(req, res, { ...validationLocals(Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${k}-${actionId}`, v]))), input: req.body }),
        'evidence',
      );
    },
  );

  // ---- One meeting -----------------------------------------------------------------------------------------------
  const renderMeeting = async (req: Request, res: Response, input: Record<string, unknown> = {}, errors: FieldErrors = {}) => {
    const page = await gate(req);
    const view = await meetings.view(req.user!, page.kase.id, String(req.params.meetingId));
    const { meeting, type, profile } = view;
    const [changes, runningClock] = await Promise.all([meetings.changes(meeting.id), meeting.status === 'cancelled' ? meetings.runningClock(meeting.clock_id) : null]);
    const network = page.overview.network.map((n) => ({ id: n.user_id, display_name: n.display_name, agency_name: n.agency_name }));
    const people = [...new Map([...view.invitees.filter((i) => i.user_id).map((i) => [i.user_id!, { id: i.user_id!, display_name: i.display_name!, agency_name: i.agency_name }] as const), ...network.map((n) => [n.id, n] as const)]).values()];
    res.render('meetings/views/meeting.njk', {
      ...caseLocals(page),
      ...validationLocals(errors),
      input,
      meeting,
      type,
      typeLabel: type?.label ?? meeting.meeting_type,
      statusLabel: STATUS_LABELS[meeting.status],
      statusTag: STATUS_TAGS[meeting.status],
      cases: view.cases,
      invitees: inviteeRows(type, view.invitees),
      outcomes: view.outcomes,
      information: view.information.map((i) => ({ ...i, sharingLabel: sharingLabel(i.sharing_level) })),
      disagreements: view.disagreements,
      actions: view.actions,
      parentNotification: view.parentNotification ? { ...view.parentNotification, label: NOTIFICATION_STATUS_LABELS[view.parentNotification.status] } : null,
      mayManage: meetings.mayManage(req.user!, page.kase, page.decision.basis, meeting),
      mayChange: meeting.status === 'convened' && meetings.mayChange(req.user!, page.kase, page.decision.basis, meeting),
      mayConvene: meetings.mayConvene(req.user!, page.kase, page.decision.basis),
      changes: changeRows(changes),
      cancelReason: meeting.cancel_reason_code ? cancelReasonLabel(meeting.cancel_reason_code) : null,
      runningClock,
      policeChecks: policeChecksRequired(profile.id, meeting.meeting_type),
      policeCheckItems: policeCheckItems(input.subjects ?? meeting.police_checks_subjects ?? []),
      policeChecksDone: (meeting.police_checks_subjects ?? []).map((s) => POLICE_CHECK_SUBJECT_LABELS[s as PoliceCheckSubject] ?? s),
      criteria: type?.attendanceCriteria ? { source: type.attendanceCriteria.source, items: checkboxItems(type.attendanceCriteria.items, input.considered ?? meeting.attendance_considered ?? []) } : null,
      childAttendsItems: radioYesNo(input.childAttends ?? meeting.child_attends),
      parentsAttendItems: radioYesNo(input.parentsAttend ?? meeting.parents_attend),
      owners: personOptions(people, input.ownerUserId, 'Choose a person'),
      agencies: [{ value: '', text: 'Or choose an agency' }, ...(await meetings.agencies()).map((a) => ({ value: a.id, text: a.name, selected: input.ownerAgencyId === a.id }))],
      caseOptions: view.cases.map((c) => ({ value: c.id, text: c.reference, selected: (input.caseId ?? page.kase.id) === c.id })),
      isChair: meeting.chair_id === req.user!.id,
      ...(await correctionLocals(meeting)),
    });
  };

  r.get(meetingsPaths.meeting(':caseId', ':meetingId'), { access: 'signed-in' , audit: 'case.read'}, (req, res) => renderMeeting(req, res));

  const meetingPost = (
    path: (caseId: string, meetingId: string) => string,
    schema: typeof policeChecksSchema | typeof attendanceSchema | typeof actionSchema | typeof shareMinutesSchema,
    purpose: string,
    run: (req: Request, page: Page, data: unknown) => Promise<unknown>,
    staleField: string,
    section: MeetingSection,
  ) =>
    r.post(
      path(':caseId', ':meetingId'),
      { access: 'signed-in', audit: [`case.${purpose}`, 'case.read'], schema, invalid: (req, res, errors, input) => renderMeeting(req, res, input, errors) },
      async (req, res, data) => {
        const page = await gate(req, purpose);
        await attempt(
          res,
          async () => {
            await run(req, page, data);
            res.redirect(303, meetingsPaths.meeting(page.kase.id, String(req.params.meetingId), section));
          },
          (errors) => renderMeeting(req, res, req.body, errors),
          staleField,
        );
      },
    );

  meetingPost(meetingsPaths.policeChecks, policeChecksSchema, 'meeting-police-checks', (req, page, data) => meetings.recordPoliceChecks(req.user!, page.kase, page.decision.basis, String(req.params.meetingId), data as never, auditContext(req)), 'subjects', 'police-checks');
  meetingPost(meetingsPaths.attendance, attendanceSchema, 'meeting-attendance', (req, page, data) => meetings.decideAttendance(req.user!, page.kase, page.decision.basis, String(req.params.meetingId), data as never, auditContext(req)), 'childAttends', 'attendance');
  meetingPost(meetingsPaths.actions, actionSchema, 'meeting-action', (req, page, data) => meetings.addAction(req.user!, page.kase, page.decision.basis, String(req.params.meetingId), data as never, auditContext(req)), 'what', 'actions');
  meetingPost(meetingsPaths.shareMinutes, shareMinutesSchema, 'meeting-minutes-share', (req, page, data) => meetings.shareMinutes(req.user!, page.kase, String(req.params.meetingId), (data as { version: number }).version, auditContext(req)), 'share', 'minutes');

  // ---- Move or cancel a convened meeting (src/domain/meetings/lifecycle.ts) ------------------------------------------
  /** The meeting behind a change page: only the chair or whoever may convene changes it. */
  const changeable = async (req: Request) => {
    const page = await gate(req);
    const view = await meetings.view(req.user!, page.kase.id, String(req.params.meetingId));
    if (!meetings.mayChange(req.user!, page.kase, page.decision.basis, view.meeting)) throw forbidden('Only the chair, or someone who may convene meetings about this child, can move or cancel this meeting.');
    return { page, view, typeLabel: view.type?.label ?? view.meeting.meeting_type };
  };

  const renderReschedule = async (req: Request, res: Response, input: Record<string, unknown> = {}, errors: FieldErrors = {}) => {
    const { page, view, typeLabel } = await changeable(req);
    const { meeting } = view;
    const clock = meeting.status === 'convened' ? await meetings.clockFor(meeting) : null;
    res.render('meetings/views/reschedule.njk', {
      ...caseLocals(page),
      ...validationLocals(errors),
      input: { date: londonDateOf(meeting.scheduled_at), time: londonTimeOf(meeting.scheduled_at), venue: meeting.venue, lateReason: meeting.late_reason ?? '', ...input },
      meeting,
      typeLabel,
      statusLabel: STATUS_LABELS[meeting.status],
      cases: view.cases,
      clock: clock ? withStatus({ ...clock, stopped_at: null, warning_hours: 0 }, services.now()) : null,
    });
  };

  const renderCancel = async (req: Request, res: Response, input: Record<string, unknown> = {}, errors: FieldErrors = {}) => {
    const { page, view, typeLabel } = await changeable(req);
    const { meeting } = view;
    const clock = meeting.status === 'convened' ? await meetings.runningClock(meeting.clock_id) : null;
    res.render('meetings/views/cancel.njk', {
      ...caseLocals(page),
      ...validationLocals(errors),
      input,
      meeting,
      typeLabel,
      statusLabel: STATUS_LABELS[meeting.status],
      cases: view.cases,
      invitees: inviteeRows(view.type, view.invitees),
      reasons: cancelReasonItems(input.reasonCode),
      clock,
    });
  };

  r.get(meetingsPaths.reschedule(':caseId', ':meetingId'), { access: 'signed-in' , audit: 'case.read'}, (req, res) => renderReschedule(req, res));
  r.get(meetingsPaths.cancel(':caseId', ':meetingId'), { access: 'signed-in' , audit: 'case.read'}, (req, res) => renderCancel(req, res));

  r.post(
    meetingsPaths.reschedule(':caseId', ':meetingId'),
    { access: 'signed-in', audit: ['case.meeting-reschedule', 'meeting.rescheduled', 'case.read'], schema: rescheduleSchema, invalid: (req, res, errors, input) => renderReschedule(req, res, input, errors) },
    async (req, res, data) => {
      const page = await gate(req, 'meeting-reschedule');
      await attempt(
        res,
        async () => {
          await meetings.reschedule(req.user!, page.kase, page.decision.basis, String(req.params.meetingId), data, auditContext(req));
          res.redirect(303, meetingsPaths.meeting(page.kase.id, String(req.params.meetingId)));
        },
        (errors) => renderReschedule(req, res, req.body, errors),
        'date',
      );
    },
  );

  r.post(
    meetingsPaths.cancel(':caseId', ':meetingId'),
    { access: 'signed-in', audit: ['case.meeting-cancel', 'case.read', 'meeting.cancelled'], schema: cancelSchema, invalid: (req, res, errors, input) => renderCancel(req, res, input, errors) },
    async (req, res, data) => {
      const page = await gate(req, 'meeting-cancel');
      await attempt(
        res,
        async () => {
          await meetings.cancel(req.user!, page.kase, page.decision.basis, String(req.params.meetingId), data, auditContext(req));
          // Its open actions are decided next (issue 15); with none, that page sends the person back to the meeting.
          res.redirect(303, meetingCorrectionsPaths.cancelledActions(page.kase.id, String(req.params.meetingId)));
        },
        (errors) => renderCancel(req, res, req.body, errors),
        'reasonCode',
      );
    },
  );

  // ---- Record the meeting ---------------------------------------------------------------------------------------
  const renderRecord = async (req: Request, res: Response, input: Record<string, unknown> = {}, errors: FieldErrors = {}) => {
    const page = await gate(req);
    const view = await meetings.view(req.user!, page.kase.id, String(req.params.meetingId));
    const { meeting, type } = view;
    if (meeting.status !== 'convened') return res.redirect(303, meetingsPaths.meeting(page.kase.id, meeting.id));
    if (!type) throw notFound('Meeting type');
    const people = [...new Map([...view.invitees.filter((i) => i.user_id).map((i) => [i.user_id!, { id: i.user_id!, display_name: i.display_name!, agency_name: i.agency_name }] as const), ...page.overview.network.map((n) => [n.user_id, { id: n.user_id, display_name: n.display_name, agency_name: n.agency_name }] as const)]).values()];
    const reviewRule = view.profile.timescales.find((t) => t.startsOn === 'initial-meeting-held' && t.duration);
    const scheduled = meeting.scheduled_at;
    const london = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(scheduled);
    res.render('meetings/views/record.njk', {
      ...caseLocals(page),
      ...validationLocals(errors),
      input: { heldDate: new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(scheduled), heldTime: london, ...input },
      meeting,
      type,
      invitees: inviteeRows(type, view.invitees).map((i) => ({
        ...i,
        items: [
          { value: 'attended', text: 'Attended', checked: input[`attendance-${i.id}`] === 'attended' },
          { value: 'apologies', text: 'Sent apologies', checked: input[`attendance-${i.id}`] === 'apologies' },
          { value: 'absent', text: 'Did not attend', checked: input[`attendance-${i.id}`] === 'absent' },
        ],
      })),
      purposes: checkboxItems(type.purposes, input.purposes),
      outcomes: checkboxItems(type.outcomes, input.outcomes),
      informationRows: Array.from({ length: INFORMATION_ROWS }, (_, i) => ({ i, item: input[`information-${i}-item`], levels: sharingLevelOptions(input[`information-${i}-level`]), people: personOptions(people, input[`information-${i}-person`], 'Only for named people: choose') })),
      disagreementRows: Array.from({ length: DISAGREEMENT_ROWS }, (_, i) => ({ i, text: input[`disagreements-${i}-text`], escalated: ['yes', 'on'].includes(String(input[`disagreements-${i}-escalated`])), escalatedTo: input[`disagreements-${i}-escalatedTo`] })),
      parentsTold: radioYesNo(input.parentsTold, 'Yes, the parents will be told', 'No: this is an exception, with reasons'),
      keyProfessionals: personOptions(people, input.keyProfessionalId, page.overview.key_name ? `Keep ${page.overview.key_name}` : 'Not nominated at this meeting'),
      reviewRule: REVIEW_CYCLE_TYPES.includes(type.id) ? reviewRule : null,
      criminalOutcome: type.outcomes.some((o) => o.id === CRIMINAL_ACTION_AGAINST_CHILD),
      late: meeting.clock_due_at && meeting.clock_due_at < new Date() ? meeting.clock_due_at : null,
      checkbox: (name: string) => ['yes', 'on'].includes(String(input[name])),
    });
  };

  r.get(meetingsPaths.record(':caseId', ':meetingId'), { access: 'signed-in' , audit: 'case.read'}, (req, res) => renderRecord(req, res));

  r.post(
    meetingsPaths.record(':caseId', ':meetingId'),
    { access: 'signed-in', audit: ['case.meeting-record', 'meeting.recorded', 'case.read', 'parent-notification.recorded'], schema: recordSchema, invalid: (req, res, errors, input) => renderRecord(req, res, input, errors) },
    async (req, res, data) => {
      const page = await gate(req, 'meeting-record');
      await attempt(
        res,
        async () => {
          await meetings.record(req.user!, page.kase, String(req.params.meetingId), data, auditContext(req));
          res.redirect(303, meetingsPaths.meeting(page.kase.id, String(req.params.meetingId)));
        },
        (errors) => renderRecord(req, res, req.body, errors),
        'heldDate',
      );
    },
  );

  // ---- Minutes: a printable page, each opening audited ------------------------------------------------------------
  r.get(meetingsPaths.minutes(':caseId', ':meetingId'), { access: 'signed-in' , audit: ['case.minutes', 'meeting.minutes-opened']}, async (req, res) => {
    const page = await gate(req, 'minutes');
    const view = await meetings.view(req.user!, page.kase.id, String(req.params.meetingId));
    if (view.meeting.status !== 'held') throw notFound('Minutes');
    await recordAudit(db, auditContext(req), { action: 'meeting.minutes-opened', entityType: 'meeting', entityId: view.meeting.id, childId: page.kase.childId, details: { caseId: page.kase.id } });
    const purposes = (view.type?.purposes ?? []).filter((p) => view.meeting.purposes.includes(p.id));
    res.render('meetings/views/minutes.njk', {
      ...pathLocals,
      kase: page.overview,
      meeting: view.meeting,
      typeLabel: view.type?.label ?? view.meeting.meeting_type,
      cases: view.cases,
      invitees: inviteeRows(view.type, view.invitees),
      purposes,
      outcomes: view.outcomes,
      information: view.information.map((i) => ({ ...i, sharingLabel: sharingLabel(i.sharing_level) })),
      disagreements: view.disagreements,
      actions: view.actions,
      criminalJustice: view.meeting.criminal_justice as Record<string, unknown> | null,
    });
  });


  // ---- Minutes as a PDF: the same content and sharing-level filtering as the page, each opening audited ----------
  r.get(meetingsPaths.minutesPdf(':caseId', ':meetingId'), { access: 'signed-in' , audit: ['case.minutes', 'meeting.minutes-opened']}, async (req, res) => {
    const page = await gate(req, 'minutes');
    const view = await meetings.view(req.user!, page.kase.id, String(req.params.meetingId));
    if (view.meeting.status !== 'held') throw notFound('Minutes');
    const purposes = (view.type?.purposes ?? []).filter((p) => view.meeting.purposes.includes(p.id));
    const pdf = await minutesPdf({
      childName: page.overview.childName,
      reference: page.overview.reference,
      typeLabel: view.type?.label ?? view.meeting.meeting_type,
      meeting: view.meeting,
      otherCases: view.cases.filter((c) => !c.is_primary).map((c) => c.reference),
      invitees: inviteeRows(view.type, view.invitees),
      purposes,
      outcomes: view.outcomes,
      information: view.information.map((i) => ({ ...i, sharingLabel: sharingLabel(i.sharing_level) })),
      disagreements: view.disagreements,
      actions: view.actions,
      criminalJustice: view.meeting.criminal_justice as Record<string, unknown> | null,
    });
    await recordAudit(db, auditContext(req), { action: 'meeting.minutes-opened', entityType: 'meeting', entityId: view.meeting.id, childId: page.kase.childId, details: { caseId: page.kase.id, format: 'pdf' } });
    res.set({ 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="minutes-${page.overview.reference}.pdf"`, 'Cache-Control': 'no-store' });
    res.send(pdf);
  });

  return router;
}
