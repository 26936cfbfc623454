// Subject access requests (issue 15; UK GDPR Art. 15): the information governance officer records a request for a
// child, reviews each item that names a third party or is police-only (release or withhold, with a reason), produces
// the record as a PDF and a JSON file, and releases it. The officer is not in the child's network: this service is
// the gate for their read, and every read, decision and release is audited with the child's id.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { can } from '../../domain/access/access.ts';
import { londonDateOf } from '../../domain/clock/index.ts';
import { decideItem, decideRelease, reviewReasonsFor, sarDueOn, REVIEW_REASON_LABELS } from '../../domain/retention/subject-access.ts';
import type { ReviewReason, SarItemKind } from '../../domain/retention/subject-access.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { forbidden, notFound } from '../../platform/web/errors.ts';
import {
  caseByReference,
  caseNotesOfChild,
  casesOfChild,
  childRow,
  chronologyOfChild,
  insertRequest,
  insertRequestItem,
  intelligenceLinksOfChild,
  itemDecisions,
  itemOfRequest,
  itemsOfRequest,
  relatedPeopleOfChild,
  requestById,
  requests,
  updateItem,
  updateRequest,
} from './queries.ts';

function assertIgo(actor: Actor): void {
  if (!can(actor, 'information-governance:manage')) throw forbidden('Only an information governance officer handles subject access requests.');
}

export type RecordItem = {
  kind: SarItemKind;
  id: string;
  heading: string;
  when: string | null;
  text: string;
  by: string | null;
  reviewReasons: ReviewReason[];
};

/** The child's record as items, each with why it needs review (if it does). Names and text: the officer's eyes only. */
async function gatherRecord(db: Kysely<Database>, childId: string): Promise<{ child: Record<string, unknown>; cases: { reference: string; status: string; opened_at: Date; closed_at: Date | null }[]; items: RecordItem[] }> {
  const child = await childRow(db, childId);
  const cases = await casesOfChild(db, childId);
  const items: RecordItem[] = [];
  const chronology = await chronologyOfChild(db, childId);
  for (const e of chronology) {
    items.push({ kind: 'chronology-entry', id: e.id, heading: e.title, when: londonDateOf(e.occurred_at), text: e.summary, by: [e.author_name, e.agency_name].filter(Boolean).join(', ') || null, reviewReasons: reviewReasonsFor({ kind: 'chronology-entry', authorAgencyKind: e.agency_kind, sharingLevel: e.sharing_level }) });
  }
  const notes = await caseNotesOfChild(db, childId);
  for (const n of notes) {
    items.push({ kind: 'case-note', id: n.id, heading: `Case note: ${n.contact_type}`, when: n.contact_date, text: n.body, by: `${n.author_name}, ${n.agency_name}`, reviewReasons: reviewReasonsFor({ kind: 'case-note', authorAgencyKind: n.agency_kind, sharingLevel: n.sharing_level }) });
  }
  const people = await relatedPeopleOfChild(db, childId);
  for (const p of people) {
    items.push({ kind: 'related-person', id: p.id, heading: `Related person (${p.relationship}): ${p.name}`, when: null, text: p.notes, by: null, reviewReasons: reviewReasonsFor({ kind: 'related-person', authorAgencyKind: null, sharingLevel: null }) });
  }
  const links = await intelligenceLinksOfChild(db, childId);
  for (const l of links) {
    items.push({ kind: 'intelligence-link', id: l.id, heading: `Intelligence link (${l.kind}): ${l.label}`, when: l.last_known, text: l.nature, by: l.agency_name, reviewReasons: reviewReasonsFor({ kind: 'intelligence-link', authorAgencyKind: l.agency_kind, sharingLevel: l.sharing_level }) });
  }
  const name = [child.given_name, child.family_name].filter(Boolean).join(' ');
  return {
    child: { name, knownAs: child.known_as, dateOfBirth: child.date_of_birth, gender: child.gender, ethnicity: child.ethnicity, language: child.language, school: child.school, lookedAfter: child.looked_after },
    cases: cases.map((c) => ({ reference: c.reference, status: c.status, opened_at: c.opened_at, closed_at: c.closed_at })),
    items,
  };
}

export type NewRequest = { reference: string; requester: 'child' | 'parent' | 'representative'; receivedOn: string };

export async function recordRequest(db: Kysely<Database>, actor: Actor, input: NewRequest, audit: AuditContext): Promise<{ ok: true; id: string } | { ok: false; field: string; message: string }> {
  assertIgo(actor);
  const kase = await caseByReference(db, input.reference);
  if (!kase || (actor.localAuthorityId !== null && actor.localAuthorityId !== kase.local_authority_id)) return { ok: false, field: 'reference', message: 'No case of your local authority has that reference' };
  return db.transaction().execute(async (trx) => {
    const req = await insertRequest(trx, { child_id: kase.child_id, local_authority_id: kase.local_authority_id, requester: input.requester, received_on: input.receivedOn, due_on: sarDueOn(input.receivedOn), recorded_by: actor.id });
    const { items } = await gatherRecord(trx, kase.child_id);
    const flagged = items.filter((i) => i.reviewReasons.length);
    for (const i of flagged) await insertRequestItem(trx, { request_id: req!.id, item_kind: i.kind, item_id: i.id, review_reasons: i.reviewReasons });
    await recordAudit(trx, audit, { action: 'subject-access.recorded', entityType: 'subject-access-request', entityId: req!.id, childId: kase.child_id, details: { requester: input.requester, items: items.length, forReview: flagged.length } });
    return { ok: true as const, id: req!.id };
  });
}

export async function listRequests(db: Kysely<Database>, actor: Actor) {
  assertIgo(actor);
  return requests(db, actor.localAuthorityId);
}

export type ReviewItem = RecordItem & { itemRowId: string; decision: 'release' | 'withhold' | null; decisionReason: string | null; reasonLabels: string[] };

export type RequestView = {
  id: string;
  childId: string;
  references: string;
  requester: string;
  receivedOn: string;
  dueOn: string;
  releasedAt: Date | null;
  version: number;
  child: Record<string, unknown>;
  cases: { reference: string; status: string; opened_at: Date; closed_at: Date | null }[];
  items: RecordItem[];
  forReview: ReviewItem[];
  undecided: number;
};

async function loadRequest(db: Kysely<Database>, actor: Actor, requestId: string): Promise<RequestView> {
  const r = await requestById(db, requestId);
  if (!r || (actor.localAuthorityId !== null && actor.localAuthorityId !== r.local_authority_id)) throw notFound('Subject access request');
  const record = await gatherRecord(db, r.child_id);
  const rows = await itemsOfRequest(db, r.id);
  const byKey = new Map(record.items.map((i) => [`${i.kind}:${i.id}`, i]));
  const forReview: ReviewItem[] = [];
  for (const row of rows) {
    const item = byKey.get(`${row.item_kind}:${row.item_id}`);
    if (!item) continue; // removed from the record since the request was recorded
    forReview.push({ ...item, itemRowId: row.id, decision: row.decision, decisionReason: row.decision_reason, reasonLabels: row.review_reasons.map((x) => REVIEW_REASON_LABELS[x as ReviewReason] ?? x) });
  }
  return {
    id: r.id,
    childId: r.child_id,
    references: record.cases.map((c) => c.reference).join(', '),
    requester: r.requester,
    receivedOn: r.received_on,
    dueOn: r.due_on,
    releasedAt: r.released_at,
    version: r.version,
    child: record.child,
    cases: record.cases,
    items: record.items,
    forReview,
    undecided: forReview.filter((i) => !i.decision).length,
  };
}

/** The officer opens the request: the child's record is read, so it is audited. */
export async function openRequest(db: Kysely<Database>, actor: Actor, requestId: string, audit: AuditContext): Promise<RequestView> {
  assertIgo(actor);
  const view = await loadRequest(db, actor, requestId);
  await recordAudit(db, audit, { action: 'subject-access.opened', entityType: 'subject-access-request', entityId: view.id, childId: view.childId });
  return view;
}

export type DecisionResult = { ok: true } | { ok: false; code: 'stale' | 'refused'; message: string; current: RequestView };

export async function decideRequestItem(db: Kysely<Database>, actor: Actor, requestId: string, itemRowId: string, input: { version: number; decision: 'release' | 'withhold'; reason: string }, now: Date, audit: AuditContext): Promise<DecisionResult> {
  assertIgo(actor);
  const outcome = await db.transaction().execute(async (trx) => {
    const r = await requestById(trx, requestId, true);
    if (!r || (actor.localAuthorityId !== null && actor.localAuthorityId !== r.local_authority_id)) throw notFound('Subject access request');
    const item = await itemOfRequest(trx, r.id, itemRowId);
    if (!item) throw notFound('Item');
    if (r.version !== input.version) return { ok: false as const, code: 'stale' as const, message: 'Someone else changed this request while you were deciding. The page now shows their decisions; yours was not saved.' };
    const d = decideItem(r.released_at !== null, { decision: input.decision, reason: input.reason });
    if (!d.ok) return { ok: false as const, code: 'refused' as const, message: d.refusal.message };
    await updateItem(trx, item.id, { decision: d.decision.decision, decision_reason: d.decision.reason, decided_by: actor.id, decided_at: now });
    await updateRequest(trx, r.id, { version: r.version + 1 });
    await recordAudit(trx, audit, { action: 'subject-access.item-decided', entityType: 'subject-access-request', entityId: r.id, childId: r.child_id, details: { itemKind: item.item_kind, itemId: item.item_id, decision: d.decision.decision } });
    return { ok: true as const };
  });
  if (outcome.ok) return outcome;
  // The refusal shows the request again, the child's record with it: that read is audited like any opening (issue 17).
  return { ...outcome, current: await openRequest(db, actor, requestId, audit) };
}

export async function releaseRequest(db: Kysely<Database>, actor: Actor, requestId: string, version: number, now: Date, audit: AuditContext): Promise<DecisionResult> {
  assertIgo(actor);
  const outcome = await db.transaction().execute(async (trx) => {
    const r = await requestById(trx, requestId, true);
    if (!r || (actor.localAuthorityId !== null && actor.localAuthorityId !== r.local_authority_id)) throw notFound('Subject access request');
    if (r.version !== version) return { ok: false as const, code: 'stale' as const, message: 'Someone else changed this request since you opened it. Check the decisions shown, then release.' };
    const items = await itemDecisions(trx, r.id);
    const d = decideRelease(r.released_at !== null, items.filter((i) => !i.decision).length);
    if (!d.ok) return { ok: false as const, code: 'refused' as const, message: d.refusal.message };
    await updateRequest(trx, r.id, { released_at: now, released_by: actor.id, version: r.version + 1 });
    await recordAudit(trx, audit, { action: 'subject-access.released', entityType: 'subject-access-request', entityId: r.id, childId: r.child_id, details: { released: items.filter((i) => i.decision === 'release').length, withheld: items.filter((i) => i.decision === 'withhold').length } });
    return { ok: true as const };
  });
  if (outcome.ok) return outcome;
  // The refusal shows the request again, the child's record with it: that read is audited like any opening (issue 17).
  return { ...outcome, current: await openRequest(db, actor, requestId, audit) };
}

export type RecordPack = {
  request: { id: string; references: string; requester: string; receivedOn: string; dueOn: string; status: 'draft for review' | 'released'; releasedAt: string | null; producedAt: string };
  child: Record<string, unknown>;
  cases: { reference: string; status: string; openedOn: string; closedOn: string | null }[];
  entries: { kind: string; heading: string; when: string | null; by: string | null; text: string; review: string | null }[];
  forReview: { kind: string; heading: string; reasons: string[]; decision: string; reason: string | null }[];
};

/**
 * The pack: every item of the record except those withheld. Before release it is a draft marked as such, with each
 * item for review shown with its reasons and decision so far; after release, withheld items are only listed.
 */
export async function producePack(db: Kysely<Database>, actor: Actor, requestId: string, format: 'pdf' | 'json', now: Date, audit: AuditContext): Promise<RecordPack> {
  assertIgo(actor);
  const v = await loadRequest(db, actor, requestId);
  const decisionOf = new Map(v.forReview.map((i) => [`${i.kind}:${i.id}`, i]));
  const entries: RecordPack['entries'] = [];
  for (const item of v.items) {
    const reviewed = decisionOf.get(`${item.kind}:${item.id}`);
    if (reviewed?.decision === 'withhold') continue;
    entries.push({ kind: item.kind, heading: item.heading, when: item.when, by: item.by, text: item.text, review: reviewed ? (reviewed.decision ? `Reviewed: released (${reviewed.decisionReason})` : `Awaiting review: ${reviewed.reasonLabels.join('; ')}`) : null });
  }
  await recordAudit(db, audit, { action: 'subject-access.produced', entityType: 'subject-access-request', entityId: v.id, childId: v.childId, details: { format, released: v.releasedAt !== null } });
  return {
    request: { id: v.id, references: v.references, requester: v.requester, receivedOn: v.receivedOn, dueOn: v.dueOn, status: v.releasedAt ? 'released' : 'draft for review', releasedAt: v.releasedAt?.toISOString() ?? null, producedAt: now.toISOString() },
    child: v.child,
    cases: v.cases.map((c) => ({ reference: c.reference, status: c.status, openedOn: londonDateOf(c.opened_at), closedOn: c.closed_at ? londonDateOf(c.closed_at) : null })),
    entries,
    // Once released, a withheld item is listed by its kind only: its heading may name the third party.
    forReview: v.forReview.map((i) => ({ kind: i.kind, heading: v.releasedAt && i.decision === 'withhold' ? `Withheld ${i.kind.replace('-', ' ')}` : i.heading, reasons: i.reasonLabels, decision: i.decision ?? 'undecided', reason: i.decisionReason })),
  };
}
