// Concerns and referrals from their arrival to the front door's decision: the one entry point routes.ts, the API
// and services.ts use, composed of one module per use case. Each use case is one transaction that writes its audit
// rows, chronology entries, clocks and notifications together.
import type { ContactDeps } from './service-recording.ts';
import { createRecording } from './service-recording.ts';
import { createReading } from './service-reading.ts';
import { createTriage } from './service-triage.ts';
import { createWrittenConfirmation } from './service-written-confirmation.ts';
import { createHandover } from './service-handover.ts';

export { ContactRefused, StaleContact } from './service-recording.ts';
export type { ContactKind } from './service-recording.ts';

export function createContactService(deps: ContactDeps) {
  return {
    ...createRecording(deps),
    ...createReading(deps),
    ...createTriage(deps),
    ...createWrittenConfirmation(deps),
    ...createHandover(deps),
  };
}

export type ContactService = ReturnType<typeof createContactService>;
