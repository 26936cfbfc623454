// The audit trail viewer: newest first, filtered by GET query (identifiers and codes only), 50 to a page.
// Looking at the trail is itself audited; the chain can be verified from here as well as from the CLI.
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { isIsoDate } from '../../domain/clock/index.ts';
import { blankToUndefined, zodFieldErrors } from '../../platform/web/forms.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { validationLocals } from '../../platform/web/routing.ts';
import type { routes } from '../../platform/web/routing.ts';
import { recordAudit, verifyAuditTrail } from '../audit/service.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { AUDIT_PAGE_SIZE, actorOptions, listAuditEvents } from './queries.ts';
import type { AuditFilter } from './queries.ts';
import { adminPaths } from './paths.ts';
import { auditEventView, paginationFor, selectItems, showing } from './presenters.ts';
import { RECORD_ID } from '../../platform/web/record-ids.ts';

const OUTCOMES = ['success', 'denied', 'failure'] as const;
const OUTCOME_LABELS: Record<(typeof OUTCOMES)[number], string> = { success: 'Success', denied: 'Denied', failure: 'Failure' };

const CODE = /^[a-z0-9][a-z0-9._:-]*$/i;

const codeFilter = (label: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string({ error: `Enter one ${label.toLowerCase()}` })
      .trim()
      .max(100, `${label} must be 100 characters or fewer`)
      .regex(CODE, `${label} can only contain letters, numbers, full stops, colons, hyphens and underscores`)
      .optional(),
  );

const dateFilter = (label: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string({ error: `Enter one ${label.toLowerCase()}` })
      .trim()
      .refine(isIsoDate, `${label} must be a real date written YYYY-MM-DD, for example 2026-03-27`)
      .optional(),
  );

export const auditFilterSchema = z
  .object({
    action: codeFilter('Action'),
    outcome: z.preprocess(blankToUndefined, z.enum(OUTCOMES, { error: 'Choose an outcome from the list' }).optional()),
    actor: z.preprocess(blankToUndefined, z.string({ error: 'Choose a person from the list' }).regex(RECORD_ID, 'Choose a person from the list').optional()),
    entityType: codeFilter('Entity type'),
    childId: z.preprocess(
      blankToUndefined,
      z
        .string({ error: 'Enter one child ID' })
        .trim()
        .regex(RECORD_ID, 'Child ID must be a Harbour record ID, like 0b7c5e0a-3f1d-4c1e-9a51-2f6d3c8e4b21')
        .optional(),
    ),
    from: dateFilter('Date from'),
    to: dateFilter('Date to'),
    page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(1_000_000).default(1)).catch(1),
  })
  .superRefine((value, ctx) => {
    if (value.from && value.to && value.to < value.from) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'Date to must be the same as or after date from' });
    }
  });

const text = (value: unknown) => (typeof value === 'string' ? value : '');

export function registerAuditRoutes(r: ReturnType<typeof routes>, services: Services) {
  const { db } = services;
  const access = 'audit:view' as const;

  async function renderAudit(res: Response, input: Record<string, unknown>, result: Awaited<ReturnType<typeof listAuditEvents>> | null, filter: AuditFilter | null, errors?: FieldErrors) {
    const actors = await actorOptions(db);
    const params: Record<string, string | undefined> = { ...filter };
    res.render('admin/views/audit.njk', {
      ...(errors ? validationLocals(errors) : {}),
      input: {
        action: text(input.action),
        entityType: text(input.entityType),
        childId: text(input.childId),
        from: text(input.from),
        to: text(input.to),
      },
      outcomeItems: selectItems(OUTCOMES, (o) => o, (o) => OUTCOME_LABELS[o], text(input.outcome), 'Any outcome'),
      actorItems: selectItems(actors, (a) => a.id, (a) => `${a.display_name} (${a.email})`, text(input.actor), 'Anyone'),
      events: result?.events.map(auditEventView) ?? [],
      listed: Boolean(result),
      showing: result ? showing(result.page, result.total, AUDIT_PAGE_SIZE) : null,
      pagination: result ? paginationFor(adminPaths.audit, params, result.page, result.total, AUDIT_PAGE_SIZE) : null,
    });
  }

  r.get(adminPaths.audit, { access, audit: { none: 'the audit trail’s own viewer, no child’s record (audited as audit.viewed, audit.verified)' } }, async (req: Request, res: Response) => {
    const input = req.query as Record<string, unknown>;
    const parsed = auditFilterSchema.safeParse(input);
    if (!parsed.success) {
      res.status(400);
      return renderAudit(res, input, null, null, zodFieldErrors(parsed.error));
    }
    const { page, ...filter } = parsed.data;
    // Who looked, with which filters (identifiers and codes only), before anything is shown.
    await recordAudit(db, auditContext(req), { action: 'audit.viewed', entityType: 'audit-trail', details: { filter, page } });
    const result = await listAuditEvents(db, filter, page);
    await renderAudit(res, input, result, filter);
  });

  r.post(adminPaths.auditVerify, { access, audit: { none: 'the audit trail’s own viewer, no child’s record (audited as audit.viewed, audit.verified)' }, schema: z.object({}), invalid: (_req, res) => res.redirect(303, adminPaths.audit) }, async (req, res) => {
    const verdict = await verifyAuditTrail(db);
    await recordAudit(db, auditContext(req), {
      action: 'audit.verified',
      entityType: 'audit-trail',
      outcome: verdict.ok ? 'success' : 'failure',
      details: verdict.ok ? { ok: true, checked: verdict.checked } : { ok: false, checked: verdict.checked, firstBrokenId: verdict.firstBrokenId },
    });
    res.render('admin/views/audit-verified.njk', { verdict });
  });
}
