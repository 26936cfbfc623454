// Two roles for the partnership's own work: the board manager (board monitoring and case audits, issue 14) and the
// information governance officer (retention and subject access requests, issue 15). Neither does casework.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { ROLES } from '../../../domain/access/roles.ts';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

export const statements = [
  `alter table user_roles drop constraint if exists user_roles_role_check`,
  `alter table user_roles add constraint user_roles_role_check check (role in (${list(ROLES)}))`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
