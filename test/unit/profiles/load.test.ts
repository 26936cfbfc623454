import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { isSilent } from '../../../src/domain/profiles/schema.ts';
import { PROFILE_IDS } from '../../../src/domain/profiles/ids.ts';
import { PROFILES_DIRECTORY, ProfileLoadError, loadAllProfiles, loadProfile } from '../../../src/profiles/index.ts';

const scratch = mkdtempSync(join(tmpdir(), 'harbour-profiles-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('loading the shipped profiles', () => {
  for (const id of PROFILE_IDS) {
    test(`${id} loads and validates`, () => {
      const profile = loadProfile(id);
      assert.equal(profile.id, id);
      assert.ok(profile.timescales.length > 0);
    });
  }

  test('loadAllProfiles returns all five in order', () => {
    assert.deepEqual(loadAllProfiles().map((p) => p.id), ['staffordshire', 'bedford-luton', 'ird', 'cambridgeshire', 'camden']);
  });

  test('only the numbers in the documents appear (PROCEDURES.md timescale table)', () => {
    const numeric = Object.fromEntries(
      loadAllProfiles().map((p) => [
        p.id,
        p.timescales.filter((r) => r.duration !== null).map((r) => `${r.id} ${r.duration?.amount} ${r.duration?.unit}`),
      ]),
    );
    assert.deepEqual(numeric, {
      staffordshire: [
        'first-response 24 hours',
        'initial-assessment 7 calendar-days',
        'strategy-meeting 2 working-days',
        'core-assessment 35 working-days',
        // staffordshire 23 names the s46 power, whose limit is the Act's 72 hours.
        'police-protection 72 hours',
      ],
      // bedford-luton 11.4 and its legislation table: police protection lasts up to 72 hours (Section 46).
      'bedford-luton': ['referral-to-social-care 24 hours', 'review-meeting 3 months', 'police-protection 72 hours'],
      ird: [],
      cambridgeshire: [],
      camden: [
        'written-confirmation 48 hours',
        'referrer-told-outcome 24 hours',
        'initial-assessment 7 calendar-days',
        'cse-referral-decision 24 hours',
        'cse-meeting 15 working-days',
        'review-meeting 3 months',
        // camden Part 3 §3.3: reviewed no later than three months, read as re-deciding the category.
        'risk-reassessment 3 months',
      ],
    });
  });

  test('every profile has the same twelve timescale steps, numeric or not', () => {
    const steps = loadAllProfiles().map((p) => p.timescales.map((r) => r.id));
    for (const s of steps) assert.deepEqual(s, steps[0]);
    assert.equal(steps[0]?.length, 12);
  });

  test('camden routes its 26 Appendix 2 wards to North (15) and South (11)', () => {
    const routing = loadProfile('camden').routing;
    assert.equal(routing.kind, 'by-ward');
    if (routing.kind !== 'by-ward') return;
    const wards = Object.entries(routing.wards);
    assert.equal(wards.length, 26);
    assert.equal(wards.filter(([, team]) => team === 'north').length, 15);
    assert.equal(wards.filter(([, team]) => team === 'south').length, 11);
    assert.equal(routing.wards['Frognal'], 'north');
    assert.equal(routing.wards['Kings Cross'], 'south');
    assert.equal(routing.wards['St Pancras'], 'south');
    assert.equal(routing.wards['Highgate'], 'north');
  });

  test('bedford-luton 7.14 and camden Part 3 §3.3 each list nine meeting outcomes', () => {
    const outcomes = (id: string, meeting: string) =>
      loadProfile(id).meetingTypes.find((m) => m.id === meeting)?.outcomes.map((o) => o.id);
    assert.equal(outcomes('bedford-luton', 'strategy-meeting')?.length, 9);
    assert.equal(outcomes('camden', 'catse-meeting')?.length, 9);
    assert.ok(outcomes('camden', 'catse-meeting')?.includes('criminal-action-against-child'));
    assert.ok(outcomes('bedford-luton', 'strategy-meeting')?.includes('conference-and-review-consultation'));
  });

  test('camden and bedford-luton vocabulary', () => {
    const camden = loadProfile('camden').vocabulary;
    assert.ok(!isSilent(camden.cseMeetingName) && camden.cseMeetingName.label === 'CATSE meeting');
    assert.ok(isSilent(camden.outOfHoursTeam));
    const bl = loadProfile('bedford-luton').vocabulary;
    assert.ok(!isSilent(bl.outOfHoursTeam) && bl.outOfHoursTeam.label === 'Emergency Duty Team');
  });

  test('camden shares one three-level risk matrix with nine domains', () => {
    const risk = loadProfile('camden').riskFramework;
    assert.ok(!isSilent(risk));
    if (isSilent(risk)) return;
    assert.deepEqual(risk.categories.map((c) => c.level), [1, 2, 3]);
    assert.equal(risk.domains?.length, 9);
  });
});

describe('loader errors', () => {
  test('an unknown id lists the valid ids', () => {
    assert.throws(
      () => loadProfile('islington'),
      (error: Error) => {
        assert.equal(
          error.message,
          'Unknown procedure profile "islington"; valid ids are: staffordshire, bedford-luton, ird, cambridgeshire, camden',
        );
        return true;
      },
    );
  });

  test('a broken file is refused with its path, the path inside it and the problem', () => {
    const data = JSON.parse(readFileSync(join(PROFILES_DIRECTORY, 'camden.json'), 'utf8'));
    data.timescales[2].duration.unit = 'fortnights';
    data.routing.wards['Camden'] = 'east';
    writeFileSync(join(scratch, 'camden.json'), JSON.stringify(data));
    assert.throws(
      () => loadProfile('camden', { directory: scratch }),
      (error: unknown) => {
        assert.ok(error instanceof ProfileLoadError);
        assert.equal(error.file, join(scratch, 'camden.json'));
        assert.ok(error.message.startsWith(`Invalid procedure profile ${join(scratch, 'camden.json')}:`), error.message);
        assert.match(error.message, /camden\.json: timescales\[2\]\.duration\.unit: Invalid option: expected one of/);
        return true;
      },
    );
  });

  test('a routing error is reported once the schema is satisfied', () => {
    const data = JSON.parse(readFileSync(join(PROFILES_DIRECTORY, 'camden.json'), 'utf8'));
    data.routing.wards['Camden'] = 'east';
    writeFileSync(join(scratch, 'camden.json'), JSON.stringify(data));
    assert.throws(() => loadProfile('camden', { directory: scratch }), /camden\.json: routing\.wards\.Camden: routes to unknown team "east"/);
  });

  test('invalid JSON and a missing file', () => {
    writeFileSync(join(scratch, 'ird.json'), '{ "id": "ird", ');
    assert.throws(() => loadProfile('ird', { directory: scratch }), /ird\.json: \(root\): invalid JSON/);
    assert.throws(() => loadProfile('cambridgeshire', { directory: scratch }), /cambridgeshire\.json: \(root\): cannot read file/);
  });
});
