// Domain events start and stop statutory clocks. Every later capability calls applyEvent inside its own
// transaction, so a clock starts or stops exactly when the event it answers is committed.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import { clockStatus, dueAt, makeCalendar } from '../../domain/clock/index.ts';
import type { Calendar, ClockStatus } from '../../domain/clock/index.ts';
import type { Duration } from '../../domain/clock/due.ts';
import type { TimescaleEvent } from '../../domain/profiles/enums.ts';
import { conditionHolds, rulesNoLongerRequired } from '../../domain/profiles/conditions.ts';
import type { ConditionFacts } from '../../domain/profiles/conditions.ts';
import type { ProfileRegistry } from '../profiles/service.ts';
import { clocksOf, extraBankHolidays, insertClock, stopClock, stopRunningClocks, stopRunningClocksOfRule } from './queries.ts';

export type ClockSubject = { caseId?: string | null; referralId?: string | null; childId?: string | null; localAuthorityId: string };

export type ClockEvent = {
  event: TimescaleEvent;
  at: Date;
  subject: ClockSubject;
  facts?: ConditionFacts;
  ownerUserId?: string | null;
  ownerTeam?: string | null;
};

export const CLOCK_STATUS_LABELS: Record<ClockStatus, string> = {
  running: 'Running',
  'due-soon': 'Due soon',
  overdue: 'Overdue',
  met: 'Met',
  'met-late': 'Met late',
};

export const CLOCK_STATUS_TAGS: Record<ClockStatus, string> = {
  running: 'govuk-tag--blue',
  'due-soon': 'govuk-tag--yellow',
  overdue: 'govuk-tag--red',
  met: 'govuk-tag--green',
  'met-late': 'govuk-tag--orange',
};

/** What one capability may send: `send` accepts only the events the capability declares in its CLOCK_EVENTS_SENT. */
export type ClockSender<E extends TimescaleEvent> = (db: Kysely<Database>, input: ClockEvent & { event: E }) => Promise<{ started: string[]; stopped: string[] }>;

export function createClockService(profiles: ProfileRegistry) {
  async function calendar(db: Kysely<Database>): Promise<Calendar> {
    const extras = await extraBankHolidays(db);
    return makeCalendar(extras.map((e) => e.date));
  }

  /** Stops the subject's running clocks that this event answers, then starts the clocks it begins. */
  async function applyEvent(db: Kysely<Database>, input: ClockEvent) {
    const profile = await profiles.forAuthority(db, input.subject.localAuthorityId);
    const stopRules = profile.timescales.filter((rule) => rule.stopsOn === input.event).map((rule) => rule.id);
    // A closed case answers nothing more: every clock still running on it stops, whatever its rule (issue 15).
    const stopsEveryClock = input.event === 'case-closed';
    let stopped: string[] = [];
    if ((stopRules.length || stopsEveryClock) && (input.subject.caseId || input.subject.referralId)) {
      stopped = await stopRunningClocks(db, input.subject, stopsEveryClock ? null : stopRules, input.at, input.event);
    }
    const startRules = profile.timescales.filter((rule) => rule.startsOn === input.event && rule.duration && conditionHolds(rule.condition, input.facts ?? {}));
    const started: string[] = [];
    if (startRules.length) {
      const cal = await calendar(db);
      for (const rule of startRules) {
        const row = await insertClock(db, {
          local_authority_id: input.subject.localAuthorityId,
          profile_id: profile.id,
          rule_id: rule.id,
          label: rule.label,
          source: rule.source ?? null,
          child_id: input.subject.childId ?? null,
          case_id: input.subject.caseId ?? null,
          referral_id: input.subject.referralId ?? null,
          started_at: input.at,
          due_at: dueAt(input.at, rule.duration!, cal),
          warning_hours: rule.warningHours ?? 0,
          owner_user_id: input.ownerUserId ?? null,
          owner_team: input.ownerTeam ?? null,
        });
        started.push(row.id);
      }
    }
    return { started, stopped };
  }

  return {
    calendar,

    /**
     * The only way to send clock events. A capability declares the events it sends (its CLOCK_EVENTS_SENT, which the
     * start-up check in services.ts reads) and gets a sender that the type checker holds to that declaration.
     */
    sender<const E extends readonly TimescaleEvent[]>(declared: E): ClockSender<E[number]> {
      return (db, input) => {
        // The type checker holds callers to the declaration; this holds anything that slipped past it (a cast).
        if (!declared.includes(input.event)) throw new Error(`Clock event "${input.event}" is not in this capability's CLOCK_EVENTS_SENT`);
        return applyEvent(db, input);
      };
    },

    /**
     * Stops, as not required, the subject's running clocks whose condition the new facts settle against them (camden
     * Part 3 §2: the 48-hour and 7-day clocks are for a child not known to social care). Not an event: nothing starts.
     */
    async withdrawNoLongerRequired(db: Kysely<Database>, subject: ClockSubject, facts: ConditionFacts, at: Date): Promise<string[]> {
      if (!subject.caseId && !subject.referralId) return [];
      const profile = await profiles.forAuthority(db, subject.localAuthorityId);
      const rules = rulesNoLongerRequired(profile.timescales, facts);
      if (!rules.length) return [];
      const stopped: string[] = [];
      for (const rule of rules) {
        stopped.push(...(await stopRunningClocksOfRule(db, subject, rule.id, at, `not-required:${rule.condition}`)));
      }
      return stopped;
    },

    /**
     * A clock whose timescale is a Harbour setting rather than a procedure's (no profile gives a number, so no profile
     * rule and no event): the capability that starts one stops it on every ending of what it times (issue 15: a
     * transfer request is answered within TRANSFER_RESPONSE_TIMESCALE; accepted, declined and withdrawn all stop it).
     */
    async startSettingClock(db: Kysely<Database>, input: { ruleId: string; label: string; source: string; duration: Duration; warningHours: number; at: Date; subject: ClockSubject; profileId: string; ownerUserId: string | null }): Promise<{ id: string; dueAt: Date }> {
      const due = dueAt(input.at, input.duration, await calendar(db));
      const row = await insertClock(db, {
        local_authority_id: input.subject.localAuthorityId, profile_id: input.profileId, rule_id: input.ruleId, label: input.label, source: input.source,
        child_id: input.subject.childId ?? null, case_id: input.subject.caseId ?? null, referral_id: input.subject.referralId ?? null,
        started_at: input.at, due_at: due, warning_hours: input.warningHours, owner_user_id: input.ownerUserId,
      });
      return { id: row.id, dueAt: due };
    },

    /** Stops one setting clock (see startSettingClock) if it is still running. */
    async stopSettingClock(db: Kysely<Database>, clockId: string, at: Date, reason: string): Promise<boolean> {
      return stopClock(db, clockId, at, reason);
    },

    /** Clocks for one case or referral, running ones first by due moment, then the stopped ones. */
    async forSubject(db: Kysely<Database>, subject: { caseId?: string; referralId?: string }, now: Date) {
      const rows = await clocksOf(db, subject);
      return rows.map((row) => withStatus(row, now));
    },
  };
}

export function withStatus<T extends { due_at: Date; stopped_at: Date | null; warning_hours: number }>(row: T, now: Date) {
  const status = clockStatus({ dueAt: row.due_at, stoppedAt: row.stopped_at, now, warningHours: row.warning_hours });
  return { ...row, status, statusLabel: CLOCK_STATUS_LABELS[status], statusTag: CLOCK_STATUS_TAGS[status] };
}

export type ClockService = ReturnType<typeof createClockService>;
