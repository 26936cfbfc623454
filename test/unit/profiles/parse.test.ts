import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { formatPath, parseProfile } from '../../../src/domain/profiles/parse.ts';
import { PROFILES_DIRECTORY } from '../../../src/profiles/index.ts';

type Json = Record<string, any>;

function raw(id: string): Json {
  return JSON.parse(readFileSync(join(PROFILES_DIRECTORY, `${id}.json`), 'utf8'));
}

function errorsFor(data: unknown, fileName = 'camden.json'): string[] {
  const result = parseProfile(data, fileName);
  assert.equal(result.ok, false, 'expected the profile to be refused');
  return result.ok ? [] : result.errors;
}

function camdenRule(data: Json, id: string): { index: number; rule: Json } {
  const index = (data.timescales as Json[]).findIndex((r) => r.id === id);
  assert.ok(index >= 0);
  return { index, rule: data.timescales[index] };
}

describe('formatPath', () => {
  test('renders indexes, identifiers and awkward keys', () => {
    assert.equal(formatPath(['timescales', 2, 'duration', 'unit']), 'timescales[2].duration.unit');
    assert.equal(formatPath(['routing', 'wards', 'Hampstead Town']), 'routing.wards["Hampstead Town"]');
    assert.equal(formatPath([]), '(root)');
  });
});

describe('parseProfile accepts the shipped profiles', () => {
  for (const id of ['staffordshire', 'bedford-luton', 'ird', 'cambridgeshire', 'camden']) {
    test(id, () => {
      const result = parseProfile(raw(id), `${id}.json`);
      assert.deepEqual(result.ok ? [] : result.errors, []);
    });
  }
});

describe('parseProfile refuses broken profiles with file, path and problem', () => {
  test('an unknown duration unit', () => {
    const data = raw('camden');
    const { index, rule } = camdenRule(data, 'written-confirmation');
    rule.duration.unit = 'fortnights';
    const errors = errorsFor(data);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0]!, new RegExp(`^camden\\.json: timescales\\[${index}\\]\\.duration\\.unit: Invalid option: expected one of "hours"\\|"calendar-days"\\|"working-days"\\|"months"$`));
  });

  test('a timescale with a duration but no source', () => {
    const data = raw('camden');
    const { index, rule } = camdenRule(data, 'cse-meeting');
    delete rule.source;
    assert.deepEqual(errorsFor(data), [
      `camden.json: timescales[${index}].source: required: say which paragraph gives this timescale`,
    ]);
  });

  test('a vocabulary term without a source (reports the branch the author meant)', () => {
    const data = raw('camden');
    delete data.vocabulary.cseMeetingName.source;
    assert.deepEqual(errorsFor(data), [
      'camden.json: vocabulary.cseMeetingName.source: Invalid input: expected string, received undefined',
    ]);
  });

  test('a silent entry without its note', () => {
    const data = raw('camden');
    delete data.vocabulary.outOfHoursTeam.note;
    assert.deepEqual(errorsFor(data), [
      'camden.json: vocabulary.outOfHoursTeam.note: Invalid input: expected string, received undefined',
    ]);
  });

  test('a ward routed to an unknown team', () => {
    const data = raw('camden');
    data.routing.wards['Hampstead Town'] = 'east';
    assert.deepEqual(errorsFor(data), [
      'camden.json: routing.wards["Hampstead Town"]: routes to unknown team "east" (known teams: north, south)',
    ]);
  });

  test('a team nothing is routed to', () => {
    const data = raw('camden');
    data.routing.teams.push({ id: 'central', label: 'Central' });
    assert.deepEqual(errorsFor(data), ['camden.json: routing.teams[2].id: team "central" has nothing routed to it']);
  });

  test('a local authority routed to an unknown team, and an unknown local authority', () => {
    const data = raw('bedford-luton');
    data.routing.localAuthorities.luton = 'luton-mash';
    data.routing.localAuthorities.bedfordshire = 'intake-and-assessment';
    const errors = errorsFor(data, 'bedford-luton.json');
    assert.ok(errors.includes('bedford-luton.json: routing.localAuthorities.luton: routes to unknown team "luton-mash" (known teams: intake-and-assessment, initial-assessment-team)'), errors.join('\n'));
    assert.ok(errors.includes('bedford-luton.json: routing.localAuthorities.bedfordshire: unknown local authority "bedfordshire"'), errors.join('\n'));
  });

  test('an unknown start event', () => {
    const data = raw('staffordshire');
    data.timescales[1].startsOn = 'contact-recieved';
    const errors = errorsFor(data, 'staffordshire.json');
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /^staffordshire\.json: timescales\[1\]\.startsOn: Invalid option: expected one of "concern-identified"/);
  });

  test('a clock that stops on its own start event', () => {
    const data = raw('staffordshire');
    data.timescales[1].stopsOn = data.timescales[1].startsOn;
    assert.deepEqual(errorsFor(data, 'staffordshire.json'), [
      'staffordshire.json: timescales[1].stopsOn: must differ from startsOn ("contact-received")',
    ]);
  });

  test('a duplicate timescale id', () => {
    const data = raw('staffordshire');
    data.timescales[2].id = data.timescales[1].id;
    assert.deepEqual(errorsFor(data, 'staffordshire.json'), [
      'staffordshire.json: timescales[2].id: duplicate id "first-response" (first used at timescales[1].id)',
    ]);
  });

  test('a null duration that is neither silent nor qualitative (no invented numbers, no unexplained gaps)', () => {
    const data = raw('ird');
    delete data.timescales[0].qualitative;
    assert.deepEqual(errorsFor(data, 'ird.json'), [
      'ird.json: timescales[0].duration: is null: set "silent": true (with a note) or give the document\'s "qualitative" wording',
    ]);
  });

  test('a numeric rule without warningHours, and a silent rule with one', () => {
    const data = raw('staffordshire');
    delete data.timescales[1].warningHours;
    data.timescales[0].warningHours = 4;
    assert.deepEqual(errorsFor(data, 'staffordshire.json'), [
      'staffordshire.json: timescales[0].warningHours: only allowed when the rule has a duration',
      'staffordshire.json: timescales[1].warningHours: required when the rule has a duration',
    ]);
  });

  test('a misspelt key', () => {
    const data = raw('staffordshire');
    data.timescales[1].warnigHours = 4;
    assert.deepEqual(errorsFor(data, 'staffordshire.json'), ['staffordshire.json: timescales[1]: Unrecognized key: "warnigHours"']);
  });

  test('a source citing another document', () => {
    const data = raw('camden');
    const { index, rule } = camdenRule(data, 'cse-meeting');
    rule.source = 'staffordshire 29';
    assert.deepEqual(errorsFor(data), [
      `camden.json: timescales[${index}].source: must cite this document as "camden <paragraph>", got "staffordshire 29"`,
    ]);
  });

  test('a category condition in a profile without risk categories', () => {
    const data = raw('staffordshire');
    data.timescales[5].condition = 'category-2-or-3';
    assert.deepEqual(errorsFor(data, 'staffordshire.json'), [
      'staffordshire.json: timescales[5].condition: "category-2-or-3" needs a riskFramework with categories, but riskFramework is silent',
    ]);
  });

  test('an empty outcome list with no note', () => {
    const data = raw('staffordshire');
    delete data.meetingTypes[0].note;
    assert.deepEqual(errorsFor(data, 'staffordshire.json'), [
      'staffordshire.json: meetingTypes[0].outcomes: is empty: add a "note" saying the document is silent on it',
    ]);
  });

  test('a risk framework with a wrong level', () => {
    const data = raw('camden');
    data.riskFramework.categories[2].level = 4;
    assert.deepEqual(errorsFor(data), ['camden.json: riskFramework.categories[2].level: Invalid option: expected one of 1|2|3']);
  });

  test('an id that does not match the file name, and an unknown id', () => {
    assert.deepEqual(errorsFor(raw('camden'), 'bedford-luton.json'), [
      'bedford-luton.json: id: "camden" does not match the file name (expected "bedford-luton")',
    ]);
    const data = raw('camden');
    data.id = 'islington';
    assert.match(errorsFor(data)[0]!, /^camden\.json: id: Invalid option: expected one of "staffordshire"\|"bedford-luton"\|"ird"\|"cambridgeshire"\|"camden"$/);
  });

  test('not an object at all', () => {
    assert.deepEqual(errorsFor([], 'camden.json'), ['camden.json: (root): Invalid input: expected object, received array']);
  });
});
