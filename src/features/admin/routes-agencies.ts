// Agencies and their teams: list, create, change (under an optimistic lock), deactivate and reactivate.
import type { Request, Response } from 'express';
import { z } from 'zod';
import { AGENCY_KINDS } from '../../domain/access/roles.ts';
import { notFound } from '../../platform/web/errors.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { validationLocals } from '../../platform/web/routing.ts';
import type { routes } from '../../platform/web/routing.ts';
import type { Db } from '../../platform/database/connection.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { setFlash, takeFlash } from '../../platform/web/flash.ts';
import type { AgencyRecord, OrganisationService } from './service-organisations.ts';
import { adminPaths, adminRoutePatterns } from './paths.ts';
import { agencyKindItems, agencyView, selectItems, teamView } from './presenters.ts';
import { requiredText, versionField, versionSchema } from './schemas.ts';

const agencyName = requiredText('Enter the agency’s name', 'Agency name', 200);
const agencyKind = z.enum(AGENCY_KINDS, { error: 'Choose the kind of agency' });

const createAgencySchema = z.object({
  name: agencyName,
  kind: agencyKind,
  localAuthorityId: z.string({ error: 'Choose the local authority' }).trim().min(1, 'Choose the local authority').max(100, 'Choose a local authority from the list'),
});

const editAgencySchema = z.object({
  name: agencyName,
  kind: agencyKind,
  active: z.enum(['true', 'false'], { error: 'Choose whether the agency is active' }).transform((v) => v === 'true'),
  version: versionField,
});

const teamSchema = z.object({ name: requiredText('Enter the team’s name', 'Team name', 200) });
const editTeamSchema = teamSchema.extend({ version: versionField });

type Deps = { db: Db; organisations: OrganisationService };
type Input = Record<string, unknown>;

const text = (value: unknown) => (typeof value === 'string' ? value : '');

export function registerAgencyRoutes(r: ReturnType<typeof routes>, { db, organisations }: Deps) {
  const access = 'admin:manage' as const;

  async function loadAgency(req: Request): Promise<AgencyRecord> {
    const agency = await organisations.getAgency(String(req.params.agencyId));
    if (!agency) throw notFound('Agency');
    return agency;
  }

  async function renderAgencyForm(res: Response, options: { agency: AgencyRecord | null; input: Input; version?: unknown; errors?: FieldErrors; conflict?: AgencyRecord }) {
    const localAuthorities = await organisations.listLocalAuthorities();
    const { agency, input } = options;
    res.render('admin/views/agency-form.njk', {
      ...(options.errors ? validationLocals(options.errors) : {}),
      agency: agency ? agencyView(agency) : null,
      action: agency ? adminPaths.editAgency(agency.id) : adminPaths.agencies,
      input: { name: text(input.name), kind: text(input.kind), active: text(input.active), localAuthorityId: text(input.localAuthorityId) },
      // The version the form was built from travels with it, including through a failed validation.
      version: options.conflict?.version ?? options.version,
      conflict: options.conflict ? agencyView(options.conflict) : null,
      kindItems: agencyKindItems(),
      localAuthorityItems: selectItems(localAuthorities, (la) => la.id, (la) => la.name, text(input.localAuthorityId), 'Choose a local authority'),
    });
  }

  const agencyInput = (agency: AgencyRecord): Input => ({ name: agency.name, kind: agency.kind, active: String(agency.active), localAuthorityId: agency.localAuthorityId ?? '' });

  async function renderAgency(req: Request, res: Response, agency: AgencyRecord, extra: Record<string, unknown> = {}) {
    const teams = await organisations.listTeams(agency.id);
    res.render('admin/views/agency.njk', { agency: agencyView(agency), teams: teams.map(teamView), flash: await takeFlash(db, req), ...extra });
  }

  r.get(adminPaths.agencies, { access, audit: { none: 'agencies, teams and accounts, no child (audited as agency.*, team.*, user.*)' } }, async (req, res) => {
    const agencies = await organisations.listAgencies();
    res.render('admin/views/agencies.njk', { agencies: agencies.map(agencyView), flash: await takeFlash(db, req) });
  });

  r.get(adminPaths.newAgency, { access, audit: { none: 'agencies, teams and accounts, no child (audited as agency.*, team.*, user.*)' } }, (_req, res) => renderAgencyForm(res, { agency: null, input: {} }));

  r.post(
    adminPaths.agencies,
    { access, audit: { none: 'agencies, teams and accounts, no child (audited as agency.*, team.*, user.*)' }, schema: createAgencySchema, invalid: (_req, res, errors, input) => renderAgencyForm(res, { agency: null, input, errors }) },
    async (req, res, data) => {
      const result = await organisations.createAgency(data, auditContext(req));
      if (!result.ok) {
        res.status(400);
        return renderAgencyForm(res, { agency: null, input: data, errors: { [result.field]: result.message } });
      }
      await setFlash(db, req, { success: `Agency “${data.name}” created` });
      res.redirect(303, adminPaths.agency(result.id));
    },
  );

  r.get(adminRoutePatterns.agency, { access, audit: { none: 'agencies, teams and accounts, no child (audited as agency.*, team.*, user.*)' } }, async (req, res) => renderAgency(req, res, await loadAgency(req)));

  r.get(adminRoutePatterns.editAgency, { access, audit: { none: 'agencies, teams and accounts, no child (audited as agency.*, team.*, user.*)' } }, async (req, res) => {
    const agency = await loadAgency(req);
    await renderAgencyForm(res, { agency, input: agencyInput(agency), version: agency.version });
  });

  r.post(
    adminRoutePatterns.editAgency,
    { access, audit: { none: 'agencies, teams and accounts, no child (audited as agency.*, team.*, user.*)' }, schema: editAgencySchema, invalid: async (req, res, errors, input) => renderAgencyForm(res, { agency: await loadAgency(req), input, version: text(input.version), errors }) },
    async (req, res, data) => {
      const agency = await loadAgency(req);
      const result = await organisations.updateAgency(agency.id, data, auditContext(req));
      const input = { name: data.name, kind: data.kind, active: String(data.active) };
      if (!result.ok) {
        if (result.code === 'not-found') throw notFound('Agency');
        if (result.code === 'stale') {
          res.status(409);
          return renderAgencyForm(res, { agency: result.current, input, errors: { conflict: result.message }, conflict: result.current });
        }
        res.status(400);
        return renderAgencyForm(res, { agency, input, version: data.version, errors: { [result.field]: result.message } });
      }
      await setFlash(db, req, { success: result.changed.length ? 'Agency details saved' : 'Nothing was changed' });
      res.redirect(303, adminPaths.agency(agency.id));
    },
  );

  // Teams belong to an agency and are listed on its page.
  async function renderTeamForm(res: Response, options: { agency: AgencyRecord; teamId: string | null; input: Input; version?: unknown; errors?: FieldErrors; conflict?: { name: string; active: boolean } }) {
    const { agency, teamId } = options;
    res.render('admin/views/team-form.njk', {
      ...(options.errors ? validationLocals(options.errors) : {}),
      agency: agencyView(agency),
      editing: Boolean(teamId),
      action: teamId ? adminPaths.editTeam(agency.id, teamId) : adminPaths.teams(agency.id),
      input: { name: text(options.input.name) },
      version: options.version,
      conflict: options.conflict ?? null,
    });
  }

  async function loadTeam(req: Request, agency: AgencyRecord) {
    const team = await organisations.getTeam(agency.id, String(req.params.teamId));
    if (!team) throw notFound('Team');
    return team;
  }

  r.get(adminRoutePatterns.newTeam, { access, audit: { none: 'agencies, teams and accounts, no child (audited as agency.*, team.*, user.*)' } }, async (req, res) => renderTeamForm(res, { agency: await loadAgency(req), teamId: null, input: {} }));

  r.post(
    adminRoutePatterns.teams,
    { access, audit: { none: 'agencies, teams and accounts, no child (audited as agency.*, team.*, user.*)' }, schema: teamSchema, invalid: async (req, res, errors, input) => renderTeamForm(res, { agency: await loadAgency(req), teamId: null, input, errors }) },
    async (req, res, data) => {
      const agency = await loadAgency(req);
      const result = await organisations.createTeam(agency.id, data.name, auditContext(req));
      if (!result.ok) {
        if (result.code === 'not-found') throw notFound('Agency');
        res.status(400);
        return renderTeamForm(res, { agency, teamId: null, input: data, errors: { [result.field]: result.message } });
      }
      await setFlash(db, req, { success: `Team “${data.name}” created` });
      res.redirect(303, adminPaths.agency(agency.id));
    },
  );

  r.get(adminRoutePatterns.editTeam, { access, audit: { none: 'agencies, teams and accounts, no child (audited as agency.*, team.*, user.*)' } }, async (req, res) => {
    const agency = await loadAgency(req);
    const team = await loadTeam(req, agency);
    await renderTeamForm(res, { agency, teamId: team.id, input: { name: team.name }, version: team.version });
  });

  r.post(
    adminRoutePatterns.editTeam,
    {
      access, audit: { none: 'agencies, teams and accounts, no child (audited as agency.*, team.*, user.*)' },
      schema: editTeamSchema,
      invalid: async (req, res, errors, input) => {
        const agency = await loadAgency(req);
        const team = await loadTeam(req, agency);
        await renderTeamForm(res, { agency, teamId: team.id, input, version: text(input.version), errors });
      },
    },
    async (req, res, data) => {
      const agency = await loadAgency(req);
      const team = await loadTeam(req, agency);
      const result = await organisations.renameTeam(agency.id, team.id, data, auditContext(req));
      if (!result.ok) {
        if (result.code === 'not-found') throw notFound('Team');
        if (result.code === 'stale') {
          res.status(409);
          return renderTeamForm(res, { agency, teamId: team.id, input: data, version: result.current.version, errors: { conflict: result.message }, conflict: result.current });
        }
        res.status(400);
        return renderTeamForm(res, { agency, teamId: team.id, input: data, version: data.version, errors: { [result.field]: result.message } });
      }
      await setFlash(db, req, { success: result.changed ? 'Team renamed' : 'Nothing was changed' });
      res.redirect(303, adminPaths.agency(agency.id));
    },
  );

  for (const active of [false, true]) {
    r.post(
      active ? adminRoutePatterns.reactivateTeam : adminRoutePatterns.deactivateTeam,
      { access, audit: { none: 'agencies, teams and accounts, no child (audited as agency.*, team.*, user.*)' }, schema: versionSchema, invalid: async (req, res, errors) => renderAgency(req, res, await loadAgency(req), validationLocals(errors)) },
      async (req, res, data) => {
        const agency = await loadAgency(req);
        const team = await loadTeam(req, agency);
        const result = await organisations.setTeamActive(agency.id, team.id, active, data.version, auditContext(req));
        if (!result.ok) {
          if (result.code === 'not-found') throw notFound('Team');
          res.status(409);
          return renderAgency(req, res, agency, validationLocals({ [`team-${team.id}`]: result.message }));
        }
        await setFlash(db, req, { success: active ? `Team “${team.name}” reactivated` : `Team “${team.name}” deactivated` });
        res.redirect(303, adminPaths.agency(agency.id));
      },
    );
  }
}
