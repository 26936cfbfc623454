// Single sign-on through the council's OpenID Connect provider (issue 16): the provider's subject is kept on the
// user once linked, so a later change of e-mail address at the provider cannot move the sign-in to someone else;
// a session records whether the provider asserted multi-factor authentication (then Harbour's own second factor
// is not asked for, and enrolment is not forced on that session).
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export const statements = [
  `alter table users add column oidc_issuer text`,
  `alter table users add column oidc_subject text`,
  `create unique index users_oidc_identity on users (oidc_issuer, oidc_subject) where oidc_subject is not null`,
  `alter table sessions add column provider_mfa boolean not null default false`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
