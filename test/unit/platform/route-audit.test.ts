// STYLE habit 3, enforced: a route that reads or changes a child's record and answers without writing its declared
// audit event fails loudly outside production, and is logged and counted in production. Test-only routes on a
// bare Express app, so the check is proved apart from any feature.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { Router } from 'express';
import { z } from 'zod';
import { routes } from '../../../src/platform/web/routing.ts';
import { ROUTE_AUDIT_MODE, noteAuditWritten, routeAuditMisses } from '../../../src/platform/web/route-audit.ts';
import type { RouteAuditMode } from '../../../src/platform/web/route-audit.ts';

/** A case's id: the route wrapper answers not found for a parameter that is not one (record-ids.ts). */
const CASE = '0b7c5e0a-3f1d-4c1e-9a51-2f6d3c8e4b21';

async function serve(mode: RouteAuditMode | null): Promise<{ url: string; server: Server }> {
  const app = express();
  if (mode) app.locals[ROUTE_AUDIT_MODE] = mode;
  app.use(express.urlencoded({ extended: false }));
  const router = Router();
  const r = routes(router);
  // Awaits before auditing, as a real service does, so the note has to travel with the request across awaits.
  const audited = async (action: string) => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    noteAuditWritten(action);
  };
  r.get('/cases/:caseId/forgets', { access: 'public', audit: 'case.read' }, (_req, res) => res.send('the child’s record'));
  r.get('/cases/:caseId/remembers', { access: 'public', audit: 'case.read' }, async (_req, res) => {
    await audited('case.read');
    res.send('the child’s record');
  });
  r.get('/cases/:caseId/other-event', { access: 'public', audit: ['case.notes', 'note.viewed'] }, async (_req, res) => {
    await audited('case.read');
    res.send('the child’s record');
  });
  r.get('/cases/:caseId/family', { access: 'public', audit: 'case.*' }, async (_req, res) => {
    await audited('case.chronology');
    res.send('the child’s record');
  });
  r.get('/cases/:caseId/streams', { access: 'public', audit: 'case.export' }, async (_req, res) => {
    res.write('part of a file');
    await new Promise((resolve) => setTimeout(resolve, 1));
    res.end('the rest');
  });
  r.get('/cases/:caseId/refused', { access: 'public', audit: 'case.read' }, async (_req, res) => {
    await audited('case.read');
    res.status(403).send('refused, and the refusal audited');
  });
  r.get('/cases/:caseId/bad-query', { access: 'public', audit: 'case.read' }, (_req, res) => res.status(400).send('that filter is not valid'));
  r.get('/cases/:caseId/conflict', { access: 'public', audit: 'case.read' }, (_req, res) => res.status(409).send('changed since you opened it'));
  r.get('/cases/:caseId/throws', { access: 'public', audit: 'case.read' }, () => {
    throw Object.assign(new Error('not found'), { status: 404 });
  });
  r.get('/cases/:caseId/late', { access: 'public', audit: 'case.read' }, async (_req, res) => {
    res.send('sent before the audit row');
    await audited('case.read');
  });
  r.get('/help', { access: 'public', audit: { none: 'a static page about no child' } }, (_req, res) => res.send('help'));
  const form = z.object({ text: z.string().min(1) });
  r.post('/cases/:caseId/notes', { access: 'public', audit: 'note.created', schema: form, invalid: (_req, res) => res.send('form again') }, (_req, res) => res.redirect(303, '/done'));
  app.use(router);
  app.use((error: { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(error.status ?? 500).send('error page');
  });
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('route audit check (STYLE habit 3, issue 17)', () => {
  let failing: { url: string; server: Server };
  let logging: { url: string; server: Server };
  let unset: { url: string; server: Server };
  before(async () => {
    failing = await serve('fail');
    logging = await serve('log');
    unset = await serve(null);
  });
  after(() => {
    for (const s of [failing, logging, unset]) s?.server.close();
  });

  it('answers 500 naming the route and its declared event when a case route forgets to audit', async () => {
    const res = await fetch(`${failing.url}/cases/${CASE}/forgets`);
    assert.equal(res.status, 500);
    const text = await res.text();
    assert.match(text, /GET \/cases\/:caseId\/forgets/);
    assert.match(text, /case\.read/);
    assert.doesNotMatch(text, /child’s record/);
  });

  it('fails loudly when the app does not say which mode it runs in', async () => {
    assert.equal((await fetch(`${unset.url}/cases/${CASE}/forgets`)).status, 500);
  });

  it('lets through a route that wrote its declared event, across awaits', async () => {
    const res = await fetch(`${failing.url}/cases/${CASE}/remembers`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'the child’s record');
  });

  it('counts only a declared event: another audit row does not stand in for it', async () => {
    assert.equal((await fetch(`${failing.url}/cases/${CASE}/other-event`)).status, 500);
  });

  it('matches a declared family of events (case.*)', async () => {
    assert.equal((await fetch(`${failing.url}/cases/${CASE}/family`)).status, 200);
  });

  it('breaks a streamed answer that wrote no audit row, so the client cannot take it as whole', async () => {
    await assert.rejects(async () => {
      const res = await fetch(`${failing.url}/cases/${CASE}/streams`);
      await res.text();
    });
  });

  it('counts a refusal that wrote its denied row, and leaves a thrown error to the error page', async () => {
    assert.equal((await fetch(`${failing.url}/cases/${CASE}/refused`)).status, 403);
    assert.equal((await fetch(`${failing.url}/cases/${CASE}/throws`)).status, 404);
  });

  it('asks a 409 for its row, but not a 400, which refused the request and changed nothing', async () => {
    assert.equal((await fetch(`${failing.url}/cases/${CASE}/conflict`)).status, 500);
    assert.equal((await fetch(`${failing.url}/cases/${CASE}/bad-query`)).status, 400);
  });

  it('fails a route that audits only after it has answered', async () => {
    assert.equal((await fetch(`${failing.url}/cases/${CASE}/late`)).status, 500);
  });

  it('asks nothing of a route declared as touching no child, nor of a body refused by its schema', async () => {
    assert.equal((await fetch(`${failing.url}/help`)).status, 200);
    const refused = await fetch(`${failing.url}/cases/${CASE}/notes`, { method: 'POST', body: new URLSearchParams({ text: '' }), redirect: 'manual' });
    assert.equal(refused.status, 400);
    assert.equal(await refused.text(), 'form again');
    const accepted = await fetch(`${failing.url}/cases/${CASE}/notes`, { method: 'POST', body: new URLSearchParams({ text: 'a note' }), redirect: 'manual' });
    assert.equal(accepted.status, 500, 'the note route wrote no note.created row');
  });

  it('in production shows the user their page, and logs and counts the miss', async () => {
    const before = routeAuditMisses();
    const res = await fetch(`${logging.url}/cases/${CASE}/forgets`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'the child’s record');
    assert.equal(routeAuditMisses(), before + 1);
  });

  it('refuses to mount a route without an audit declaration, or one that names a case and declares none', () => {
    const r = routes(Router());
    const handler = () => undefined;
    // @ts-expect-error: the type requires an audit declaration
    assert.throws(() => r.get('/somewhere', { access: 'public' }, handler), /GET \/somewhere declares no audit event/);
    // @ts-expect-error: a path naming a case may not declare { none }
    assert.throws(() => r.get('/cases/:caseId/x', { access: 'public', audit: { none: 'says it reads nothing' } }, handler), /must declare the audit event/);
    assert.throws(() => r.get('/children/:childId/y', { access: 'public', audit: { none: 'reads nothing' } as never }, handler), /must declare the audit event/);
    assert.throws(() => r.get('/help', { access: 'public', audit: { none: ' ' } }, handler), /without saying why/);
    assert.throws(() => r.get('/help', { access: 'public', audit: 'none' }, handler), /write \{ none: 'why' \}/);
    assert.throws(() => r.get('/help', { access: 'public', audit: 'Case Read' }, handler), /not an action name/);
  });
});
