// Recording a contact: a professional's concern, a formal referral (with drafts) and a concern from the public, up
// to the moment it reaches the front door. A contact starts here, so what every later step shares is declared here
// too: the refusals, the clock events the front door sends and the reference numbers. Each use case is one
// transaction with its audit rows and clocks.
import { createHash, randomUUID } from 'node:crypto';
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { ContactsTable, Database } from '../../platform/database/schema.ts';
import type { Db } from '../../platform/database/connection.ts';
import type { Actor } from '../../domain/access/access.ts';
import { checkChildAge, isOutOfHours, routeContact } from '../../domain/triage/contact-rules.ts';
import { indicatorsInSet } from '../../domain/risk/catalogue.ts';
import { dueAt, londonInstant } from '../../domain/clock/index.ts';
import type { TimescaleEvent } from '../../domain/profiles/enums.ts';
import { apparentAtRefusal, referralClockChange } from '../../domain/front-door/referral-clock.ts';
import { HttpError, forbidden } from '../../platform/web/errors.ts';
import type { FieldRefusal } from '../../platform/web/refusals.ts';
import { Refused } from '../../platform/web/refusals.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import type { ProfileRegistry } from '../profiles/service.ts';
import type { ClockService } from '../clocks/service.ts';
import type { Notifier } from '../notifications/service.ts';
import type { z } from 'zod';
import type { professionalConcernSchema, publicConcernSchema, referralSchema } from './schemas.ts';
import { observedAtSchema } from './schemas.ts';
import * as queries from './queries.ts';

export type ContactKind = 'professional-concern' | 'public-concern' | 'referral';
export class ContactRefused extends Refused {}
export class StaleContact extends HttpError {
  constructor() {
    super(409, 'stale', 'Someone else changed this record', 'Another person updated this concern while you were looking at it. The page now shows their change; check it and decide again.');
  }
}

/**
 * Every event the front door passes to clocks.applyEvent, whichever of its use cases sends it (recording here,
 * identifying and deciding in service-triage.ts, the written confirmation in service-written-confirmation.ts): one
 * declaration, so the start-up check sees the capability whole.
 */
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

/** What the front door's use cases are built from (services.ts passes it once to service.ts). */
export type ContactDeps = { db: Db; profiles: ProfileRegistry; clocks: ClockService; notifier: Notifier; now: () => Date; secret: string };

/** The front door's clocks: the calendar, and a sender held to CLOCK_EVENTS_SENT. */
export const frontDoorClocks = (clocks: ClockService) => ({ calendar: clocks.calendar, applyEvent: clocks.sender(CLOCK_EVENTS_SENT) });

export const CHECKLIST_13_15 = indicatorsInSet('checklist-13-15');

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

/** A London date and time from a form, or null without a date. */
export function observedAt(date: string | undefined, time: string | undefined): Date | null {
  if (!date) return null;
  const [h, m] = (time ?? '00:00').split(':').map(Number);
  return londonInstant(date, h!, m!);
}

function hashIp(ip: string | null | undefined, secret: string): string | null {
  return ip ? createHash('sha256').update(`${secret}:${ip}`).digest('hex') : null;
}

/** The next reference of a sequence, e.g. R-2026-00042 for a contact or H-2026-00007 for a case. */
export async function nextReference(trx: Kysely<Database>, at: Date, prefix: string, sequence: 'contact_reference_seq' | 'case_reference_seq'): Promise<string> {
  const n = await queries.nextInSequence(trx, sequence);
  return `${prefix}-${at.getUTCFullYear()}-${String(n).padStart(5, '0')}`;
}

export function createRecording(deps: ContactDeps) {
  const { db, profiles, now } = deps;
  const clocks = frontDoorClocks(deps.clocks);

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
    const running = await queries.runningClocks(trx, contact.id, rules.map((r) => r.id));
    const change = referralClockChange({ apparentAt, runningSince: running[0]?.started_at ?? null });
    if (change === 'start') {
      await clocks.applyEvent(trx, { event: 'concern-identified', at: apparentAt!, subject: { referralId: contact.id, localAuthorityId: contact.local_authority_id }, ownerUserId: contact.raised_by });
    } else if (change === 'move') {
      const cal = await clocks.calendar(trx);
      for (const clock of running) {
        const rule = rules.find((r) => r.id === clock.rule_id)!;
        await queries.moveClock(trx, clock.id, apparentAt!, dueAt(apparentAt!, rule.duration!, cal));
      }
    }
  }

  /** Clocks, routing and audit for a contact that has just been received. */
  async function receive(trx: Transaction<Database>, contactId: string, audit: AuditContext, kind: ContactKind) {
    const contact = await queries.contactByIdOrThrow(trx, contactId);
    const profile = await profiles.forAuthority(trx, contact.local_authority_id);
    const at = contact.received_at!;
    // A professional's concern or referral reaches children's social care now: the referral clock is met (or late).
    if (kind !== 'public-concern') {
      await concernIdentified(trx, contact, contact.observed_at);
      await clocks.applyEvent(trx, { event: 'referral-made', at, subject: { referralId: contactId, localAuthorityId: contact.local_authority_id } });
    }
    const route = routeContact(profile.routing, { ward: contact.child_ward, localAuthorityId: contact.local_authority_id });
    const outOfHours = isOutOfHours(at, await clocks.calendar(trx));
    await queries.updateContact(trx, contactId, { routed_team: route.teamId, routed_team_label: route.teamLabel, out_of_hours: outOfHours });
    const subject = { referralId: contactId, localAuthorityId: contact.local_authority_id };
    await clocks.applyEvent(trx, { event: 'contact-received', at, subject, ownerTeam: route.teamId });
    await clocks.applyEvent(trx, { event: 'referral-received', at, subject, ownerTeam: route.teamId });
    if (kind === 'referral' && contact.channel === 'phone' && contact.urgent) {
      await clocks.applyEvent(trx, { event: 'phone-referral-received', at, subject, ownerTeam: route.teamId });
    }
    await recordAudit(trx, audit, { action: 'contact.received', entityType: 'contact', entityId: contactId, details: { kind, routedTeam: route.teamId, outOfHours } });
  }

  /** A second submission with the same form key returns the first record instead of creating another. */
  const existingByKey = (key: string) => queries.contactByKey(db, key);

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
          const row = await queries.completeDraft(trx, existing.id, values, now());
          if (!row) throw new HttpError(409, 'duplicate-key', 'This form was already sent', 'It has already been submitted.');
          ({ id, reference } = row);
        } else {
          reference = await nextReference(trx, now(), kind === 'public-concern' ? 'P' : 'R', 'contact_reference_seq');
          const row = await queries.insertContact(trx, { ...values, reference });
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
          await queries.updateDraft(trx, existing.id, draft, now());
          await concernIdentified(trx, { id: existing.id, local_authority_id: authorityOf(actor), raised_by: actor.id }, apparentAt);
          await recordAudit(trx, audit, { action: 'contact.draft-saved', entityType: 'contact', entityId: existing.id });
          return { id: existing.id, reference: existing.reference };
        }
        const reference = await nextReference(trx, now(), 'R', 'contact_reference_seq');
        const row = await queries.insertContact(trx, {
          reference,
          kind: 'referral',
          local_authority_id: authorityOf(actor),
          status: 'draft',
          raised_by: actor.id,
          raised_by_agency_id: actor.agencyId,
          details: draft,
          idempotency_key: key,
        });
        await concernIdentified(trx, { id: row.id, local_authority_id: authorityOf(actor), raised_by: actor.id }, apparentAt);
        await recordAudit(trx, audit, { action: 'contact.draft-saved', entityType: 'contact', entityId: row.id });
        return { id: row.id, reference };
      });
    },

    async draftFields(actor: Actor, contactId: string): Promise<{ key: string; fields: Record<string, unknown> } | null> {
      const row = await queries.draftById(db, contactId);
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
      return queries.publicSubmissionsFrom(db, hash, since);
    },

    /** Where a public concern goes: the default profile's first authority, or else the first authority there is. */
    async publicConcernAuthority(): Promise<string | undefined> {
      return profiles.defaultProfile.localAuthorities[0]?.id ?? (await queries.firstLocalAuthorityId(db));
    },
  };
}
