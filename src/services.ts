// The composition root: every service is built here from the database and the configuration.
import type { Config } from './platform/config.ts';
import type { DatabaseHandle, Db } from './platform/database/connection.ts';
import { createAccountService } from './features/accounts/account-service.ts';
import type { AccountService } from './features/accounts/account-service.ts';
import { createNotifier } from './features/notifications/notifier.ts';
import type { Notifier } from './features/notifications/notifier.ts';

export type Services = {
  config: Config;
  db: Db;
  dbKind: DatabaseHandle['kind'];
  accounts: AccountService;
  notifier: Notifier;
  profileVocabulary: Record<string, string>;
  now: () => Date;
};

export function createServices(config: Config, handle: DatabaseHandle, options: { now?: () => Date } = {}): Services {
  const now = options.now ?? (() => new Date());
  return {
    config,
    db: handle.db,
    dbKind: handle.kind,
    accounts: createAccountService(handle.db, { idleTimeoutMinutes: config.idleTimeoutMinutes, now }),
    notifier: createNotifier(),
    profileVocabulary: {},
    now,
  };
}
