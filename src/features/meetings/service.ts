// Meetings from convening to minutes, their actions, and Section 47 outcomes: the one entry point routes.ts (and the
// features that cancel meetings or complete actions) import. Each use case lives in its own service-<use-case>.ts
// and is one transaction that writes its audit rows, chronology entries, clock events and notifications together;
// all SQL is in queries.ts. Callers have opened the case through openCase/openCasePage (the audited access gate)
// before calling here.
import type { Services } from '../../services.ts';
import type { Actor, AccessBasis } from '../../domain/access/access.ts';
import type { CaseHeader } from '../case-access/service.ts';
import { mayChange, mayManage } from './service-common.ts';
import { actionUseCases } from './service-actions.ts';
import { cancelUseCases } from './service-cancel.ts';
import { minutesUseCases } from './service-minutes.ts';
import { rescheduleUseCases } from './service-reschedule.ts';
import { schedulingUseCases } from './service-scheduling.ts';
import { section47UseCases } from './service-section47.ts';
import { viewUseCases } from './service-view.ts';

export type { FieldRefusal } from '../../platform/web/refusals.ts';
export { MeetingRefused, StaleMeeting, childAge, londonTimeOf } from './service-common.ts';

export function createMeetingService(services: Services) {
  return {
    mayManage,
    mayChange,
    mayConvene: (actor: Actor, kase: CaseHeader, basis: AccessBasis) => mayManage(actor, kase, basis),
    ...viewUseCases(services),
    ...schedulingUseCases(services),
    ...rescheduleUseCases(services),
    ...cancelUseCases(services),
    ...minutesUseCases(services),
    ...actionUseCases(services),
    ...section47UseCases(services),
  };
}

export type MeetingService = ReturnType<typeof createMeetingService>;
