// People's accounts: list and search, create with roles and an initial password, change under an optimistic
// lock, deactivate (signs them out at once), reactivate, reset the password or the second factor, and unlock.
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ROLES, ROLE_LABELS, isRole } from '../../domain/access/roles.ts';
import { notFound } from '../../platform/web/errors.ts';
import { formatDateTime } from '../../platform/web/nunjucks.ts';
import { asArray, blankToUndefined, zodFieldErrors } from '../../platform/web/forms.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { validationLocals } from '../../platform/web/routing.ts';
import type { routes } from '../../platform/web/routing.ts';
import type { Db } from '../../platform/database/connection.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { setFlash, takeFlash } from '../../platform/web/flash.ts';
import { adminPaths, adminRoutePatterns } from './paths.ts';
import { paginationFor, roleItems, selectItems, showing, userView } from './presenters.ts';
import { RECORD_ID } from '../../platform/web/record-ids.ts';
import { optionalText, requiredText, versionField, versionSchema } from './schemas.ts';
import { USER_PAGE_SIZE } from './service.ts';
import type { UserAdminService, UserRecord } from './service.ts';
import { RESET_REASONS, RESET_REASON_CODES } from '../second-factor/service.ts';
import type { SecondFactorService, SecondFactorStatus } from '../second-factor/service.ts';

// ---- list filters (GET: nothing personal) and search (POST: names and e-mail addresses stay out of URLs)

const STATUSES = ['all', 'active', 'deactivated'] as const;
const STATUS_LABELS: Record<(typeof STATUSES)[number], string> = { all: 'Active and deactivated', active: 'Active only', deactivated: 'Deactivated only' };

const listFilterSchema = z.object({
  agency: z.preprocess(blankToUndefined, z.string({ error: 'Choose an agency from the list' }).regex(RECORD_ID, 'Choose an agency from the list').optional()),
  role: z.preprocess(blankToUndefined, z.enum(ROLES, { error: 'Choose a role from the list' }).optional()),
  status: z.preprocess(blankToUndefined, z.enum(STATUSES, { error: 'Choose a status from the list' }).default('all')),
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(1_000_000).default(1)).catch(1),
});

const searchSchema = listFilterSchema.extend({
  q: requiredText('Enter a name or e-mail address to search for', 'Search', 200),
});

type ListFilter = z.infer<typeof listFilterSchema>;

// ---- the user form

const rolesField = z.preprocess(
  asArray,
  z
    .array(z.string())
    .min(1, 'Choose at least one role')
    .refine((roles) => roles.every(isRole), 'Choose roles from the list')
    .transform((roles) => [...new Set(roles.filter(isRole))]),
);

const userFields = {
  displayName: requiredText('Enter the person’s full name', 'Full name', 200),
  email: requiredText('Enter an e-mail address', 'E-mail address', 320).pipe(
    z.string().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'Enter an e-mail address in the correct format, like name@example.com'),
  ),
  jobTitle: optionalText('Job title', 200).transform((v) => v ?? null),
  agencyId: z.string({ error: 'Choose an agency' }).regex(RECORD_ID, 'Choose an agency'),
  teamId: z.preprocess(blankToUndefined, z.string({ error: 'Choose a team from the list' }).regex(RECORD_ID, 'Choose a team from the list').optional()).transform((v) => v ?? null),
  roles: rolesField,
};

const createUserSchema = z.object({ ...userFields, password: z.string({ error: 'Enter an initial password' }).min(1, 'Enter an initial password') });
const editUserSchema = z.object({ ...userFields, version: versionField });
const resetPasswordSchema = z.object({ password: z.string({ error: 'Enter a new password' }).min(1, 'Enter a new password') });
const resetSecondFactorSchema = z
  .object({
    reasonCode: z.enum(RESET_REASON_CODES, { error: 'Choose why you are resetting their second factor' }),
    reason: z.preprocess(blankToUndefined, z.string().trim().max(500, 'The reason must be 500 characters or fewer').optional()),
  })
  .refine((v) => v.reasonCode !== 'other' || v.reason, { path: ['reason'], message: 'Explain why you are resetting their second factor' });

type Deps = { db: Db; users: UserAdminService; secondFactors: SecondFactorService; requireSecondFactor: boolean; now: () => Date };
type Input = Record<string, unknown>;

const text = (value: unknown) => (typeof value === 'string' ? value : '');

export function registerUserRoutes(r: ReturnType<typeof routes>, { db, users, secondFactors, requireSecondFactor, now }: Deps) {
  const access = 'admin:manage' as const;

  async function loadUser(req: Request): Promise<UserRecord> {
    const user = await users.getUser(String(req.params.userId));
    if (!user) throw notFound('User');
    return user;
  }

  async function renderList(req: Request, res: Response, filter: ListFilter, options: { search?: string; errors?: FieldErrors; input?: Input } = {}) {
    const agencies = await users.agencyOptions();
    const input = options.input ?? {};
    const selected = {
      agency: options.errors ? text(input.agency) : (filter.agency ?? ''),
      role: options.errors ? text(input.role) : (filter.role ?? ''),
      status: options.errors ? text(input.status) || 'all' : filter.status,
    };
    const listed = options.errors ? null : await users.listUsers({ agencyId: filter.agency, role: filter.role, status: filter.status, search: options.search }, filter.page);
    const params = { agency: filter.agency, role: filter.role, status: filter.status === 'all' ? undefined : filter.status };
    res.render('admin/views/users.njk', {
      ...(options.errors ? validationLocals(options.errors) : {}),
      flash: await takeFlash(db, req),
      agencyItems: selectItems(agencies, (a) => a.id, (a) => a.name, selected.agency, 'Any agency'),
      roleItems: selectItems(ROLES, (role) => role, (role) => ROLE_LABELS[role], selected.role, 'Any role'),
      statusItems: selectItems(STATUSES, (s) => s, (s) => STATUS_LABELS[s], selected.status),
      selected,
      q: options.search ?? text(input.q),
      searching: options.search !== undefined,
      users: listed?.users.map((u) => userView(u, now())) ?? [],
      listed: Boolean(listed),
      showing: listed ? showing(listed.page, listed.total, USER_PAGE_SIZE) : null,
      // A search is paginated by re-posting it; a filtered list by GET links that carry no personal data.
      pagination: listed && options.search === undefined ? paginationFor(adminPaths.users, params, listed.page, listed.total, USER_PAGE_SIZE) : null,
      searchPages:
        listed && options.search !== undefined
          ? { previous: listed.page > 1 ? listed.page - 1 : null, next: listed.page * USER_PAGE_SIZE < listed.total ? listed.page + 1 : null }
          : null,
    });
  }

  r.get(adminPaths.users, { access, audit: { none: 'agencies, teams and accounts, no child (audited as agency.*, team.*, user.*)' } }, async (req, res) => {
    const parsed = listFilterSchema.safeParse(req.query);
    if (!parsed.success) {
      res.status(400);
      return renderList(req, res, listFilterSchema.parse({}), { errors: zodFieldErrors(parsed.error), input: req.query as Input });
    }
    await renderList(req, res, parsed.data);
  });

  r.post(
    adminPaths.userSearch,
    { access, audit: { none: 'agencies, teams and accounts, no child (audited as agency.*, team.*, user.*)' }, schema: searchSchema, invalid: (req, res, errors, input) => renderList(req, res, listFilterSchema.parse({}), { errors, input }) },
    async (req, res, data) => renderList(req, res, data, { search: data.q }),
  );

  // ---- create and change

  async function renderUserForm(res: Response, options: { user: UserRecord | null; input: Input; version?: unknown; errors?: FieldErrors; conflict?: UserRecord }) {
    const { user, input } = options;
    const [agencies, teams] = await Promise.all([users.agencyOptions(user?.agencyId ?? null), users.teamOptions(user?.teamId ?? null)]);
    res.render('admin/views/user-form.njk', {
      ...(options.errors ? validationLocals(options.errors) : {}),
      user: user ? userView(user, now()) : null,
      action: user ? adminPaths.editUser(user.id) : adminPaths.users,
      input: { displayName: text(input.displayName), email: text(input.email), jobTitle: text(input.jobTitle) },
      agencyItems: selectItems(agencies, (a) => a.id, (a) => (a.active ? a.name : `${a.name} (deactivated)`), text(input.agencyId), 'Choose an agency'),
      teamItems: selectItems(teams, (t) => t.id, (t) => `${t.agency_name}: ${t.name}`, text(input.teamId), 'No team'),
      roleItems: roleItems(asArray(input.roles)),
      version: options.conflict?.version ?? options.version,
      conflict: options.conflict ? userView(options.conflict, now()) : null,
    });
  }

  const userInput = (user: UserRecord): Input => ({
    displayName: user.displayName,
    email: user.email,
    jobTitle: user.jobTitle ?? '',
    agencyId: user.agencyId,
    teamId: user.teamId ?? '',
    roles: user.roles,
  });

  r.get(adminPaths.newUser, { access, audit: { none: 'agencies, teams and accounts, no child (audited as agency.*, team.*, user.*)' } }, (_req, res) => renderUserForm(res, { user: null, input: {} }));

  r.post(
    adminPaths.users,
    { access, audit: { none: 'agencies, teams and accounts, no child (audited as agency.*, team.*, user.*)' }, schema: createUserSchema, invalid: (_req, res, errors, input) => renderUserForm(res, { user: null, input, errors }) },
    async (req, res, data) => {
      const result = await users.createUser(data, auditContext(req));
      if (!result.ok) {
        res.status(400);
        return renderUserForm(res, { user: null, input: data, errors: { [result.field]: result.message } });
      }
      await setFlash(db, req, { success: `User account created for ${data.displayName}` });
      res.redirect(303, adminPaths.user(result.id));
    },
  );

  async function renderUser(req: Request, res: Response, user: UserRecord, extra: Record<string, unknown> = {}) {
    res.render('admin/views/user.njk', {
      account: userView(user, now()),
      secondFactor: secondFactorView(await secondFactors.status(user.id)),
      isSelf: req.user!.id === user.id,
      flash: await takeFlash(db, req),
      ...extra,
    });
  }

  r.get(adminRoutePatterns.user, { access, audit: { none: 'agencies, teams and accounts, no child (audited as agency.*, team.*, user.*)' } }, async (req, res) => renderUser(req, res, await loadUser(req)));

  r.get(adminRoutePatterns.editUser, { access, audit: { none: 'agencies, teams and accounts, no child (audited as agency.*, team.*, user.*)' } }, async (req, res) => {
    const user = await loadUser(req);
    await renderUserForm(res, { user, input: userInput(user), version: user.version });
  });

  r.post(
    adminRoutePatterns.editUser,
    { access, audit: { none: 'agencies, teams and accounts, no child (audited as agency.*, team.*, user.*)' }, schema: editUserSchema, invalid: async (req, res, errors, input) => renderUserForm(res, { user: await loadUser(req), input, version: text(input.version), errors }) },
    async (req, res, data) => {
      const user = await loadUser(req);
      const result = await users.updateUser(user.id, data, auditContext(req));
      if (!result.ok) {
        if (result.code === 'not-found') throw notFound('User');
        if (result.code === 'stale') {
          res.status(409);
          return renderUserForm(res, { user: result.current, input: data, errors: { conflict: result.message }, conflict: result.current });
        }
        res.status(400);
        return renderUserForm(res, { user, input: data, version: data.version, errors: { [result.field]: result.message } });
      }
      await setFlash(db, req, { success: result.changed.length ? 'User details saved' : 'Nothing was changed' });
      res.redirect(303, adminPaths.user(user.id));
    },
  );

  // ---- deactivate and reactivate

  const renderDeactivate = async (req: Request, res: Response, user: UserRecord, errors?: FieldErrors) =>
    res.render('admin/views/user-deactivate.njk', { ...(errors ? validationLocals(errors) : {}), account: userView(user, now()), isSelf: req.user!.id === user.id });

  r.get(adminRoutePatterns.deactivateUser, { access, audit: { none: 'agencies, teams and accounts, no child (audited as agency.*, team.*, user.*)' } }, async (req, res) => renderDeactivate(req, res, await loadUser(req)));

  r.post(
    adminRoutePatterns.deactivateUser,
    { access, audit: { none: 'agencies, teams and accounts, no child (audited as agency.*, team.*, user.*)' }, schema: versionSchema, invalid: async (req, res, errors) => renderDeactivate(req, res, await loadUser(req), errors) },
    async (req, res, data) => {
      const user = await loadUser(req);
      const result = await users.deactivateUser(user.id, data.version, auditContext(req));
      if (!result.ok) {
        if (result.code === 'not-found') throw notFound('User');
        res.status(result.code === 'stale' ? 409 : 400);
        return renderDeactivate(req, res, result.code === 'stale' ? result.current : user, { deactivate: result.message });
      }
      await setFlash(db, req, { success: `${user.displayName} has been deactivated and signed out` });
      res.redirect(303, adminPaths.user(user.id));
    },
  );

  r.post(
    adminRoutePatterns.reactivateUser,
    { access, audit: { none: 'agencies, teams and accounts, no child (audited as agency.*, team.*, user.*)' }, schema: versionSchema, invalid: async (req, res, errors) => renderUser(req, res, await loadUser(req), validationLocals(errors)) },
    async (req, res, data) => {
      const user = await loadUser(req);
      const result = await users.reactivateUser(user.id, data.version, auditContext(req));
      if (!result.ok) {
        if (result.code === 'not-found') throw notFound('User');
        res.status(result.code === 'stale' ? 409 : 400);
        return renderUser(req, res, result.code === 'stale' ? result.current : user, validationLocals({ reactivate: result.message }));
      }
      await setFlash(db, req, { success: `${user.displayName} has been reactivated` });
      res.redirect(303, adminPaths.user(user.id));
    },
  );

  // ---- password reset and unlock

  const renderPassword = async (req: Request, res: Response, user: UserRecord, errors?: FieldErrors) =>
    res.render('admin/views/user-password.njk', { ...(errors ? validationLocals(errors) : {}), account: userView(user, now()), isSelf: req.user!.id === user.id });

  r.get(adminRoutePatterns.resetPassword, { access, audit: { none: 'agencies, teams and accounts, no child (audited as agency.*, team.*, user.*)' } }, async (req, res) => renderPassword(req, res, await loadUser(req)));

  r.post(
    adminRoutePatterns.resetPassword,
    { access, audit: { none: 'agencies, teams and accounts, no child (audited as agency.*, team.*, user.*)' }, schema: resetPasswordSchema, invalid: async (req, res, errors) => renderPassword(req, res, await loadUser(req), errors) },
    async (req, res, data) => {
      const user = await loadUser(req);
      const result = await users.resetPassword(user.id, data.password, auditContext(req));
      if (!result.ok) {
        if (result.code === 'not-found') throw notFound('User');
        res.status(400);
        return renderPassword(req, res, user, { [result.field]: result.message });
      }
      await setFlash(db, req, { success: `Password reset. ${user.displayName} has been signed out everywhere and must sign in with the new password.` });
      res.redirect(303, adminPaths.user(user.id));
    },
  );

  r.post(
    adminRoutePatterns.unlockUser,
    { access, audit: { none: 'agencies, teams and accounts, no child (audited as agency.*, team.*, user.*)' }, schema: z.object({}), invalid: async (req, res, errors) => renderUser(req, res, await loadUser(req), validationLocals(errors)) },
    async (req, res) => {
      const user = await loadUser(req);
      const result = await users.unlockUser(user.id, auditContext(req));
      if (!result.ok) throw notFound('User');
      await setFlash(db, req, { success: result.wasLocked ? `${user.displayName}’s account has been unlocked` : `${user.displayName}’s account was not locked` });
      res.redirect(303, adminPaths.user(user.id));
    },
  );

  // ---- second factor reset, for a lost phone

  async function renderSecondFactorReset(req: Request, res: Response, user: UserRecord, options: { errors?: FieldErrors; input?: Input } = {}) {
    const input = options.input ?? {};
    res.render('admin/views/user-second-factor.njk', {
      ...(options.errors ? validationLocals(options.errors) : {}),
      account: userView(user, now()),
      secondFactor: secondFactorView(await secondFactors.status(user.id)),
      isSelf: req.user!.id === user.id,
      requireSecondFactor,
      reasonItems: RESET_REASON_CODES.map((code) => ({ value: code, text: RESET_REASONS[code], checked: text(input.reasonCode) === code })),
      reason: text(input.reason),
    });
  }

  r.get(adminRoutePatterns.resetSecondFactor, { access, audit: { none: 'agencies, teams and accounts, no child (audited as agency.*, team.*, user.*)' } }, async (req, res) => renderSecondFactorReset(req, res, await loadUser(req)));

  r.post(
    adminRoutePatterns.resetSecondFactor,
    { access, audit: { none: 'agencies, teams and accounts, no child (audited as agency.*, team.*, user.*)' }, schema: resetSecondFactorSchema, invalid: async (req, res, errors, input) => renderSecondFactorReset(req, res, await loadUser(req), { errors, input }) },
    async (req, res, data) => {
      const user = await loadUser(req);
      const result = await secondFactors.resetByAdministrator(user.id, { code: data.reasonCode, text: data.reason ?? null }, auditContext(req));
      if (!result.ok) {
        res.status(400);
        const message = result.reason === 'self' ? 'You cannot reset your own second factor. Turn it off from your account page.' : `${user.displayName} has no second factor to reset`;
        return renderSecondFactorReset(req, res, user, { errors: { reasonCode: message }, input: data });
      }
      await setFlash(db, req, {
        success: `${user.displayName}’s second factor has been reset and they have been signed out everywhere. ${
          requireSecondFactor ? 'They will set up a new one when they next sign in.' : 'They can sign in with their password only until they set up a new one.'
        }`,
      });
      res.redirect(303, adminPaths.user(user.id));
    },
  );
}

function secondFactorView(status: SecondFactorStatus) {
  if (status.state === 'on') return { state: status.state, text: `On since ${formatDateTime(status.confirmedAt)}, ${status.recoveryCodesLeft} recovery ${status.recoveryCodesLeft === 1 ? 'code' : 'codes'} left` };
  if (status.state === 'enrolling') return { state: status.state, text: 'Set-up started, not finished' };
  return { state: status.state, text: 'Off' };
}
