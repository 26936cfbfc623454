// Typed URL builders for the meeting pages, the Section 47 outcome and completing an action: every route, redirect,
// notification link and view-model link to them comes from here. Called with ':caseId' and ':meetingId' they give
// the routes' Express patterns, so a route and its links cannot drift apart.

/** The parts of the meeting page a link or redirect may land on (the ids of its sections). */
export type MeetingSection = 'actions' | 'minutes' | 'police-checks' | 'attendance';
/** The parts of the meetings list a link or redirect may land on. */
export type MeetingsListSection = 'actions' | 'section-47';

const hash = (section?: string) => (section ? `#${section}` : '');

const list = (caseId: string, section?: MeetingsListSection) => `/cases/${caseId}/meetings${hash(section)}`;
const meeting = (caseId: string, meetingId: string, section?: MeetingSection) => `/cases/${caseId}/meetings/${meetingId}${hash(section)}`;
const onMeeting = (suffix: string) => (caseId: string, meetingId: string) => `${meeting(caseId, meetingId)}/${suffix}`;

export const meetingsPaths = {
  list,
  /** The convene form, for one type of meeting, or with other children's case references (a joint meeting, issue 12). */
  convene: (caseId: string, query: { type?: string; linkedCases?: string } = {}) => {
    const params = [query.type === undefined ? '' : `type=${encodeURIComponent(query.type)}`, query.linkedCases === undefined ? '' : `linkedCases=${encodeURIComponent(query.linkedCases)}`].filter(Boolean);
    return `/cases/${caseId}/meetings/new${params.length ? `?${params.join('&')}` : ''}`;
  },
  meeting,
  policeChecks: onMeeting('police-checks'),
  attendance: onMeeting('attendance'),
  actions: onMeeting('actions'),
  shareMinutes: onMeeting('minutes/share'),
  reschedule: onMeeting('reschedule'),
  cancel: onMeeting('cancel'),
  record: onMeeting('record'),
  minutes: onMeeting('minutes'),
  minutesPdf: onMeeting('minutes.pdf'),
  section47: (caseId: string) => `/cases/${caseId}/section-47`,
  /** Completing a meeting's (or a decision's) action with its evidence. */
  completeAction: (caseId: string, actionId: string) => `/cases/${caseId}/actions/${actionId}/complete`,
};
