// Subject access request pages (information governance officer): record a request, review the items that name a
// third party or are police-only, produce the record as PDF and JSON, release. Issue 15; camden Part 1 §6.
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { londonDateOf } from '../../domain/clock/index.ts';
import { decideRequestItem, listRequests, openRequest, producePack, recordRequest, releaseRequest } from './service.ts';
import type { RequestView } from './service.ts';
import { itemDecisionSchema, releaseSchema, requestSchema } from './schemas.ts';
import { recordPdf } from './pdf.ts';
import { sarPaths } from './paths.ts';

export function subjectAccessRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const db = services.db;
  const access = { access: 'information-governance:manage' as const };

  const renderList = async (req: Request, res: Response, extra: { errors?: FieldErrors; input?: Record<string, unknown> } = {}) => {
    res.render('subject-access/views/list.njk', { requests: await listRequests(db, req.user!), input: { receivedOn: londonDateOf(services.now()), ...(extra.input ?? {}) }, paths: sarPaths, ...validationLocals(extra.errors ?? {}) });
  };

  r.get(sarPaths.list(), { ...access, audit: { none: 'the list of requests, by reference and date: no child’s record' } }, (req, res) => renderList(req, res));

  r.post(
    sarPaths.create(),
    { ...access, audit: 'subject-access.recorded', schema: requestSchema, invalid: async (req, res, errors, input) => { res.status(400); await renderList(req, res, { errors, input }); } },
    async (req, res, data) => {
      const result = await recordRequest(db, req.user!, data, auditContext(req));
      if (!result.ok) {
        res.status(400);
        return renderList(req, res, { errors: { [result.field]: result.message }, input: req.body as Record<string, unknown> });
      }
      res.redirect(303, sarPaths.request(result.id));
    },
  );

  const renderRequest = (res: Response, view: RequestView, extra: { errors?: FieldErrors; input?: Record<string, unknown>; notice?: string; stale?: string } = {}) =>
    res.render('subject-access/views/request.njk', { view, input: extra.input ?? {}, notice: extra.notice, stale: extra.stale, paths: sarPaths, ...validationLocals(extra.errors ?? {}) });

  r.get('/subject-access/:id', { ...access, audit: 'subject-access.opened' }, async (req, res) => {
    const notice = req.query.done === 'decided' ? 'Your decision has been recorded.' : req.query.done === 'released' ? 'The record has been released.' : undefined;
    renderRequest(res, await openRequest(db, req.user!, String(req.params.id), auditContext(req)), { notice });
  });

  r.post(
    '/subject-access/:id/items/:itemId',
    {
      ...access,
      audit: ['subject-access.item-decided', 'subject-access.opened'],
      schema: itemDecisionSchema,
      invalid: async (req, res, errors, input) => {
        res.status(400);
        const itemId = String(req.params.itemId);
        renderRequest(res, await openRequest(db, req.user!, String(req.params.id), auditContext(req)), { errors: Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${k}-${itemId}`, v])), input: { ...input, itemId } });
      },
    },
    async (req, res, data) => {
      const id = String(req.params.id);
      const itemId = String(req.params.itemId);
      const result = await decideRequestItem(db, req.user!, id, itemId, data, services.now(), auditContext(req));
      if (result.ok) return res.redirect(303, `${sarPaths.request(id)}?done=decided#item-${itemId}`);
      res.status(result.code === 'stale' ? 409 : 400);
      renderRequest(res, result.current, { errors: { [`reason-${itemId}`]: result.message }, input: { ...(req.body as Record<string, unknown>), itemId }, stale: result.code === 'stale' ? `Yours: ${data.decision} (${data.reason})` : undefined });
    },
  );

  r.post(
    '/subject-access/:id/release',
    { ...access, audit: ['subject-access.released', 'subject-access.opened'], schema: releaseSchema, invalid: async (req, res) => { res.status(400); renderRequest(res, await openRequest(db, req.user!, String(req.params.id), auditContext(req))); } },
    async (req, res, data) => {
      const id = String(req.params.id);
      const result = await releaseRequest(db, req.user!, id, data.version, services.now(), auditContext(req));
      if (result.ok) return res.redirect(303, `${sarPaths.request(id)}?done=released`);
      res.status(result.code === 'stale' ? 409 : 400);
      renderRequest(res, result.current, { errors: { release: result.message } });
    },
  );

  r.get('/subject-access/:id/record.json', { ...access, audit: 'subject-access.produced' }, async (req, res) => {
    const pack = await producePack(db, req.user!, String(req.params.id), 'json', services.now(), auditContext(req));
    res.set({ 'Content-Type': 'application/json; charset=utf-8', 'Content-Disposition': 'attachment; filename="subject-access-record.json"', 'Cache-Control': 'no-store' });
    res.send(JSON.stringify(pack, null, 2));
  });

  r.get('/subject-access/:id/record.pdf', { ...access, audit: 'subject-access.produced' }, async (req, res) => {
    const pack = await producePack(db, req.user!, String(req.params.id), 'pdf', services.now(), auditContext(req));
    const pdf = await recordPdf(pack);
    res.set({ 'Content-Type': 'application/pdf', 'Content-Disposition': 'inline; filename="subject-access-record.pdf"', 'Cache-Control': 'no-store' });
    res.send(pdf);
  });

  // The JSON API (docs/openapi.yaml): the same pack as record.json, audited the same way.
  r.get('/api/v1/subject-access/:id/record', { ...access, audit: 'subject-access.produced' }, async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await producePack(db, req.user!, String(req.params.id), 'json', services.now(), auditContext(req)));
  });

  return router;
}
