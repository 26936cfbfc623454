// The professional network page: members with their agency and role, lead and key professional, and the people
// in the child's life (parents, people with parental responsibility, siblings, household, peers).
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { canManageNetwork } from '../../domain/access/access.ts';
import { AGENCY_KIND_LABELS } from '../../domain/access/roles.ts';
import type { AgencyKind } from '../../domain/access/roles.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { openCasePage } from '../cases/service-case-page.ts';
import { StaleCase, createNetworkService } from './service.ts';
import type { Nomination } from './service.ts';
import { networkPaths } from './paths.ts';
import type { NetworkNotice } from './paths.ts';
import { caseLocals } from '../case-access/presenters.ts';
import { RecordRefused, refusalErrors } from '../../platform/web/refusals.ts';
import { RELATIONSHIPS, RELATIONSHIP_LABELS, addMemberSchema, emptySchema, nominateSchema, relatedPersonSchema } from './schemas.ts';

type FormState = { errors?: FieldErrors; form?: string; input?: Record<string, unknown> };

export function networkRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const network = createNetworkService({ db: services.db, now: services.now, notifier: services.notifier });

  const render = async (req: Request, res: Response, state: FormState = {}) => {
    const page = await openCasePage(services, req, 'network');
    const data = await network.page(page.kase.id);
    const canManage = canManageNetwork(req.user!, { leadProfessionalId: page.kase.leadProfessionalId, localAuthorityId: page.kase.localAuthorityId });
    const input = (state.form ? state.input : undefined) ?? {};
    const of = (form: string) => (state.form === form ? (state.input ?? {}) : {});
    const memberOptions = (selected: string | null) => [
      { value: '', text: 'Choose a member of the network' },
      ...data.members.map((m) => ({ value: m.user_id, text: `${m.display_name} (${m.agency_name})`, selected: m.user_id === selected })),
    ];
    res.render('network/views/network.njk', {
      ...caseLocals(page),
      ...validationLocals(state.errors ?? {}),
      canManage,
      paths: { members: networkPaths.members(page.kase.id), lead: networkPaths.nominate(page.kase.id, 'lead'), key: networkPaths.nominate(page.kase.id, 'key'), relatedPeople: networkPaths.relatedPeople(page.kase.id) },
      version: data.kase.version,
      members: data.members.map((m) => ({
        ...m,
        agencyKind: AGENCY_KIND_LABELS[m.agency_kind as AgencyKind] ?? m.agency_kind,
        isLead: m.user_id === data.kase.lead_professional_id,
        isKey: m.user_id === data.kase.key_professional_id,
        removeHref: networkPaths.removeMember(page.kase.id, m.id),
      })),
      candidates: [
        { value: '', text: 'Choose a person' },
        ...data.candidates.map((c) => ({ value: c.id, text: `${c.display_name}${c.job_title ? `, ${c.job_title}` : ''} – ${c.agency_name}`, selected: of('add').userId === c.id })),
      ],
      leadOptions: memberOptions((of('lead').userId as string | undefined) ?? data.kase.lead_professional_id),
      keyOptions: memberOptions((of('key').userId as string | undefined) ?? data.kase.key_professional_id),
      related: data.related.map((p) => ({ ...p, relationshipLabel: RELATIONSHIP_LABELS[p.relationship], removeHref: networkPaths.removeRelatedPerson(page.kase.id, p.id) })),
      relationships: RELATIONSHIPS.map((value) => ({ value, text: RELATIONSHIP_LABELS[value], checked: of('related').relationship === value })),
      addInput: of('add'),
      relatedInput: of('related'),
      input,
      notice: req.query.done === 'member-added' ? 'The person was added to the professional network.' : req.query.done === 'member-removed' ? 'The person was removed from the professional network.' : req.query.done === 'nominated' ? 'The nomination was recorded.' : req.query.done === 'related' ? 'The related person was recorded.' : null,
    });
  };

  const failed = (form: string) => async (req: Request, res: Response, errors: FieldErrors, input: Record<string, unknown>) => {
    // Errors from the nomination forms carry the form's prefix so each links to its own field.
    const prefixed = form === 'lead' || form === 'key' ? Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${form}-${k}`, v])) : errors;
    return render(req, res, { errors: prefixed, form, input });
  };

  const handle = async (req: Request, res: Response, form: string, work: () => Promise<unknown>, done: NetworkNotice) => {
    try {
      await work();
      res.redirect(303, networkPaths.done(String(req.params.caseId), done));
    } catch (error) {
      if (error instanceof RecordRefused) {
        res.status(400);
        return render(req, res, { errors: refusalErrors(error), form, input: req.body });
      }
      if (error instanceof StaleCase) {
        res.status(409);
        return render(req, res, { errors: { [`${form}-userId`]: error.detail ?? error.message }, form: 'stale', input: {} });
      }
      throw error;
    }
  };

  r.get('/cases/:caseId/network', { access: 'signed-in', audit: 'case.read' }, (req, res) => render(req, res));

  r.post('/cases/:caseId/network/members', { access: 'signed-in', audit: ['network.member-added', 'case.read'], schema: addMemberSchema, invalid: failed('add') }, (req, res, data) =>
    handle(req, res, 'add', () => network.addMember(req.user!, String(req.params.caseId), data, auditContext(req)), 'member-added'),
  );

  r.post('/cases/:caseId/network/members/:memberId/remove', { access: 'signed-in', audit: ['network.member-removed', 'case.read'], schema: emptySchema, invalid: failed('remove') }, (req, res) =>
    handle(req, res, 'remove', () => network.removeMember(req.user!, String(req.params.caseId), String(req.params.memberId), auditContext(req)), 'member-removed'),
  );

  for (const role of ['lead', 'key'] as Nomination[]) {
    r.post(`/cases/:caseId/network/${role}-professional`, { access: 'signed-in', audit: [`case.${role}-professional-nominated`, 'case.read'], schema: nominateSchema, invalid: failed(role) }, (req, res, data) =>
      handle(req, res, role, () => network.nominate(req.user!, String(req.params.caseId), role, data, auditContext(req)), 'nominated'),
    );
  }

  r.post('/cases/:caseId/network/related-people', { access: 'signed-in', audit: ['related-person.added', 'case.read'], schema: relatedPersonSchema, invalid: failed('related') }, (req, res, data) =>
    handle(req, res, 'related', () => network.addRelatedPerson(req.user!, String(req.params.caseId), data, auditContext(req)), 'related'),
  );

  r.post('/cases/:caseId/network/related-people/:personId/remove', { access: 'signed-in', audit: ['related-person.removed', 'case.read'], schema: emptySchema, invalid: failed('related') }, (req, res) =>
    handle(req, res, 'related', () => network.removeRelatedPerson(req.user!, String(req.params.caseId), String(req.params.personId), auditContext(req)), 'related'),
  );

  return router;
}
