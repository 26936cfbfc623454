// Administration: agencies, teams, user accounts and the audit trail. Every page needs 'admin:manage', except
// the audit trail, which needs 'audit:view'.
import { Router } from 'express';
import type { Services } from '../../services.ts';
import { routes } from '../../platform/web/routing.ts';
import { can } from '../../domain/access/access.ts';
import { registerAgencyRoutes } from './routes-agencies.ts';
import { registerAuditRoutes } from './routes-audit.ts';
import { createAdminService } from './service.ts';
import { adminPaths } from './paths.ts';
import { registerUserRoutes } from './routes-users.ts';

export function adminRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const { db } = services;
  const { organisations, users } = createAdminService(db, { now: services.now });

  r.get(adminPaths.home, { access: 'admin:manage', audit: { none: 'agencies, teams and accounts, no child (audited as agency.*, team.*, user.*)' } }, (req, res) => {
    res.render('admin/views/home.njk', { paths: adminPaths, canViewAudit: can(req.user!, 'audit:view') });
  });

  registerAgencyRoutes(r, { db, organisations });
  registerUserRoutes(r, { db, users, secondFactors: services.secondFactors, requireSecondFactor: services.config.requireSecondFactor, now: services.now });
  registerAuditRoutes(r, services);
  return router;
}
