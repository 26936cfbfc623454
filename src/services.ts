// The services' half of the composition root (src/composition.ts has the rest): every service is built here from the
// database and the configuration.
import type { Config } from './platform/config.ts';
import type { DatabaseHandle, Db } from './platform/database/connection.ts';
import { createAccountService } from './features/accounts/service.ts';
import type { AccountService } from './features/accounts/service.ts';
import { createSecondFactorService } from './features/second-factor/service.ts';
import type { SecondFactorService } from './features/second-factor/service.ts';
import { createNotifier } from './features/notifications/service.ts';
import { createProfileRegistry } from './features/profiles/service.ts';
import type { ProfileRegistry } from './features/profiles/service.ts';
import { createClockService } from './features/clocks/service.ts';
import { assertEveryClockReachable } from './domain/profiles/reachability.ts';
import type { ClockEventSenders } from './domain/profiles/reachability.ts';
import type { ClockService } from './features/clocks/service.ts';
import { createContactService } from './features/contacts/service.ts';
import type { ContactService } from './features/contacts/service.ts';
import { CLOCK_EVENTS_SENT as CONTACT_CLOCK_EVENTS } from './features/contacts/service-recording.ts';
import type { Notifier } from './features/notifications/service.ts';
import { createHeldSubmissionService } from './features/held-submissions/service.ts';
import type { HeldSubmissionService } from './features/held-submissions/service.ts';
import { createBreakGlassService } from './features/break-glass/service.ts';
import type { BreakGlassService } from './features/break-glass/service.ts';
import { CLOCK_EVENTS_SENT as RISK_CLOCK_EVENTS } from './features/risk/service-categories.ts';
import { CLOCK_EVENTS_SENT as MEETING_CLOCK_EVENTS } from './features/meetings/service-minutes.ts';
import { CLOCK_EVENTS_SENT as ASSESSMENT_CLOCK_EVENTS } from './features/assessments/service-workflow.ts';
import { CLOCK_EVENTS_SENT as POLICE_PROTECTION_CLOCK_EVENTS } from './features/police-protection/service.ts';
import { CLOCK_EVENTS_SENT as LIFECYCLE_CLOCK_EVENTS } from './features/case-lifecycle/service.ts';

/**
 * Every capability that sends clock events, with what it sends. createServices refuses to start when a profile names
 * an event that none of these sends; test/unit/clock/reachability.test.ts finds every module that declares
 * CLOCK_EVENTS_SENT and fails if one is missing here.
 */
export const CLOCK_EVENT_SENDERS: ClockEventSenders = {
  'front door (contacts)': CONTACT_CLOCK_EVENTS,
  'CSE referrals and risk categories (risk)': RISK_CLOCK_EVENTS,
  meetings: MEETING_CLOCK_EVENTS,
  'police protection': POLICE_PROTECTION_CLOCK_EVENTS,
  assessments: ASSESSMENT_CLOCK_EVENTS,
  'closing a case (case lifecycle)': LIFECYCLE_CLOCK_EVENTS,
};

export type Services = {
  config: Config;
  db: Db;
  dbKind: DatabaseHandle['kind'];
  accounts: AccountService;
  secondFactors: SecondFactorService;
  notifier: Notifier;
  profiles: ProfileRegistry;
  clocks: ClockService;
  contacts: ContactService;
  heldSubmissions: HeldSubmissionService;
  breakGlass: BreakGlassService;
  now: () => Date;
};

/** `clockSenders` replaces the list of clock-event senders above (tests of the start-up check only). */
export function createServices(config: Config, handle: DatabaseHandle, options: { now?: () => Date; clockSenders?: ClockEventSenders } = {}): Services {
  const now = options.now ?? (() => new Date());
  const profiles = createProfileRegistry(config.profileId);
  // A clock that nothing can start or stop is a defect: refuse to start rather than let it go overdue for ever.
  assertEveryClockReachable(profiles.all(), options.clockSenders ?? CLOCK_EVENT_SENDERS);
  const clocks = createClockService(profiles);
  const notifier = createNotifier();
  const accounts = createAccountService(handle.db, { idleTimeoutMinutes: config.idleTimeoutMinutes, requireSecondFactor: config.requireSecondFactor, now, addressSecret: config.sessionSecret });
  return {
    config,
    db: handle.db,
    dbKind: handle.kind,
    accounts,
    secondFactors: createSecondFactorService(handle.db, { accounts, now }),
    notifier,
    profiles,
    clocks,
    contacts: createContactService({ db: handle.db, profiles, clocks, notifier, now, secret: config.sessionSecret }),
    heldSubmissions: createHeldSubmissionService({ db: handle.db, now }),
    breakGlass: createBreakGlassService({ db: handle.db, now, notifier, calendar: clocks.calendar }),
    now,
  };
}
