import { Migrator } from 'kysely/migration';
import type { Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';
import * as foundation from './migrations/0001-foundation.ts';
import * as clocks from './migrations/0002-clocks.ts';
import * as matchingIndexes from './migrations/0003-matching-indexes.ts';
import * as contacts from './migrations/0004-contacts.ts';
import * as actions from './migrations/0005-actions.ts';
import * as risk from './migrations/0006-risk.ts';
import * as meetings from './migrations/0007-meetings.ts';
import * as caseRecords from './migrations/0008-case-records.ts';
import * as plans from './migrations/0009-plans.ts';
import * as auditAppend from './migrations/0010-audit-append.ts';
import * as missingEpisodes from './migrations/0011-missing-episodes.ts';
import * as secondFactor from './migrations/0012-second-factor.ts';
import * as heldSubmissions from './migrations/0013-held-submissions.ts';
import * as meetingChanges from './migrations/0014-meeting-changes.ts';
import * as assessments from './migrations/0015-assessments.ts';
import * as frontDoorSteps from './migrations/0016-front-door-steps.ts';
import * as security from './migrations/0017-security.ts';
import * as intelligence from './migrations/0018-intelligence.ts';
import * as roles from './migrations/0019-roles.ts';
import * as intelligenceTies from './migrations/0020-intelligence-ties.ts';
import * as sharing from './migrations/0021-sharing.ts';
import * as parents from './migrations/0022-parents.ts';
import * as board from './migrations/0023-board.ts';
import * as caseAudits from './migrations/0024-case-audits.ts';
import * as lifecycle from './migrations/0025-lifecycle.ts';
import * as transferAndMerge from './migrations/0026-transfer-and-merge.ts';
import * as retention from './migrations/0027-retention.ts';
import * as singleSignOn from './migrations/0028-single-sign-on.ts';
import * as sharingPlans from './migrations/0029-sharing-plans.ts';
import * as justiceOutcomes from './migrations/0030-justice-outcomes.ts';

/** Migrations are listed here in order, so that a bundler-free start-up never depends on reading a folder. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-clocks': clocks,
  '0003-matching-indexes': matchingIndexes,
  '0004-contacts': contacts,
  '0005-actions': actions,
  '0006-risk': risk,
  '0007-meetings': meetings,
  '0008-case-records': caseRecords,
  '0009-plans': plans,
  '0010-audit-append': auditAppend,
  '0011-missing-episodes': missingEpisodes,
  '0012-second-factor': secondFactor,
  '0013-held-submissions': heldSubmissions,
  '0014-meeting-changes': meetingChanges,
  '0015-assessments': assessments,
  '0016-front-door-steps': frontDoorSteps,
  '0017-security': security,
  '0018-intelligence': intelligence,
  '0019-roles': roles,
  '0020-intelligence-ties': intelligenceTies,
  '0021-sharing': sharing,
  '0022-parents': parents,
  '0023-board': board,
  '0024-case-audits': caseAudits,
  '0025-lifecycle': lifecycle,
  '0026-transfer-and-merge': transferAndMerge,
  '0027-retention': retention,
  '0028-single-sign-on': singleSignOn,
  '0029-sharing-plans': sharingPlans,
  '0030-justice-outcomes': justiceOutcomes,
};

class ListedMigrations implements MigrationProvider {
  async getMigrations() {
    return MIGRATIONS;
  }
}

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new ListedMigrations() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
