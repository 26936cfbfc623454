// Issue 11: every clock of every profile is driven from its start to its stop through the pages, as practitioners
// would, on the database under test. The clocks come from the profiles themselves: a profile rule that no journey
// below can drive fails the test, so a new rule needs a new journey (and the code that sends its events).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, csrfTokenIn } from '../../support/http-client.ts';
import { addMonthsClamped, londonDateOf, londonInstant } from '../../../src/domain/clock/index.ts';
import { PROFILE_IDS } from '../../../src/domain/profiles/ids.ts';
import type { Profile, TimescaleEvent, TimescaleRule } from '../../../src/domain/profiles/index.ts';
import { REVIEW_ENDING_OUTCOMES } from '../../../src/domain/profiles/conditions.ts';
import { loadProfile } from '../../../src/profiles/index.ts';
import { SECTIONS_OF } from '../../../src/domain/assessments/kinds.ts';

/** Monday 16 November 2026, 10:30 London time: office hours, no bank holiday near. */
const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);

/** The error summary's messages, to say why a step was refused. */
const problems = (html: string) => [...(html.match(/govuk-error-summary__list[\s\S]*?<\/ul>/)?.[0] ?? '').matchAll(/<a [^>]*>([^<]*)<\/a>/g)].map((m) => m[1]).join('; ');

type Subject = { referralId?: string; caseId?: string };

/** What a journey can use: the Harbour of one profile, signed-in people, and small steps through the pages. */
class Practitioners {
  readonly harbour: TestHarbour;
  readonly profile: Profile;
  readonly users = new Map<string, string>();
  private readonly signedIn = new Map<string, Browserish>();

  constructor(harbour: TestHarbour, profile: Profile) {
    this.harbour = harbour;
    this.profile = profile;
  }

  async load() {
    for (const u of await this.harbour.db.selectFrom('users').select(['id', 'email']).execute()) this.users.set(u.email.split('@')[0]!, u.id);
  }

  /** Moving the clock ends idle sessions: everyone signs in again at the new time. */
  setClock(at: Date) {
    this.harbour.clock.set(at);
    this.signedIn.clear();
  }

  /** A day later (the next working day after MONDAY_MORNING): when a meeting convened "tomorrow" is held. */
  nextDay() {
    this.setClock(new Date(this.harbour.clock.now.getTime() + 86_400_000));
  }

  async as(who: string): Promise<Browserish> {
    let browser = this.signedIn.get(who);
    if (!browser) {
      browser = new Browserish(this.harbour.url);
      const res = await browser.signIn(`${who}@harbour.example`);
      assert.equal(res.status, 303, `${who} signs in`);
      this.signedIn.set(who, browser);
    }
    return browser;
  }

  id(who: string): string {
    const id = this.users.get(who);
    assert.ok(id, `demo user ${who}`);
    return id;
  }

  async contact(id: string) {
    return this.harbour.db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  /** A professional's formal referral about a new child (fourteen, not known to social care). */
  async referral(overrides: Record<string, string> = {}): Promise<string> {
    const key = overrides.idempotencyKey ?? randomUUID();
    const referrer = await this.as('referrer');
    const res = await referrer.submit('/referrals/new', '/referrals', {
      idempotencyKey: key,
      action: 'submit',
      channel: 'online',
      narrative: 'Picked up late at night by adults in cars; new phone and clothes.',
      childGivenName: `Test${key.slice(0, 6)}`,
      childFamilyName: 'Journey',
      childDateOfBirth: '12/04/2012',
      childAddress: '3 Test Street',
      dslConsulted: 'not-applicable',
      ...overrides,
    });
    assert.equal(res.status, 303, 'the referral is sent');
    const row = await this.harbour.db.selectFrom('contacts').select('id').where('idempotency_key', '=', key).executeTakeFirstOrThrow();
    return row.id;
  }

  /** The front door makes a new child record for the contact. */
  async identifyNewChild(contactId: string) {
    const frontDoor = await this.as('frontdoor');
    const page = await frontDoor.get(`/front-door/contacts/${contactId}`);
    assert.equal(page.status, 200);
    const res = await frontDoor.request('POST', `/front-door/contacts/${contactId}/identify`, { _csrf: csrfTokenIn(page.text), version: String((await this.contact(contactId)).version), identification: 'new-child' });
    assert.equal(res.status, 303, 'the child is identified');
  }

  /** The front door's triage decision; returns the case it opens, if any. */
  async decide(contactId: string, decision: string, extra: Record<string, string> = {}): Promise<string | null> {
    const frontDoor = await this.as('frontdoor');
    const page = await frontDoor.get(`/front-door/contacts/${contactId}`);
    const res = await frontDoor.request('POST', `/front-door/contacts/${contactId}/decision`, {
      _csrf: csrfTokenIn(page.text),
      version: String((await this.contact(contactId)).version),
      decision,
      reasons: 'Decided on the information given by the referrer and agency checks.',
      ...extra,
    });
    assert.equal(res.status, 303, `the front door decides ${decision}: ${res.status === 400 ? problems(res.text) : ''}`);
    return (await this.contact(contactId)).case_id;
  }

  /** A referral decided for an initial assessment, allocated to the demo social worker: a new case. */
  async caseFromTriage(decision = 'initial-assessment'): Promise<{ contactId: string; caseId: string }> {
    const contactId = await this.referral();
    await this.identifyNewChild(contactId);
    const caseId = await this.decide(contactId, decision, { allocatedWorkerId: this.id('social.worker') });
    assert.ok(caseId, 'the decision opens a case');
    return { contactId, caseId };
  }

  /** The social worker refers the case to the CSE coordinator; returns the referral's id. */
  async referToCoordinator(caseId: string): Promise<string> {
    const worker = await this.as('social.worker');
    const res = await worker.submit(`/cases/${caseId}/risk/referral/new`, `/cases/${caseId}/risk/referral`, { reason: 'Assessment shows regular overnight stays with older men.' });
    assert.equal(res.status, 303, 'the CSE referral is made');
    const row = await this.harbour.db.selectFrom('cse_referrals').select('id').where('case_id', '=', caseId).where('status', '=', 'awaiting').executeTakeFirstOrThrow();
    return row.id;
  }

  /** The coordinator accepts the CSE referral at a category. */
  async acceptReferral(caseId: string, referralId: string, category: 1 | 2 | 3 = 2) {
    const coordinator = await this.as('coordinator');
    const url = `/cases/${caseId}/risk/referrals/${referralId}/decision`;
    const page = await coordinator.get(url);
    assert.equal(page.status, 200);
    const caseVersion = /name="caseVersion" value="(\d+)"/.exec(page.text)![1]!;
    const referralVersion = /name="referralVersion" value="(\d+)"/.exec(page.text)?.[1] ?? '1';
    const res = await coordinator.request('POST', url, { _csrf: csrfTokenIn(page.text), decision: 'accept', category: String(category), rationale: 'Opportunistic exchange of sex for accommodation.', caseVersion, referralVersion });
    assert.equal(res.status, 303, 'the coordinator decides');
  }

  /** A case with a category decided by the coordinator (through a CSE referral). */
  async caseWithCategory(category: 1 | 2 | 3 = 2): Promise<string> {
    const { caseId } = await this.caseFromTriage();
    await this.acceptReferral(caseId, await this.referToCoordinator(caseId), category);
    return caseId;
  }

  /** The coordinator re-decides the category from the risk page. */
  async decideCategory(caseId: string, category: 1 | 2 | 3) {
    const coordinator = await this.as('coordinator');
    const form = `/cases/${caseId}/risk/category`;
    const page = await coordinator.get(form);
    assert.equal(page.status, 200);
    const caseVersion = /name="caseVersion" value="(\d+)"/.exec(page.text)![1]!;
    const res = await coordinator.request('POST', form, { _csrf: csrfTokenIn(page.text), category: String(category), rationale: 'Reviewed with the network: the picture has changed.', caseVersion, differsReason: 'The network has information that the indicators do not show.' });
    assert.equal(res.status, 303, 'the category is decided');
  }

  /** The social worker starts an assessment of a kind on the case (or from an initial assessment); returns its id. */
  async startAssessment(caseId: string, kind: 'initial' | 'core'): Promise<string> {
    const worker = await this.as('social.worker');
    const res = await worker.submit(`/cases/${caseId}/assessments/new?kind=${kind}`, `/cases/${caseId}/assessments`, { kind });
    assert.equal(res.status, 303, `the ${kind} assessment is started: ${problems(res.text)}`);
    const row = await this.harbour.db.selectFrom('assessments').select('id').where('case_id', '=', caseId).where('kind', '=', kind).orderBy('started_at', 'desc').executeTakeFirstOrThrow();
    return row.id;
  }

  /** The worker completes every section and submits it; a team manager authorises it. */
  async completeAssessment(caseId: string, assessmentId: string) {
    const kind = (await this.harbour.db.selectFrom('assessments').select('kind').where('id', '=', assessmentId).executeTakeFirstOrThrow()).kind as 'initial' | 'core';
    const version = async () => String((await this.harbour.db.selectFrom('assessments').select('version').where('id', '=', assessmentId).executeTakeFirstOrThrow()).version);
    const worker = await this.as('social.worker');
    const form = `/cases/${caseId}/assessments/${assessmentId}/edit`;
    const sections = Object.fromEntries(SECTIONS_OF[kind].flatMap((id) => [[id, `What the assessment found about ${id}.`], [`${id}Sharing`, 'network']]));
    const submitted = await worker.submit(form, form, { ...sections, version: await version(), action: 'submit' });
    assert.equal(submitted.status, 303, `the ${kind} assessment is submitted: ${problems(submitted.text)}`);
    const manager = await this.as('manager');
    const page = await manager.get(`/cases/${caseId}/assessments/${assessmentId}`);
    const res = await manager.request('POST', `/cases/${caseId}/assessments/${assessmentId}/authorise`, { _csrf: csrfTokenIn(page.text), version: await version() });
    assert.equal(res.status, 303, `the manager authorises the ${kind} assessment: ${problems(res.text)}`);
  }

  meetingType(typeId: string) {
    const type = this.profile.meetingTypes.find((m) => m.id === typeId);
    assert.ok(type, `${this.profile.id} has the meeting type ${typeId}`);
    return type;
  }

  /**
   * Convenes a meeting of a type for tomorrow, prepares what the procedure requires before it is held (police
   * checks, the family-attendance decision), moves to tomorrow and records it as held with outcomes that keep the
   * review cycle going.
   */
  async holdMeeting(caseId: string, typeId: string) {
    const type = this.meetingType(typeId);
    const tomorrow = londonDateOf(new Date(this.harbour.clock.now.getTime() + 86_400_000));
    const worker = await this.as('social.worker');
    const convened = await worker.submit(`/cases/${caseId}/meetings/new?type=${typeId}`, `/cases/${caseId}/meetings`, {
      meetingType: typeId,
      date: tomorrow,
      time: '10:00',
      venue: 'Civic centre, room 2',
      chairId: this.id('coordinator'),
      invitees: [this.id('social.worker'), this.id('police')],
    });
    assert.equal(convened.status, 303, `a ${typeId} is convened: ${convened.status === 400 ? problems(convened.text) : ''}`);
    const meeting = await this.harbour.db
      .selectFrom('meetings')
      .innerJoin('meeting_cases', 'meeting_cases.meeting_id', 'meetings.id')
      .select(['meetings.id'])
      .where('meeting_cases.case_id', '=', caseId)
      .where('meetings.status', '=', 'convened')
      .orderBy('meetings.scheduled_at', 'desc')
      .executeTakeFirstOrThrow();
    const page = `/cases/${caseId}/meetings/${meeting.id}`;
    const version = async () => String((await this.harbour.db.selectFrom('meetings').select('version').where('id', '=', meeting.id).executeTakeFirstOrThrow()).version);
    const view = await worker.get(page);
    if (/\/police-checks"/.test(view.text)) {
      const res = await worker.submit(page, `${page}/police-checks`, { version: await version(), subjects: ['child', 'family', 'significant-adults'] });
      assert.equal(res.status, 303, 'police checks are recorded');
    }
    if (type.attendanceCriteria) {
      const res = await worker.submit(page, `${page}/attendance`, { version: await version(), considered: type.attendanceCriteria.items.map((i) => i.id), childAttends: 'no', parentsAttend: 'no', reasons: 'Police investigation is at an early stage', whoWillInform: 'Social worker, by home visit the next day' });
      assert.equal(res.status, 303, 'the attendance decision is recorded');
    }
    this.nextDay();
    const chair = await this.as('social.worker');
    const invitees = await this.harbour.db.selectFrom('meeting_invitees').select('id').where('meeting_id', '=', meeting.id).execute();
    const ending = new Set<string>([...REVIEW_ENDING_OUTCOMES, 'section-47-enquiries']);
    const outcomes = type.outcomes.map((o) => o.id).filter((id) => !ending.has(id) && !/criminal|child-protection|no-further/.test(id)).slice(0, 1);
    const url = `${page}/record`;
    const form = await chair.get(url);
    // bedford-luton 7.15: the first meeting nominates a key professional, where the form asks for one.
    const keyProfessional: Record<string, string> = /name="keyProfessionalId"/.test(form.text) ? { keyProfessionalId: this.id('outreach') } : {};
    const recorded = await chair.submit(url, url, {
      ...keyProfessional,
      version: await version(),
      heldDate: londonDateOf(this.harbour.clock.now),
      heldTime: '10:00',
      ...Object.fromEntries(invitees.map((i) => [`attendance-${i.id}`, 'attended'])),
      purposes: type.purposes.map((p) => p.id).slice(0, 1),
      outcomes,
      decisionsSummary: 'Agreed the safety plan and who does what by when.',
      parentsTold: 'yes',
      parentsToldWhat: 'The concerns and the support plan',
      parentsToldBy: 'Allocated social worker',
      reviewDate: addMonthsClamped(londonDateOf(this.harbour.clock.now), 2),
    });
    assert.equal(recorded.status, 303, `the ${typeId} is recorded as held: ${recorded.status === 400 ? problems(recorded.text) : ''}`);
  }

  /** The meeting type that answers an event under this profile (the profile's own vocabulary). */
  meetingTypeFor(event: 'strategy-meeting-held' | 'cse-meeting-held' | 'review-meeting-held'): string {
    const ids = this.profile.meetingTypes.map((m) => m.id);
    const preference: Record<typeof event, string[]> = {
      'strategy-meeting-held': ['strategy-meeting'],
      'cse-meeting-held': ['catse-meeting', 'strategy-meeting', 'inter-agency-referral-discussion'],
      'review-meeting-held': ['review-meeting', 'catse-meeting', 'strategy-meeting', 'inter-agency-referral-discussion'],
    };
    const found = preference[event].find((id) => ids.includes(id));
    assert.ok(found, `${this.profile.id} has a meeting type that answers ${event}`);
    return found;
  }
}

/** How practitioners start a clock (its start event) and then stop it (its stop event), through the pages. */
type Journey = {
  starts: TimescaleEvent;
  stops: TimescaleEvent;
  start(p: Practitioners, rule: TimescaleRule): Promise<Subject>;
  stop(p: Practitioners, subject: Subject, rule: TimescaleRule): Promise<void>;
};

/** 'DD/MM/YYYY' and 'HH:MM' of a moment on London's clock, as the date and time fields take them. */
const londonFields = (at: Date) => {
  const [y, m, d] = londonDateOf(at).split('-');
  const hm = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  return { date: `${d}/${m}/${y}`, time: hm };
};

const JOURNEYS: Journey[] = [
  {
    // staffordshire 25; camden Part 3 §2: the referral starts the 7-day initial assessment; its authorisation stops it.
    starts: 'referral-received',
    stops: 'initial-assessment-completed',
    start: async (p) => {
      const { contactId, caseId } = await p.caseFromTriage('initial-assessment');
      return { referralId: contactId, caseId };
    },
    stop: async (p, s) => p.completeAssessment(s.caseId!, await p.startAssessment(s.caseId!, 'initial')),
  },
  {
    // staffordshire 31: the core assessment / Section 47 enquiry runs 35 working days from its start.
    starts: 'core-assessment-started',
    stops: 'core-assessment-completed',
    start: async (p) => {
      const { caseId } = await p.caseFromTriage('strategy-discussion');
      await p.startAssessment(caseId, 'core');
      return { caseId };
    },
    stop: async (p, s) => {
      const core = await p.harbour.db.selectFrom('assessments').select('id').where('case_id', '=', s.caseId!).where('kind', '=', 'core').executeTakeFirstOrThrow();
      await p.completeAssessment(s.caseId!, core.id);
    },
  },
  {
    // bedford-luton 2.8, 12.4: the referrer's draft says when the concern became apparent; sending it is the referral.
    starts: 'concern-identified',
    stops: 'referral-made',
    start: async (p) => {
      const key = randomUUID();
      const apparent = londonFields(new Date(p.harbour.clock.now.getTime() - 2 * 3_600_000));
      const referrer = await p.as('referrer');
      const draft = await referrer.submit('/referrals/new', '/referrals', { idempotencyKey: key, action: 'draft', narrative: 'Half written after the phone call', observedDate: apparent.date, observedTime: apparent.time });
      assert.equal(draft.status, 200, 'the draft is saved and shown again');
      const row = await p.harbour.db.selectFrom('contacts').select('id').where('idempotency_key', '=', key).executeTakeFirstOrThrow();
      return { referralId: row.id, key, apparent } as Subject;
    },
    stop: async (p, s) => {
      const { key, apparent } = s as Subject & { key: string; apparent: { date: string; time: string } };
      const id = await p.referral({ idempotencyKey: key, observedDate: apparent.date, observedTime: apparent.time });
      assert.equal(id, s.referralId, 'the draft is the referral sent');
    },
  },
  {
    // camden Part 3 §2: an urgent telephone referral, confirmed in writing on the CAF.
    starts: 'phone-referral-received',
    stops: 'referral-confirmed-in-writing',
    start: async (p) => ({ referralId: await p.referral({ channel: 'phone', urgent: 'yes' }) }),
    stop: async (p, s) => {
      const frontDoor = await p.as('frontdoor');
      const page = await frontDoor.get(`/front-door/contacts/${s.referralId}`);
      const arrived = londonFields(p.harbour.clock.now);
      const res = await frontDoor.request('POST', `/front-door/contacts/${s.referralId}/written-confirmation`, { _csrf: csrfTokenIn(page.text), version: String((await p.contact(s.referralId!)).version), arrivedDate: arrived.date, arrivedTime: arrived.time, form: 'caf', note: 'The signed CAF arrived by secure e-mail.' });
      assert.equal(res.status, 303, `the written confirmation is recorded: ${problems(res.text)}`);
    },
  },
  {
    // bedford-luton 11.4: police protection under s46, followed through to its outcome.
    starts: 'police-protection-started',
    stops: 'police-protection-ended',
    start: async (p) => {
      const { caseId } = await p.caseFromTriage();
      const worker = await p.as('social.worker');
      const page = await worker.get(`/cases/${caseId}/police-protection`);
      const taken = londonFields(new Date(p.harbour.clock.now.getTime() - 3_600_000));
      const res = await worker.request('POST', `/cases/${caseId}/police-protection`, { _csrf: csrfTokenIn(page.text), startedDate: taken.date, startedTime: taken.time, note: 'Taken from a hotel by the police.' });
      assert.equal(res.status, 303, `police protection is recorded: ${problems(res.text)}`);
      return { caseId };
    },
    stop: async (p, s) => {
      const protection = await p.harbour.db.selectFrom('police_protections').select(['id', 'version']).where('case_id', '=', s.caseId!).executeTakeFirstOrThrow();
      const frontDoor = await p.as('frontdoor');
      const url = `/cases/${s.caseId}/police-protection/${protection.id}/outcome`;
      const page = await frontDoor.get(url);
      const ended = londonFields(p.harbour.clock.now);
      const res = await frontDoor.request('POST', url, { _csrf: csrfTokenIn(page.text), version: String(protection.version), outcome: 'accommodated-s20', endedDate: ended.date, endedTime: ended.time });
      assert.equal(res.status, 303, `the outcome is recorded: ${problems(res.text)}`);
    },
  },
  {
    // camden Part 3 §3.3: the category is re-assessed at least every 3 months; the next decision stops the clock.
    starts: 'risk-category-recorded',
    stops: 'risk-category-reassessed',
    start: async (p) => ({ caseId: await p.caseWithCategory(2) }),
    stop: async (p, s) => {
      p.nextDay();
      await p.decideCategory(s.caseId!, 3);
    },
  },
  {
    starts: 'contact-received',
    stops: 'first-response-completed',
    start: async (p) => ({ referralId: await p.referral() }),
    stop: async (p, s) => {
      await p.identifyNewChild(s.referralId!);
      await p.decide(s.referralId!, 'no-further-action');
    },
  },
  {
    starts: 'referral-received',
    stops: 'referrer-informed-of-outcome',
    start: async (p) => ({ referralId: await p.referral() }),
    stop: async (p, s) => {
      await p.decide(s.referralId!, 'no-further-action');
    },
  },
  {
    starts: 'cse-referral-received',
    stops: 'cse-referral-decided',
    start: async (p) => {
      const { caseId } = await p.caseFromTriage();
      await p.referToCoordinator(caseId);
      return { caseId };
    },
    stop: async (p, s) => {
      const referral = await p.harbour.db.selectFrom('cse_referrals').select('id').where('case_id', '=', s.caseId!).where('status', '=', 'awaiting').executeTakeFirstOrThrow();
      await p.acceptReferral(s.caseId!, referral.id, 2);
    },
  },
  {
    starts: 'cse-category-decided',
    stops: 'cse-meeting-held',
    start: async (p) => ({ caseId: await p.caseWithCategory(2) }),
    stop: async (p, s) => p.holdMeeting(s.caseId!, p.meetingTypeFor('cse-meeting-held')),
  },
  {
    starts: 'continuing-significant-harm-found',
    stops: 'strategy-meeting-held',
    start: async (p) => ({ caseId: (await p.caseFromTriage('strategy-discussion')).caseId }),
    stop: async (p, s) => p.holdMeeting(s.caseId!, p.meetingTypeFor('strategy-meeting-held')),
  },
  {
    starts: 'initial-meeting-held',
    stops: 'review-meeting-held',
    start: async (p) => {
      // A CSE meeting follows the coordinator's category where the profile has one (camden's CATSE meeting); elsewhere
      // the strategy meeting that follows the front door's decision is the first meeting.
      const caseId = p.profile.meetingTypes.some((m) => m.id === 'catse-meeting') ? await p.caseWithCategory(2) : (await p.caseFromTriage('strategy-discussion')).caseId;
      await p.holdMeeting(caseId, p.meetingTypeFor('cse-meeting-held'));
      return { caseId };
    },
    stop: async (p, s) => p.holdMeeting(s.caseId!, p.meetingTypeFor('review-meeting-held')),
  },
];

/** The clocks that can run under a profile: the rules with a number (a rule without one never starts a clock). */
const clocksOf = (profile: Profile) => profile.timescales.filter((rule) => rule.duration !== null);

describe(`every clock of every profile, from start to stop through the pages (${databaseLabel})`, () => {
  for (const profileId of PROFILE_IDS) {
    const profile = loadProfile(profileId);
    describe(profileId, () => {
      let p: Practitioners;
      before(async () => {
        p = new Practitioners(await startTestHarbour({ env: { HARBOUR_PROFILE: profileId } }), profile);
        await p.load();
      });
      after(async () => {
        await p?.harbour.stop();
      });

      for (const rule of clocksOf(profile)) {
        it(`${rule.source}: "${rule.label}" starts on ${rule.startsOn} and stops on ${rule.stopsOn}`, async () => {
          const journey = JOURNEYS.find((j) => j.starts === rule.startsOn && j.stops === rule.stopsOn);
          assert.ok(journey, `no journey drives ${rule.startsOn} → ${rule.stopsOn}: add one (and the code that sends them)`);
          p.setClock(MONDAY_MORNING);
          const subject = await journey.start(p, rule);
          const find = () =>
            p.harbour.db
              .selectFrom('clocks')
              .selectAll()
              .where('rule_id', '=', rule.id)
              .where((eb) => eb.or([...(subject.caseId ? [eb('case_id', '=', subject.caseId)] : []), ...(subject.referralId ? [eb('referral_id', '=', subject.referralId)] : [])]))
              .orderBy('started_at', 'desc')
              .executeTakeFirst();
          const started = await find();
          assert.ok(started, `the ${rule.id} clock started`);
          assert.equal(started.stopped_at, null, `the ${rule.id} clock is running after its start`);
          await journey.stop(p, subject, rule);
          const stopped = await p.harbour.db.selectFrom('clocks').selectAll().where('id', '=', started.id).executeTakeFirstOrThrow();
          assert.ok(stopped.stopped_at, `the ${rule.id} clock stopped`);
          assert.equal(stopped.stop_reason, rule.stopsOn);
        });
      }
    });
  }
});
