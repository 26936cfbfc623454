// The JSON API (/api/v1): bearer-token authentication, the same services and access model as the pages,
// errors as application/problem+json. Described in docs/openapi.yaml.
import { Router } from 'express';
import type { Services } from '../../services.ts';
import { routes } from '../../platform/web/routing.ts';
import { readCase } from '../case-access/service.ts';
import { caseOverview, myNetworkCases, visibleChronology } from '../cases/queries.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { problem } from '../../platform/web/errors.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { professionalConcernSchema } from '../contacts/schemas.ts';
import { ContactRefused } from '../contacts/service.ts';
import { contactsPaths } from '../contacts/paths.ts';
import { refusalErrors } from '../../platform/web/refusals.ts';
import { TRIAGE_DECISION_INFO } from '../../domain/triage/decisions.ts';
import type { Response } from 'express';

/** Validation problems as RFC 9457 with one entry per field, like the pages' error summary. */
function invalid(res: Response, errors: FieldErrors) {
  res
    .status(400)
    .type('application/problem+json')
    .send(JSON.stringify(problem(400, 'validation', 'There is a problem', 'Some fields are missing or not valid.', { errors: Object.entries(errors).map(([path, message]) => ({ path, message })) })));
}

export function apiRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const { db } = services;

  r.get('/api/v1/me', { access: 'signed-in', audit: { none: 'the signed-in person, no child' } }, (req, res) => {
    const u = req.user!;
    res.json({ id: u.id, email: u.email, displayName: u.displayName, agency: { id: u.agencyId, name: u.agencyName }, team: u.teamName, roles: u.roles });
  });

  r.get('/api/v1/cases', { access: 'signed-in', audit: { none: 'the person’s own cases by reference, category and stage: no child’s details' } }, async (req, res) => {
    const limit = req.apiToken?.caseIds ?? null;
    const cases = (await myNetworkCases(db, req.user!.id)).filter((c) => !limit || limit.includes(c.id));
    res.json({ items: cases.map((c) => ({ id: c.id, reference: c.reference, category: c.category, stage: c.stage, roleInCase: c.role_in_case })) });
  });

  r.get('/api/v1/cases/:caseId', { access: 'signed-in', audit: 'case.read' }, async (req, res) => {
    const { kase, decision } = await readCase(db, req.user!, String(req.params.caseId), auditContext(req), 'case.read', services.now());
    const o = await caseOverview(db, kase.id);
    const chronology = await visibleChronology(db, req.user!, kase.childId, { limit: 20, offset: 0 });
    res.json({
      id: o.id,
      reference: o.reference,
      status: o.status,
      stage: o.stage,
      category: o.category,
      accessBasis: decision.basis,
      // The identity bar's flag: an open missing episode this user may see.
      missingNow: kase.missingNowVisible === true,
      child: { id: o.child_id, givenName: o.given_name, familyName: o.family_name, knownAs: o.known_as, dateOfBirth: o.date_of_birth, ward: o.ward, lookedAfter: o.looked_after },
      network: o.network.map((m) => ({ userId: m.user_id, name: m.display_name, agency: m.agency_name, roleInCase: m.role_in_case })),
      chronology: { total: chronology.total, items: chronology.entries.map((e) => ({ id: e.id, occurredAt: e.occurred_at, kind: e.kind, title: e.title, summary: e.summary, sharingLevel: e.sharing_level, agency: e.agency_name })) },
    });
  });

  r.get('/api/v1/cases/:caseId/clocks', { access: 'signed-in', audit: 'case.read' }, async (req, res) => {
    const { kase } = await readCase(db, req.user!, String(req.params.caseId), auditContext(req), 'case.read', services.now());
    const clocks = await services.clocks.forSubject(db, { caseId: kase.id }, services.now());
    res.json({
      items: clocks.map((c) => ({ id: c.id, rule: c.rule_id, label: c.label, source: c.source, startedAt: c.started_at, dueAt: c.due_at, stoppedAt: c.stopped_at, status: c.status })),
    });
  });

  r.post(
    '/api/v1/concerns',
    { access: 'signed-in', audit: { none: 'a new concern about a child, audited as contact.received when sent; a refusal re-shows the sender’s own input' }, schema: professionalConcernSchema, invalid: (_req, res, errors) => invalid(res, errors) },
    async (req, res, data) => {
      try {
        const created = await services.contacts.submitProfessionalConcern(req.user!, data, auditContext(req));
        res.status(created.duplicate ? 200 : 201).location(contactsPaths.concern(created.id)).json({ id: created.id, reference: created.reference, duplicate: created.duplicate });
      } catch (error) {
        if (!(error instanceof ContactRefused)) throw error;
        invalid(res, refusalErrors(error));
      }
    },
  );

  r.get('/api/v1/my-referrals', { access: 'signed-in', audit: { none: 'the sender’s own referrals, listed by reference and status' } }, async (req, res) => {
    const rows = await services.contacts.myContacts(req.user!);
    res.json({
      items: rows
        .filter((row) => row.status !== 'draft')
        .map((row) => ({ id: row.id, reference: row.reference, kind: row.kind, status: row.status, receivedAt: row.received_at, decision: row.decision ? { id: row.decision, label: TRIAGE_DECISION_INFO[row.decision as keyof typeof TRIAGE_DECISION_INFO]?.label ?? row.decision, decidedAt: row.decided_at } : null })),
    });
  });

  return router;
}
