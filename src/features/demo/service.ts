// Demo data so the service can be tried in a browser: a Camden-like partnership, one account per role, and
// children whose cases show each way into the access model. Every name here is invented.
import type { Db } from '../../platform/database/connection.ts';
import type { Role, AgencyKind } from '../../domain/access/roles.ts';
import { hashPassword } from '../accounts/service-password-hashing.ts';
import { recordAudit, SYSTEM_AUDIT_CONTEXT } from '../audit/service.ts';
import { createProfileRegistry } from '../profiles/service.ts';
import { createClockService } from '../clocks/service.ts';
import {
  anyUser,
  insertAgency,
  insertCase,
  insertChild,
  insertChildAlias,
  insertChronologyEntries,
  insertLocalAuthorityIfNone,
  insertMissingEpisode,
  insertNetworkMember,
  insertTeam,
  insertUser,
  insertUserRoles,
} from './queries.ts';
import { interviewSummary, interviewTitle, reportedSummary, reportedTitle, returnedSummary, returnedTitle } from '../missing/service.ts';

export const DEMO_PASSWORD = 'harbour demo password';

type DemoUser = { key: string; email: string; name: string; agency: string; team?: string; roles: Role[]; jobTitle: string };

const AGENCIES: { key: string; name: string; kind: AgencyKind; teams: string[] }[] = [
  { key: 'csc', name: 'Camden Children’s Social Care', kind: 'social-care', teams: ['North Duty and Assessment Team', 'South Duty and Assessment Team', 'CSE Team', 'Children in Need North'] },
  { key: 'police', name: 'Metropolitan Police, Camden', kind: 'police', teams: ['Child Abuse Investigation Team', 'Sapphire Unit'] },
  { key: 'health', name: 'Camden Health', kind: 'health', teams: ['School Nursing', 'Sexual Health Outreach'] },
  { key: 'school', name: 'Hampstead Heath Academy', kind: 'education', teams: [] },
  { key: 'yos', name: 'Camden Youth Offending Service', kind: 'youth-offending', teams: [] },
  { key: 'probation', name: 'Probation Service, North London', kind: 'probation', teams: [] },
  { key: 'housing', name: 'Camden Housing', kind: 'housing', teams: [] },
  { key: 'outreach', name: 'Safe Passage Outreach', kind: 'voluntary', teams: [] },
];

export const DEMO_USERS: DemoUser[] = [
  { key: 'admin', email: 'admin@harbour.example', name: 'Alex Admin', agency: 'csc', roles: ['administrator'], jobTitle: 'Systems administrator' },
  { key: 'frontdoor', email: 'frontdoor@harbour.example', name: 'Farah Doorley', agency: 'csc', team: 'North Duty and Assessment Team', roles: ['front-door'], jobTitle: 'Duty social worker' },
  { key: 'socialworker', email: 'social.worker@harbour.example', name: 'Sam Worker', agency: 'csc', team: 'Children in Need North', roles: ['social-worker'], jobTitle: 'Social worker' },
  { key: 'manager', email: 'manager@harbour.example', name: 'Morgan Manager', agency: 'csc', team: 'Children in Need North', roles: ['team-manager'], jobTitle: 'Team manager' },
  { key: 'coordinator', email: 'coordinator@harbour.example', name: 'Casey Coordinator', agency: 'csc', team: 'CSE Team', roles: ['cse-coordinator'], jobTitle: 'CSE coordinator' },
  { key: 'police', email: 'police@harbour.example', name: 'Pat Constable', agency: 'police', team: 'Sapphire Unit', roles: ['police-investigator'], jobTitle: 'Detective constable' },
  { key: 'nurse', email: 'nurse@harbour.example', name: 'Nadia Nurse', agency: 'health', team: 'School Nursing', roles: ['health-professional'], jobTitle: 'School nurse' },
  { key: 'teacher', email: 'teacher@harbour.example', name: 'Toby Teacher', agency: 'school', roles: ['education-professional', 'designated-safeguarding-lead'], jobTitle: 'Designated safeguarding lead' },
  { key: 'outreach', email: 'outreach@harbour.example', name: 'Olu Outreach', agency: 'outreach', roles: ['voluntary-key-worker'], jobTitle: 'Key worker' },
  { key: 'iro', email: 'iro@harbour.example', name: 'Iris Reviewer', agency: 'csc', roles: ['independent-reviewing-officer'], jobTitle: 'Independent reviewing officer' },
  { key: 'analyst', email: 'analyst@harbour.example', name: 'Ana Lyst', agency: 'csc', roles: ['board-analyst'], jobTitle: 'Board analyst' },
  { key: 'referrer', email: 'referrer@harbour.example', name: 'Rene Referrer', agency: 'housing', roles: ['referrer'], jobTitle: 'Housing officer' },
  { key: 'igo', email: 'igo@harbour.example', name: 'Ines Governance', agency: 'csc', roles: ['information-governance-officer'], jobTitle: 'Information governance officer' },
];

type DemoChild = {
  ref: string;
  given: string;
  family: string;
  knownAs?: string;
  dob: string;
  gender: string;
  ward: string;
  school?: string;
  lookedAfter?: boolean;
  category: 1 | 2 | 3 | null;
  network: { user: string; role: string }[];
  lead?: string;
  aliases?: string[];
};

const CHILDREN: DemoChild[] = [
  { ref: 'CSE-0001', given: 'Jade', family: 'Thompson', knownAs: 'JJ', dob: '2011-03-14', gender: 'Female', ward: 'Kilburn', school: 'Hampstead Heath Academy', category: 2, lead: 'socialworker', network: [{ user: 'socialworker', role: 'Lead professional' }, { user: 'police', role: 'Investigating officer' }, { user: 'nurse', role: 'School nurse' }, { user: 'outreach', role: 'Key professional' }], aliases: ['Jayjay'] },
  { ref: 'CSE-0002', given: 'Tyler', family: 'Okafor', dob: '2010-09-02', gender: 'Male', ward: 'Camden', category: 3, lead: 'socialworker', network: [{ user: 'socialworker', role: 'Lead professional' }, { user: 'police', role: 'Investigating officer' }] },
  { ref: 'CSE-0003', given: 'Amira', family: 'Haddad', dob: '2014-06-21', gender: 'Female', ward: 'Regents Park', school: 'Hampstead Heath Academy', category: 1, lead: 'socialworker', network: [{ user: 'socialworker', role: 'Lead professional' }, { user: 'teacher', role: 'Designated safeguarding lead' }] },
  { ref: 'CSE-0004', given: 'Kayleigh', family: 'Brown', knownAs: 'Kay', dob: '2009-12-30', gender: 'Female', ward: 'Gospel Oak', lookedAfter: true, category: 2, network: [{ user: 'nurse', role: 'Sexual health nurse' }, { user: 'iro', role: 'Independent reviewing officer' }] },
  { ref: 'CSE-0005', given: 'Daniel', family: 'Novak', dob: '2012-01-09', gender: 'Male', ward: 'Holborn', category: null, network: [] },
  { ref: 'CSE-0006', given: 'Priya', family: 'Sharma', dob: '2013-08-17', gender: 'Female', ward: 'Highgate', school: 'Hampstead Heath Academy', category: 1, lead: 'socialworker', network: [{ user: 'socialworker', role: 'Lead professional' }, { user: 'outreach', role: 'Key professional' }] },
];

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const row = await anyUser(db);
  return !row;
}

export async function loadDemoData(db: Db, profileId: string): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const registry = createProfileRegistry(profileId);
  // Demo history replays what real capabilities send; it is not one of them, so it is not in the start-up check.
  const sendDemoClock = createClockService(registry).sender(['referral-received', 'cse-referral-received', 'cse-referral-decided', 'cse-category-decided'] as const);
  // The demo authority is the profile's own first authority, so routing and vocabulary fit the procedure.
  const authority = registry.defaultProfile.localAuthorities[0] ?? { id: 'demo-authority', name: 'Demo local authority' };
  const la = authority.id;
  await db.transaction().execute(async (trx) => {
    await insertLocalAuthorityIfNone(trx, { id: la, name: authority.name, profile_id: profileId });
    const agencyIds = new Map<string, string>();
    const teamIds = new Map<string, string>();
    for (const agency of AGENCIES) {
      const row = await insertAgency(trx, { name: agency.name, kind: agency.kind, local_authority_id: la });
      agencyIds.set(agency.key, row.id);
      for (const team of agency.teams) {
        const t = await insertTeam(trx, { agency_id: row.id, name: team, local_authority_id: la });
        teamIds.set(team, t.id);
      }
    }
    const userIds = new Map<string, string>();
    for (const user of DEMO_USERS) {
      const row = await insertUser(trx, {
        email: user.email,
        display_name: user.name,
        job_title: user.jobTitle,
        agency_id: agencyIds.get(user.agency)!,
        team_id: user.team ? teamIds.get(user.team)! : null,
        local_authority_id: la,
        password_hash: passwordHash,
      });
      userIds.set(user.key, row.id);
      await insertUserRoles(trx, row.id, user.roles);
    }
    const author = (key: string) => DEMO_USERS.find((u) => u.key === key)!;
    const now = Date.now();
    const cases = new Map<string, { caseId: string; childId: string }>();
    for (const [index, child] of CHILDREN.entries()) {
      const c = await insertChild(trx, {
        local_authority_id: la,
        given_name: child.given,
        family_name: child.family,
        known_as: child.knownAs ?? null,
        date_of_birth: child.dob,
        gender: child.gender,
        ward: child.ward,
        address: `${10 + index * 7} Example Road, London`,
        postcode: `NW${index + 1} ${index + 2}AB`,
        school: child.school ?? null,
        looked_after: child.lookedAfter ?? false,
      });
      for (const alias of child.aliases ?? []) await insertChildAlias(trx, c.id, alias);
      const k = await insertCase(trx, {
        reference: child.ref,
        child_id: c.id,
        local_authority_id: la,
        stage: child.category ? 'cse-response' : 'referral',
        category: child.category,
        category_decided_at: child.category ? new Date(now - (30 - index) * 86_400_000) : null,
        lead_professional_id: child.lead ? userIds.get(child.lead)! : null,
        manager_id: userIds.get('manager')!,
        team_id: teamIds.get('Children in Need North')!,
        opened_at: new Date(now - (60 - index) * 86_400_000),
      });
      cases.set(child.ref, { caseId: k.id, childId: c.id });
      // Start the clocks this case's history would have started under the profile in force.
      const subject = { caseId: k.id, childId: c.id, localAuthorityId: la };
      await sendDemoClock(trx, { event: 'referral-received', at: new Date(now - (index === 4 ? 0.8 : 58 - index) * 86_400_000), subject, facts: { childKnownToSocialCare: false } });
      if (child.category) {
        await sendDemoClock(trx, { event: 'cse-referral-received', at: new Date(now - (31 - index) * 86_400_000), subject });
        await sendDemoClock(trx, { event: 'cse-referral-decided', at: new Date(now - (30 - index) * 86_400_000), subject });
        await sendDemoClock(trx, { event: 'cse-category-decided', at: new Date(now - (index + 2) * 86_400_000), subject, facts: { category: child.category }, ownerUserId: child.lead ? userIds.get(child.lead)! : null });
      }
      for (const member of child.network) {
        await insertNetworkMember(trx, { case_id: k.id, user_id: userIds.get(member.user)!, role_in_case: member.role, added_by: userIds.get('coordinator')! });
      }
      const entries = [
        { days: 60 - index, kind: 'concern', title: 'Concern raised', summary: 'Seen getting into an older man’s car outside school.', by: 'teacher', level: 'network' as const },
        { days: 58 - index, kind: 'referral', title: 'Referral received by the front door', summary: 'Referral from the school’s designated safeguarding lead.', by: 'frontdoor', level: 'network' as const },
        { days: 40 - index, kind: 'note', title: 'Police intelligence logged', summary: 'Intelligence about an adult of concern, not yet disclosable outside the police.', by: 'police', level: 'agency' as const },
        { days: 20 - index, kind: 'note', title: 'Home visit', summary: 'Visited at home with parent present; agreed safety plan reviewed.', by: child.lead ?? 'socialworker', level: 'network' as const },
      ];
      for (const entry of entries) {
        const who = author(entry.by);
        await insertChronologyEntries(trx, {
          child_id: c.id,
          case_id: k.id,
          occurred_at: new Date(now - entry.days * 86_400_000),
          kind: entry.kind,
          title: entry.title,
          summary: entry.summary,
          agency_id: agencyIds.get(who.agency)!,
          author_id: userIds.get(entry.by)!,
          sharing_level: entry.level,
          source: 'demo data',
        });
      }
    }
    // Missing episodes: Kayleigh is missing from her placement now (the identity bar's "Missing now" flag); Tyler went
    // missing from home six weeks ago, came back, and had an independent return interview.
    const minute = Math.floor(now / 60_000) * 60_000;
    const hoursAgo = (h: number) => new Date(minute - h * 3_600_000);
    const episodes = [
      {
        ref: 'CSE-0004', by: 'coordinator', fromWhere: 'care-placement' as const, leftAt: hoursAgo(30), reportedAt: hoursAgo(28),
        appearance: 'Black puffer jacket, grey joggers and white trainers; hair tied back; a small pink rucksack. Quiet at tea and left straight after a phone call.',
        whoWith: 'Seen getting into a silver hatchback driven by an older man the staff did not know; part of the number plate: LK19.',
      },
      {
        ref: 'CSE-0002', by: 'socialworker', fromWhere: 'home' as const, leftAt: hoursAgo(45 * 24), reportedAt: hoursAgo(45 * 24 - 3),
        appearance: 'Red hoodie, black jeans; had his phone and a few pounds.',
        whoWith: 'Two older teenagers he calls “the Camden lot”, not known to his mother.',
        back: {
          returnedAt: hoursAgo(45 * 24 - 51), appearanceOnReturn: 'Tired and hungry, would not make eye contact; new trainers and a second phone he could not explain; a graze on his right hand.',
          interviewAt: hoursAgo(45 * 24 - 51 - 70), heldBy: 'Olu Outreach, Safe Passage Outreach', independent: true,
          summary: 'Said he stayed at a flat with the older boys, who gave him the trainers and asked him to carry a bag on the train. Agreed to weekly sessions with Safe Passage.',
        },
      },
    ];
    for (const e of episodes) {
      const { caseId, childId } = cases.get(e.ref)!;
      const who = author(e.by);
      const byId = userIds.get(e.by)!;
      const agencyId = agencyIds.get(who.agency)!;
      const back = 'back' in e ? e.back : null;
      const row = await insertMissingEpisode(trx, {
        case_id: caseId, child_id: childId, left_at: e.leftAt, reported_at: e.reportedAt, reported_by: byId, agency_id: agencyId, from_where: e.fromWhere,
        appearance_on_leaving: e.appearance, who_with: e.whoWith, created_at: e.reportedAt, updated_at: back ? back.interviewAt : e.reportedAt, updated_by: byId,
        ...(back
          ? {
              returned_at: back.returnedAt, appearance_on_return: back.appearanceOnReturn, return_recorded_by: byId, return_interview_at: back.interviewAt, return_interview_by: back.heldBy,
              return_interview_independent: back.independent, return_interview_summary: back.summary, return_interview_recorded_by: byId, version: 3,
            }
          : {}),
      });
      const entry = { child_id: childId, case_id: caseId, agency_id: agencyId, author_id: byId, record_type: 'missing-episode', record_id: row.id, source: 'Missing episode' };
      await insertChronologyEntries(trx, { ...entry, occurred_at: e.leftAt, recorded_at: e.reportedAt, kind: 'missing-reported', title: reportedTitle(e.fromWhere), summary: reportedSummary({ appearance_on_leaving: e.appearance, who_with: e.whoWith }) });
      if (back) {
        await insertChronologyEntries(trx, [
          { ...entry, occurred_at: back.returnedAt, recorded_at: back.returnedAt, kind: 'missing-returned', title: returnedTitle(e.leftAt, back.returnedAt), summary: returnedSummary(back.appearanceOnReturn) },
          { ...entry, occurred_at: back.interviewAt, recorded_at: back.interviewAt, kind: 'return-interview', title: interviewTitle(back.independent), summary: interviewSummary(back.heldBy, back.summary) },
        ]);
      }
    }
    await recordAudit(trx, SYSTEM_AUDIT_CONTEXT, { action: 'demo-data.loaded', entityType: 'system', details: { children: CHILDREN.length, users: DEMO_USERS.length } });
  });
}
