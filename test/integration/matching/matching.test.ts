import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { findPossibleMatches } from '../../../src/features/matching/service.ts';
import { candidateQuery, withSearchSettings } from '../../../src/features/matching/queries.ts';
import type { MatchCriteria } from '../../../src/features/matching/service.ts';

const now = new Date('2026-03-01T12:00:00Z');

describe(`"Known to services?": matching a described child (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  const match = (criteria: Omit<MatchCriteria, 'now'>, limit?: number) => findPossibleMatches(harbour.db, { ...criteria, now }, limit);

  before(async () => {
    harbour = await startTestHarbour();
    // A namesake of Jade Thompson, younger and elsewhere; and a child recorded only by a nickname.
    await harbour.db
      .insertInto('children')
      .values([
        { local_authority_id: 'camden', given_name: 'Jade', family_name: 'Thomson', date_of_birth: '2015-06-01', postcode: 'N19 5AA' },
        { local_authority_id: 'camden', given_name: null, family_name: null, known_as: 'Smudge', approximate_age: 14 },
      ])
      .execute();
  });
  after(async () => {
    await harbour?.stop();
  });

  it('a misspelt name finds the child, with the reason in plain words', async () => {
    const [first] = await match({ givenName: 'Jayde', familyName: 'Tompson' });
    assert.equal(first?.givenName, 'Jade');
    assert.equal(first?.familyName, 'Thompson');
    assert.ok(first!.reasons.includes('name similar to "Jade Thompson"'), first!.reasons.join('; '));
    assert.ok(first!.score > 0 && first!.score <= 1);

    const [tyler] = await match({ givenName: 'Tylor', familyName: 'Okafur' });
    assert.equal(tyler?.familyName, 'Okafor');

    // A slip in both names (similarity 0.33): found by the wider second look.
    const [kayleigh] = await match({ givenName: 'Kaylie', familyName: 'Broun' });
    assert.equal(kayleigh?.caseReference, 'CSE-0004');
    assert.deepEqual(kayleigh?.reasons, ['name similar to "Kayleigh Brown"']);
  });

  it('a nickname alone finds the child: known-as, alias, or a first name without a family name', async () => {
    const [jj] = await match({ knownAs: 'JJ' });
    assert.equal(jj?.caseReference, 'CSE-0001');
    assert.deepEqual(jj?.reasons, ['name similar to known-as "JJ"']);

    const [jayjay] = await match({ givenName: 'Jayjay' });
    assert.equal(jayjay?.caseReference, 'CSE-0001');
    assert.deepEqual(jayjay?.reasons, ['name similar to alias "Jayjay"']);

    const [kay] = await match({ knownAs: 'Kay' });
    assert.equal(kay?.givenName, 'Kayleigh');

    const jade = await match({ givenName: 'Jade' });
    assert.deepEqual(jade.map((m) => m.familyName).sort(), ['Thompson', 'Thomson']);

    const [smudge] = await match({ knownAs: 'smudge' });
    assert.equal(smudge?.knownAs, 'Smudge');
    assert.equal(smudge?.givenName, null);
    assert.equal(smudge?.caseId, null, 'a child without a case is still known');
  });

  it('a date of birth with part of a name ranks the right child first', async () => {
    const [first, second] = await match({ givenName: 'Jade', familyName: 'Thomson', dateOfBirth: '2011-03-14' });
    assert.equal(first?.caseReference, 'CSE-0001');
    assert.ok(first!.reasons.includes('same date of birth'));
    assert.equal(second?.familyName, 'Thomson');
    assert.ok(first!.score > second!.score);

    const [namesake] = await match({ givenName: 'Jade', familyName: 'Thompson', dateOfBirth: '2015-06-01' });
    assert.equal(namesake?.familyName, 'Thomson');

    const [ty] = await match({ givenName: 'Ty', dateOfBirth: '2010-09-02' });
    assert.equal(ty?.caseReference, 'CSE-0002');
    assert.ok(ty!.reasons.includes('same date of birth'));

    const [swapped] = await match({ familyName: 'Okafor', dateOfBirth: '2010-02-09' });
    assert.equal(swapped?.caseReference, 'CSE-0002');
    assert.ok(swapped!.reasons.includes('date of birth nearly the same'));

    const [dobOnly] = await match({ dateOfBirth: '2009-12-30' });
    assert.equal(dobOnly?.givenName, 'Kayleigh');
    assert.deepEqual(dobOnly?.reasons, ['same date of birth']);
  });

  it('age, school and postcode strengthen a match', async () => {
    const [kay] = await match({ knownAs: 'Kay', approximateAge: 16 });
    assert.ok(kay!.reasons.includes('age fits'));

    const [amira] = await match({ givenName: 'Amira', school: 'hampstead heath academy', postcode: 'nw3 4ab' });
    assert.equal(amira?.caseReference, 'CSE-0003');
    assert.deepEqual(amira?.reasons, ['name similar to "Amira Haddad"', 'same postcode', 'same school']);

    // A slip in both names, at the same postcode (written without its space).
    const [kayleigh] = await match({ givenName: 'Kaylie', familyName: 'Broun', postcode: 'NW45AB' });
    assert.equal(kayleigh?.caseReference, 'CSE-0004');
    assert.deepEqual(kayleigh?.reasons, ['name similar to "Kayleigh Brown"', 'same postcode']);

    const jades = await match({ givenName: 'Jade', postcode: 'N19 5AA' });
    assert.equal(jades[0]?.familyName, 'Thomson');
    assert.ok(jades[0]!.reasons.includes('same postcode'));

    const [smudge] = await match({ knownAs: 'Smudge', approximateAge: 15 });
    assert.ok(smudge!.reasons.includes('age fits'));
  });

  it('results carry the case reference, team and allocated worker', async () => {
    const [jade] = await match({ givenName: 'Jade', familyName: 'Thompson' });
    assert.equal(jade?.caseReference, 'CSE-0001');
    assert.equal(jade?.caseStatus, 'open');
    assert.equal(jade?.teamName, 'Children in Need North');
    assert.equal(jade?.allocatedWorker, 'Sam Worker');
    assert.equal(jade?.dateOfBirth, '2011-03-14');
    assert.equal(jade?.knownAs, 'JJ');
    const ids = await harbour.db.selectFrom('cases').select(['id', 'child_id']).where('reference', '=', 'CSE-0001').executeTakeFirstOrThrow();
    assert.equal(jade?.caseId, ids.id);
    assert.equal(jade?.childId, ids.child_id);

    const [kayleigh] = await match({ givenName: 'Kayleigh', familyName: 'Brown' });
    assert.equal(kayleigh?.caseReference, 'CSE-0004');
    assert.equal(kayleigh?.allocatedWorker, null, 'nobody allocated');
  });

  it('an unknown child, or nothing to search on, gives no matches', async () => {
    assert.deepEqual(await match({ givenName: 'Zebedee', familyName: 'Quartermaine' }), []);
    assert.deepEqual(await match({ givenName: 'Zebedee', dateOfBirth: '2001-01-01' }), []);
    assert.deepEqual(await match({}), []);
    assert.deepEqual(await match({ postcode: 'NW1 2AB', school: 'Hampstead Heath Academy', approximateAge: 12 }), []);
    assert.deepEqual(await match({ givenName: 'J' }), []);
  });

  it('limit and local authority', async () => {
    assert.equal((await match({ givenName: 'Jade' }, 1)).length, 1);
    assert.equal((await match({ givenName: 'Jade', localAuthorityId: 'camden' })).length, 2);
    assert.deepEqual(await match({ givenName: 'Jade', localAuthorityId: 'somewhere-else' }), []);
  });

  it('inside a caller’s transaction, the search settings are put back afterwards', async () => {
    await harbour.db.transaction().execute(async (trx) => {
      const setting = async () =>
        (await sql<{ s: string; w: string; e: string }>`select current_setting('pg_trgm.similarity_threshold') as s,
          current_setting('pg_trgm.word_similarity_threshold') as w, current_setting('enable_seqscan') as e`.execute(trx)).rows[0];
      const before = await setting();
      const [first] = await findPossibleMatches(trx, { givenName: 'Jayde', familyName: 'Tompson', now });
      assert.equal(first?.caseReference, 'CSE-0001');
      assert.deepEqual(await setting(), before);
      assert.equal(before?.e, 'on');
    });
  });

  it('the candidate query can use the trigram and date-of-birth indexes (migration 0003)', async () => {
    const planOf = (criteria: Omit<MatchCriteria, 'now'>) =>
      withSearchSettings(harbour.db, async (trx) => {
        // The search runs with enable_seqscan off, so a sequential scan in the plan means an index does not
        // match the query (a drifted expression, a missing migration).
        const plan = await sql<{ 'QUERY PLAN': string }>`explain ${candidateQuery({ ...criteria, now })!}`.execute(trx);
        return plan.rows.map((r) => r['QUERY PLAN']).join('\n');
      });
    const fullName = await planOf({ givenName: 'Jayde', familyName: 'Tompson' });
    assert.match(fullName, /children_full_name_trgm/);
    assert.match(fullName, /children_known_as_trgm/);
    assert.match(fullName, /child_aliases_alias_trgm/);
    assert.doesNotMatch(fullName, /Seq Scan on child/);
    const oneWord = await planOf({ knownAs: 'Kay' });
    assert.match(oneWord, /children_full_name_trgm/);
    assert.doesNotMatch(oneWord, /Seq Scan on child/);
    const dob = await planOf({ givenName: 'Ty', dateOfBirth: '2010-09-02' });
    assert.match(dob, /children_date_of_birth/);
    assert.doesNotMatch(dob, /Seq Scan on child/);
    const around = await planOf({ givenName: 'Kaylie', familyName: 'Broun', postcode: 'nw4 5ab', school: 'Hampstead Heath Academy', approximateAge: 16 });
    assert.match(around, /children_postcode/);
    assert.match(around, /children_school/);
    assert.doesNotMatch(around, /Seq Scan on child/);
  });
});
