// Shapes a procedure profile into what the "Procedure in force" page shows practitioners, in plain words.
import type { Profile, TimescaleRule } from '../../domain/profiles/schema.ts';
import { isSilent } from '../../domain/profiles/schema.ts';
import type { Duration } from '../../domain/clock/index.ts';

const EVENT_LABELS: Record<string, string> = {
  'concern-identified': 'the concern becomes apparent',
  'referral-made': 'the referral is made',
  'contact-received': 'the contact is received',
  'first-response-completed': 'the first response is completed',
  'referral-received': 'the referral is received',
  'phone-referral-received': 'an urgent telephone referral is received',
  'referral-confirmed-in-writing': 'the referral is confirmed in writing',
  'referrer-informed-of-outcome': 'the referrer is told the outcome',
  'initial-assessment-completed': 'the initial assessment is completed',
  'continuing-significant-harm-found': 'continuing risk of significant harm is found',
  'strategy-discussion-held': 'the strategy discussion is held',
  'strategy-meeting-held': 'the strategy meeting is held',
  'core-assessment-started': 'the core assessment starts',
  'core-assessment-completed': 'the core assessment is completed',
  'cse-referral-received': 'the CSE referral is received',
  'cse-referral-decided': 'the CSE referral is decided',
  'cse-category-decided': 'the risk category is decided',
  'cse-meeting-held': 'the CSE meeting is held',
  'initial-meeting-held': 'the initial meeting is held',
  'review-meeting-held': 'the review meeting is held',
};

const CONDITION_LABELS: Record<string, string> = {
  'category-2-or-3': 'Only for category 2 or 3',
  'unless-nfa-or-cp': 'Unless the outcome was no further action or child protection procedures',
  'child-not-known-to-social-care': 'Only when the child is not already known to children’s social care',
  'early-in-initial-assessment': 'Only when found early in the initial assessment',
};

export function eventLabel(event: string): string {
  return EVENT_LABELS[event] ?? event;
}

export function durationText(duration: Duration): string {
  const unit = {
    hours: ['hour', 'hours'],
    'calendar-days': ['day', 'days'],
    'working-days': ['working day', 'working days'],
    months: ['month', 'months'],
  }[duration.unit];
  return `${duration.amount} ${duration.amount === 1 ? unit[0] : unit[1]}`;
}

export function timescaleText(rule: TimescaleRule): string {
  if (rule.duration) return `Within ${durationText(rule.duration)}`;
  if (rule.qualitative) return `“${rule.qualitative}” (no number given)`;
  return 'The procedure gives no timescale';
}

type Term = Profile['vocabulary']['frontDoorTeam'];
const termText = (term: Term) => (isSilent(term) ? `Not named (${term.note})` : term.label);

export function procedureViewModel(profile: Profile) {
  const routing = profile.routing;
  return {
    id: profile.id,
    board: profile.board,
    documentTitle: profile.documentTitle,
    year: profile.year ?? profile.yearNote ?? 'Not dated',
    vocabulary: [
      { key: 'Front door team', value: termText(profile.vocabulary.frontDoorTeam), source: isSilent(profile.vocabulary.frontDoorTeam) ? '' : profile.vocabulary.frontDoorTeam.source },
      { key: 'Out-of-hours team', value: termText(profile.vocabulary.outOfHoursTeam), source: isSilent(profile.vocabulary.outOfHoursTeam) ? '' : profile.vocabulary.outOfHoursTeam.source },
      { key: 'CSE lead', value: termText(profile.vocabulary.cseLeadRole), source: isSilent(profile.vocabulary.cseLeadRole) ? '' : profile.vocabulary.cseLeadRole.source },
      { key: 'CSE meeting', value: termText(profile.vocabulary.cseMeetingName), source: isSilent(profile.vocabulary.cseMeetingName) ? '' : profile.vocabulary.cseMeetingName.source },
    ],
    vocabularyRows: vocabularyRows(profile),
    timescales: profile.timescales.map((rule) => ({
      id: rule.id,
      label: rule.label,
      timescale: timescaleText(rule),
      numeric: Boolean(rule.duration),
      from: eventLabel(rule.startsOn),
      until: eventLabel(rule.stopsOn),
      condition: rule.condition ? CONDITION_LABELS[rule.condition] : '',
      note: rule.note ?? '',
      source: rule.source ?? 'The procedure is silent',
    })),
    meetingTypes: profile.meetingTypes.map((m) => ({
      id: m.id,
      label: m.label,
      source: m.source,
      chair: isSilent(m.chair) ? `Not said (${m.chair.note})` : m.chair.label,
      invitees: m.invitees,
      purposes: m.purposes,
      outcomes: m.outcomes,
      attendanceCriteria: m.attendanceCriteria,
      note: m.note ?? '',
    })),
    planTypes: profile.planTypes,
    riskFramework: isSilent(profile.riskFramework) ? { silent: true as const, note: profile.riskFramework.note } : { silent: false as const, ...profile.riskFramework },
    channels: isSilent(profile.referral.channels) ? { silent: true as const, note: profile.referral.channels.note } : { silent: false as const, ...profile.referral.channels },
    minimumContent: isSilent(profile.referral.minimumContent) ? { silent: true as const, note: profile.referral.minimumContent.note } : { silent: false as const, ...profile.referral.minimumContent },
    routing: {
      kind: routing.kind,
      source: routing.source,
      teams: routing.kind === 'single' ? [routing.team] : routing.teams,
      wards:
        routing.kind === 'by-ward'
          ? routing.teams.map((team) => ({ team: team.label, wards: Object.entries(routing.wards).filter(([, t]) => t === team.id).map(([ward]) => ward).sort() }))
          : [],
    },
    decisions: [
      { label: 'Front-door decisions', list: profile.decisions.triage },
      { label: 'Section 47 outcomes', list: profile.decisions.section47Outcomes },
    ].map((d) => (isSilent(d.list) ? { label: d.label, silent: true, note: d.list.note, items: [] } : { label: d.label, silent: false, note: d.list.note ?? '', items: d.list.items })),
    notes: profile.notes ?? [],
  };
}

function vocabularyRows(profile: Profile) {
  const terms: [string, Term][] = [
    ['Front door team', profile.vocabulary.frontDoorTeam],
    ['Out-of-hours team', profile.vocabulary.outOfHoursTeam],
    ['CSE lead', profile.vocabulary.cseLeadRole],
    ['CSE meeting', profile.vocabulary.cseMeetingName],
  ];
  return terms.map(([key, term]) => ({ key: { text: key }, value: { text: isSilent(term) ? termText(term) : `${term.label} (${term.source})` } }));
}
