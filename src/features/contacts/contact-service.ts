// Concerns and referrals from their arrival to the front door's decision. Each use case is one transaction
// that writes its audit rows, chronology entries, clocks and notifications together.
import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { ContactsTable, Database } from '../../platform/database/schema.ts';
import type { Insertable } from 'kysely';
import type { Db } from '../../platform/database/connection.ts';
import type { Actor } from '../../domain/access/access.ts';
import { canSeeReferral, hasRole } from '../../domain/access/access.ts';
import { checkChildAge, isOutOfHours, routeContact } from '../../domain/triage/contact-rules.ts';
import { checkTriageDecision, TRIAGE_DECISION_INFO, PROTECTIVE_ACTION_LABELS } from '../../domain/triage/decisions.ts';
import type { TriageDecision, TriageRefusal, ProtectiveAction } from '../../domain/triage/decisions.ts';
import { ageBand } from '../../domain/risk/age-rules.ts';
import type { AgeBand } from '../../domain/risk/age-rules.ts';
import { indicatorsInSet } from '../../domain/risk/catalogue.ts';
import { dueAt, londonInstant } from '../../domain/clock/index.ts';
import type { TimescaleEvent } from '../../domain/profiles/enums.ts';
import { checkWrittenConfirmation } from '../../domain/front-door/written-confirmation.ts';
import { WRITTEN_FORM_LABELS } from '../../domain/front-door/written-confirmation.ts';
import type { WrittenForm } from '../../domain/front-door/written-confirmation.ts';
import { checkHandover } from '../../domain/front-door/handover.ts';
import { apparentAtRefusal, referralClockChange } from '../../domain/front-door/referral-clock.ts';
import { insertPoliceProtection } from '../police-protection/service.ts';
import { isSilent } from '../../domain/profiles/schema.ts';
import { HttpError, notFound, forbidden } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/audit-trail.ts';
import type { AuditContext } from '../audit/audit-trail.ts';
import type { ProfileRegistry } from '../profiles/profile-registry.ts';
import type { ClockService } from '../clocks/service.ts';
import type { Notifier } from '../notifications/service.ts';
import type { z } from 'zod';
import type { decisionSchema, professionalConcernSchema, publicConcernSchema, referralSchema, identifySchema, writtenConfirmationSchema, handoverSchema } from './contact-schemas.ts';
import { observedAtSchema } from './contact-schemas.ts';

export type ContactKind = 'professional-concern' | 'public-concern' | 'referral';
export type { FieldRefusal } from '../../platform/web/refusals.ts';
import type { FieldRefusal } from '../../platform/web/refusals.ts';
import { Refused } from '../../platform/web/refusals.ts';
import { reopenForNewConcern } from '../case-lifecycle/service.ts';
export class ContactRefused extends Refused {}
export class StaleContact extends HttpError {
  constructor() {
    super(409, 'stale', 'Someone else changed this record', 'Another person updated this concern while you were looking at it. The page now shows their change; check it and decide again.');
  }
}

export const CHECKLIST_13_15 = indicatorsInSet('checklist-13-15');

/** Every event this module passes to clocks.applyEvent. */
export const CLOCK_EVENTS_SENT = [
  'contact-received',
  'referral-received',
  'phone-referral-received',
  'concern-identified',
  'referral-made',
  'referral-confirmed-in-writing',
  'first-response-completed',
  'continuing-significant-harm-found',
  'cse-referral-received',
  'referrer-informed-of-outcome',
  'police-protection-started',
] as const satisfies readonly TimescaleEvent[];

type ChildFields = {
  childGivenName?: string | undefined;
  childFamilyName?: string | undefined;
  childKnownAs?: string | undefined;
  childDateOfBirth?: string | undefined;
  childApproximateAge?: number | undefined;
  childDescription?: string | undefined;
  childLocation?: string | undefined;
  childAddress?: string | undefined;
  childPostcode?: string | undefined;
  childWard?: string | undefined;
  childSchool?: string | undefined;
  childGp?: string | undefined;
  childCareLeaver: boolean;
};

function childColumns(input: ChildFields) {
  return {
    child_given_name: input.childGivenName ?? null,
    child_family_name: input.childFamilyName ?? null,
    child_known_as: input.childKnownAs ?? null,
    child_date_of_birth: input.childDateOfBirth ?? null,
    child_approximate_age: input.childApproximateAge ?? null,
    child_description: input.childDescription ?? null,
    child_location: input.childLocation ?? null,
    child_address: input.childAddress ?? null,
    child_postcode: input.childPostcode ?? null,
    child_ward: input.childWard ?? null,
    child_school: input.childSchool ?? null,
    child_gp: input.childGp ?? null,
    child_care_leaver: input.childCareLeaver,
  };
}

function observedAt(date: string | undefined, time: string | undefined): Date | null {
  if (!date) return null;
  const [h, m] = (time ?? '00:00').split(':').map(Number);
  return londonInstant(date, h!, m!);
}

export function hashIp(ip: string | null | undefined, secret: string): string | null {
  return ip ? createHash('sha256').update(`${secret}:${ip}`).digest('hex') : null;
}

export function contactChildName(c: { child_given_name: string | null; child_family_name: string | null; child_known_as: string | null }): string {
  const full = [c.child_given_name, c.child_family_name].filter(Boolean).join(' ');
  if (full) return c.child_known_as ? `${full} (known as ${c.child_known_as})` : full;
  return c.child_known_as ? `Known as ${c.child_known_as}` : 'Name not known';
}

export function createContactService(deps: { db: Db; profiles: ProfileRegistry; clocks: ClockService; notifier: Notifier; now: () => Date; secret: string }) {
  const { db, profiles, notifier, now } = deps;
  const clocks = { calendar: deps.clocks.calendar, applyEvent: deps.clocks.sender(CLOCK_EVENTS_SENT) };

  async function nextReference(trx: Kysely<Database>, prefix: string, sequence: 'contact_reference_seq' | 'case_reference_seq'): Promise<string> {
    const row = await sql<{ n: number }>`select nextval(${sequence}::regclass)::int as n`.execute(trx);
    return `${prefix}-${now().getUTCFullYear()}-${String(row.rows[0]!.n).padStart(5, '0')}`;
  }

  function validateAge(input: ChildFields, at: Date) {
    const check = checkChildAge({ dateOfBirth: input.childDateOfBirth, approximateAge: input.childApproximateAge, careLeaver: input.childCareLeaver, now: at });
    if (!check.ok) throw new ContactRefused([{ field: check.field, message: check.message }]);
  }

  /** A professional's contact belongs to their own authority; an account without one to the default profile's. */
  const authorityOf = (actor: Actor) => actor.localAuthorityId ?? profiles.defaultProfile.localAuthorities[0]?.id ?? 'demo-authority';

  /** What a professional's concern and a formal referral record alike: who raised it, what, and the child. */
  function fromProfessional(
    actor: Actor,
    input: ChildFields & { narrative: string; indicators: string[]; immediateDanger: boolean; policeCalled?: boolean | undefined; dslConsulted: string; sexualActivity: boolean; idempotencyKey: string },
    seen: Date | null,
    at: Date,
  ) {
    return {
      local_authority_id: authorityOf(actor),
      status: 'received' as const,
      raised_by: actor.id,
      raised_by_agency_id: actor.agencyId,
      observed_at: seen,
      narrative: input.narrative,
      indicators: input.indicators,
      immediate_danger: input.immediateDanger,
      // Whether the police were called only means something when the child was said to be in danger.
      police_called: input.immediateDanger ? (input.policeCalled ?? null) : null,
      dsl_consulted: input.dslConsulted,
      sexual_activity: input.sexualActivity,
      ...childColumns(input),
      idempotency_key: input.idempotencyKey,
      received_at: at,
    };
  }

  /**
   * bedford-luton 2.8, 12.4: the referral clock runs from the moment the referrer says the concern became apparent.
   * A draft with that moment starts it (owned by the referrer, so it is on their work list); a corrected moment
   * moves the running clock; the submission (referral-made) stops it.
   */
  async function concernIdentified(trx: Kysely<Database>, contact: { id: string; local_authority_id: string; raised_by: string | null }, apparentAt: Date | null) {
    const profile = await profiles.forAuthority(trx, contact.local_authority_id);
    const rules = profile.timescales.filter((rule) => rule.startsOn === 'concern-identified' && rule.duration);
    if (!rules.length) return;
    const running = await trx.selectFrom('clocks').select(['id', 'rule_id', 'started_at']).where('referral_id', '=', contact.id).where('stopped_at', 'is', null).where('rule_id', 'in', rules.map((r) => r.id)).orderBy('started_at').execute();
    const change = referralClockChange({ apparentAt, runningSince: running[0]?.started_at ?? null });
    if (change === 'start') {
      await clocks.applyEvent(trx, { event: 'concern-identified', at: apparentAt!, subject: { referralId: contact.id, localAuthorityId: contact.local_authority_id }, ownerUserId: contact.raised_by });
    } else if (change === 'move') {
      const cal = await clocks.calendar(trx);
      for (const clock of running) {
        const rule = rules.find((r) => r.id === clock.rule_id)!;
        await trx.updateTable('clocks').set({ started_at: apparentAt!, due_at: dueAt(apparentAt!, rule.duration!, cal) }).where('id', '=', clock.id).execute();
      }
    }
  }

  /** Clocks, routing and audit for a contact that has just been received. */
  async function receive(trx: Transaction<Database>, contactId: string, audit: AuditContext, kind: ContactKind) {
    const contact = await trx.selectFrom('contacts').selectAll().where('id', '=', contactId).executeTakeFirstOrThrow();
    const profile = await profiles.forAuthority(trx, contact.local_authority_id);
    const at = contact.received_at!;
    // A professional's concern or referral reaches children's social care now: the referral clock is met (or late).
    if (kind !== 'public-concern') {
      await concernIdentified(trx, contact, contact.observed_at);
      await clocks.applyEvent(trx, { event: 'referral-made', at, subject: { referralId: contactId, localAuthorityId: contact.local_authority_id } });
    }
    const route = routeContact(profile.routing, { ward: contact.child_ward, localAuthorityId: contact.local_authority_id });
    const outOfHours = isOutOfHours(at, await clocks.calendar(trx));
    await trx.updateTable('contacts').set({ routed_team: route.teamId, routed_team_label: route.teamLabel, out_of_hours: outOfHours }).where('id', '=', contactId).execute();
    const subject = { referralId: contactId, localAuthorityId: contact.local_authority_id };
    await clocks.applyEvent(trx, { event: 'contact-received', at, subject, ownerTeam: route.teamId });
    await clocks.applyEvent(trx, { event: 'referral-received', at, subject, ownerTeam: route.teamId });
    if (kind === 'referral' && contact.channel === 'phone' && contact.urgent) {
      await clocks.applyEvent(trx, { event: 'phone-referral-received', at, subject, ownerTeam: route.teamId });
    }
    await recordAudit(trx, audit, { action: 'contact.received', entityType: 'contact', entityId: contactId, details: { kind, routedTeam: route.teamId, outOfHours } });
  }

  /** A second submission with the same form key returns the first record instead of creating another. */
  async function existingByKey(key: string) {
    return db.selectFrom('contacts').select(['id', 'reference', 'status', 'raised_by', 'kind']).where('idempotency_key', '=', key).executeTakeFirst();
  }

  async function insertOrReuse(values: Omit<Insertable<ContactsTable>, 'reference'>, audit: AuditContext, kind: ContactKind, raisedBy: string | null) {
    const existing = await existingByKey(values.idempotency_key);
    if (existing && existing.status !== 'draft') {
      if (existing.raised_by !== raisedBy) throw new HttpError(409, 'duplicate-key', 'This form was already used', 'Reload the page to start a new one.');
      return { id: existing.id, reference: existing.reference, duplicate: true };
    }
    try {
      return await db.transaction().execute(async (trx) => {
        let id: string;
        let reference: string;
        if (existing) {
          if (existing.raised_by !== raisedBy) throw forbidden('This draft belongs to someone else.');
          const row = await trx
            .updateTable('contacts')
            .set({ ...values, updated_at: now(), version: sql<number>`version + 1` })
            .where('id', '=', existing.id)
            .where('status', '=', 'draft')
            .returning(['id', 'reference'])
            .executeTakeFirst();
          if (!row) throw new HttpError(409, 'duplicate-key', 'This form was already sent', 'It has already been submitted.');
          ({ id, reference } = row);
        } else {
          reference = await nextReference(trx, kind === 'public-concern' ? 'P' : 'R', 'contact_reference_seq');
          const row = await trx.insertInto('contacts').values({ ...values, reference }).returning('id').executeTakeFirstOrThrow();
          id = row.id;
        }
        await receive(trx, id, audit, kind);
        return { id, reference, duplicate: false };
      });
    } catch (error) {
      // Two identical submissions racing: the unique key lets one through; the other returns it.
      if ((error as { code?: string }).code === '23505') {
        const winner = await existingByKey(values.idempotency_key);
        if (winner) return { id: winner.id, reference: winner.reference, duplicate: true };
      }
      throw error;
    }
  }

  return {
    newFormKey: () => randomUUID(),

    async submitProfessionalConcern(actor: Actor, input: z.infer<typeof professionalConcernSchema>, audit: AuditContext) {
      const at = now();
      validateAge(input, at);
      const seen = observedAt(input.observedDate, input.observedTime);
      if (seen && seen > at) throw new ContactRefused([{ field: 'observedDate', message: 'The date you saw this must be today or in the past' }]);
      if (input.immediateDanger && input.policeCalled === undefined) {
        throw new ContactRefused([{ field: 'policeCalled', message: 'Say whether you have called the police on 999' }]);
      }
      return insertOrReuse(
        {
          kind: 'professional-concern',
          ...fromProfessional(actor, input, seen, at),
          channel: 'online',
          details: JSON.stringify({}),
        },
        audit,
        'professional-concern',
        actor.id,
      );
    },

    async submitReferral(actor: Actor, input: z.infer<typeof referralSchema>, audit: AuditContext) {
      const at = now();
      validateAge(input, at);
      const refusals: FieldRefusal[] = [];
      if (!input.childGivenName && !input.childFamilyName) refusals.push({ field: 'childGivenName', message: 'Enter the child’s name: a formal referral needs it (bedford-luton 2.9)' });
      if (!input.childDateOfBirth && input.childApproximateAge === undefined) refusals.push({ field: 'childDateOfBirth', message: 'Enter the child’s date of birth or their approximate age' });
      if (!input.childAddress) refusals.push({ field: 'childAddress', message: 'Enter the child’s address, or where they are staying' });
      const seen = observedAt(input.observedDate, input.observedTime);
      if (seen && seen > at) refusals.push({ field: 'observedDate', message: 'The date of the events must be today or in the past' });
      if (refusals.length) throw new ContactRefused(refusals);
      const details = {
        familyMembers: input.familyMembers ?? null,
        parentalResponsibility: input.parentalResponsibility ?? null,
        otherProfessionals: input.otherProfessionals ?? null,
        staffSafety: input.staffSafety ?? null,
        concerningAdults: input.concerningAdults ?? null,
        phoneActivity: input.phoneActivity ?? null,
        vehicles: input.vehicles ?? null,
        missingPatterns: input.missingPatterns ?? null,
      };
      return insertOrReuse(
        {
          kind: 'referral',
          ...fromProfessional(actor, input, seen, at),
          channel: input.channel,
          urgent: input.urgent,
          details: JSON.stringify(details),
        },
        audit,
        'referral',
        actor.id,
      );
    },

    /** Keeps whatever was typed (checked only for size) so a half-finished referral is never lost. */
    async saveReferralDraft(actor: Actor, key: string, fields: Record<string, unknown>, audit: AuditContext) {
      const existing = await existingByKey(key);
      if (existing && (existing.raised_by !== actor.id || existing.status !== 'draft')) throw new HttpError(409, 'not-a-draft', 'This referral was already sent', 'Start a new referral.');
      const draft = JSON.stringify({ fields });
      // A draft that already says when the concern became apparent starts the referral clock (bedford-luton 2.8).
      const typed = observedAtSchema.safeParse(fields);
      const apparent = typed.success ? observedAt(typed.data.observedDate, typed.data.observedTime) : null;
      const apparentAt = apparent && !apparentAtRefusal(apparent, now()) ? apparent : null;
      return db.transaction().execute(async (trx) => {
        if (existing) {
          await trx.updateTable('contacts').set({ details: draft, updated_at: now(), version: sql`version + 1` } as never).where('id', '=', existing.id).execute();
          await concernIdentified(trx, { id: existing.id, local_authority_id: authorityOf(actor), raised_by: actor.id }, apparentAt);
          await recordAudit(trx, audit, { action: 'contact.draft-saved', entityType: 'contact', entityId: existing.id });
          return { id: existing.id, reference: existing.reference };
        }
        const reference = await nextReference(trx, 'R', 'contact_reference_seq');
        const row = await trx
          .insertInto('contacts')
          .values({
            reference,
            kind: 'referral',
            local_authority_id: authorityOf(actor),
            status: 'draft',
            raised_by: actor.id,
            raised_by_agency_id: actor.agencyId,
            details: draft,
            idempotency_key: key,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await concernIdentified(trx, { id: row.id, local_authority_id: authorityOf(actor), raised_by: actor.id }, apparentAt);
        await recordAudit(trx, audit, { action: 'contact.draft-saved', entityType: 'contact', entityId: row.id });
        return { id: row.id, reference };
      });
    },

    async draftFields(actor: Actor, contactId: string): Promise<{ key: string; fields: Record<string, unknown> } | null> {
      const row = await db.selectFrom('contacts').select(['idempotency_key', 'details', 'raised_by', 'status']).where('id', '=', contactId).executeTakeFirst();
      if (!row || row.raised_by !== actor.id || row.status !== 'draft') return null;
      return { key: row.idempotency_key, fields: ((row.details as { fields?: Record<string, unknown> }).fields ?? {}) };
    },

    async submitPublicConcern(input: z.infer<typeof publicConcernSchema>, meta: { ip: string | null; localAuthorityId: string }, audit: AuditContext) {
      const at = now();
      validateAge(input, at);
      const reporter = Object.fromEntries(
        Object.entries({ name: input.reporterName, phone: input.reporterPhone, email: input.reporterEmail, relationship: input.reporterRelationship }).filter(([, v]) => v),
      ) as Record<string, string>;
      return insertOrReuse(
        {
          kind: 'public-concern',
          local_authority_id: meta.localAuthorityId,
          status: 'received',
          raised_by: null,
          raised_by_agency_id: null,
          public_reporter: Object.keys(reporter).length ? JSON.stringify(reporter) : null,
          channel: 'online',
          narrative: input.narrative,
          immediate_danger: input.immediateDanger ?? false,
          ...childColumns(input),
          details: JSON.stringify({}),
          idempotency_key: input.idempotencyKey,
          submitter_ip_hash: hashIp(meta.ip, deps.secret),
          received_at: at,
        },
        audit,
        'public-concern',
        null,
      );
    },

    async publicSubmissionsSince(ip: string | null, since: Date): Promise<number> {
      const hash = hashIp(ip, deps.secret);
      if (!hash) return 0;
      const row = await db.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).where('submitter_ip_hash', '=', hash).where('created_at', '>', since).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** The front door's queue: received contacts of the actor's authority, the most urgent clock first. */
    async queue(actor: Actor, filter: { team?: string | undefined; status: 'received' | 'decided'; page: number; pageSize: number }) {
      const la = actor.localAuthorityId ?? '';
      let base = db.selectFrom('contacts as c').where('c.local_authority_id', '=', la).where('c.status', '=', filter.status);
      if (filter.team === 'unrouted') base = base.where('c.routed_team', 'is', null);
      else if (filter.team) base = base.where('c.routed_team', '=', filter.team);
      const [rows, total] = await Promise.all([
        base
          .leftJoin('agencies as a', 'a.id', 'c.raised_by_agency_id')
          .leftJoin('users as h', 'h.id', 'c.handed_over_by')
          .select([
            'c.id', 'c.reference', 'c.kind', 'c.received_at', 'c.urgent', 'c.immediate_danger', 'c.out_of_hours', 'c.routed_team', 'c.routed_team_label', 'c.identification',
            'c.channel', 'c.written_confirmation_at', 'c.handed_over_at', 'c.handover_outstanding', 'h.display_name as handed_over_by_name',
            'c.child_given_name', 'c.child_family_name', 'c.child_known_as', 'c.child_date_of_birth', 'c.child_approximate_age', 'a.name as agency_name',
            sql<Date | null>`(select min(k.due_at) from clocks k where k.referral_id = c.id and k.stopped_at is null)`.as('next_due_at'),
          ])
          .orderBy(sql`(select min(k.due_at) from clocks k where k.referral_id = c.id and k.stopped_at is null)`, (ob) => ob.asc().nullsLast())
          .orderBy('c.received_at')
          .limit(filter.pageSize)
          .offset((filter.page - 1) * filter.pageSize)
          .execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { rows, total: Number(total.n) };
    },

    /** A contact for the front door (area role) or its referrer; audited either way. */
    async open(actor: Actor, contactId: string, audit: AuditContext) {
      if (!/^[0-9a-f-]{36}$/i.test(contactId)) throw notFound('Concern');
      const contact = await db.selectFrom('contacts').selectAll().where('id', '=', contactId).executeTakeFirst();
      if (!contact || contact.status === 'draft') throw notFound('Concern');
      const allowed = canSeeReferral(actor, { referrerId: contact.raised_by, localAuthorityId: contact.local_authority_id });
      await recordAudit(db, audit, { action: 'contact.read', entityType: 'contact', entityId: contact.id, childId: contact.child_id, outcome: allowed ? 'success' : 'denied' });
      if (!allowed) throw forbidden('Only the front door of this area and the person who raised it can see this concern.');
      const frontDoor = contact.raised_by !== actor.id || hasRole(actor, 'front-door', 'team-manager');
      const decision = await db
        .selectFrom('contact_decisions as d')
        .innerJoin('users as u', 'u.id', 'd.decided_by')
        .select(['d.decision', 'd.reasons', 'd.decided_at', 'd.details', 'd.presumption_reason', 'd.age_band', 'd.checklist', 'u.display_name as decided_by_name'])
        .where('d.contact_id', '=', contact.id)
        .executeTakeFirst();
      const raisedBy = contact.raised_by
        ? await db.selectFrom('users').innerJoin('agencies', 'agencies.id', 'users.agency_id').select(['users.display_name', 'users.job_title', 'agencies.name as agency_name']).where('users.id', '=', contact.raised_by).executeTakeFirst()
        : null;
      const names = async (id: string | null) => (id ? ((await db.selectFrom('users').select('display_name').where('id', '=', id).executeTakeFirst())?.display_name ?? null) : null);
      const [confirmedByName, handedOverByName] = await Promise.all([names(contact.written_confirmation_by), names(contact.handed_over_by)]);
      return { contact, decision, raisedBy, confirmedByName, handedOverByName, asFrontDoor: frontDoor && canSeeReferral({ ...actor, id: '' }, { referrerId: null, localAuthorityId: contact.local_authority_id }) };
    },

    async myContacts(actor: Actor) {
      return db
        .selectFrom('contacts as c')
        .leftJoin('contact_decisions as d', 'd.contact_id', 'c.id')
        .select(['c.id', 'c.reference', 'c.kind', 'c.status', 'c.created_at', 'c.received_at', 'c.child_given_name', 'c.child_family_name', 'c.child_known_as', 'c.details', 'd.decision', 'd.decided_at'])
        .where('c.raised_by', '=', actor.id)
        .orderBy('c.created_at', 'desc')
        .limit(200)
        .execute();
    },

    /** Link to a known child, create a new child record, or leave unidentified (still logged and counted). */
    async identify(actor: Actor, contactId: string, input: z.infer<typeof identifySchema>, audit: AuditContext) {
      return db.transaction().execute(async (trx) => {
        const contact = await trx.selectFrom('contacts').selectAll().where('id', '=', contactId).forUpdate().executeTakeFirst();
        if (!contact || contact.status === 'draft') throw notFound('Concern');
        if (!canSeeReferral({ ...actor, id: '' }, { referrerId: null, localAuthorityId: contact.local_authority_id })) throw forbidden();
        if (contact.version !== input.version) throw new StaleContact();
        if (contact.status === 'decided') throw new ContactRefused([{ field: 'identification', message: 'This concern has been decided: the child can no longer be changed here' }]);
        let childId: string | null = null;
        let caseId: string | null = null;
        if (input.identification === 'linked') {
          if (!input.childId) throw new ContactRefused([{ field: 'childId', message: 'Choose the matching child' }]);
          const child = await trx.selectFrom('children').select(['id', 'local_authority_id']).where('id', '=', input.childId).executeTakeFirst();
          if (!child) throw new ContactRefused([{ field: 'childId', message: 'The chosen child no longer exists: search again' }]);
          // A concern belongs to its local authority: it is never linked to another authority's child.
          if (child.local_authority_id !== contact.local_authority_id) throw new ContactRefused([{ field: 'childId', message: 'The chosen child is known to another local authority: choose a child from this authority, or a new child' }]);
          childId = child.id;
          caseId = (await trx.selectFrom('cases').select('id').where('child_id', '=', child.id).where('status', '=', 'open').orderBy('opened_at', 'desc').executeTakeFirst())?.id ?? null;
          // A new concern about a child whose case is closed reopens it, its history kept (issue 15).
          caseId ??= await reopenForNewConcern(trx, { notifier }, { childId: child.id, contactId: contact.id, contactReference: contact.reference, at: now(), audit });
        } else if (input.identification === 'new-child') {
          if (!contact.child_given_name && !contact.child_family_name && !contact.child_known_as) {
            throw new ContactRefused([{ field: 'identification', message: 'A new child record needs at least a name or known-as name' }]);
          }
          const child = await trx
            .insertInto('children')
            .values({
              local_authority_id: contact.local_authority_id,
              given_name: contact.child_given_name,
              family_name: contact.child_family_name,
              known_as: contact.child_known_as,
              date_of_birth: contact.child_date_of_birth,
              approximate_age: contact.child_date_of_birth ? null : contact.child_approximate_age,
              address: contact.child_address,
              postcode: contact.child_postcode,
              ward: contact.child_ward,
              school: contact.child_school,
              gp: contact.child_gp,
              care_leaver: contact.child_care_leaver,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          childId = child.id;
        }
        await trx
          .updateTable('contacts')
          .set({ identification: input.identification, child_id: childId, case_id: caseId, updated_at: now(), version: contact.version + 1 })
          .where('id', '=', contact.id)
          .execute();
        if (childId) {
          await trx
            .insertInto('chronology_entries')
            .values({
              child_id: childId,
              case_id: caseId,
              occurred_at: contact.received_at ?? now(),
              kind: contact.kind === 'referral' ? 'referral' : 'concern',
              title: contact.kind === 'referral' ? `Referral ${contact.reference} received` : `Concern ${contact.reference} received`,
              summary: contact.narrative.slice(0, 500),
              agency_id: contact.raised_by_agency_id,
              author_id: contact.raised_by,
              record_type: 'contact',
              record_id: contact.id,
              source: contact.kind === 'public-concern' ? 'Member of the public' : 'Professional',
            })
            .execute();
          if (caseId) {
            await clocks.applyEvent(trx, { event: 'contact-received', at: now(), subject: { caseId, referralId: contact.id, childId, localAuthorityId: contact.local_authority_id } }).then(() => undefined);
            // A child with an open case is known to social care: this contact's clocks for a child not known stop (camden Part 3 §2).
            await deps.clocks.withdrawNoLongerRequired(trx, { referralId: contact.id, localAuthorityId: contact.local_authority_id }, { childKnownToSocialCare: true }, now());
          }
        }
        await recordAudit(trx, audit, { action: 'contact.identified', entityType: 'contact', entityId: contact.id, childId, details: { identification: input.identification, existingCase: Boolean(caseId) } });
      });
    },

    async decide(actor: Actor, contactId: string, input: z.infer<typeof decisionSchema>, audit: AuditContext): Promise<{ caseId: string | null }> {
      return db.transaction().execute(async (trx) => {
        const contact = await trx.selectFrom('contacts').selectAll().where('id', '=', contactId).forUpdate().executeTakeFirst();
        if (!contact || contact.status === 'draft') throw notFound('Concern');
        if (!canSeeReferral({ ...actor, id: '' }, { referrerId: null, localAuthorityId: contact.local_authority_id })) throw forbidden();
        if (contact.version !== input.version) throw new StaleContact();
        if (contact.status === 'decided') throw new ContactRefused([{ field: 'decision', message: 'This concern has already been decided' }]);
        const at = now();
        const band: AgeBand | null = contact.child_date_of_birth
          ? ageBand(contact.child_date_of_birth, at)
          : contact.child_approximate_age !== null
            ? ageBand(contact.child_approximate_age, at)
            : null;
        const checklistAnswers = Object.fromEntries(CHECKLIST_13_15.map((item) => [item.id, input[`checklist-${item.id}`] as string | undefined]));
        const protectiveActionAt = input.protectiveActionDate ? londonInstant(input.protectiveActionDate, ...((input.protectiveActionTime ?? '00:00').split(':').map(Number) as [number, number])) : undefined;
        const refusals: TriageRefusal[] = checkTriageDecision({
          decision: input.decision,
          reasons: input.reasons,
          ageBand: band,
          sexualActivity: input.sexualActivity || contact.sexual_activity,
          presumptionReason: input.presumptionReason,
          checklistItemIds: CHECKLIST_13_15.map((i) => i.id),
          checklistAnswers,
          allocatedWorkerId: input.allocatedWorkerId,
          protectiveAction: input.protectiveAction,
          protectiveActionAt,
          homeAuthority: input.homeAuthority,
          childIdentified: Boolean(contact.child_id),
          now: at,
        });
        if (input.allocatedWorkerId) {
          const worker = await trx.selectFrom('users').innerJoin('user_roles', 'user_roles.user_id', 'users.id').select('users.id').where('users.id', '=', input.allocatedWorkerId).where('users.active', '=', true).where('user_roles.role', '=', 'social-worker').executeTakeFirst();
          if (!worker) refusals.push({ field: 'allocatedWorkerId', code: 'not-a-social-worker', message: 'Choose an active social worker' });
        }
        if (refusals.length) throw new ContactRefused(refusals.map((r) => ({ field: r.field, message: r.message })));

        const decision = input.decision as TriageDecision;
        const subjectBase = { referralId: contact.id, childId: contact.child_id, localAuthorityId: contact.local_authority_id };
        let caseId = contact.case_id;
        // Decisions that continue the work open a case for the child, or continue their open one.
        if (contact.child_id && ['initial-assessment', 'strategy-discussion', 'immediate-protective-action', 'refer-to-cse-coordinator'].includes(decision)) {
          if (!caseId) {
            const worker = input.allocatedWorkerId ? await trx.selectFrom('users').select(['id', 'team_id']).where('id', '=', input.allocatedWorkerId).executeTakeFirst() : undefined;
            const manager = await trx.selectFrom('users').innerJoin('user_roles', 'user_roles.user_id', 'users.id').select('users.id').where('user_roles.role', '=', 'team-manager').where('users.local_authority_id', '=', contact.local_authority_id).where('users.active', '=', true).orderBy('users.display_name').executeTakeFirst();
            const created = await trx
              .insertInto('cases')
              .values({
                reference: await nextReference(trx, 'H', 'case_reference_seq'),
                child_id: contact.child_id,
                local_authority_id: contact.local_authority_id,
                stage: decision === 'initial-assessment' ? 'initial-assessment' : decision === 'refer-to-cse-coordinator' ? 'cse-referral' : 'strategy',
                lead_professional_id: worker?.id ?? null,
                team_id: worker?.team_id ?? null,
                manager_id: manager?.id ?? null,
                opened_at: at,
              })
              .returning('id')
              .executeTakeFirstOrThrow();
            caseId = created.id;
            await trx.updateTable('clocks').set({ case_id: caseId }).where('referral_id', '=', contact.id).execute();
          }
          if (input.allocatedWorkerId) {
            const present = await trx.selectFrom('case_network').select('id').where('case_id', '=', caseId).where('user_id', '=', input.allocatedWorkerId).where('removed_at', 'is', null).executeTakeFirst();
            if (!present) await trx.insertInto('case_network').values({ case_id: caseId, user_id: input.allocatedWorkerId, role_in_case: 'Allocated social worker', added_by: actor.id, added_at: at }).execute();
            await trx.updateTable('cases').set({ lead_professional_id: input.allocatedWorkerId }).where('id', '=', caseId).where('lead_professional_id', 'is', null).execute();
            await notifier.notify(trx, { userId: input.allocatedWorkerId, kind: 'allocation', title: `You have been allocated ${contact.reference} for an initial assessment`, link: `/cases/${caseId}` });
          }
        }
        const subject = { ...subjectBase, caseId };
        const details: Record<string, unknown> = {};
        if (decision === 'initial-assessment') details.allocatedWorkerId = input.allocatedWorkerId;
        if (decision === 'immediate-protective-action') Object.assign(details, { protectiveAction: input.protectiveAction, protectiveActionAt: protectiveActionAt?.toISOString() });
        if (decision === 'refer-to-home-authority') details.homeAuthority = input.homeAuthority;

        await trx
          .insertInto('contact_decisions')
          .values({
            contact_id: contact.id,
            decision,
            reasons: input.reasons,
            decided_by: actor.id,
            decided_at: at,
            age_band: band,
            presumption_reason: input.presumptionReason ?? null,
            checklist: JSON.stringify(band === '13-15' ? checklistAnswers : {}),
            details: JSON.stringify(details),
          })
          .execute();
        await trx.updateTable('contacts').set({ status: 'decided', decided_at: at, case_id: caseId, sexual_activity: input.sexualActivity || contact.sexual_activity, version: contact.version + 1, updated_at: at }).where('id', '=', contact.id).execute();

        await clocks.applyEvent(trx, { event: 'first-response-completed', at, subject });
        if (decision === 'strategy-discussion' || decision === 'immediate-protective-action') {
          await clocks.applyEvent(trx, { event: 'continuing-significant-harm-found', at, subject });
        }
        // bedford-luton 11.4: police protection (s46) taken at the moment recorded, followed through on the case.
        if (decision === 'immediate-protective-action' && input.protectiveAction === 'police-protection-s46' && caseId && contact.child_id && protectiveActionAt) {
          const protectionId = await insertPoliceProtection(trx, { caseId, childId: contact.child_id, contactId: contact.id, startedAt: protectiveActionAt, note: null, actor, at });
          if (protectionId) await clocks.applyEvent(trx, { event: 'police-protection-started', at: protectiveActionAt, subject, ownerTeam: contact.routed_team });
        }
        if (decision === 'refer-to-cse-coordinator' && caseId) {
          // The coordinator decides it like any other CSE referral (camden Part 3 §3.1).
          const awaiting = await trx.selectFrom('cse_referrals').select('id').where('case_id', '=', caseId).where('status', '=', 'awaiting').executeTakeFirst();
          if (!awaiting) {
            await trx.insertInto('cse_referrals').values({ case_id: caseId, referred_by: actor.id, referred_at: at, reason: input.reasons }).execute();
            await clocks.applyEvent(trx, { event: 'cse-referral-received', at, subject });
            const coordinators = await trx.selectFrom('users').innerJoin('user_roles', 'user_roles.user_id', 'users.id').select('users.id').where('user_roles.role', '=', 'cse-coordinator').where('users.active', '=', true).where('users.local_authority_id', '=', contact.local_authority_id).execute();
            for (const c of coordinators) {
              await notifier.notify(trx, { userId: c.id, kind: 'cse-referral', title: `CSE referral from the front door: ${contact.reference}`, link: `/cases/${caseId}/risk` });
            }
          }
        }
        if (decision === 'no-further-action' || decision === 'refer-to-home-authority') {
          // Nothing more will happen here: the clocks of later steps stop, marked as not required.
          await trx.updateTable('clocks').set({ stopped_at: at, stop_reason: `not-required:${decision}` }).where('referral_id', '=', contact.id).where('stopped_at', 'is', null).where('rule_id', 'not in', ['referrer-told-outcome']).execute();
        }

        // The referrer is told the outcome: in the app and by e-mail (a link, never the content).
        const label = TRIAGE_DECISION_INFO[decision].label;
        let informed = false;
        if (contact.raised_by) {
          await notifier.notify(trx, {
            userId: contact.raised_by,
            kind: 'referral-outcome',
            title: `Outcome of ${contact.reference}: ${label}`,
            body: decision === 'no-further-action' ? `The front door decided no further action. Why: ${input.reasons}` : `The front door decided: ${label}.`,
            link: `/concerns/${contact.id}`,
          });
          informed = true;
        } else {
          const reporter = contact.public_reporter as Record<string, string> | null;
          if (reporter?.email) {
            await trx.insertInto('outbox').values({ kind: 'email', payload: JSON.stringify({ to: reporter.email, subject: `Your concern ${contact.reference}`, template: 'public-outcome', reference: contact.reference }) }).execute();
            informed = true;
          }
        }
        if (informed) {
          await clocks.applyEvent(trx, { event: 'referrer-informed-of-outcome', at, subject });
        } else {
          await trx.updateTable('clocks').set({ stopped_at: at, stop_reason: 'referrer-anonymous' }).where('referral_id', '=', contact.id).where('stopped_at', 'is', null).where('rule_id', '=', 'referrer-told-outcome').execute();
        }

        if (contact.child_id) {
          const summary = [
            `${label}. ${input.reasons}`,
            decision === 'immediate-protective-action' && input.protectiveAction ? `Action: ${PROTECTIVE_ACTION_LABELS[input.protectiveAction as ProtectiveAction] ?? input.protectiveAction}.` : '',
            input.presumptionReason ? `Strategy discussion presumption not followed because: ${input.presumptionReason}` : '',
          ].filter(Boolean).join(' ');
          await trx
            .insertInto('chronology_entries')
            .values({ child_id: contact.child_id, case_id: caseId, occurred_at: at, kind: 'decision', title: `Front-door decision on ${contact.reference}: ${label}`, summary: summary.slice(0, 2000), agency_id: actor.agencyId, author_id: actor.id, record_type: 'contact', record_id: contact.id })
            .execute();
        }
        await recordAudit(trx, audit, { action: 'contact.decided', entityType: 'contact', entityId: contact.id, childId: contact.child_id, details: { decision, caseId, informed, presumptionOverridden: Boolean(input.presumptionReason) } });
        return { caseId };
      });
    },

    /**
     * The written referral that follows a spoken one has arrived (camden Part 3 §2: on the CAF within 48 hours;
     * bedford-luton 12.4: the Multi-Agency Referral Form). It stops the written-confirmation clock at the moment it
     * arrived, so the clock is met or met late.
     */
    async recordWrittenConfirmation(actor: Actor, contactId: string, input: z.infer<typeof writtenConfirmationSchema>, audit: AuditContext) {
      return db.transaction().execute(async (trx) => {
        const contact = await trx.selectFrom('contacts').selectAll().where('id', '=', contactId).forUpdate().executeTakeFirst();
        if (!contact || contact.status === 'draft') throw notFound('Concern');
        if (!canSeeReferral({ ...actor, id: '' }, { referrerId: null, localAuthorityId: contact.local_authority_id })) throw forbidden();
        if (contact.version !== input.version) throw new StaleContact();
        const at = now();
        const arrivedAt = observedAt(input.arrivedDate, input.arrivedTime)!;
        const refusals = checkWrittenConfirmation({
          contact: { kind: contact.kind, channel: contact.channel, receivedAt: contact.received_at, confirmedAt: contact.written_confirmation_at },
          arrivedAt,
          form: input.form,
          note: input.note,
          now: at,
        });
        if (refusals.length) throw new ContactRefused(refusals.map((r) => ({ field: r.field, message: r.message })));
        await trx
          .updateTable('contacts')
          .set({ written_confirmation_at: arrivedAt, written_confirmation_form: input.form, written_confirmation_note: input.note ?? null, written_confirmation_by: actor.id, version: contact.version + 1, updated_at: at })
          .where('id', '=', contact.id)
          .execute();
        await clocks.applyEvent(trx, { event: 'referral-confirmed-in-writing', at: arrivedAt, subject: { referralId: contact.id, caseId: contact.case_id, childId: contact.child_id, localAuthorityId: contact.local_authority_id } });
        if (contact.child_id) {
          await trx
            .insertInto('chronology_entries')
            .values({
              child_id: contact.child_id, case_id: contact.case_id, occurred_at: arrivedAt, recorded_at: at, kind: 'referral', title: `Referral ${contact.reference} confirmed in writing`,
              summary: [`On the ${WRITTEN_FORM_LABELS[input.form as WrittenForm]}.`, input.note ?? ''].filter(Boolean).join(' ').slice(0, 2000),
              agency_id: actor.agencyId, author_id: actor.id, record_type: 'contact', record_id: contact.id, source: 'Professional',
            })
            .execute();
        }
        await recordAudit(trx, audit, { action: 'contact.confirmed-in-writing', entityType: 'contact', entityId: contact.id, childId: contact.child_id, details: { form: input.form } });
      });
    },

    /** bedford-luton 2.7, 12.3: a contact received out of hours handed back to the day team with what was done and what is outstanding. */
    async handOver(actor: Actor, contactId: string, input: z.infer<typeof handoverSchema>, audit: AuditContext) {
      return db.transaction().execute(async (trx) => {
        const contact = await trx.selectFrom('contacts').selectAll().where('id', '=', contactId).forUpdate().executeTakeFirst();
        if (!contact || contact.status === 'draft') throw notFound('Concern');
        if (!canSeeReferral({ ...actor, id: '' }, { referrerId: null, localAuthorityId: contact.local_authority_id })) throw forbidden();
        if (contact.version !== input.version) throw new StaleContact();
        const refusals = checkHandover({ outOfHours: contact.out_of_hours, handedOverAt: contact.handed_over_at });
        if (refusals.length) throw new ContactRefused(refusals.map((r) => ({ field: r.field, message: r.message })));
        const at = now();
        await trx
          .updateTable('contacts')
          .set({ handed_over_at: at, handed_over_by: actor.id, handover_done: input.handoverDone, handover_outstanding: input.handoverOutstanding, version: contact.version + 1, updated_at: at })
          .where('id', '=', contact.id)
          .execute();
        if (contact.child_id) {
          await trx
            .insertInto('chronology_entries')
            .values({
              child_id: contact.child_id, case_id: contact.case_id, occurred_at: at, recorded_at: at, kind: 'note', title: `${contact.reference} handed over to the day team`,
              summary: `Done: ${input.handoverDone} Outstanding: ${input.handoverOutstanding}`.slice(0, 2000),
              agency_id: actor.agencyId, author_id: actor.id, record_type: 'contact', record_id: contact.id, source: 'Out-of-hours handover',
            })
            .execute();
        }
        await recordAudit(trx, audit, { action: 'contact.handed-over', entityType: 'contact', entityId: contact.id, childId: contact.child_id });
      });
    },

    frontDoorLabel: async (localAuthorityId: string | null) => {
      const profile = await profiles.forAuthority(db, localAuthorityId);
      const term = profile.vocabulary.frontDoorTeam;
      return isSilent(term) ? 'Front door' : term.label;
    },
  };
}

export type ContactService = ReturnType<typeof createContactService>;
