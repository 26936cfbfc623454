// The administration service, the one entry point the admin routes import: agencies and teams
// (service-organisations.ts) and user accounts (service-users.ts). The audit trail page only reads (queries.ts).
import type { Db } from '../../platform/database/connection.ts';
import { createOrganisationService } from './service-organisations.ts';
import { createUserAdminService } from './service-users.ts';

export { DUPLICATE_AGENCY, DUPLICATE_TEAM } from './service-organisations.ts';
export type { AgencyChange, AgencyInput, AgencyRecord, OrganisationService, TeamRecord } from './service-organisations.ts';
export { DUPLICATE_EMAIL, SELF_ADMIN_REMOVAL, SELF_DEACTIVATION, SELF_PASSWORD_RESET, USER_PAGE_SIZE } from './service-users.ts';
export type { UserAdminService, UserDetails, UserListFilter, UserRecord, UserStatusFilter } from './service-users.ts';
export { createOrganisationService, createUserAdminService };

export function createAdminService(db: Db, options: { now: () => Date }) {
  return { organisations: createOrganisationService(db), users: createUserAdminService(db, options) };
}
