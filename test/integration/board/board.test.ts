// Board monitoring through HTTP (issue 14; PROCEDURES.md step 11; staffordshire 55-56; camden Part 4 §2): on seeded
// records every figure equals a count made here from the rows themselves; the board analyst sees suppressed counts,
// no identity anywhere (page, CSV, workbook) and 403 on every case route; the CSE coordinator sees the same figures
// for Camden in full, each linking to the cases behind it; exports are audited with their reason.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, csrfTokenIn } from '../../support/http-client.ts';
import { londonInstant } from '../../../src/domain/clock/index.ts';
import { CATALOGUE } from '../../../src/domain/risk/catalogue.ts';
import { verifyAuditTrail } from '../../../src/features/audit/service.ts';
import { anonymousConsultationCounts } from '../../../src/features/consultations/service.ts';
import { auditFindingFigures } from '../../../src/features/case-audits/service.ts';
import { boardServiceFor, startBoardWarmer } from '../../../src/features/board/service.ts';

const NOW = londonInstant('2026-11-16', 10, 30);
const IN_PERIOD = (day: number) => londonInstant('2026-08-01', 9).getTime() + day * 86_400_000; // 2026 Q3
const PERIOD_FROM = londonInstant('2026-01-01').getTime();
const PERIOD_TO = londonInstant('2027-01-01').getTime();
const HOUR = 3_600_000;

type Rows = { label: string; value: string; href: string | null }[];

/** The rows of one figure's table on the page: label, the text shown, and the link if any. */
function figureRows(html: string, id: string): { rows: Rows; total: string | null } {
  const start = html.indexOf(`data-qa="figure-${id}"`);
  assert.ok(start >= 0, `figure ${id} is on the page`);
  const end = html.indexOf('</table>', start);
  const block = html.slice(start, end);
  const rows: Rows = [];
  let total: string | null = null;
  for (const m of block.matchAll(/<tr class="govuk-table__row" data-qa="(row|total)">\s*<th[^>]*>([^<]*)<\/th>\s*<td[^>]*data-qa="value">([\s\S]*?)<\/td>/g)) {
    const href = /href="([^"]+)"/.exec(m[3]!)?.[1]?.replace(/&amp;/g, '&') ?? null;
    const value = m[3]!.replace(/<[^>]+>/g, '').trim();
    if (m[1] === 'total') total = value;
    else rows.push({ label: decode(m[2]!.trim()), value, href });
  }
  return { rows, total };
}
const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"');
const asMap = (rows: Rows) => Object.fromEntries(rows.map((r) => [r.label, r.value]));

function tally<T>(items: readonly T[], key: (item: T) => string | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    if (k !== null) out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

/** What a board analyst may be shown for a count: the count itself when 0 or 5 or more; otherwise not a number. */
function assertSuppressedView(shown: Record<string, string>, expected: Record<string, number>, what: string) {
  for (const [label, text] of Object.entries(shown)) {
    const n = expected[label] ?? 0;
    if (n >= 1 && n <= 4) assert.equal(text, 'fewer than 5', `${what}: ${label}`);
    else assert.ok(text === String(n) || text === 'withheld', `${what}: ${label} shows ${text} for ${n}`);
  }
}

/** Case routes declared in the feature routers, with their parameters. */
function caseRoutes(): string[] {
  const out = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts')) for (const m of readFileSync(path, 'utf8').matchAll(/\.get\(\s*['`](\/(?:cases|children)\/:[^'`]+)['`]/g)) out.add(m[1]!);
    }
  };
  walk(join(import.meta.dirname, '..', '..', '..', 'src', 'features'));
  return [...out].sort();
}

describe(`board monitoring (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let analystPage = '';
  let coordinatorPage = '';
  const ids: Record<string, string> = {};
  const childNames: string[] = [];
  const references: string[] = [];

  before(async () => {
    harbour = await startTestHarbour();
    harbour.clock.set(NOW);
    const db = harbour.db;
    const user = async (email: string) => (await db.selectFrom('users').select(['id', 'agency_id']).where('email', '=', email).executeTakeFirstOrThrow());
    const coordinator = await user('coordinator@harbour.example');
    const worker = await user('social.worker@harbour.example');
    const police = await user('police@harbour.example');
    ids.worker = worker.id;
    const team = await db.selectFrom('teams').select('id').where('agency_id', '=', worker.agency_id).executeTakeFirstOrThrow();

    // Twelve more Camden children with cases, so some counts pass 5 and others stay under it.
    const sexes = ['Female', 'Female', 'Female', 'Male', 'Female', 'Male', 'Female', 'Female', 'Male', 'Female', 'Female', 'Female'];
    for (let i = 0; i < 12; i += 1) {
      const child = await db.insertInto('children').values({
        local_authority_id: 'camden', given_name: `Seedgiven${i}`, family_name: `Seedfamily${i}`, date_of_birth: `20${10 + (i % 5)}-0${1 + (i % 9)}-15`, gender: sexes[i]!,
        ethnicity: i % 3 === 0 ? 'White British' : i % 3 === 1 ? 'Black British' : null, disability: i === 4 ? 'Autism' : null, looked_after: i % 4 === 0,
      }).returning('id').executeTakeFirstOrThrow();
      const kase = await db.insertInto('cases').values({
        reference: `CSE-9${String(i).padStart(3, '0')}`, child_id: child.id, local_authority_id: 'camden', status: i < 2 ? 'closed' : 'open', category: ([1, 2, 2, 3, null] as const)[i % 5]!,
        opened_at: new Date(IN_PERIOD(i)), closed_at: i < 2 ? new Date(IN_PERIOD(i + 20)) : null, team_id: team.id, lead_professional_id: worker.id,
      }).returning('id').executeTakeFirstOrThrow();
      ids[`case${i}`] = kase.id;
      // Risk category decisions: first and latest differ for some.
      await db.insertInto('category_decisions').values({ case_id: kase.id, category: 2, rationale: 'seed', decided_by: coordinator.id, decided_at: new Date(IN_PERIOD(i)) }).execute();
      if (i % 3 !== 0) await db.insertInto('category_decisions').values({ case_id: kase.id, category: i % 3 === 1 ? 3 : 1, previous_category: 2, rationale: 'seed', decided_by: coordinator.id, decided_at: new Date(IN_PERIOD(i + 5)) }).execute();
      await db.insertInto('cse_referrals').values({ case_id: kase.id, referred_by: worker.id, referred_at: new Date(IN_PERIOD(i)), reason: 'seed', status: i < 7 ? 'accepted' : i < 9 ? 'declined' : 'awaiting' }).execute();
      await db.insertInto('missing_episodes').values({
        case_id: kase.id, child_id: child.id, left_at: new Date(IN_PERIOD(i + 1)), reported_at: new Date(IN_PERIOD(i + 1) + HOUR), reported_by: worker.id, agency_id: worker.agency_id,
        from_where: 'home', appearance_on_leaving: 'seed', returned_at: i < 10 ? new Date(IN_PERIOD(i + 2)) : null, return_interview_at: i < 6 ? new Date(IN_PERIOD(i + 3)) : null,
      }).execute();
      // A CSE coordinator's decision clock (camden Part 3 §3.1, 24 hours): 7 met, 3 late, 1 overdue and 1 running.
      const started = new Date(i === 11 ? NOW.getTime() - 2 * HOUR : IN_PERIOD(i));
      const due = new Date(started.getTime() + 24 * HOUR);
      const stopped = i < 7 ? new Date(started.getTime() + (i + 1) * 2 * HOUR) : i < 10 ? new Date(started.getTime() + (30 + i) * HOUR) : null;
      await db.insertInto('clocks').values({ local_authority_id: 'camden', profile_id: 'camden', rule_id: 'cse-referral-decision', label: 'seed', case_id: kase.id, child_id: child.id, started_at: started, due_at: due, stopped_at: stopped }).execute();
      if (i < 3) await db.insertInto('section47_outcomes').values({ case_id: kase.id, outcome: i === 0 ? 'substantiated' : 'not-substantiated', reasons: 'seed', recorded_by: worker.id, recorded_at: new Date(IN_PERIOD(i)) }).execute();
      if (i >= 2 && i < 9) await db.insertInto('plans').values({ case_id: kase.id, child_id: child.id, local_authority_id: 'camden', profile_id: 'camden', plan_type: i < 8 ? 'cse-plan' : 'child-in-need', agency_id: worker.agency_id, created_by: worker.id, created_at: NOW, updated_at: NOW }).execute();
      if (i < 7) {
        const meeting = await db.insertInto('meetings').values({ local_authority_id: 'camden', profile_id: 'camden', meeting_type: 'catse-meeting', status: 'held', scheduled_at: new Date(IN_PERIOD(i + 4)), venue: 'seed', convened_by: coordinator.id, convened_at: new Date(IN_PERIOD(i)), held_at: new Date(IN_PERIOD(i + 4)) }).returning('id').executeTakeFirstOrThrow();
        await db.insertInto('meeting_cases').values({ meeting_id: meeting.id, case_id: kase.id, is_primary: true }).execute();
        await db.insertInto('meeting_outcomes').values({ meeting_id: meeting.id, outcome_id: 'cse-plan', label: 'CSE plan agreed' }).execute();
        if (i < 2) await db.insertInto('meeting_outcomes').values({ meeting_id: meeting.id, outcome_id: 'review', label: 'Review meeting set' }).execute();
      }
      if (i < 6) await db.insertInto('nrm_considerations').values({ case_id: kase.id, outcome: i < 5 ? 'referred' : 'not-referred', reason: 'seed', decided_by: coordinator.id, decided_at: new Date(IN_PERIOD(i)) }).execute();
    }
    const trafficking = CATALOGUE.find((x) => x.trafficking)!;
    for (let i = 0; i < 6; i += 1) {
      const kase = await db.selectFrom('cases').select(['id', 'child_id']).where('id', '=', ids[`case${i}`]!).executeTakeFirstOrThrow();
      await db.insertInto('risk_observations').values({ case_id: kase.id, child_id: kase.child_id, indicator_id: trafficking.id, observed_on: '2026-08-10', recorded_by: worker.id, agency_id: worker.agency_id, how_known: 'seen' }).execute();
    }
    // Concerns: 7 with the child's full name, 3 without; 6 referrals. Received in 2026 Q3.
    for (let i = 0; i < 16; i += 1) {
      const kind = i < 10 ? 'professional-concern' : 'referral';
      await db.insertInto('contacts').values({
        reference: `SEED-${i}`, kind, local_authority_id: 'camden', status: 'received', raised_by: worker.id, raised_by_agency_id: i % 2 === 0 ? worker.agency_id : police.agency_id,
        child_given_name: i < 7 || i >= 10 ? 'Named' : i === 7 ? 'Only' : null, child_family_name: i < 7 || i >= 10 ? 'Child' : null, idempotency_key: `seed-${i}`, received_at: new Date(IN_PERIOD(i)), details: '{}',
      }).execute();
    }
    // The intelligence register: two persons of concern linked to 1 and 6 children, one with two disruptions.
    const person = async (label: string) => (await db.insertInto('intel_entities').values({ kind: 'person', label, names: label, name_keys: [label.toLowerCase()], agency_id: police.agency_id, created_by: police.id, created_at: NOW, updated_at: NOW, details: '{}' }).returning('id').executeTakeFirstOrThrow()).id;
    const p1 = await person('Seedperson One');
    const p2 = await person('Seedperson Two');
    const link = async (entity: string, caseKey: string) => {
      const kase = await db.selectFrom('cases').select(['id', 'child_id']).where('id', '=', ids[caseKey]!).executeTakeFirstOrThrow();
      await db.insertInto('intel_links').values({ entity_id: entity, case_id: kase.id, child_id: kase.child_id, nature: 'seed', last_known: '2026-08-01', how_known: 'seen', sharing_level: 'network', shared_with: [], agency_id: police.agency_id, author_id: police.id, created_at: NOW }).execute();
    };
    await link(p1, 'case2');
    for (let i = 2; i < 8; i += 1) await link(p2, `case${i}`);
    for (const kind of ['child-abduction-notice', 'sexual-harm-prevention-order'] as const) {
      await db.insertInto('intel_disruptions').values({ entity_id: p2, kind, taken_on: '2026-08-20', agency_id: police.agency_id, recorded_by: police.id, recorded_at: NOW }).execute();
    }
    // Criminal-justice outcomes (issue 14: convictions recorded): p2 charged and convicted in the period and once
    // convicted before it; p1 charged and acquitted in the period.
    for (const [entity, outcome, on] of [[p2, 'charge', '2026-07-10'], [p2, 'conviction', '2026-08-25'], [p2, 'conviction', '2025-03-01'], [p1, 'charge', '2026-08-02'], [p1, 'acquittal', '2026-09-14']] as const) {
      await db.insertInto('intel_justice_outcomes').values({ entity_id: entity, outcome, decided_on: on, agency_id: police.agency_id, recorded_by: police.id, recorded_at: NOW }).execute();
    }

    // Anonymous consultations (issue 13) in 2026 Q3: ten asked in Camden, six by the social worker and four by the
    // police; two awaiting an answer, five answered, three attached to a case once the child was identified.
    const bands = ['13-15', '13-15', '13-15', '13-15', '13-15', '13-15', '16-17', '16-17', '16-17', 'not-known'];
    for (let i = 0; i < 10; i += 1) {
      const answered = i >= 2 ? new Date(IN_PERIOD(i + 1)) : null;
      const attached = i >= 7 ? new Date(IN_PERIOD(i + 2)) : null;
      await db.insertInto('anonymous_consultations').values({
        reference: `SEED-AC-${i}`, local_authority_id: 'camden', addressed_to: 'front-door', asked_by: i < 6 ? worker.id : police.id, asked_at: new Date(IN_PERIOD(i)),
        age_band: bands[i]!, sex: 'not-known', school_type: 'not-known', concerns: i < 3 ? ['missing', 'coercion'] : ['missing'], question: 'seed',
        answer: answered ? 'seed' : null, answered_by: answered ? coordinator.id : null, answered_at: answered,
        case_id: attached ? ids[`case${i}`]! : null, attached_by: attached ? coordinator.id : null, attached_at: attached,
      }).execute();
    }
    // Case audit findings: one audit of seven cases, a finding on each saved in 2026 Q3.
    const audit = await db.insertInto('case_audits').values({
      title: 'Seed audit', criteria: JSON.stringify({}) as never, seed: 'seed', eligible_count: 12, eligible_digest: 'seed', sample_size: 7, created_by: coordinator.id,
      starts_at: new Date(IN_PERIOD(0)), ends_on: '2026-12-31', ends_at: londonInstant('2027-01-01'),
    }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('case_audit_auditors').values({ audit_id: audit.id, user_id: worker.id, added_by: coordinator.id, added_at: new Date(IN_PERIOD(0)) }).execute();
    const grades = {
      timeliness: ['good', 'good', 'good', 'good', 'good', 'good', 'inadequate'],
      assessment: ['good', 'good', 'good', 'good', 'good', 'good', 'good'],
      voice: ['good', 'good', 'requires-improvement', 'requires-improvement', 'requires-improvement', 'requires-improvement', 'requires-improvement'],
      multi_agency: ['good', 'good', 'good', 'requires-improvement', 'requires-improvement', 'requires-improvement', 'requires-improvement'],
    } as const;
    for (let i = 0; i < 7; i += 1) {
      await db.insertInto('case_audit_cases').values({ audit_id: audit.id, case_id: ids[`case${i}`]!, position: i }).execute();
      await db.insertInto('case_audit_findings').values({
        audit_id: audit.id, case_id: ids[`case${i}`]!, auditor_id: worker.id,
        timeliness: grades.timeliness[i]!, timeliness_comment: 'seed', assessment: grades.assessment[i]!, assessment_comment: 'seed',
        voice: grades.voice[i]!, voice_comment: 'seed', multi_agency: grades.multi_agency[i]!, multi_agency_comment: 'seed',
        recorded_at: new Date(IN_PERIOD(i + 10)), updated_at: new Date(IN_PERIOD(i + 10)),
      }).execute();
    }

    for (const c of await db.selectFrom('children').select(['given_name', 'family_name']).execute()) childNames.push(...[c.given_name, c.family_name].filter((n): n is string => !!n));
    references.push(...(await db.selectFrom('cases').select('reference').execute()).map((r) => r.reference));

    const analyst = new Browserish(harbour.url);
    await analyst.signIn('analyst@harbour.example');
    analystPage = (await analyst.get('/board')).text;
    const coord = new Browserish(harbour.url);
    await coord.signIn('coordinator@harbour.example');
    coordinatorPage = (await coord.get('/board')).text;
  });
  after(async () => {
    await harbour?.stop();
  });

  /** Counts made here from the rows themselves (not through the board's SQL). */
  async function expected(): Promise<Record<string, Record<string, number>>> {
    const db = harbour.db;
    const inPeriod = (d: Date | string | null) => d !== null && new Date(d).getTime() >= PERIOD_FROM && new Date(d).getTime() < PERIOD_TO;
    const cases = await db.selectFrom('cases').innerJoin('children', 'children.id', 'cases.child_id').selectAll('cases').select(['children.gender', 'children.ethnicity', 'children.disability', 'children.looked_after', 'children.date_of_birth']).execute();
    const open = cases.filter((c) => c.status === 'open');
    const contacts = (await db.selectFrom('contacts').selectAll().execute()).filter((c) => inPeriod(c.received_at));
    const named = (s: string | null) => s !== null && s.trim() !== '';
    const decisions = await db.selectFrom('category_decisions').selectAll().orderBy('decided_at').execute();
    const byCase = new Map<string, typeof decisions>();
    for (const d of decisions) if (new Date(d.decided_at).getTime() < PERIOD_TO) byCase.set(d.case_id, [...(byCase.get(d.case_id) ?? []), d]);
    const movement: Record<string, number> = {};
    for (const list of byCase.values()) {
      if (!inPeriod(list[list.length - 1]!.decided_at)) continue;
      const first = list[0]!.category;
      const last = list[list.length - 1]!.category;
      const k = list.length === 1 ? 'Only one decision' : last > first ? 'Moved up' : last < first ? 'Moved down' : 'Same category';
      movement[k] = (movement[k] ?? 0) + 1;
    }
    const age = (dob: string | Date | null) => {
      if (!dob) return 'Age not known';
      const d = new Date(dob);
      let years = 2026 - d.getUTCFullYear();
      if (d.getUTCMonth() + 1 > 11 || (d.getUTCMonth() + 1 === 11 && d.getUTCDate() > 16)) years -= 1;
      return years < 13 ? 'Under 13' : years < 16 ? '13 to 15' : years < 18 ? '16 to 17' : '18 and over';
    };
    const missing = (await db.selectFrom('missing_episodes').selectAll().execute()).filter((e) => inPeriod(e.left_at));
    const links = await db.selectFrom('intel_links').select(['entity_id', 'child_id']).where('removed_at', 'is', null).execute();
    const disrupted = new Set((await db.selectFrom('intel_disruptions').select('entity_id').execute()).map((d) => d.entity_id));
    const convicted = new Set((await db.selectFrom('intel_justice_outcomes').select('entity_id').where('outcome', '=', 'conviction').execute()).map((d) => d.entity_id));
    const perPerson = new Map<string, Set<string>>();
    for (const l of links) if (l.child_id) perPerson.set(l.entity_id, new Set([...(perPerson.get(l.entity_id) ?? []), l.child_id]));
    const traffickingIds = new Set(CATALOGUE.filter((x) => x.trafficking).map((x) => x.id));
    const obs = (await db.selectFrom('risk_observations').select(['case_id', 'indicator_id', 'created_at']).execute()).filter((o) => traffickingIds.has(o.indicator_id));
    const nrm = (await db.selectFrom('nrm_considerations').selectAll().execute()).filter((n) => inPeriod(n.decided_at));
    const heldInPeriod = new Set((await db.selectFrom('meetings').select(['id', 'held_at']).execute()).filter((m) => inPeriod(m.held_at)).map((m) => m.id));
    const openIds = new Set(open.map((c) => c.id));
    const consultations = (await db.selectFrom('anonymous_consultations').selectAll().execute()).filter((c) => inPeriod(c.asked_at));
    const bandLabels: Record<string, string> = { 'under-10': 'Under 10', '10-12': '10 to 12', '13-15': '13 to 15', '16-17': '16 or 17', 'not-known': 'Not known' };
    const concernLabels: Record<string, string> = { missing: 'Running away or going missing', coercion: 'Coercion or control' };
    const findings = (await db.selectFrom('case_audit_findings').selectAll().execute()).filter((f) => inPeriod(f.updated_at));
    const gradeLabel = (g: string) => ({ good: 'Good', 'requires-improvement': 'Requires improvement', inadequate: 'Inadequate' })[g]!;
    return {
      'anonymous-consultations': tally(consultations, () => 'Camden'),
      'consultation-outcomes': tally(consultations, (c) => (c.attached_at ? 'Child later identified (attached to a case)' : c.answered_at ? 'Answered, child not identified' : 'Awaiting an answer')),
      'consultation-age': tally(consultations, (c) => bandLabels[c.age_band]!),
      'consultation-concerns': tally(consultations.flatMap((c) => c.concerns), (k) => concernLabels[k] ?? k),
      'audit-timeliness': tally(findings, (f) => gradeLabel(f.timeliness)),
      'audit-assessment': tally(findings, (f) => gradeLabel(f.assessment)),
      'audit-voice': tally(findings, (f) => gradeLabel(f.voice)),
      'audit-multi-agency': tally(findings, (f) => gradeLabel(f.multi_agency)),
      'meeting-outcomes': tally((await db.selectFrom('meeting_outcomes').selectAll().execute()).filter((o) => heldInPeriod.has(o.meeting_id)), (o) => o.label),
      'plans-in-place': tally((await db.selectFrom('plans').selectAll().execute()).filter((p) => openIds.has(p.case_id)), (p) => p.plan_type),
      concerns: tally(contacts.filter((c) => c.kind !== 'referral'), (c) => (named(c.child_given_name) && named(c.child_family_name) ? 'With the child’s full name' : 'Without a full name')),
      referrals: tally(contacts.filter((c) => c.kind === 'referral'), () => 'Camden'),
      'cse-referrals': tally((await db.selectFrom('cse_referrals').selectAll().execute()).filter((r) => inPeriod(r.referred_at)), (r) => ({ awaiting: 'Awaiting a decision', accepted: 'Accepted', declined: 'Declined' })[r.status]),
      'current-category': tally(open, (c) => (c.category ? `Category ${c.category} (${['low', 'medium', 'high'][c.category - 1]})` : 'No category decided')),
      'cases-opened': tally(cases.filter((c) => inPeriod(c.opened_at)), () => 'Camden'),
      'cases-closed': tally(cases.filter((c) => inPeriod(c.closed_at)), () => 'Camden'),
      'open-by-authority': tally(open, () => 'Camden'),
      'open-by-age': tally(open, (c) => age(c.date_of_birth)),
      'open-by-sex': tally(open, (c) => c.gender ?? 'Not recorded'),
      'open-by-ethnicity': tally(open, (c) => c.ethnicity ?? 'Not recorded'),
      'open-by-disability': tally(open, (c) => (named(c.disability) ? 'Disability recorded' : 'No disability recorded')),
      'open-by-looked-after': tally(open, (c) => (c.looked_after ? 'Looked after' : 'Not looked after')),
      's47-outcomes': tally((await db.selectFrom('section47_outcomes').selectAll().execute()).filter((s) => inPeriod(s.recorded_at)), (s) => s.outcome),
      'category-movement': movement,
      'missing-episodes': tally(missing, (e) => (!e.returned_at ? 'Still missing' : e.return_interview_at ? 'Returned, return interview done' : 'Returned, no return interview yet')),
      trafficking: {
        'Cases with a trafficking indicator observed': new Set(obs.filter((o) => inPeriod(o.created_at)).map((o) => o.case_id)).size,
        ...tally(nrm, (n) => (n.outcome === 'referred' ? 'NRM referral made' : 'NRM considered, not referred')),
      },
      disruptions: tally((await db.selectFrom('intel_disruptions').selectAll().execute()).filter((d) => inPeriod(`${d.taken_on}T12:00:00Z`)), (d) => ({ 'child-abduction-notice': 'Child abduction warning notice', 'sexual-harm-prevention-order': 'Sexual harm prevention order', 'closure-of-premises': 'Closure of premises', 'other-order': 'Other order' })[d.kind]),
      'persons-disrupted': tally([...perPerson.keys()], (p) => (disrupted.has(p) ? 'With a disruption action' : 'Without a disruption action')),
      'justice-outcomes': tally((await db.selectFrom('intel_justice_outcomes').selectAll().execute()).filter((j) => perPerson.has(j.entity_id) && inPeriod(`${j.decided_on}T12:00:00Z`)), (j) => ({ charge: 'Charged', conviction: 'Convicted', acquittal: 'Acquitted' })[j.outcome]),
      'persons-convicted': tally([...perPerson.keys()], (p) => (convicted.has(p) ? 'With a conviction recorded' : 'Without a conviction recorded')),
      'children-per-person': tally([...perPerson.values()], (s) => (s.size === 1 ? '1 child' : s.size === 2 ? '2 children' : s.size <= 5 ? '3 to 5 children' : '6 or more children')),
    };
  }

  it('the coordinator sees every figure for Camden in full, equal to the counts made from the rows', async () => {
    const want = await expected();
    for (const [id, counts] of Object.entries(want)) {
      const { rows, total } = figureRows(coordinatorPage, id);
      const shown = asMap(rows);
      for (const [label, n] of Object.entries(counts)) assert.equal(shown[label], String(n), `${id}: ${label}`);
      for (const [label, text] of Object.entries(shown)) assert.equal(text, String(counts[label] ?? 0), `${id}: ${label} has nothing extra`);
      if (total !== null) assert.equal(total, String(Object.values(counts).reduce((a, b) => a + b, 0)), `${id}: total`);
    }
    // The seeds make sure the suppression tests below mean something.
    assert.equal(want.concerns!['Without a full name'], 3);
    assert.ok(want['missing-episodes']!['Still missing']! >= 1 && want['missing-episodes']!['Still missing']! <= 4);
    assert.deepEqual(want['consultation-outcomes'], { 'Awaiting an answer': 2, 'Answered, child not identified': 5, 'Child later identified (attached to a case)': 3 });
    assert.deepEqual(want['audit-timeliness'], { Good: 6, Inadequate: 1 });
    assert.equal(figureRows(coordinatorPage, 'anonymous-consultations').total, '10');
    assert.equal(figureRows(coordinatorPage, 'audit-voice').total, '7');
    // The features' own counting functions agree with the board's figures.
    const own = await anonymousConsultationCounts(harbour.db, { from: '2026-01-01', to: '2026-12-31', localAuthorityId: 'camden' });
    assert.equal(own.asked, 10);
    assert.equal(own.answered, 8);
    assert.equal(own.attachedToCase, 3);
    const ownAudit = await auditFindingFigures(harbour.db, { from: new Date(PERIOD_FROM), to: new Date(PERIOD_TO), localAuthorityId: 'camden' });
    assert.equal(ownAudit.findings, 7);
    assert.deepEqual(ownAudit.themes.find((t) => t.theme === 'timeliness')!.counts, { good: 6, 'requires-improvement': 0, inadequate: 1 });
  });

  it('timeliness for the CSE coordinator’s decision (camden Part 3 §3.1): met, missed, running and times in hours', async () => {
    const clocks = (await harbour.db.selectFrom('clocks').selectAll().where('rule_id', '=', 'cse-referral-decision').where('profile_id', '=', 'camden').execute())
      .filter((k) => new Date(k.started_at).getTime() >= PERIOD_FROM && new Date(k.started_at).getTime() < PERIOD_TO);
    let met = 0, missed = 0, running = 0;
    const hours: number[] = [];
    for (const k of clocks) {
      const due = new Date(k.due_at).getTime();
      if (k.stopped_at) {
        const stop = new Date(k.stopped_at).getTime();
        if (stop <= due) met += 1;
        else missed += 1;
        hours.push(Math.round((stop - new Date(k.started_at).getTime()) / 360_000) / 10);
      } else if (NOW.getTime() > due) missed += 1;
      else running += 1;
    }
    hours.sort((a, b) => a - b);
    const rank = (p: number) => hours[Math.ceil((p / 100) * hours.length) - 1];
    assert.ok(met >= 5 && missed >= 1 && missed <= 4 && running >= 1 && running <= 4, `${met} ${missed} ${running}`);
    const table = coordinatorPage.slice(coordinatorPage.indexOf('data-qa="timeliness-camden"'));
    const row = table.slice(table.indexOf('CPO for CATSE decides'), table.indexOf('</tr>', table.indexOf('CPO for CATSE decides')));
    const cell = (qa: string) => new RegExp(`data-qa="${qa}">([\\s\\S]*?)</td>`).exec(row)![1]!.replace(/<[^>]+>/g, '').trim();
    assert.equal(cell('started'), String(clocks.length));
    assert.equal(cell('met'), String(met));
    assert.equal(cell('missed'), String(missed));
    assert.equal(cell('running'), String(running));
    assert.equal(cell('median'), String(rank(50)));
    assert.equal(cell('p90'), String(rank(90)));
    // For the analyst: missed and running are under 5, so they are not shown as numbers.
    const aTable = analystPage.slice(analystPage.indexOf('data-qa="timeliness-camden"'));
    const aRow = aTable.slice(aTable.indexOf('CPO for CATSE decides'), aTable.indexOf('</tr>', aTable.indexOf('CPO for CATSE decides')));
    assert.match(aRow, /data-qa="missed"><span class="govuk-body-s">fewer than 5/);
    assert.match(aRow, /data-qa="running"><span class="govuk-body-s">fewer than 5/);
    assert.match(aRow, /data-qa="median">\d/);
  });

  it('the analyst sees the same figures with 1 to 4 as “fewer than 5” and secondary suppression, each with its definition and coverage', async () => {
    const want = await expected();
    for (const [id, counts] of Object.entries(want)) {
      const { rows, total } = figureRows(analystPage, id);
      assertSuppressedView(asMap(rows), counts, id);
      const hidden = rows.filter((r) => r.value === 'fewer than 5' || r.value === 'withheld').length;
      if (total !== null && /^\d+$/.test(total)) assert.notEqual(hidden, 1, `${id}: one hidden cell beside a shown total could be worked out`);
      for (const r of rows) assert.equal(r.href, null, `${id}: no link to cases for the analyst`);
    }
    assert.equal(asMap(figureRows(analystPage, 'concerns').rows)['Without a full name'], 'fewer than 5');
    assert.equal(asMap(figureRows(analystPage, 'concerns').rows)['With the child’s full name'], 'withheld');
    const block = analystPage.slice(analystPage.indexOf('data-qa="figure-concerns"'));
    assert.match(block, /data-qa="definition">Professional and public concerns received/);
    assert.match(block, /data-qa="coverage">Covers: The last four quarters \(2026 Q1 to 2026 Q4\); all local authorities\./);
    assert.match(analystPage, /data-qa="section-audits"/, 'a place for the case audits’ findings');
    assert.match(analystPage, /data-qa="section-consultations"/, 'a place for anonymous consultations');
    assert.ok(!analystPage.includes('will appear here'), 'no placeholder is left');
    // Anonymous consultations and audit findings, counted and suppressed like every other figure.
    assert.deepEqual(asMap(figureRows(analystPage, 'consultation-outcomes').rows), { 'Awaiting an answer': 'fewer than 5', 'Answered, child not identified': '5', 'Child later identified (attached to a case)': 'fewer than 5' });
    assert.equal(asMap(figureRows(analystPage, 'consultation-age').rows)['13 to 15'], '6');
    assert.equal(asMap(figureRows(analystPage, 'consultation-age').rows)['16 or 17'], 'fewer than 5');
    assert.equal(asMap(figureRows(analystPage, 'consultation-concerns').rows)['Coercion or control'], 'fewer than 5');
    assert.equal(asMap(figureRows(analystPage, 'consultation-concerns').rows)['Running away or going missing'], '10');
    assert.deepEqual(asMap(figureRows(analystPage, 'audit-timeliness').rows), { Good: 'withheld', 'Requires improvement': '0', Inadequate: 'fewer than 5' });
    assert.deepEqual(asMap(figureRows(analystPage, 'audit-multi-agency').rows), { Good: 'fewer than 5', 'Requires improvement': 'fewer than 5', Inadequate: '0' });
    assert.deepEqual(asMap(figureRows(analystPage, 'audit-assessment').rows), { Good: '7', 'Requires improvement': '0', Inadequate: '0' });
    for (const id of ['audit-timeliness', 'audit-assessment', 'audit-voice', 'audit-multi-agency']) assert.equal(figureRows(analystPage, id).total, '7', `${id}: the one total of findings`);
    const audits = analystPage.slice(analystPage.indexOf('data-qa="figure-audit-voice"'));
    assert.match(audits, /data-qa="definition">Case audit findings last saved in the period, by the grade given for the voice of the child, in the local authority of the audited case; [^<]*the agency filter does not apply/);
    assert.match(audits, /data-qa="coverage">Covers: The last four quarters \(2026 Q1 to 2026 Q4\); all local authorities\./);
    assert.match(analystPage, /data-qa="trend-anonymous-consultations"/, 'anonymous consultations in the trends');
  });

  it('trends by quarter: an SVG chart and a table that says the same', async () => {
    const trend = coordinatorPage.slice(coordinatorPage.indexOf('data-qa="trend-cases-opened"'));
    assert.match(trend, /<svg[^>]+role="img"[^>]+aria-label="New cases, by quarter: [^"]*2026 Q3 12;/);
    assert.match(trend, /<th scope="row"[^>]*>2026 Q3<\/th><td[^>]*data-qa="value">12\s*<\/td>/);
    const analystTrend = analystPage.slice(analystPage.indexOf('data-qa="trend-cases-opened"'));
    assert.match(analystTrend, /aria-label="New cases, by quarter: [^"]*2026 Q3 12;/);
  });

  it('a coordinator’s count links to the cases behind it, and the list is that count', async () => {
    const coord = new Browserish(harbour.url);
    await coord.signIn('coordinator@harbour.example');
    const row = figureRows(coordinatorPage, 'open-by-looked-after').rows.find((r) => r.label === 'Looked after')!;
    assert.ok(row.href);
    const list = await coord.get(row.href!);
    assert.equal(list.status, 200);
    const listed = [...list.text.matchAll(/<a class="govuk-link" href="\/cases\/[0-9a-f-]{36}">([^<]+)<\/a>/g)].map((m) => m[1]);
    assert.equal(String(listed.length), row.value);
    const audit = await harbour.db.selectFrom('audit_events').select(['details']).where('action', '=', 'board.cases-listed').execute();
    assert.equal(audit.length, 1);
    // A timeliness cell links too.
    const missedHref = /data-qa="missed"><a class="govuk-link" href="([^"]+)"/.exec(coordinatorPage.slice(coordinatorPage.indexOf('CPO for CATSE decides')))![1]!.replace(/&amp;/g, '&');
    const missedList = await coord.get(missedHref);
    assert.equal([...missedList.text.matchAll(/href="\/cases\/[0-9a-f-]{36}"/g)].length, 4);
  });

  it('the analyst gets 403 on every case route and on the list of cases behind a figure', async () => {
    const analyst = new Browserish(harbour.url);
    await analyst.signIn('analyst@harbour.example');
    const caseId = ids.case5!;
    const child = await harbour.db.selectFrom('cases').select('child_id').where('id', '=', caseId).executeTakeFirstOrThrow();
    const routes = caseRoutes();
    assert.ok(routes.length > 20, `found ${routes.length} case routes`);
    for (const route of routes) {
      const path = route.replace(':caseId', caseId).replace(':childId', child.child_id).replace(':recordType', 'case-note').replace(/:version\b/g, '1').replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
      const res = await analyst.get(path);
      assert.equal(res.status, 403, `${route} answers ${res.status}`);
      for (const name of ['Seedgiven5', 'Seedfamily5', 'CSE-9005']) assert.ok(!res.text.includes(name), `${route} names the child`);
    }
    assert.equal((await analyst.get(`/board/cases?period=last-4&figure=open-by-sex&row=Female`)).status, 403);
    // Even added to the case's network, the analyst is refused (issue 14: aggregates only).
    const analystId = (await harbour.db.selectFrom('users').select('id').where('email', '=', 'analyst@harbour.example').executeTakeFirstOrThrow()).id;
    await harbour.db.insertInto('case_network').values({ case_id: caseId, user_id: analystId, role_in_case: 'seed' }).execute();
    assert.equal((await analyst.get(`/cases/${caseId}`)).status, 403);
    await harbour.db.deleteFrom('case_network').where('user_id', '=', analystId).execute();
  });

  it('the analyst sees no identity on the page, in the CSV or in the workbook; each export is audited with its reason', async () => {
    for (const name of [...childNames, ...references]) assert.ok(!analystPage.includes(name), `the page names ${name}`);
    assert.ok(!/href="\/cases\//.test(analystPage));
    const analyst = new Browserish(harbour.url);
    await analyst.signIn('analyst@harbour.example');
    const csv = await analyst.submit('/board', '/board/export', { period: 'last-4', format: 'csv', reason: 'Quarterly report to the partnership board' });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type')!, /text\/csv/);
    for (const name of [...childNames, ...references]) assert.ok(!csv.text.includes(name), `the CSV names ${name}`);
    assert.match(csv.text, /"Prevalence","Concerns received","Without a full name","fewer than 5"/);
    assert.match(csv.text, /"Prevalence","Concerns received","With the child’s full name","withheld"/);
    assert.match(csv.text, /"Prevalence","Anonymous consultations","Camden","10","The last four quarters \(2026 Q1 to 2026 Q4\); all local authorities\.","Anonymous consultations \(advice asked about a child who is not named\) logged in the period/);
    assert.match(csv.text, /"Anonymous consultations","Anonymous consultations by outcome","Awaiting an answer","fewer than 5"/);
    assert.match(csv.text, /"Anonymous consultations","Anonymous consultations by age band","13 to 15","6"/);
    assert.match(csv.text, /"Case audit findings","Audit findings: timeliness","Inadequate","fewer than 5","The last four quarters \(2026 Q1 to 2026 Q4\); all local authorities\.","Case audit findings last saved in the period/);
    assert.match(csv.text, /"Case audit findings","Audit findings: timeliness","Good","withheld"/);
    assert.match(csv.text, /"Case audit findings","Audit findings: quality of assessment","Total","7"/);
    assert.match(csv.text, /"Disruption of perpetrators","Convictions and other criminal-justice outcomes recorded","Convicted","fewer than 5","The last four quarters \(2026 Q1 to 2026 Q4\); all local authorities\.","Charges, convictions and acquittals the police recorded against persons of concern/);
    assert.match(csv.text, /"Disruption of perpetrators","Persons of concern convicted","With a conviction recorded","fewer than 5"/);

    const page = await analyst.get('/board');
    const response = await fetch(`${harbour.url}/board/export`, {
      method: 'POST', redirect: 'manual',
      headers: { cookie: [...analyst.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrfTokenIn(page.text), period: 'last-4', format: 'xlsx', reason: 'Quarterly report to the partnership board' }),
    });
    assert.equal(response.status, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const cells: string[] = [];
    workbook.eachSheet((sheet) => sheet.eachRow((row) => cells.push((row.values as unknown[]).slice(1).map(String).join('|'))));
    for (const name of [...childNames, ...references]) assert.ok(!cells.some((c) => c.includes(name)), `the workbook names ${name}`);
    assert.ok(cells.includes(`Prevalence|Concerns received|Without a full name|fewer than 5|Covers: The last four quarters (2026 Q1 to 2026 Q4); all local authorities.|Professional and public concerns received by the front door in the period, split by whether the child’s given and family names were both given.`.replace('Covers: ', '')));
    assert.ok(cells.includes('Anonymous consultations|Anonymous consultations by outcome|Awaiting an answer|fewer than 5|The last four quarters (2026 Q1 to 2026 Q4); all local authorities.|Anonymous consultations logged in the period, by whether they have been answered and whether the child was later identified and the consultation attached to a case.'));
    assert.ok(cells.some((c) => c.startsWith('Case audit findings|Audit findings: timeliness|Inadequate|fewer than 5|')));
    assert.ok(cells.some((c) => c.startsWith('Disruption of perpetrators|Convictions and other criminal-justice outcomes recorded|Convicted|fewer than 5|')));
    assert.ok(cells.some((c) => c.startsWith('Disruption of perpetrators|Persons of concern convicted|With a conviction recorded|fewer than 5|')));
    assert.ok(workbook.getWorksheet('Anonymous consultations') && workbook.getWorksheet('Case audit findings'), 'a sheet for each new section');
    const audits = await harbour.db.selectFrom('audit_events').select(['details', 'child_id']).where('action', '=', 'board.exported').execute();
    assert.equal(audits.length, 2);
    for (const a of audits) {
      const details = (typeof a.details === 'string' ? JSON.parse(a.details) : a.details) as Record<string, unknown>;
      assert.equal(details.reason, 'Quarterly report to the partnership board');
      assert.equal(a.child_id, null);
    }
    assert.deepEqual(new Set(audits.map((a) => ((typeof a.details === 'string' ? JSON.parse(a.details) : a.details) as { format: string }).format)), new Set(['csv', 'xlsx']));
    assert.equal((await verifyAuditTrail(harbour.db)).ok, true);
  });

  it('an export without a reason is refused with the error summary, and nothing is exported', async () => {
    const analyst = new Browserish(harbour.url);
    await analyst.signIn('analyst@harbour.example');
    const res = await analyst.submit('/board', '/board/export', { period: 'last-4', format: 'csv', reason: '' });
    assert.equal(res.status, 400);
    assert.match(res.text, /There is a problem/);
    assert.match(res.text, /<title>Error: Board monitoring/);
    const bad = await analyst.get('/board?period=nonsense');
    assert.equal(bad.status, 400);
    assert.match(bad.text, /Choose a period from the list/);
  });

  it('filters: one agency, one quarter, a profile with no authority; the snapshot’s age is shown', async () => {
    const coord = new Browserish(harbour.url);
    await coord.signIn('coordinator@harbour.example');
    const worker = await harbour.db.selectFrom('users').select('agency_id').where('email', '=', 'social.worker@harbour.example').executeTakeFirstOrThrow();
    const byAgency = await coord.get(`/board?period=2026-Q3&agency=${worker.agency_id}`);
    assert.equal(byAgency.status, 200);
    const contacts = await harbour.db.selectFrom('contacts').select(['kind', 'received_at']).where('raised_by_agency_id', '=', worker.agency_id).where('kind', '=', 'referral').execute();
    const q3 = contacts.filter((c) => c.received_at && new Date(c.received_at).getTime() >= londonInstant('2026-07-01').getTime() && new Date(c.received_at).getTime() < londonInstant('2026-10-01').getTime());
    assert.equal(figureRows(byAgency.text, 'referrals').total, String(q3.length));
    assert.match(byAgency.text, /Agency means the agency that made the referral\./);
    // Consultations follow the agency of the professional who asked (six by the social worker); audits ignore it.
    assert.equal(figureRows(byAgency.text, 'consultation-outcomes').total, '6');
    assert.match(byAgency.text.slice(byAgency.text.indexOf('data-qa="figure-consultation-outcomes"')), /Agency means the agency of the professional who asked\./);
    assert.equal(figureRows(byAgency.text, 'audit-timeliness').total, '7');
    assert.match(byAgency.text.slice(byAgency.text.indexOf('data-qa="figure-audit-timeliness"')), /The agency filter does not apply to this figure\./);
    const q4 = await coord.get('/board?period=2026-Q4');
    assert.equal(figureRows(q4.text, 'anonymous-consultations').total, '0', 'the period applies to consultations');
    assert.equal(figureRows(q4.text, 'audit-voice').total, '0', 'the period applies to audit findings');
    const analyst = new Browserish(harbour.url);
    await analyst.signIn('analyst@harbour.example');
    const staffordshire = await analyst.get('/board?profile=staffordshire');
    assert.equal(figureRows(staffordshire.text, 'open-by-authority').total, '0');
    assert.equal(figureRows(staffordshire.text, 'consultation-outcomes').total, '0');
    assert.equal(figureRows(staffordshire.text, 'audit-assessment').total, '0');
    assert.match(staffordshire.text, /data-qa="snapshot-age">Counted at/);
    harbour.clock.advanceMinutes(3);
    assert.match((await analyst.get('/board?profile=staffordshire')).text, /\(3 minutes ago\)/);
    harbour.clock.set(NOW);
  });

  it('a snapshot more than 10 minutes old is shown with its age while it is counted again in the background', async () => {
    const analyst = new Browserish(harbour.url);
    await analyst.signIn('analyst@harbour.example');
    const path = '/board?period=last-8&profile=camden';
    const before = figureRows((await analyst.get(path)).text, 'open-by-authority').total;
    const worker = await harbour.db.selectFrom('users').select(['id']).where('email', '=', 'social.worker@harbour.example').executeTakeFirstOrThrow();
    const child = await harbour.db.insertInto('children').values({ local_authority_id: 'camden', given_name: 'Late', family_name: 'Arrival' }).returning('id').executeTakeFirstOrThrow();
    await harbour.db.insertInto('cases').values({ reference: 'CSE-9999', child_id: child.id, local_authority_id: 'camden', lead_professional_id: worker.id }).execute();
    harbour.clock.advanceMinutes(11);
    const stale = (await analyst.get(path)).text;
    assert.match(stale, /\(11 minutes ago\)/);
    assert.equal(figureRows(stale, 'open-by-authority').total, before, 'the stored count, shown at once');
    let fresh = '';
    for (let i = 0; i < 50 && !/less than a minute ago/.test(fresh); i += 1) {
      await new Promise((r) => setTimeout(r, 200));
      fresh = (await analyst.get(path)).text;
    }
    assert.match(fresh, /less than a minute ago/);
    assert.equal(figureRows(fresh, 'open-by-authority').total, String(Number(before) + 1));
    harbour.clock.set(NOW);
  });

  it('the default views are counted ahead of the reader, and again once 10 minutes old (the warmer)', async () => {
    await harbour.db.deleteFrom('board_snapshots').execute();
    const authorities = (await harbour.db.selectFrom('local_authorities').select('id').execute()).length;
    const board = boardServiceFor(harbour.services);
    assert.equal(await board.warmDefaultViews(), 1 + authorities, 'every authority together, then each on its own');
    assert.equal(await board.warmDefaultViews(), 0, 'fresh snapshots are left alone');
    harbour.clock.advanceMinutes(3);
    const analyst = new Browserish(harbour.url);
    await analyst.signIn('analyst@harbour.example');
    assert.match((await analyst.get('/board')).text, /\(3 minutes ago\)/, 'the analyst reads the stored snapshot');
    assert.match((await analyst.get('/board?localAuthority=camden')).text, /\(3 minutes ago\)/, 'and each authority’s default view');
    const coordinator = new Browserish(harbour.url);
    await coordinator.signIn('coordinator@harbour.example');
    assert.match((await coordinator.get('/board')).text, /\(3 minutes ago\)/, 'the area viewer’s default view is the same snapshot');
    harbour.clock.advanceMinutes(8);
    assert.equal(await board.warmDefaultViews(), 1 + authorities, 'counted again at 10 minutes old');
    harbour.clock.set(NOW);
    // The schedule: a first check soon after start-up, then every interval, never two at once; stopped, no more.
    let calls = 0;
    let release: () => void = () => undefined;
    const stop = startBoardWarmer({ warmDefaultViews: () => { calls += 1; return new Promise<number>((r) => { release = () => r(0); }); } }, () => undefined, { firstAfterMs: 10, everyMs: 20 });
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(calls, 1, 'a check still running is not doubled');
    release();
    await new Promise((r) => setTimeout(r, 60));
    assert.ok(calls >= 2, 'checked again on the interval');
    stop();
    release();
    const stopped = calls;
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(calls, stopped);
  });

  it('board views are audited as aggregate views, naming no child', async () => {
    const rows = await harbour.db.selectFrom('audit_events').select(['child_id', 'entity_type']).where('action', '=', 'board.viewed').execute();
    assert.ok(rows.length >= 2);
    for (const r of rows) assert.equal(r.child_id, null);
    await sql`select 1`.execute(harbour.db);
  });
});
