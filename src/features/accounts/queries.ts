// All of the SQL of accounts: users as they sign in, sign-in attempts, sessions, API tokens and second factors. Every
// function takes the database or the transaction first; the services decide and audit, these only read and write.
import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import type { Db } from '../../platform/database/connection.ts';
import type { ApiTokensTable, SecondFactorResetsTable, SessionsTable, SignInAttemptsTable } from '../../platform/database/schema.ts';

// ---- Users -----------------------------------------------------------------------------------------------------------

/** The user, their agency, team and roles, optionally with a session: one query, because it runs on every request. */
function userQuery(db: Db) {
  return db
    .selectFrom('users')
    .innerJoin('agencies', 'agencies.id', 'users.agency_id')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .select([
      'users.id',
      'users.email',
      'users.display_name',
      'users.agency_id',
      'users.local_authority_id',
      'users.active',
      'agencies.name as agency_name',
      'teams.name as team_name',
      sql<string[]>`coalesce((select array_agg(r.role order by r.role) from user_roles r where r.user_id = users.id), '{}')`.as('roles'),
    ]);
}

export type UserRow = NonNullable<Awaited<ReturnType<ReturnType<typeof userQuery>['executeTakeFirst']>>>;

export const userById = (db: Db, userId: string) => userQuery(db).where('users.id', '=', userId).executeTakeFirst();

/**
 * The session and its user. `askSecondFactor`: whether to ask if the session may do more than set one up (a factor
 * confirmed, or multi-factor asserted by the identity provider); without it the answer is a constant true.
 */
export function sessionWithUser(db: Db, idHash: string, askSecondFactor: boolean) {
  const secondFactorOn = askSecondFactor
    ? sql<boolean>`(sessions.provider_mfa or exists (select 1 from second_factors f where f.user_id = users.id and f.confirmed_at is not null))`
    : sql<boolean>`true`;
  return userQuery(db)
    .innerJoin('sessions', 'sessions.user_id', 'users.id')
    .select(['sessions.csrf_secret', 'sessions.last_seen_at', 'sessions.expires_at', 'sessions.pending', secondFactorOn.as('second_factor_on')])
    .where('sessions.id_hash', '=', idHash)
    .executeTakeFirst();
}

export const userForSignIn = (db: Db, emailLower: string) =>
  db.selectFrom('users').select(['id', 'password_hash', 'active', 'locked_until']).where(sql`lower(email)`, '=', emailLower).executeTakeFirst();

const providerColumns = ['id', 'email', 'active', 'locked_until', 'oidc_issuer', 'oidc_subject'] as const;

export const userByProviderSubject = (db: Db, issuer: string, subject: string) =>
  db.selectFrom('users').select(providerColumns).where('oidc_issuer', '=', issuer).where('oidc_subject', '=', subject).executeTakeFirst();

export const userByEmailForProvider = (db: Db, emailLower: string) => db.selectFrom('users').select(providerColumns).where(sql`lower(email)`, '=', emailLower).executeTakeFirst();

/** Links the identity only while the account is linked to none, so two sign-ins racing cannot both link it. */
export const linkProvider = async (trx: Db, userId: string, issuer: string, subject: string): Promise<boolean> => {
  const result = await trx.updateTable('users').set({ oidc_issuer: issuer, oidc_subject: subject }).where('id', '=', userId).where('oidc_subject', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
};

/** The identity an account is linked to now (read after a link that found it already linked). */
export const providerIdentityOf = (db: Db, userId: string) => db.selectFrom('users').select(['oidc_issuer', 'oidc_subject']).where('id', '=', userId).executeTakeFirstOrThrow();

export const emailLowerOf = (db: Db, userId: string) => db.selectFrom('users').select(sql<string>`lower(email)`.as('email_lower')).where('id', '=', userId).executeTakeFirstOrThrow();

export const lockedUntil = (db: Db, userId: string) => db.selectFrom('users').select('locked_until').where('id', '=', userId).executeTakeFirst();

export const lockUser = (db: Db, userId: string, until: Date) => db.updateTable('users').set({ locked_until: until }).where('id', '=', userId).execute();

export const unlockUser = (db: Db, userId: string) => db.updateTable('users').set({ locked_until: null }).where('id', '=', userId).execute();

export const passwordFacts = (db: Db, userId: string) => db.selectFrom('users').select(['password_hash', 'email', 'display_name']).where('id', '=', userId).executeTakeFirstOrThrow();

export const setPasswordHash = (trx: Db, userId: string, passwordHash: string) => trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();

// ---- Sign-in attempts ------------------------------------------------------------------------------------------------

export const insertSignInAttempt = (db: Db, values: Insertable<SignInAttemptsTable>) => db.insertInto('sign_in_attempts').values(values).execute();

/**
 * This address's failures since `since`, the oldest of them, and the failures across Harbour in that time (counted
 * no further than `overallCap`: only whether the surge limit is reached matters).
 */
export async function addressFailures(db: Db, addressKey: string, since: Date, overallCap: number) {
  const row = await sql<{ mine: number; oldest: Date | null; overall: number }>`
      select
        (select count(*) from sign_in_attempts where address_key = ${addressKey} and succeeded = false and at > ${since})::int as mine,
        (select min(at) from sign_in_attempts where address_key = ${addressKey} and succeeded = false and at > ${since}) as oldest,
        (select count(*) from (select 1 from sign_in_attempts where succeeded = false and at > ${since} limit ${overallCap}) as recent)::int as overall`.execute(db);
  return row.rows[0]!;
}

export const lastSuccessfulSignIn = (db: Db, emailLower: string) =>
  db.selectFrom('sign_in_attempts').select('at').where('email_lower', '=', emailLower).where('succeeded', '=', true).orderBy('at', 'desc').limit(1).executeTakeFirst();

export const failuresResetAt = (db: Db, emailLower: string) => db.selectFrom('users').select('failures_reset_at').where(sql`lower(email)`, '=', emailLower).executeTakeFirst();

export async function failedSignInsSince(db: Db, emailLower: string, since: Date): Promise<number> {
  const result = await db
    .selectFrom('sign_in_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('email_lower', '=', emailLower)
    .where('succeeded', '=', false)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(result.n);
}

// ---- Sessions --------------------------------------------------------------------------------------------------------

export const insertSession = (db: Db, values: Insertable<SessionsTable>) => db.insertInto('sessions').values(values).execute();

export const deleteSession = (db: Db, idHash: string) => db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();

/** Deletes the session and answers whose it was (nothing when there was none). */
export const endSession = (db: Db, idHash: string) => db.deleteFrom('sessions').where('id_hash', '=', idHash).returning('user_id').executeTakeFirst();

export const deletePendingSessions = (db: Db, userId: string) => db.deleteFrom('sessions').where('user_id', '=', userId).where('pending', 'is not', null).execute();

/** Every session of the person but the one kept (if any), answering how many ended. */
export async function deleteOtherSessions(trx: Db, userId: string, keptIdHash: string | null): Promise<number> {
  let others = trx.deleteFrom('sessions').where('user_id', '=', userId);
  if (keptIdHash) others = others.where('id_hash', '<>', keptIdHash);
  return (await others.returning('id_hash').execute()).length;
}

export const deleteSessionsOf = (trx: Db, userId: string) => trx.deleteFrom('sessions').where('user_id', '=', userId).returning('id_hash').execute();

export const touchSession = (db: Db, idHash: string, at: Date) => db.updateTable('sessions').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute();

/** As touchSession, for a signed-in session only: a pending one is not kept alive. */
export const touchSignedInSession = (db: Db, idHash: string, at: Date) =>
  db.updateTable('sessions').set({ last_seen_at: at }).where('id_hash', '=', idHash).where('pending', 'is', null).execute();

// ---- API tokens ------------------------------------------------------------------------------------------------------

export const apiTokensOf = (db: Db, userId: string) =>
  db
    .selectFrom('api_tokens')
    .select([
      'id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at', 'expires_at', 'scope',
      sql<string[] | null>`(select array_agg(k.reference order by k.reference) from cases k where k.id = any(api_tokens.case_ids))`.as('case_references'),
    ])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();

export const insertApiToken = (trx: Db, values: Insertable<ApiTokensTable>) => trx.insertInto('api_tokens').values(values).returning('id').executeTakeFirstOrThrow();

export const revokeApiToken = (trx: Db, userId: string, tokenId: string, at: Date) =>
  trx.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', tokenId).where('user_id', '=', userId).where('revoked_at', 'is', null).returning('id').executeTakeFirst();

/** Revokes every live token of the person, answering which. */
export const revokeApiTokensOf = (trx: Db, userId: string, at: Date) =>
  trx.updateTable('api_tokens').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).returning('id').execute();

export const liveApiToken = (db: Db, tokenHash: string) =>
  db.selectFrom('api_tokens').select(['id', 'user_id', 'last_used_at', 'expires_at', 'scope', 'case_ids']).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).executeTakeFirst();

export const touchApiToken = (db: Db, tokenId: string, at: Date) => db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', tokenId).execute();

/** The cases with these references (upper case), whatever their case: the caller decides which the person may open. */
export const casesByReference = (db: Db, references: readonly string[]) =>
  db.selectFrom('cases').select(['id', 'reference', 'child_id', 'local_authority_id']).where(sql`upper(reference)`, 'in', references).execute();

// ---- Second factors --------------------------------------------------------------------------------------------------

export const secondFactorConfirmedAt = (db: Db, userId: string) => db.selectFrom('second_factors').select('confirmed_at').where('user_id', '=', userId).executeTakeFirst();

export const enrolledSecondFactor = (trx: Db, userId: string) => trx.selectFrom('second_factors').select('confirmed_at').where('user_id', '=', userId).executeTakeFirstOrThrow();

export const secondFactorForCode = (db: Db, userId: string) =>
  db.selectFrom('second_factors').select(['secret', 'confirmed_at', 'last_used_step', 'failures_since_success']).where('user_id', '=', userId).executeTakeFirst();

export const secondFactorSecret = (db: Db, userId: string) => db.selectFrom('second_factors').select(['secret', 'confirmed_at']).where('user_id', '=', userId).executeTakeFirst();

export const secondFactorWithCodesLeft = (db: Db, userId: string) =>
  db
    .selectFrom('second_factors')
    .select([
      'confirmed_at',
      sql<number>`(select count(*) from second_factor_recovery_codes c where c.user_id = second_factors.user_id and c.used_at is null)`.as('codes_left'),
    ])
    .where('user_id', '=', userId)
    .executeTakeFirst();

export const countCodeFailure = (db: Db, userId: string) =>
  db.updateTable('second_factors').set((eb) => ({ failures_since_success: eb('failures_since_success', '+', 1) })).where('user_id', '=', userId).execute();

/** Records the step as used only if no later step was used first, in the one statement: answers nothing if one was. */
export const claimTotpStep = (db: Db, userId: string, step: number) =>
  db
    .updateTable('second_factors')
    .set({ last_used_step: step, failures_since_success: 0 })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
    .returning('user_id')
    .executeTakeFirst();

export const resetCodeFailures = (db: Db, userId: string) => db.updateTable('second_factors').set({ failures_since_success: 0 }).where('user_id', '=', userId).execute();

/** A new secret unless the person already has one (answers nothing then). */
export const insertSecondFactorIfNone = (trx: Db, userId: string, secret: string, at: Date) =>
  trx.insertInto('second_factors').values({ user_id: userId, secret, created_at: at }).onConflict((oc) => oc.column('user_id').doNothing()).returning('user_id').executeTakeFirst();

export const confirmSecondFactor = (trx: Db, userId: string, at: Date) =>
  trx.updateTable('second_factors').set({ confirmed_at: at }).where('user_id', '=', userId).where('confirmed_at', 'is', null).returning('user_id').executeTakeFirst();

/** Deletes the person's second factor, answering when it had been confirmed (nothing when there was none). */
export const deleteSecondFactor = (trx: Db, userId: string) => trx.deleteFrom('second_factors').where('user_id', '=', userId).returning('confirmed_at').executeTakeFirst();

export const deleteRecoveryCodes = (trx: Db, userId: string) => trx.deleteFrom('second_factor_recovery_codes').where('user_id', '=', userId).execute();

export const insertRecoveryCodes = (trx: Db, userId: string, codeHashes: readonly string[]) =>
  trx
    .insertInto('second_factor_recovery_codes')
    .values(codeHashes.map((codeHash) => ({ user_id: userId, code_hash: codeHash })))
    .execute();

/** The person's unused recovery codes, only while their second factor is confirmed. */
export const unusedRecoveryCodes = (db: Db, userId: string) =>
  db
    .selectFrom('second_factor_recovery_codes')
    .innerJoin('second_factors', 'second_factors.user_id', 'second_factor_recovery_codes.user_id')
    .select(['second_factor_recovery_codes.id', 'second_factor_recovery_codes.code_hash'])
    .where('second_factor_recovery_codes.user_id', '=', userId)
    .where('second_factor_recovery_codes.used_at', 'is', null)
    .where('second_factors.confirmed_at', 'is not', null)
    .execute();

/** Marks the code used unless a racing request used it first (answers nothing then). */
export const useRecoveryCode = (db: Db, codeId: number, at: Date) =>
  db.updateTable('second_factor_recovery_codes').set({ used_at: at }).where('id', '=', codeId).where('used_at', 'is', null).returning('id').executeTakeFirst();

export const passwordHashOf = (db: Db, userId: string) => db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow();

export const insertSecondFactorReset = (trx: Db, values: Insertable<SecondFactorResetsTable>) => trx.insertInto('second_factor_resets').values(values).returning('id').executeTakeFirstOrThrow();
