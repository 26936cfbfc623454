// The minutes of a held meeting as a PDF: the same content and sharing-level filtering as the minutes page, each
// opening audited, refused to someone without access to the case.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish } from '../../support/http-client.ts';

/** The text a PDF shows, from pdfkit's compressed content streams (hex strings in TJ arrays, one byte a glyph). */
function pdfText(pdf: Buffer): string {
  const out: string[] = [];
  const raw = pdf.toString('latin1');
  const re = /stream\r?\n/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(raw))) {
    const start = match.index + match[0].length;
    const end = raw.indexOf('endstream', start);
    try {
      const content = inflateSync(pdf.subarray(start, end)).toString('latin1');
      for (const tj of content.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
        out.push([...tj[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1]!, 'hex').toString('latin1')).join(''));
      }
    } catch {
      // Not a deflated content stream (fonts, images): skip it.
    }
  }
  return out.join('\n');
}

describe(`minutes as a PDF (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  const users = new Map<string, string>();
  let caseId: string;
  let meetingId: string;

  before(async () => {
    harbour = await startTestHarbour();
    for (const u of await harbour.db.selectFrom('users').select(['id', 'email', 'agency_id']).execute()) users.set(u.email.split('@')[0]!, u.id);
    const kase = await harbour.db.selectFrom('cases').select(['id', 'local_authority_id']).where('reference', '=', 'CSE-0001').executeTakeFirstOrThrow();
    caseId = kase.id;
    const sw = await harbour.db.selectFrom('users').select(['id', 'agency_id']).where('email', '=', 'social.worker@harbour.example').executeTakeFirstOrThrow();
    const held = new Date(harbour.clock.now.getTime() - 86_400_000);
    // A held CATSE meeting, set up directly: the meetings tests cover convening and recording through the pages.
    const meeting = await harbour.db
      .insertInto('meetings')
      .values({
        local_authority_id: kase.local_authority_id, profile_id: 'camden', meeting_type: 'catse-meeting', status: 'held', scheduled_at: held, held_at: held, venue: 'Crowndale Centre, room 2',
        chair_id: users.get('coordinator')!, convened_by: sw.id, convened_at: held, decisions_summary: 'Support plan agreed', parents_told: true, parents_told_what: 'The concerns', parents_told_by: 'Social worker',
        review_date: '2027-01-15', recorded_by: sw.id, recorded_at: held,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    meetingId = meeting.id;
    await harbour.db.insertInto('meeting_cases').values({ meeting_id: meetingId, case_id: caseId, is_primary: true }).execute();
    await harbour.db.insertInto('meeting_invitees').values([
      { meeting_id: meetingId, user_id: users.get('coordinator')!, invited_role: 'chair', attended: true },
      { meeting_id: meetingId, user_id: users.get('police')!, invited_role: 'police-sapphire', attended: true },
    ]).execute();
    await harbour.db.insertInto('meeting_information').values([
      { meeting_id: meetingId, item: 'School attendance down to 60 percent', sharing_level: 'network', agency_id: sw.agency_id, author_id: sw.id },
      { meeting_id: meetingId, item: 'Social care only: address history', sharing_level: 'agency', agency_id: sw.agency_id, author_id: sw.id },
    ]).execute();
  });
  after(async () => {
    await harbour?.stop();
  });

  const signedIn = async (who: string) => {
    const b = new Browserish(harbour.url);
    await b.signIn(`${who}@harbour.example`);
    return b;
  };
  const fetchPdf = (b: Browserish) => fetch(`${harbour.url}/cases/${caseId}/meetings/${meetingId}/minutes.pdf`, { headers: { cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ') }, redirect: 'manual' });
  const openings = async (who: string) => (await harbour.db.selectFrom('audit_events').select('details').where('action', '=', 'meeting.minutes-opened').where('actor_id', '=', users.get(who)!).execute()).filter((a) => (a.details as { format?: string }).format === 'pdf').length;

  it('returns a PDF of the minutes, filtered by the reader’s sharing level, and audits each opening', async () => {
    const police = await signedIn('police');
    const res = await fetchPdf(police);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const pdf = Buffer.from(await res.arrayBuffer());
    assert.equal(pdf.subarray(0, 4).toString('latin1'), '%PDF');
    const text = pdfText(pdf);
    assert.match(text, /School attendance down to 60 percent/);
    assert.match(text, /Support plan agreed/);
    assert.doesNotMatch(text, /address history/, 'an own-agency item of social care is not in the police’s copy');
    assert.equal(await openings('police'), 1);
    await fetchPdf(police);
    assert.equal(await openings('police'), 2);
    const sw = await signedIn('social.worker');
    assert.match(pdfText(Buffer.from(await (await fetchPdf(sw)).arrayBuffer())), /address history/);
    assert.match((await sw.get(`/cases/${caseId}/meetings/${meetingId}/minutes`)).text, /minutes\.pdf/);
  });

  it('is refused (403, audited) to someone without access to the case', async () => {
    const teacher = await signedIn('teacher');
    const res = await fetchPdf(teacher);
    assert.equal(res.status, 403);
    assert.notEqual(res.headers.get('content-type'), 'application/pdf');
    assert.equal(await openings('teacher'), 0);
    const denied = await harbour.db.selectFrom('audit_events').select('id').where('actor_id', '=', users.get('teacher')!).where('action', '=', 'case.minutes').where('outcome', '=', 'denied').execute();
    assert.equal(denied.length, 1);
  });

  it('is not found for a meeting that has not been held', async () => {
    await harbour.db.updateTable('meetings').set({ status: 'convened' }).where('id', '=', meetingId).execute();
    const sw = await signedIn('social.worker');
    assert.equal((await fetchPdf(sw)).status, 404);
  });
});
