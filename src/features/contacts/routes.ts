import { Router } from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import { refusalErrors } from '../../platform/web/refusals.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { HttpError, notFound } from '../../platform/web/errors.ts';
import { hmac, safeEqual } from '../../platform/web/cookies.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { withStatus } from '../clocks/service.ts';
import { pagination } from '../../platform/web/pagination.ts';
import { ageBand } from '../../domain/risk/age-rules.ts';
import { presumesStrategyDiscussion, TRIAGE_DECISIONS, TRIAGE_DECISION_INFO, PROTECTIVE_ACTIONS, PROTECTIVE_ACTION_LABELS } from '../../domain/triage/decisions.ts';
import { isSilent } from '../../domain/profiles/schema.ts';
import { REFERRAL_CHANNELS } from '../../domain/profiles/enums.ts';
import { findPossibleMatches } from '../matching/service.ts';
import { ContactRefused } from './service.ts';
import type { ContactService } from './service.ts';
import { decisionSchema, handoverSchema, identifySchema, professionalConcernSchema, publicConcernSchema, referralDraftSchema, referralSchema, writtenConfirmationSchema } from './schemas.ts';
import { contactsPaths } from './paths.ts';
import { PROCEDURE_FORM, WRITTEN_FORMS, WRITTEN_FORM_LABELS, awaitsWrittenConfirmation, mayBeConfirmedInWriting } from '../../domain/front-door/written-confirmation.ts';
import type { WrittenForm } from '../../domain/front-door/written-confirmation.ts';
import { handoverState } from '../../domain/front-door/handover.ts';
import type { Profile } from '../../domain/profiles/schema.ts';
import { londonDateOf } from '../../domain/clock/index.ts';
import { CHANNEL_LABELS, DSL_OPTIONS, KIND_LABELS, checklistItems, contactChildName, indicatorGroups, indicatorLabels, wardOptions } from './presenters.ts';

export const QUEUE_PAGE_SIZE = 25;
/** Public form: at most this many submissions an hour from one address, and not faster than a person types. */
export const PUBLIC_RATE_LIMIT_PER_HOUR = 5;
export const PUBLIC_MIN_FILL_SECONDS = 3;

function draftNames(details: unknown) {
  const fields = ((details as { fields?: Record<string, unknown> } | null)?.fields ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  return { child_given_name: text(fields.childGivenName), child_family_name: text(fields.childFamilyName), child_known_as: text(fields.childKnownAs) };
}

const errorsFrom = refusalErrors;

/** The profile's clock from the moment a concern becomes apparent to the referral (bedford-luton 2.8, 12.4), if it has one. */
export const referralClockRule = (profile: Profile) => profile.timescales.find((t) => t.startsOn === 'concern-identified' && t.duration);
const outOfHoursLabel = (profile: Profile) => (isSilent(profile.vocabulary.outOfHoursTeam) ? 'the out-of-hours team' : profile.vocabulary.outOfHoursTeam.label);

export function contactRoutes(services: Services, contacts: ContactService) {
  const router = Router();
  const r = routes(router);
  const { db } = services;

  const profileFor = (req: Request) => services.profiles.forAuthority(db, req.user?.localAuthorityId ?? null);

  // ---- A professional's concern -------------------------------------------------------------------------------
  const renderConcernForm = async (req: Request, res: Response, input: Record<string, unknown> = {}, errors: FieldErrors = {}) => {
    const profile = await profileFor(req);
    const selected = ([] as string[]).concat((input.indicators as string[] | string | undefined) ?? []);
    res.render('contacts/views/concern-form.njk', {
      ...validationLocals(errors),
      input: { idempotencyKey: contacts.newFormKey(), ...input },
      indicatorGroups: indicatorGroups(profile.id, selected),
      dslOptions: DSL_OPTIONS.map((o) => ({ ...o, checked: input.dslConsulted === o.value })),
      wards: wardOptions(profile, input.childWard as string | undefined),
      referralClock: referralClockRule(profile),
    });
  };

  r.get('/concerns/new', { access: 'signed-in', audit: { none: 'an empty form' } }, (req, res) => renderConcernForm(req, res));

  r.post(
    '/concerns',
    { access: 'signed-in', audit: { none: 'a new concern about a child, audited as contact.received when sent; a refusal re-shows the sender’s own input' }, schema: professionalConcernSchema, invalid: (req, res, errors, input) => renderConcernForm(req, res, input, errors) },
    async (req, res, data) => {
      try {
        const created = await contacts.submitProfessionalConcern(req.user!, data, auditContext(req));
        res.redirect(303, contactsPaths.sent(created.id));
      } catch (error) {
        if (!(error instanceof ContactRefused)) throw error;
        res.status(400);
        await renderConcernForm(req, res, req.body, errorsFrom(error));
      }
    },
  );

  r.get('/concerns/:contactId/sent', { access: 'signed-in', audit: 'contact.read' }, async (req, res) => {
    const { contact } = await contacts.open(req.user!, String(req.params.contactId), auditContext(req));
    res.render('contacts/views/sent.njk', { contact, frontDoor: await contacts.frontDoorLabel(contact.local_authority_id) });
  });

  // ---- A formal referral, with drafts --------------------------------------------------------------------------
  const renderReferralForm = async (req: Request, res: Response, input: Record<string, unknown> = {}, errors: FieldErrors = {}, extra: Record<string, unknown> = {}) => {
    const profile = await profileFor(req);
    const selected = ([] as string[]).concat((input.indicators as string[] | string | undefined) ?? []);
    const allowed = isSilent(profile.referral.channels) ? REFERRAL_CHANNELS : profile.referral.channels.allowed;
    res.render('contacts/views/referral-form.njk', {
      ...validationLocals(errors),
      ...extra,
      input: { idempotencyKey: contacts.newFormKey(), ...input },
      indicatorGroups: indicatorGroups(profile.id, selected),
      channels: allowed.map((c) => ({ value: c, text: CHANNEL_LABELS[c], checked: input.channel === c })),
      dslOptions: DSL_OPTIONS.map((o) => ({ ...o, checked: input.dslConsulted === o.value })),
      wards: wardOptions(profile, input.childWard as string | undefined),
      minimumContent: isSilent(profile.referral.minimumContent) ? [] : profile.referral.minimumContent.items,
      writtenConfirmation: profile.timescales.find((t) => t.startsOn === 'phone-referral-received' && t.duration),
      referralClock: referralClockRule(profile),
    });
  };

  r.get('/referrals/new', { access: 'signed-in', audit: { none: 'an empty form' } }, (req, res) => renderReferralForm(req, res));

  r.get('/referrals/drafts/:contactId', { access: 'signed-in', audit: { none: 'the sender’s own draft referral' } }, async (req, res) => {
    const draft = await contacts.draftFields(req.user!, String(req.params.contactId));
    if (!draft) throw notFound('Draft referral');
    await renderReferralForm(req, res, { ...draft.fields, idempotencyKey: draft.key }, {}, { resumedDraft: true });
  });

  r.post(
    '/referrals',
    {
      access: 'signed-in', audit: ['contact.received', 'contact.draft-saved'],
      schema: z.object({ action: z.enum(['submit', 'draft']).default('submit') }).loose(),
      invalid: (req, res, errors, input) => renderReferralForm(req, res, input, errors),
    },
    async (req, res, { action }) => {
      const body = { ...(req.body as Record<string, unknown>) };
      delete body._csrf;
      delete body.action;
      if (action === 'draft') {
        const parsed = referralDraftSchema.safeParse(body);
        if (!parsed.success) {
          res.status(400);
          return renderReferralForm(req, res, body, { form: parsed.error.issues[0]?.message ?? 'The draft could not be saved' });
        }
        const saved = await contacts.saveReferralDraft(req.user!, parsed.data.idempotencyKey, body, auditContext(req));
        return renderReferralForm(req, res, body, {}, { draftSaved: saved.reference });
      }
      const parsed = referralSchema.safeParse(body);
      if (!parsed.success) {
        res.status(400);
        const errors: FieldErrors = {};
        for (const issue of parsed.error.issues) errors[issue.path.join('-') || 'form'] ??= issue.message;
        return renderReferralForm(req, res, body, errors);
      }
      try {
        const created = await contacts.submitReferral(req.user!, parsed.data, auditContext(req));
        res.redirect(303, contactsPaths.sent(created.id));
      } catch (error) {
        if (!(error instanceof ContactRefused)) throw error;
        res.status(400);
        await renderReferralForm(req, res, body, errorsFrom(error));
      }
    },
  );

  // ---- What a referrer sees: their own concerns and referrals, and the outcomes --------------------------------
  r.get('/my-referrals', { access: 'signed-in', audit: { none: 'the sender’s own referrals, listed by reference and status' } }, async (req, res) => {
    const rows = await contacts.myContacts(req.user!);
    res.render('contacts/views/my-referrals.njk', {
      rows: rows.map((row) => ({
        ...row,
        // A draft keeps what was typed in details.fields: name the child from there.
        childName: contactChildName(row.status === 'draft' ? draftNames(row.details) : row), href: row.status === 'draft' ? contactsPaths.draft(row.id) : contactsPaths.concern(row.id), kindLabel: KIND_LABELS[row.kind], decisionLabel: row.decision ? TRIAGE_DECISION_INFO[row.decision as keyof typeof TRIAGE_DECISION_INFO]?.label : null })),
    });
  });

  r.get('/concerns/:contactId', { access: 'signed-in', audit: 'contact.read' }, async (req, res) => {
    const opened = await contacts.open(req.user!, String(req.params.contactId), auditContext(req));
    if (opened.asFrontDoor) return res.redirect(303, contactsPaths.contact(opened.contact.id));
    res.render('contacts/views/own-referral.njk', {
      contact: opened.contact,
      childName: contactChildName(opened.contact),
      kindLabel: KIND_LABELS[opened.contact.kind],
      decision: opened.decision ? { ...opened.decision, label: TRIAGE_DECISION_INFO[opened.decision.decision as keyof typeof TRIAGE_DECISION_INFO]?.label } : null,
    });
  });

  // ---- The front door ------------------------------------------------------------------------------------------
  const queueQuery = z.object({
    team: z.string().max(100).optional(),
    status: z.enum(['received', 'decided']).default('received'),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
  });

  r.get('/front-door', { access: 'front-door:queue', audit: { none: 'a list: audits each contact it shows (contact.listed), so it writes nothing when it shows nothing' } }, async (req, res) => {
    const parsed = queueQuery.safeParse(req.query);
    const filter = parsed.success ? parsed.data : { status: 'received' as const, page: 1, team: undefined };
    const profile = await profileFor(req);
    const { rows, total } = await contacts.queue(req.user!, { ...filter, pageSize: QUEUE_PAGE_SIZE }, auditContext(req));
    const now = services.now();
    const teams = profile.routing.kind === 'single' ? [profile.routing.team] : profile.routing.teams;
    const query = (page: number) => contactsPaths.queuePage(filter, page);
    const pages = pagination(query, filter.page, total, QUEUE_PAGE_SIZE);
    res.render('contacts/views/queue.njk', {
      ...(parsed.success ? {} : validationLocals({ team: 'The filter was not recognised, so all contacts are shown' })),
      frontDoor: await contacts.frontDoorLabel(req.user!.localAuthorityId),
      outOfHoursTeam: outOfHoursLabel(profile),
      filter,
      total,
      teamOptions: [{ value: '', text: 'All teams' }, ...teams.map((t) => ({ value: t.id, text: t.label, selected: filter.team === t.id })), { value: 'unrouted', text: 'Not routed yet', selected: filter.team === 'unrouted' }],
      rows: rows.map((row) => ({
        ...row,
        childName: contactChildName(row),
        href: contactsPaths.contact(row.id),
        kindLabel: KIND_LABELS[row.kind],
        written: mayBeConfirmedInWriting(row) ? (row.written_confirmation_at ? 'confirmed' : awaitsWrittenConfirmation({ ...row, confirmedAt: null }) ? 'awaiting' : null) : null,
        handover: handoverState({ outOfHours: row.out_of_hours, handedOverAt: row.handed_over_at }),
        due: row.next_due_at ? withStatus({ due_at: new Date(row.next_due_at), stopped_at: null, warning_hours: 4 }, now) : null,
      })),
      pagination: pages,
    });
  });

  const renderContact = async (req: Request, res: Response, extra: Record<string, unknown> = {}) => {
    const opened = await contacts.open(req.user!, String(req.params.contactId), auditContext(req));
    if (!opened.asFrontDoor) return res.redirect(303, contactsPaths.concern(opened.contact.id));
    const { contact } = opened;
    const now = services.now();
    const band = contact.child_date_of_birth ? ageBand(contact.child_date_of_birth, now) : contact.child_approximate_age !== null ? ageBand(contact.child_approximate_age, now) : null;
    const [clocks, matches, workers, linkedChild] = await Promise.all([
      services.clocks.forSubject(db, { referralId: contact.id }, now),
      contact.status === 'received' && !contact.identification
        ? findPossibleMatches(db, {
            givenName: contact.child_given_name ?? undefined,
            familyName: contact.child_family_name ?? undefined,
            knownAs: contact.child_known_as ?? undefined,
            dateOfBirth: contact.child_date_of_birth ?? undefined,
            approximateAge: contact.child_approximate_age ?? undefined,
            postcode: contact.child_postcode ?? undefined,
            address: contact.child_address ?? undefined,
            school: contact.child_school ?? undefined,
            localAuthorityId: contact.local_authority_id,
            now,
          })
        : Promise.resolve([]),
      contacts.socialWorkers(contact.local_authority_id),
      contact.child_id ? contacts.linkedChild(contact.child_id) : Promise.resolve(undefined),
    ]);
    const input = (extra.input as Record<string, unknown> | undefined) ?? {};
    const profile = await services.profiles.forAuthority(db, contact.local_authority_id);
    const procedureForm = PROCEDURE_FORM[profile.id];
    const chosenForm = (input.form as string | undefined) ?? procedureForm?.form;
    const writtenRule = profile.timescales.find((t) => t.stopsOn === 'referral-confirmed-in-writing');
    const sexualActivity = input.sexualActivity !== undefined ? ['yes', 'on', true].includes(input.sexualActivity as string) : contact.sexual_activity;
    res.render('contacts/views/front-door-contact.njk', {
      contact,
      paths: { identify: contactsPaths.identify(contact.id), decision: contactsPaths.decision(contact.id), writtenConfirmation: contactsPaths.writtenConfirmation(contact.id), handover: contactsPaths.handover(contact.id) },
      childName: contactChildName(contact),
      kindLabel: KIND_LABELS[contact.kind],
      raisedBy: opened.raisedBy,
      publicReporter: contact.public_reporter,
      details: contact.details,
      indicators: indicatorLabels(contact.indicators),
      clocks,
      matches,
      linkedChild,
      decision: opened.decision ? { ...opened.decision, label: TRIAGE_DECISION_INFO[opened.decision.decision as keyof typeof TRIAGE_DECISION_INFO]?.label } : null,
      ageBand: band,
      presumption: presumesStrategyDiscussion(band, sexualActivity),
      sexualActivity,
      decisions: TRIAGE_DECISIONS.map((d) => ({ value: d, text: TRIAGE_DECISION_INFO[d].label, hint: { text: `${TRIAGE_DECISION_INFO[d].hint} (${TRIAGE_DECISION_INFO[d].source})` }, checked: input.decision === d })),
      protectiveActions: [{ value: '', text: 'Choose the action' }, ...PROTECTIVE_ACTIONS.map((a) => ({ value: a, text: PROTECTIVE_ACTION_LABELS[a], selected: input.protectiveAction === a }))],
      workers: [{ value: '', text: 'Choose a social worker' }, ...workers.map((w) => ({ value: w.id, text: w.team_name ? `${w.display_name} (${w.team_name})` : w.display_name, selected: input.allocatedWorkerId === w.id }))],
      checklist: checklistItems(input),
      written: {
        may: mayBeConfirmedInWriting(contact),
        awaiting: awaitsWrittenConfirmation({ ...contact, confirmedAt: contact.written_confirmation_at }),
        formLabel: contact.written_confirmation_form ? WRITTEN_FORM_LABELS[contact.written_confirmation_form as WrittenForm] : null,
        byName: opened.confirmedByName,
        rule: writtenRule ? { label: writtenRule.label, source: writtenRule.source ?? procedureForm?.source ?? null } : null,
        forms: WRITTEN_FORMS.map((f) => ({ value: f, text: WRITTEN_FORM_LABELS[f], checked: chosenForm === f, hint: procedureForm?.form === f ? { text: `The form the procedure names (${procedureForm.source})` } : undefined })),
        arrivedDate: input.arrivedDate ?? londonDateOf(now),
      },
      handover: { state: handoverState({ outOfHours: contact.out_of_hours, handedOverAt: contact.handed_over_at }), team: outOfHoursLabel(profile), byName: opened.handedOverByName },
      input,
      ...extra,
    });
  };

  r.get('/front-door/contacts/:contactId', { access: 'front-door:queue', audit: 'contact.read' }, (req, res) => renderContact(req, res));

  r.post(
    '/front-door/contacts/:contactId/identify',
    { access: 'front-door:queue', audit: ['contact.identified', 'case.reopened', 'contact.read'], schema: identifySchema, invalid: (req, res, errors, input) => renderContact(req, res, { ...validationLocals(errors), input }) },
    async (req, res, data) => {
      try {
        await contacts.identify(req.user!, String(req.params.contactId), data, auditContext(req));
        res.redirect(303, contactsPaths.contact(String(req.params.contactId), 'decision'));
      } catch (error) {
        if (error instanceof ContactRefused) {
          res.status(400);
          return renderContact(req, res, { ...validationLocals(errorsFrom(error)), input: req.body });
        }
        if (error instanceof HttpError && error.status === 409) {
          res.status(409);
          return renderContact(req, res, { ...validationLocals({ identification: error.detail ?? error.message }), input: req.body });
        }
        throw error;
      }
    },
  );

  r.post(
    '/front-door/contacts/:contactId/decision',
    { access: 'front-door:queue', audit: ['contact.decided', 'contact.read'], schema: decisionSchema, invalid: (req, res, errors, input) => renderContact(req, res, { ...validationLocals(errors), input }) },
    async (req, res, data) => {
      try {
        await contacts.decide(req.user!, String(req.params.contactId), data, auditContext(req));
        res.redirect(303, contactsPaths.decided(String(req.params.contactId)));
      } catch (error) {
        if (error instanceof ContactRefused) {
          res.status(400);
          return renderContact(req, res, { ...validationLocals(errorsFrom(error)), input: req.body });
        }
        if (error instanceof HttpError && error.status === 409) {
          res.status(409);
          return renderContact(req, res, { ...validationLocals({ decision: error.detail ?? error.message }), input: req.body });
        }
        throw error;
      }
    },
  );

  /** A front-door form on the contact page: done, refused (the error summary), or stale (the page as it is now). */
  const frontDoorPost = async (req: Request, res: Response, field: string, anchor: string, write: () => Promise<unknown>) => {
    try {
      await write();
      res.redirect(303, contactsPaths.contact(String(req.params.contactId), anchor));
    } catch (error) {
      if (error instanceof ContactRefused) {
        res.status(400);
        return renderContact(req, res, { ...validationLocals(errorsFrom(error)), input: req.body });
      }
      if (error instanceof HttpError && error.status === 409) {
        res.status(409);
        return renderContact(req, res, { ...validationLocals({ [field]: error.detail ?? error.message }), input: { ...req.body, version: undefined } });
      }
      throw error;
    }
  };

  r.post(
    '/front-door/contacts/:contactId/written-confirmation',
    { access: 'front-door:queue', audit: ['contact.confirmed-in-writing', 'contact.read'], schema: writtenConfirmationSchema, invalid: (req, res, errors, input) => renderContact(req, res, { ...validationLocals(errors), input }) },
    (req, res, data) => frontDoorPost(req, res, 'arrivedDate', 'written-confirmation', () => contacts.recordWrittenConfirmation(req.user!, String(req.params.contactId), data, auditContext(req))),
  );

  r.post(
    '/front-door/contacts/:contactId/handover',
    { access: 'front-door:queue', audit: ['contact.handed-over', 'contact.read'], schema: handoverSchema, invalid: (req, res, errors, input) => renderContact(req, res, { ...validationLocals(errors), input }) },
    (req, res, data) => frontDoorPost(req, res, 'handoverDone', 'handover', () => contacts.handOver(req.user!, String(req.params.contactId), data, auditContext(req))),
  );

  // ---- Members of the public: no account, no JavaScript needed, anonymous if they wish -------------------------
  const formClock = () => {
    const issued = String(services.now().getTime());
    return `${issued}.${hmac(services.config.sessionSecret, `public-form:${issued}`)}`;
  };
  const renderPublicForm = (req: Request, res: Response, input: Record<string, unknown> = {}, errors: FieldErrors = {}) =>
    res.render('contacts/views/public-form.njk', { ...validationLocals(errors), input: { ...input, idempotencyKey: input.idempotencyKey ?? contacts.newFormKey(), formStartedAt: formClock() } });

  r.get('/report-a-concern', { access: 'public', audit: { none: 'an empty form' } }, (req, res) => renderPublicForm(req, res));

  r.post(
    '/report-a-concern',
    { access: 'public', audit: { none: 'a new concern about a child, audited as contact.received when sent; a refusal re-shows the sender’s own input' }, schema: publicConcernSchema, invalid: (req, res, errors, input) => { if (errors.website) { res.status(400); return res.render('contacts/views/public-refused.njk'); } return renderPublicForm(req, res, input, errors); } },
    async (req, res, data) => {
      const [issued, signature] = data.formStartedAt.split('.');
      const validClock = issued && signature && safeEqual(signature, hmac(services.config.sessionSecret, `public-form:${issued}`));
      const elapsed = (services.now().getTime() - Number(issued)) / 1000;
      if (!validClock || elapsed < PUBLIC_MIN_FILL_SECONDS) {
        res.status(400);
        return res.render('contacts/views/public-refused.njk');
      }
      const recent = await contacts.publicSubmissionsSince(req.ip ?? null, new Date(services.now().getTime() - 3_600_000));
      if (recent >= PUBLIC_RATE_LIMIT_PER_HOUR) {
        res.status(429);
        return res.render('contacts/views/public-refused.njk', { rateLimited: true });
      }
      try {
        const localAuthorityId = await contacts.publicConcernAuthority();
        if (!localAuthorityId) throw new HttpError(503, 'not-configured', 'Harbour has no local authority yet');
        const created = await contacts.submitPublicConcern(data, { ip: req.ip ?? null, localAuthorityId }, auditContext(req));
        res.render('contacts/views/public-sent.njk', { reference: created.reference, immediateDanger: data.immediateDanger });
      } catch (error) {
        if (!(error instanceof ContactRefused)) throw error;
        res.status(400);
        renderPublicForm(req, res, req.body, errorsFrom(error));
      }
    },
  );

  return router;
}
