// The retention review queue and decision pages (information governance officer), and the schedule (administrator
// edits; the officer reads). Issue 15; PROCEDURES.md step 10.
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { can } from '../../domain/access/access.ts';
import { forbidden } from '../../platform/web/errors.ts';
import { DEFAULT_RETENTION_SCHEDULE, DEFAULT_SOURCES, RECORD_KINDS, RECORD_KIND_LABELS } from '../../domain/retention/schedule.ts';
import type { RetentionRule, RetentionSchedule } from '../../domain/retention/schedule.ts';
import { decide, openReview, readSchedule, reviewQueue, saveSchedule } from './service.ts';
import type { ReviewView } from './service.ts';
import { decisionSchema, scheduleSchema } from './schemas.ts';
import { retentionPaths } from './paths.ts';

function describeRule(rule: RetentionRule): string {
  switch (rule.basis) {
    case 'age':
      return `Until the child’s ${rule.years}th birthday (looked-after children: ${rule.lookedAfterYears}th); with no date of birth, ${rule.noDateOfBirthYearsAfterClosure} years after the case closed`;
    case 'after-event':
      return `${rule.years} years after its last event, then reviewed`;
    case 'with-case':
      return 'Kept and deleted with the child’s case record';
    case 'kept':
      return 'Kept: not deleted by the review';
  }
}

export function scheduleRows(schedule: RetentionSchedule) {
  return RECORD_KINDS.map((kind) => ({ kind, label: RECORD_KIND_LABELS[kind], rule: describeRule(schedule[kind]), defaultRule: describeRule(DEFAULT_RETENTION_SCHEDULE[kind]), source: DEFAULT_SOURCES[kind] }));
}

export function retentionRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const db = services.db;

  r.get(retentionPaths.queue(), { access: 'information-governance:manage', audit: { none: 'retention reviews by reference and date, not a child’s record' } }, async (req, res) => {
    const queue = await reviewQueue(db, req.user!);
    const setting = await readSchedule(db);
    res.render('retention/views/queue.njk', { ...queue, lastRunMonth: setting.lastRunMonth, paths: retentionPaths });
  });

  const renderReview = (res: Response, review: ReviewView, extra: { errors?: FieldErrors; input?: Record<string, unknown>; done?: boolean; stale?: { yours: string } } = {}) =>
    res.render('retention/views/review.njk', { review, input: extra.input ?? {}, done: extra.done, stale: extra.stale, paths: retentionPaths, ...validationLocals(extra.errors ?? {}) });

  r.get('/retention/reviews/:reviewId', { access: 'information-governance:manage', audit: { none: 'retention reviews by reference and date, not a child’s record' } }, async (req, res) => {
    renderReview(res, await openReview(db, req.user!, String(req.params.reviewId)), { done: req.query.done === 'decided' });
  });

  r.post(
    '/retention/reviews/:reviewId/decision',
    {
      access: 'information-governance:manage', audit: ['retention.erased', 'retention.decision-refused', 'retention.extended'],
      schema: decisionSchema,
      invalid: async (req, res, errors, input) => {
        res.status(400);
        renderReview(res, await openReview(db, req.user!, String(req.params.reviewId)), { errors, input });
      },
    },
    async (req: Request, res: Response, data) => {
      const reviewId = String(req.params.reviewId);
      const command = data.decision === 'delete' ? { type: 'confirm-deletion' as const, version: data.version } : { type: 'extend' as const, version: data.version, reason: data.reason, until: data.until! };
      const result = await decide(db, req.user!, reviewId, command, services.now(), auditContext(req));
      if (!result.ok) {
        res.status(result.refusal.code === 'stale' || result.refusal.code === 'already-decided' ? 409 : 400);
        const yours = data.decision === 'delete' ? 'Delete the record' : `Keep it until ${data.until}: ${data.reason}`;
        const stale = result.refusal.code === 'stale' || result.refusal.code === 'already-decided' ? { yours } : undefined;
        return renderReview(res, result.current, { errors: { [result.refusal.field === 'decision' ? 'decision' : result.refusal.field]: result.refusal.message }, input: req.body as Record<string, unknown>, stale });
      }
      res.redirect(303, `${retentionPaths.review(reviewId)}?done=decided`);
    },
  );

  const renderSchedule = async (req: Request, res: Response, extra: { errors?: FieldErrors; input?: Record<string, unknown>; done?: boolean; stale?: boolean } = {}) => {
    const setting = await readSchedule(db);
    const s = setting.schedule;
    const rule = s['case-record'].basis === 'age' ? s['case-record'] : null;
    const current = {
      caseYears: rule?.years,
      caseLookedAfterYears: rule?.lookedAfterYears,
      caseNoDobYears: rule?.noDateOfBirthYearsAfterClosure,
      intelligenceYears: s.intelligence.basis === 'after-event' ? s.intelligence.years : undefined,
      contactYears: s['contact-no-further-action'].basis === 'after-event' ? s['contact-no-further-action'].years : undefined,
    };
    res.render('retention/views/schedule.njk', { rows: scheduleRows(s), setting, current, input: { ...current, ...(extra.input ?? {}) }, canEdit: can(req.user!, 'admin:manage'), done: extra.done, stale: extra.stale, paths: retentionPaths, ...validationLocals(extra.errors ?? {}) });
  };

  r.get(retentionPaths.schedule(), { access: 'signed-in', audit: { none: 'retention reviews by reference and date, not a child’s record' } }, async (req, res) => {
    if (!can(req.user!, 'admin:manage') && !can(req.user!, 'information-governance:manage')) throw forbidden('The retention schedule is for administrators and information governance officers.');
    await renderSchedule(req, res, { done: req.query.done === 'saved' });
  });

  r.post(
    retentionPaths.schedule(),
    {
      access: 'admin:manage', audit: { none: 'retention reviews by reference and date, not a child’s record' },
      schema: scheduleSchema,
      invalid: async (req, res, errors, input) => {
        res.status(400);
        await renderSchedule(req, res, { errors, input });
      },
    },
    async (req, res, data) => {
      const { schedule: current } = await readSchedule(db);
      const schedule: RetentionSchedule = {
        ...current,
        'case-record': { basis: 'age', years: data.caseYears, lookedAfterYears: data.caseLookedAfterYears, noDateOfBirthYearsAfterClosure: data.caseNoDobYears },
        intelligence: { basis: 'after-event', years: data.intelligenceYears },
        'contact-no-further-action': { basis: 'after-event', years: data.contactYears },
      };
      const result = await saveSchedule(db, req.user!, data.version, schedule, auditContext(req));
      if (result.ok) return res.redirect(303, `${retentionPaths.schedule()}?done=saved`);
      res.status(result.code === 'stale' ? 409 : 400);
      const field: Record<string, string> = { 'case-record.years': 'caseYears', 'case-record.lookedAfterYears': 'caseLookedAfterYears', 'case-record.noDateOfBirthYearsAfterClosure': 'caseNoDobYears', 'intelligence.years': 'intelligenceYears', 'contact-no-further-action.years': 'contactYears' };
      const errors: FieldErrors = result.code === 'stale' ? { caseYears: 'Someone else changed the schedule while you were editing. The current schedule is shown; your figures are in the form. Nothing was saved.' } : Object.fromEntries(result.problems.map((p) => [field[`${p.kind}.${p.field}`] ?? 'caseYears', p.message]));
      await renderSchedule(req, res, { errors, input: req.body as Record<string, unknown>, stale: result.code === 'stale' });
    },
  );

  // The JSON API (docs/openapi.yaml): the officer's queue, for a records-management system to pick up.
  r.get('/api/v1/retention/reviews', { access: 'information-governance:manage', audit: { none: 'retention reviews by reference and date, not a child’s record' } }, async (req, res) => {
    const queue = await reviewQueue(db, req.user!);
    res.json({ items: queue.pending.map((i) => ({ id: i.id, kind: i.kind, record: i.record, dueOn: i.dueOn, listedAt: i.listedAt.toISOString() })) });
  });

  return router;
}
