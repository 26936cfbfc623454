// A clock that can start but never stop always goes overdue; one whose start nothing sends never runs. Both are
// defects, so Harbour refuses to start with a profile that names an event no capability sends (issue 11).
import type { TimescaleEvent } from './enums.ts';
import type { Profile } from './schema.ts';

/** Each capability that sends clock events, by name, with the events its code sends. */
export type ClockEventSenders = Readonly<Record<string, readonly TimescaleEvent[]>>;

export type UnreachableEvent = {
  profileId: string;
  ruleId: string;
  ruleLabel: string;
  side: 'start' | 'stop';
  event: TimescaleEvent;
};

/** Every event named by a timescale rule (whether or not it has a number) that no capability sends. */
export function unreachableEvents(profiles: readonly Pick<Profile, 'id' | 'timescales'>[], senders: ClockEventSenders): UnreachableEvent[] {
  const sent = new Set(Object.values(senders).flat());
  const missing: UnreachableEvent[] = [];
  for (const profile of profiles) {
    for (const rule of profile.timescales) {
      for (const [side, event] of [['start', rule.startsOn], ['stop', rule.stopsOn]] as const) {
        if (!sent.has(event)) missing.push({ profileId: profile.id, ruleId: rule.id, ruleLabel: rule.label, side, event });
      }
    }
  }
  return missing;
}

/** Which capabilities send an event: the answer to "who stops this clock?". */
export function sendersOf(event: TimescaleEvent, senders: ClockEventSenders): string[] {
  return Object.entries(senders)
    .filter(([, events]) => events.includes(event))
    .map(([owner]) => owner);
}

export class UnreachableClockError extends Error {
  readonly unreachable: readonly UnreachableEvent[];

  constructor(unreachable: readonly UnreachableEvent[]) {
    super(
      `A procedure profile names clock events that nothing in Harbour sends, so these clocks could never start or stop:\n` +
        unreachable
          .map((u) => `  - ${u.profileId}: timescale "${u.ruleId}" (${u.ruleLabel}) ${u.side === 'start' ? 'starts' : 'stops'} on "${u.event}", which no capability sends`)
          .join('\n') +
        '\nAdd the event to the capability that records it (its CLOCK_EVENTS_SENT), or change the profile.',
    );
    this.name = 'UnreachableClockError';
    this.unreachable = unreachable;
  }
}

export function assertEveryClockReachable(profiles: readonly Pick<Profile, 'id' | 'timescales'>[], senders: ClockEventSenders): void {
  const missing = unreachableEvents(profiles, senders);
  if (missing.length) throw new UnreachableClockError(missing);
}
