// The JSON API (/api/v1): bearer-token authentication, the same services and access model as the pages,
// errors as application/problem+json. Described in docs/openapi.yaml.
import { Router } from 'express';
import type { Services } from '../../services.ts';
import { routes } from '../../platform/web/routing.ts';
import { openCase } from '../cases/case-access.ts';
import { caseOverview, myNetworkCases, visibleChronology } from '../cases/case-queries.ts';
import { auditContext } from '../audit/request-context.ts';

export function apiRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const { db } = services;

  r.get('/api/v1/me', { access: 'signed-in' }, (req, res) => {
    const u = req.user!;
    res.json({ id: u.id, email: u.email, displayName: u.displayName, agency: { id: u.agencyId, name: u.agencyName }, team: u.teamName, roles: u.roles });
  });

  r.get('/api/v1/cases', { access: 'signed-in' }, async (req, res) => {
    const cases = await myNetworkCases(db, req.user!.id);
    res.json({ items: cases.map((c) => ({ id: c.id, reference: c.reference, category: c.category, stage: c.stage, roleInCase: c.role_in_case })) });
  });

  r.get('/api/v1/cases/:caseId', { access: 'signed-in' }, async (req, res) => {
    const { kase, decision } = await openCase(db, req.user!, String(req.params.caseId), auditContext(req), 'read', services.now());
    const o = await caseOverview(db, kase.id);
    const chronology = await visibleChronology(db, req.user!, kase.childId, { limit: 20, offset: 0 });
    res.json({
      id: o.id,
      reference: o.reference,
      status: o.status,
      stage: o.stage,
      category: o.category,
      accessBasis: decision.basis,
      child: { id: o.child_id, givenName: o.given_name, familyName: o.family_name, knownAs: o.known_as, dateOfBirth: o.date_of_birth, ward: o.ward, lookedAfter: o.looked_after },
      network: o.network.map((m) => ({ userId: m.user_id, name: m.display_name, agency: m.agency_name, roleInCase: m.role_in_case })),
      chronology: { total: chronology.total, items: chronology.entries.map((e) => ({ id: e.id, occurredAt: e.occurred_at, kind: e.kind, title: e.title, summary: e.summary, sharingLevel: e.sharing_level, agency: e.agency_name })) },
    });
  });

  return router;
}
