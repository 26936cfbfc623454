import type { Request } from 'express';
import type { AuditContext } from './audit-trail.ts';

/** Who, from where and in which request: the parts of an audit row that come from the HTTP request. */
export function auditContext(req: Request): AuditContext {
  return {
    actorId: req.user?.id ?? null,
    actorLabel: req.user ? `user:${req.user.id}` : 'anonymous',
    ip: req.ip ?? null,
    requestId: req.id ?? null,
  };
}
