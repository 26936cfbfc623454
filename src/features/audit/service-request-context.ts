import type { Request } from 'express';
import type { AuditContext } from './service.ts';

/** Who, from where and in which request: the parts of an audit row that come from the HTTP request. */
export function auditContext(req: Request): AuditContext {
  // Someone between their password and their second factor acts as themselves: the password was theirs.
  const actor = req.user ?? req.pendingSignIn?.user;
  return {
    actorId: actor?.id ?? null,
    actorLabel: actor ? `user:${actor.id}` : 'anonymous',
    ip: req.ip ?? null,
    requestId: req.id ?? null,
  };
}
