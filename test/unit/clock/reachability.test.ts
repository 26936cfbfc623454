// Issue 11: every clock that a profile can start can also stop. The senders are found from the code itself (every
// module under src/features that exports CLOCK_EVENTS_SENT), not from a list kept in this test.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, describe, test } from 'node:test';
import { TIMESCALE_EVENTS } from '../../../src/domain/profiles/enums.ts';
import type { TimescaleEvent } from '../../../src/domain/profiles/enums.ts';
import { UnreachableClockError, assertEveryClockReachable, sendersOf, unreachableEvents } from '../../../src/domain/profiles/reachability.ts';
import type { ClockEventSenders } from '../../../src/domain/profiles/reachability.ts';
import { loadAllProfiles } from '../../../src/profiles/index.ts';
import { CLOCK_EVENT_SENDERS } from '../../../src/services.ts';

const FEATURES = join(import.meta.dirname, '..', '..', '..', 'src', 'features');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module whose source declares the clock events it sends, with that declaration as the module exports it. */
const declared = new Map<string, readonly TimescaleEvent[]>();
before(async () => {
  for (const file of sourceFiles(FEATURES)) {
    if (!/^export const CLOCK_EVENTS_SENT\b/m.test(readFileSync(file, 'utf8'))) continue;
    const module = (await import(pathToFileURL(file).href)) as { CLOCK_EVENTS_SENT: readonly TimescaleEvent[] };
    declared.set(relative(FEATURES, file), module.CLOCK_EVENTS_SENT);
  }
});

describe('the senders of clock events', () => {
  test('every declaring module is registered at the composition root (src/services.ts), and nothing else is', () => {
    assert.ok(declared.size >= 3, `found only ${declared.size} modules declaring CLOCK_EVENTS_SENT`);
    const registered = Object.values(CLOCK_EVENT_SENDERS);
    for (const [file, events] of declared) {
      assert.ok(registered.includes(events), `${file} declares CLOCK_EVENTS_SENT but CLOCK_EVENT_SENDERS in src/services.ts does not list it`);
    }
    for (const [owner, events] of Object.entries(CLOCK_EVENT_SENDERS)) {
      assert.ok([...declared.values()].includes(events), `CLOCK_EVENT_SENDERS["${owner}"] is not any module's CLOCK_EVENTS_SENT`);
    }
  });

  test('a declared event is one of the fixed vocabulary (domain/profiles/enums.ts)', () => {
    for (const [file, events] of declared) {
      for (const event of events) assert.ok((TIMESCALE_EVENTS as readonly string[]).includes(event), `${file} sends unknown event ${event}`);
    }
  });

  test('a declaring module sends through its clocks sender (clocks.applyEvent)', () => {
    for (const [file, events] of declared) {
      const source = readFileSync(join(FEATURES, file), 'utf8');
      const calls = (source.match(/clocks\.applyEvent\(/g) ?? []).length;
      assert.ok(calls > 0, `${file} declares events but never calls clocks.applyEvent`);
      assert.ok(events.length > 0, `${file} declares no events`);
    }
  });
});

describe('every clock of every profile can start and stop', () => {
  for (const profile of loadAllProfiles()) {
    for (const rule of profile.timescales) {
      const where = rule.source ?? `${profile.id} (silent)`;
      test(`${profile.id} "${rule.id}" (${where}): some capability sends "${rule.startsOn}" and "${rule.stopsOn}"`, () => {
        const starters = sendersOf(rule.startsOn, CLOCK_EVENT_SENDERS);
        const stoppers = sendersOf(rule.stopsOn, CLOCK_EVENT_SENDERS);
        assert.ok(starters.length > 0, `nothing sends "${rule.startsOn}", so "${rule.label}" can never start`);
        assert.ok(stoppers.length > 0, `nothing sends "${rule.stopsOn}", so "${rule.label}" can never stop`);
      });
    }
  }

  test('the start-up check passes for the shipped profiles', () => {
    assert.doesNotThrow(() => assertEveryClockReachable(loadAllProfiles(), CLOCK_EVENT_SENDERS));
  });
});

describe('the start-up check', () => {
  const profile = { id: 'camden' as const, timescales: loadAllProfiles().find((p) => p.id === 'camden')!.timescales };
  const everything: ClockEventSenders = { all: TIMESCALE_EVENTS };

  test('passes when every named event has a sender', () => {
    assert.deepEqual(unreachableEvents([profile], everything), []);
  });

  test('names the profile, the rule, the side and the event that nothing sends', () => {
    const senders: ClockEventSenders = { all: TIMESCALE_EVENTS.filter((e) => e !== 'referral-confirmed-in-writing') };
    const missing = unreachableEvents([profile], senders);
    assert.deepEqual(missing.map((m) => [m.profileId, m.ruleId, m.side, m.event]), [['camden', 'written-confirmation', 'stop', 'referral-confirmed-in-writing']]);
    assert.throws(
      () => assertEveryClockReachable([profile], senders),
      (error: unknown) =>
        error instanceof UnreachableClockError &&
        /camden: timescale "written-confirmation" \(.+\) stops on "referral-confirmed-in-writing", which no capability sends/.test(error.message),
    );
  });

  test('a rule without a number still counts: its events must be sendable too', () => {
    const silent = { id: 'ird' as const, timescales: loadAllProfiles().find((p) => p.id === 'ird')!.timescales.filter((r) => r.duration === null) };
    assert.ok(silent.timescales.length > 0);
    const missing = unreachableEvents([silent], { none: [] });
    assert.equal(missing.length, silent.timescales.length * 2);
  });

  test('sendersOf names every capability that sends an event', () => {
    assert.deepEqual(sendersOf('review-meeting-held', { a: ['review-meeting-held'], b: [], c: ['review-meeting-held', 'cse-meeting-held'] }), ['a', 'c']);
  });
});

describe('the composition root runs the check', () => {
  test('createServices refuses to start when a profile names an event no capability sends', async () => {
    const { createServices } = await import('../../../src/services.ts');
    const { loadConfig } = await import('../../../src/platform/config.ts');
    const config = loadConfig({ NODE_ENV: 'test', HARBOUR_DATA_DIR: mkdtempSync(join(tmpdir(), 'harbour-reach-')), SESSION_SECRET: 'x'.repeat(40) });
    const handle = { db: null as never, kind: 'pglite' as const, close: async () => {} };
    const withoutAssessments = Object.fromEntries(Object.entries(CLOCK_EVENT_SENDERS).filter(([owner]) => owner !== 'assessments'));
    assert.throws(() => createServices(config, handle, { clockSenders: withoutAssessments }), (error: unknown) => error instanceof UnreachableClockError && /stops on "initial-assessment-completed", which no capability sends/.test(error.message));
    assert.doesNotThrow(() => createServices(config, handle));
  });
});
