// Issue 16, single sign-on: two sign-ins that both find an account unlinked, by its verified e-mail, race to link
// their subject to it. Only the one that links may go on: the other is refused, or it would sign in to an account now
// linked to someone else ("once linked, the subject decides"). The race is made real in the database: a trigger
// links subject A at the moment subject B's link is written, and skips B's.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';

const ISSUER = 'https://idp.council.example';
const EMAIL = 'police@harbour.example';

describe(`single sign-on: two sign-ins racing to link one account (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  before(async () => {
    harbour = await startTestHarbour();
  });
  after(async () => {
    await harbour?.stop();
  });

  it('refuses the sign-in whose link lost the race, audits the refusal, and leaves the account linked to the winner', async () => {
    const db = harbour.db;
    const user = await db.selectFrom('users').select(['id', 'oidc_subject']).where('email', '=', EMAIL).executeTakeFirstOrThrow();
    assert.equal(user.oidc_subject, null);
    await sql`create function harbour_test_link_race() returns trigger language plpgsql as $$
      begin
        if new.oidc_subject = 'subject-b' and old.oidc_subject is null then
          update users set oidc_issuer = ${sql.lit(ISSUER)}, oidc_subject = 'subject-a' where id = old.id;
          return null;
        end if;
        return new;
      end $$`.execute(db);
    await sql`create trigger harbour_test_link_race before update on users for each row execute function harbour_test_link_race()`.execute(db);
    try {
      const audit = { ip: '127.0.0.1', requestId: null };
      const result = await harbour.services.accounts.signInWithProvider({ issuer: ISSUER, subject: 'subject-b', email: EMAIL, emailVerified: true, mfa: true }, 'email', audit);
      assert.deepEqual(result, { ok: false, code: 'unknown' });
      const after = await db.selectFrom('users').select(['oidc_issuer', 'oidc_subject']).where('id', '=', user.id).executeTakeFirstOrThrow();
      assert.deepEqual(after, { oidc_issuer: ISSUER, oidc_subject: 'subject-a' });
      const rows = await db.selectFrom('audit_events').select(['action', 'outcome', 'details']).where('entity_id', '=', user.id).where('action', 'in', ['sign-in', 'account.provider-linked']).orderBy('id', 'desc').limit(1).execute();
      assert.equal(rows[0]?.action, 'sign-in');
      assert.equal(rows[0]?.outcome, 'denied');
      assert.equal((rows[0]!.details as { reason?: string }).reason, 'subject-mismatch');
      const sessions = await db.selectFrom('sessions').select('id_hash').where('user_id', '=', user.id).execute();
      assert.equal(sessions.length, 0, 'no session for the loser');
      // The winner's identity still signs in.
      const winner = await harbour.services.accounts.signInWithProvider({ issuer: ISSUER, subject: 'subject-a', email: EMAIL, emailVerified: true, mfa: true }, 'email', audit);
      assert.equal(winner.ok, true);
    } finally {
      await sql`drop trigger harbour_test_link_race on users`.execute(db);
      await sql`drop function harbour_test_link_race()`.execute(db);
    }
  });
});
