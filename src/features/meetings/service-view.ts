// What the meeting pages read: one meeting with everything its page shows, and the case's list of meetings.
// Information items are filtered by sharing level in SQL (queries.ts).
import type { Services } from '../../services.ts';
import type { Actor } from '../../domain/access/access.ts';
import { meetingTypeOf } from '../../domain/meetings/rules.ts';
import { notFound } from '../../platform/web/errors.ts';
import { actionsFor, casesOfMeeting, disagreementsOfMeeting, informationVisibleTo, inviteesOfMeeting, latestParentNotification, meetingForPage, meetingsOfCase, outcomesOfMeeting, outcomesOfMeetings } from './queries.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';

export function viewUseCases(services: Services) {
  const { db, profiles } = services;

  return {
    /** Everything the meeting page shows; information items are filtered by sharing level in SQL. */
    async view(actor: Actor, caseId: string, meetingId: string) {
      if (!isRecordId(meetingId)) throw notFound('Meeting');
      const meeting = await meetingForPage(db, meetingId, caseId);
      if (!meeting) throw notFound('Meeting');
      const [cases, invitees, outcomes, information, disagreements, actions] = await Promise.all([
        casesOfMeeting(db, meetingId),
        inviteesOfMeeting(db, meetingId),
        outcomesOfMeeting(db, meetingId),
        informationVisibleTo(db, actor, meetingId),
        disagreementsOfMeeting(db, meetingId),
        actionsFor(db, { sourceId: meetingId }),
      ]);
      const parentNotification = await latestParentNotification(db, meetingId, caseId);
      const profile = profiles.byId(meeting.profile_id);
      const type = meetingTypeOf(profile, meeting.meeting_type);
      return { meeting, profile, type, cases, invitees, outcomes, information, disagreements, actions, parentNotification };
    },

    async listForCase(caseId: string) {
      const rows = await meetingsOfCase(db, caseId);
      const outcomes = await outcomesOfMeetings(db, rows.map((r) => r.id));
      return rows.map((r) => ({
        ...r,
        typeLabel: meetingTypeOf(profiles.byId(r.profile_id), r.meeting_type)?.label ?? r.meeting_type,
        outcomes: outcomes.filter((o) => o.meeting_id === r.id).map((o) => o.label),
        caseCount: Number(r.case_count),
      }));
    },
  };
}
