// Issue 13's prompts on a person's My work page: under-13 exceptions to telling parents waiting for this manager's
// agreement, anonymous consultations waiting for the front door's or coordinator's answer, and disclosure scheme
// applications this officer handles, each a short list (a prompt, not a register).
import type { Services } from '../../services.ts';
import type { Actor } from '../../domain/access/access.ts';
import { childName } from '../../platform/web/child-name.ts';
import { createParentsService } from './service.ts';
import { createConsultationService } from '../consultations/service.ts';
import { createSchemeService } from '../disclosure-scheme/service.ts';
import { APPLICATION_STATUS_LABELS } from '../../domain/disclosure-scheme/scheme.ts';

export async function issue13Work(services: Services, actor: Actor) {
  const parents = createParentsService({ db: services.db, now: services.now });
  const consultations = createConsultationService({ db: services.db, now: services.now });
  const scheme = createSchemeService({ db: services.db, now: services.now });
  const [awaiting, waiting, handled, police] = await Promise.all([parents.awaitingAgreement(actor), consultations.waiting(actor), scheme.handledBy(actor), scheme.isPoliceActor(actor)]);
  return {
    parentsAwaiting: awaiting.map((p) => ({ ...p, childName: childName(p) })),
    consultationsWaiting: waiting,
    /** Police officers are led to the disclosure scheme's applications. */
    police,
    disclosures: handled.map((d) => ({ ...d, statusLabel: APPLICATION_STATUS_LABELS[d.status] })),
    /** The cases the lists name: each is a read of that child's record (audited by the page). */
    caseIds: awaiting.map((p) => p.case_id),
  };
}
