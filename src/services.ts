// The composition root: every service is built here from the database and the configuration.
import type { Config } from './platform/config.ts';
import type { DatabaseHandle, Db } from './platform/database/connection.ts';
import { createAccountService } from './features/accounts/account-service.ts';
import type { AccountService } from './features/accounts/account-service.ts';
import { createSecondFactorService } from './features/accounts/second-factor-service.ts';
import type { SecondFactorService } from './features/accounts/second-factor-service.ts';
import { createNotifier } from './features/notifications/service.ts';
import { createProfileRegistry } from './features/profiles/profile-registry.ts';
import type { ProfileRegistry } from './features/profiles/profile-registry.ts';
import { createClockService } from './features/clocks/service.ts';
import { CLOCK_EVENT_SENDERS } from './features/index.ts';
import { assertEveryClockReachable } from './domain/profiles/reachability.ts';
import type { ClockEventSenders } from './domain/profiles/reachability.ts';
import type { ClockService } from './features/clocks/service.ts';
import { createContactService } from './features/contacts/contact-service.ts';
import type { ContactService } from './features/contacts/contact-service.ts';
import type { Notifier } from './features/notifications/service.ts';
import { createHeldSubmissionService } from './features/held-submissions/service.ts';
import type { HeldSubmissionService } from './features/held-submissions/service.ts';
import { createBreakGlassService } from './features/break-glass/service.ts';
import type { BreakGlassService } from './features/break-glass/service.ts';

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

/** `clockSenders` replaces the composition root's list of clock-event senders (tests of the start-up check only). */
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
