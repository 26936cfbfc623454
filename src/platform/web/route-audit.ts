// STYLE habit 3, enforced rather than declared: every route declares the audit event(s) it writes, and a route that
// reads or changes a child's record must have written one of them by the time it answers. Audit writes note
// themselves in the request's own store (AsyncLocalStorage), so the check costs no query.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Request, Response } from 'express';
import { logger } from '../logger.ts';

/** An audit action as recordAudit writes it (`case.notes`, `note.created`), or a family of them (`case.*`). */
export type AuditAction = string;

/**
 * Not checked, and says why: the route touches no child's record (a static page, signing in, accounts, a profile),
 * or it is a list that writes one row per child it shows (case.listed) and so writes none when it shows none.
 */
export type NoChildRecord = { none: string };

/** The events a route that reads or changes a child's record writes: at least one of them, on every answer. */
export type AuditEvents = AuditAction | readonly [AuditAction, ...AuditAction[]];

export type AuditDeclaration = AuditEvents | NoChildRecord;

/** A path that names a case or a child: the type allows no `{ none }` for it, so a new case route cannot forget its audit. */
export type ChildRecordPath = `${string}:caseId${string}` | `${string}:childId${string}`;

export type AuditFor<P extends string> = P extends ChildRecordPath ? AuditEvents : AuditDeclaration;

const CHILD_RECORD_PATH = /:(caseId|childId)\b/;
const ACTION = /^[a-z0-9-]+(\.[a-z0-9-]+)*(\.\*)?$/;

/**
 * What a failed check does: `fail` answers 500 naming the route and its events (development and tests, so the suite
 * catches a route that forgot), `log` logs an error and counts it and the user sees their page (production).
 * createApp sets it on app.locals from the configuration; an app that does not say fails loudly.
 */
export type RouteAuditMode = 'fail' | 'log';
export const ROUTE_AUDIT_MODE = 'routeAuditMode';

type RequestAudits = { actions: string[] };
const requestAudits = new AsyncLocalStorage<RequestAudits>();

/** Called by recordAudit for every row it writes: outside a checked route (workers, the CLI, sign-in) it does nothing. */
export function noteAuditWritten(action: string): void {
  requestAudits.getStore()?.actions.push(action);
}

let misses = 0;
/** How many answers, since the process started, lacked the audit row their route declares (production counts them here). */
export function routeAuditMisses(): number {
  return misses;
}

/** The declarations a route may not mount with: refused at start-up, like a route without an access rule. */
export function checkAuditDeclaration(key: string, path: string, audit: AuditDeclaration | undefined): void {
  if (audit === undefined || audit === null) throw new Error(`${key} declares no audit event (audit: 'case.notes', [...], or { none: 'why' })`);
  if (isNone(audit)) {
    if (!audit.none?.trim()) throw new Error(`${key} declares audit { none } without saying why`);
    if (CHILD_RECORD_PATH.test(path)) throw new Error(`${key} names a case or a child, so it must declare the audit event it writes, not { none }`);
    return;
  }
  const actions = typeof audit === 'string' ? [audit] : audit;
  if (actions.length === 0) throw new Error(`${key} declares an empty list of audit events`);
  for (const action of actions) {
    if (action === 'none') throw new Error(`${key} declares audit 'none': write { none: 'why' }`);
    if (!ACTION.test(action)) throw new Error(`${key} declares audit event '${action}', which is not an action name`);
  }
}

function isNone(audit: AuditDeclaration): audit is NoChildRecord {
  return typeof audit === 'object' && audit !== null && !Array.isArray(audit) && 'none' in audit;
}

function matches(declared: readonly string[], written: readonly string[]): boolean {
  return written.some((action) => declared.some((d) => (d.endsWith('.*') ? action.startsWith(d.slice(0, -1)) : action === d)));
}

/**
 * Every answer owes its audit row, a refusal (401, 403, 409) too: the gate writes a denied row for it. Not a 400: a
 * request refused as malformed or invalid (by its schema, or a service's validation) changed nothing, and a page
 * that shows the child's record with the errors writes its own read row anyway. Nor a 5xx, which is logged.
 */
function owesAudit(status: number, path: string): boolean {
  // An API's 409 (a stale version, a record no longer in that state) is a JSON problem naming no record: like a 400,
  // nothing was changed and nothing shown. A page's 409 shows both versions, and writes its read row.
  if (status === 409 && path.startsWith('/api/')) return false;
  return status !== 400 && status < 500;
}

/**
 * Runs a route's handler with the request's audit store, and checks the answer as it is sent. The check is made
 * when the response ends (not when the handler's promise settles), because by then the page has usually been sent
 * and a 500 could no longer replace it. Not checked: a handler that threw (the error page is its answer; a refusal
 * by the case gate writes its own denied row before it throws), a 400 and a 5xx (owesAudit).
 */
export async function runAudited(key: string, audit: AuditDeclaration, req: Request, res: Response, handler: () => unknown): Promise<void> {
  if (isNone(audit)) {
    await handler();
    return;
  }
  const declared: readonly string[] = typeof audit === 'string' ? [audit] : audit;
  const store: RequestAudits = { actions: [] };
  let threw = false;
  const end = res.end;
  res.end = function endChecked(this: Response, ...args: unknown[]) {
    res.end = end;
    if (!threw && owesAudit(res.statusCode, req.originalUrl) && !matches(declared, store.actions)) return answerMiss(key, declared, store.actions, req, res, end, args);
    return (end as (...a: unknown[]) => Response).apply(this, args);
  } as Response['end'];
  try {
    await requestAudits.run(store, handler);
  } catch (error) {
    threw = true;
    throw error;
  }
}

function answerMiss(key: string, declared: readonly string[], written: readonly string[], req: Request, res: Response, end: Response['end'], args: unknown[]): Response {
  misses += 1;
  const message = `${key} answered ${res.statusCode} without writing its declared audit event (${declared.join(', ')}); it wrote ${written.length ? written.join(', ') : 'none'}`;
  // The route pattern and the action names only: no URL (it carries ids), no body, nothing about the child.
  logger.error({ route: key, status: res.statusCode, declared, written, requestId: req.id, routeAuditMisses: misses }, 'route answered without its audit row');
  const mode = (req.app?.locals?.[ROUTE_AUDIT_MODE] as RouteAuditMode | undefined) ?? 'fail';
  const send = end as (...a: unknown[]) => Response;
  if (mode === 'log') return send.apply(res, args);
  if (res.headersSent) {
    // Part of the answer has gone (a streamed file): break the connection, so the client cannot take it as whole.
    res.destroy(new Error(message));
    return res;
  }
  res.statusCode = 500;
  for (const header of ['Content-Length', 'Content-Type', 'Content-Disposition', 'ETag', 'Location']) res.removeHeader(header);
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(message));
  return send.call(res, message);
}

