// The assessment's workflow: start, save (and submit), authorise, return to its author, and continuing risk of
// significant harm. Each is one transaction with its audit row, chronology entry and clock events; the only
// assessment use cases that send clock events.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import type { TimescaleEvent } from '../../domain/profiles/enums.ts';
import { ASSESSMENT_KIND_LABELS, COMPLETED_EVENT, SECTIONS_OF, STARTED_EVENT, decide, isAssessmentManager } from '../../domain/assessments/index.ts';
import type { AssessmentCommand, AssessmentKind, AssessmentRefusal, AssessmentState, SectionId } from '../../domain/assessments/index.ts';
import { HttpError, forbidden, notFound } from '../../platform/web/errors.ts';
import { formatDateTime } from '../../platform/web/nunjucks.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { caseWrite, checkSharing, writeCase } from '../case-access/service.ts';
import type { CaseHeader } from '../case-access/service.ts';
import { RecordRefused } from '../../platform/web/refusals.ts';
import type { ClockService } from '../clocks/service.ts';
import type { ContactService } from '../contacts/service.ts';
import type { Notifier } from '../notifications/service.ts';
import type { ProfileRegistry } from '../profiles/service.ts';
import type { AuthoriseInput, ReturnInput, SaveInput, SignificantHarmInput, StartInput } from './schemas.ts';
import { assessmentPaths } from './paths.ts';
import {
  assessmentToContinue, initialAssessmentReferral, insertAssessment, insertChronologyEntry, insertHistory, insertSections, insertSectionVersions, lockAssessment, sectionsOf, updateAssessment, updateSection,
  userDisplayName, visibleSectionIds,
} from './queries.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';

/** Every event this service passes to clocks.applyEvent (issue 11: every clock a profile defines can start and stop). */
export const CLOCK_EVENTS_SENT = ['core-assessment-started', 'initial-assessment-completed', 'core-assessment-completed', 'continuing-significant-harm-found'] as const satisfies readonly TimescaleEvent[];

const RECORD_TYPE = 'assessment';
const SOURCE = 'Assessment';
export const WRITE_REFUSAL = 'Only members of the professional network, and the area’s front door, CSE coordinator and team managers, work on assessments.';

/** The assessment changed after the form was opened; the detail says who changed it and when. */
export class StaleAssessment extends HttpError {
  constructor(detail: string) {
    super(409, 'stale', 'This assessment was changed', detail);
  }
}

type Trx = Kysely<Database>;

/** A submission refused as incomplete, after its draft was saved: the form continues from the new version. */
export class IncompleteSubmission extends RecordRefused {}

const refused = (refusals: readonly AssessmentRefusal[]) => new RecordRefused(refusals.map((r) => ({ field: r.field, message: r.message })));
const personal = (refusals: readonly AssessmentRefusal[]) => refusals.some((r) => r.code === 'not-a-manager' || r.code === 'own-assessment');

export type AssessmentDeps = { db: Kysely<Database>; clocks: ClockService; profiles: ProfileRegistry; contacts: ContactService; notifier: Notifier; now: () => Date };

export function createAssessmentWorkflow(deps: AssessmentDeps) {
  const { db, notifier, now } = deps;
  const clocks = { applyEvent: deps.clocks.sender(CLOCK_EVENTS_SENT) };

  async function locked(trx: Trx, kase: CaseHeader, id: string) {
    if (!isRecordId(id)) throw notFound('Assessment');
    const row = await lockAssessment(trx, kase.id, id);
    if (!row) throw notFound('Assessment');
    return row;
  }

  async function checkVersion(trx: Trx, current: { version: number; updated_at: Date; updated_by: string | null }, version: number) {
    if (current.version === version) return;
    const updater = current.updated_by ? await userDisplayName(trx, current.updated_by) : undefined;
    throw new StaleAssessment(
      `${updater?.display_name ?? 'Someone else'} changed this assessment at ${formatDateTime(current.updated_at)}, after you opened this page (perhaps in another window). Nothing you typed has been saved or lost: what is recorded now is shown on this page and your text is still in the form. Check both and save again.`,
    );
  }

  const stateOf = (row: { status: 'draft' | 'submitted' | 'authorised'; kind: AssessmentKind; started_by: string; submitted_by: string | null; significant_harm_at: Date | null }): AssessmentState => ({
    status: row.status, kind: row.kind, authorId: row.started_by, submittedBy: row.submitted_by, significantHarmFound: row.significant_harm_at !== null,
  });

  async function chronology(trx: Trx, actor: Actor, row: { id: string; case_id: string; child_id: string }, kind: string, title: string, summary: string, at: Date) {
    await insertChronologyEntry(trx, { child_id: row.child_id, case_id: row.case_id, occurred_at: at, recorded_at: at, kind, title, summary, agency_id: actor.agencyId, author_id: actor.id, record_type: RECORD_TYPE, record_id: row.id, source: SOURCE });
  }

  async function history(trx: Trx, assessmentId: string, version: number, event: Database['assessment_history']['event'], actor: Actor, at: Date, reason: string | null = null) {
    await insertHistory(trx, { assessment_id: assessmentId, version, event, actor_id: actor.id, at, reason });
  }

  /** A snapshot of every section at this version, whoever may see it: the history is the whole record. */
  async function snapshot(trx: Trx, assessmentId: string, version: number, actor: Actor, at: Date) {
    const sections = await sectionsOf(trx, assessmentId);
    if (!sections.length) return;
    await insertSectionVersions(trx, sections.map((s) => ({ assessment_id: assessmentId, version, section_id: s.section_id, body: s.body, sharing_level: s.sharing_level, shared_with: s.shared_with, agency_id: s.agency_id, author_id: s.author_id, saved_by: actor.id, saved_at: at })));
  }

  const clockSubject = (row: { case_id: string; child_id: string; referral_id: string | null }, kase: CaseHeader) => ({ caseId: row.case_id, referralId: row.referral_id, childId: row.child_id, localAuthorityId: kase.localAuthorityId });

  /** Refusals for the person (not a manager, or their own assessment) are audited as denied, outside the rolled-back work. */
  async function deny(audit: AuditContext, action: string, row: { id: string; child_id: string }, kase: CaseHeader, refusals: readonly AssessmentRefusal[]): Promise<never> {
    await recordAudit(db, audit, { action, entityType: 'assessment', entityId: row.id, childId: row.child_id, outcome: 'denied', details: { caseId: kase.id, code: refusals[0]!.code } });
    throw forbidden(refusals[0]!.message);
  }

  return {
    /** Starts an assessment of `kind` on the case; a core assessment starts its clock (staffordshire 31). */
    async start(actor: Actor, caseId: string, input: StartInput, audit: AuditContext) {
      const at = now();
      try {
        return await caseWrite(db, audit, async (trx) => {
          const { kase } = await writeCase(trx, actor, caseId, audit, 'assessment.started', at, WRITE_REFUSAL);
          let referralId: string | null = null;
          let fromId: string | null = null;
          if (input.fromAssessmentId) {
            const from = isRecordId(input.fromAssessmentId) ? await assessmentToContinue(trx, kase.id, input.fromAssessmentId) : undefined;
            if (!from) throw new RecordRefused([{ field: 'kind', message: 'Choose an assessment of this child’s case to continue from' }]);
            fromId = from.id;
            referralId = from.referral_id;
          }
          if (input.kind === 'initial') {
            // The referral the front door decided needs an initial assessment: its 7-day clock is the one this answers.
            const referral = await initialAssessmentReferral(trx, kase.id);
            referralId = referral?.id ?? null;
          }
          const row = await insertAssessment(trx, { case_id: kase.id, child_id: kase.childId, kind: input.kind, referral_id: referralId, from_assessment_id: fromId, started_at: at, started_by: actor.id, agency_id: actor.agencyId, updated_at: at, updated_by: actor.id });
          await insertSections(trx, SECTIONS_OF[input.kind].map((section_id) => ({ assessment_id: row.id, section_id, agency_id: actor.agencyId, author_id: actor.id, updated_at: at, updated_by: actor.id })));
          await snapshot(trx, row.id, 1, actor, at);
          await history(trx, row.id, 1, 'started', actor, at);
          await chronology(trx, actor, row, 'assessment-started', `${ASSESSMENT_KIND_LABELS[input.kind]} started`, `${ASSESSMENT_KIND_LABELS[input.kind]} started.`, at);
          const event = STARTED_EVENT[input.kind];
          if (event) await clocks.applyEvent(trx, { event, at, subject: clockSubject(row, kase), ownerUserId: actor.id });
          await recordAudit(trx, audit, { action: 'assessment.started', entityType: 'assessment', entityId: row.id, childId: kase.childId, details: { caseId: kase.id, kind: input.kind, fromAssessment: fromId !== null } });
          return row.id;
        });
      } catch (error) {
        // One assessment of each kind in progress per case: the partial unique index refuses a second, also in a race.
        if ((error as { code?: string }).code === '23505') throw new RecordRefused([{ field: 'kind', message: `An ${input.kind === 'initial' ? 'initial' : 'core'} assessment is already in progress for this child: continue that one` }]);
        throw error;
      }
    },

    /**
     * Saves the draft (exactly what was typed, only the size checked) and, when `action` is 'submit', submits it for
     * authorisation. Sections the actor may not see are neither shown nor changed. An incomplete submission still
     * saves the draft, then is refused with a message for each blank section.
     */
    async save(actor: Actor, caseId: string, id: string, input: SaveInput, audit: AuditContext): Promise<{ submitted: boolean }> {
      const at = now();
      const outcome = await caseWrite(db, audit, async (trx) => {
        const { kase } = await writeCase(trx, actor, caseId, audit, 'assessment.saved', at, WRITE_REFUSAL);
        const sharing: Partial<Record<SectionId, string[]>> = {};
        for (const [section, value] of Object.entries(input.sections) as [SectionId, NonNullable<SaveInput['sections'][SectionId]>][]) {
          sharing[section] = await checkSharing(trx, kase.id, value.sharingLevel, value.sharedWith, `${section}SharedWith`);
        }
        const row = await locked(trx, kase, id);
        const state = stateOf(row);
        // An authorised or submitted assessment says so before any talk of versions.
        const saveDecision = decide(state, { type: 'save', actor: { id: actor.id, isManager: false }, sections: {} }, at);
        if (!saveDecision.ok) throw refused(saveDecision.refusals);
        await checkVersion(trx, row, input.version);
        const current = await sectionsOf(trx, row.id);
        const visible = new Set((await visibleSectionIds(trx, actor, row.id)).map((s) => s.section_id));
        const bodies: Partial<Record<SectionId, string>> = {};
        for (const s of current) bodies[s.section_id as SectionId] = visible.has(s.section_id) && input.sections[s.section_id as SectionId] ? input.sections[s.section_id as SectionId]!.body : s.body;
        const typed = Object.fromEntries(Object.entries(input.sections).map(([k, v]) => [k, v!.body])) as Partial<Record<SectionId, string>>;
        const sized = decide(state, { type: 'save', actor: { id: actor.id, isManager: false }, sections: typed }, at);
        if (!sized.ok) throw refused(sized.refusals);

        const version = row.version + 1;
        for (const s of current) {
          const section = s.section_id as SectionId;
          const given = input.sections[section];
          if (!visible.has(section) || !given) continue;
          if (given.body === s.body && given.sharingLevel === s.sharing_level && (sharing[section] ?? []).join() === s.shared_with.join()) continue;
          await updateSection(trx, row.id, section, { body: given.body, sharing_level: given.sharingLevel, shared_with: sharing[section] ?? [], updated_at: at, updated_by: actor.id });
        }
        let submitted = false;
        let pending: readonly AssessmentRefusal[] = [];
        if (input.action === 'submit') {
          const submit = decide(state, { type: 'submit', actor: { id: actor.id, isManager: false }, sections: bodies }, at);
          if (submit.ok) submitted = true;
          else pending = submit.refusals;
        }
        await updateAssessment(trx, row, { version, updated_at: at, updated_by: actor.id, ...(submitted ? { status: 'submitted' as const, submitted_at: at, submitted_by: actor.id } : {}) });
        await snapshot(trx, row.id, version, actor, at);
        await history(trx, row.id, version, 'draft-saved', actor, at);
        await recordAudit(trx, audit, { action: 'assessment.saved', entityType: 'assessment', entityId: row.id, childId: row.child_id, details: { caseId: kase.id, version, sections: Object.keys(input.sections).filter((k) => visible.has(k)).length } });
        if (submitted) {
          await history(trx, row.id, version, 'submitted', actor, at);
          await chronology(trx, actor, row, 'assessment-submitted', `${ASSESSMENT_KIND_LABELS[row.kind]} submitted for authorisation`, `${ASSESSMENT_KIND_LABELS[row.kind]} submitted to a manager for authorisation.`, at);
          if (kase.managerId && kase.managerId !== actor.id) {
            await notifier.notify(trx, { userId: kase.managerId, kind: 'assessment-submitted', title: `${ASSESSMENT_KIND_LABELS[row.kind]} for ${kase.reference} is ready for authorisation`, link: assessmentPaths.assessment(kase.id, row.id) });
          }
          await recordAudit(trx, audit, { action: 'assessment.submitted', entityType: 'assessment', entityId: row.id, childId: row.child_id, details: { caseId: kase.id, version } });
        }
        return { submitted, pending };
      });
      if (outcome.pending.length) throw new IncompleteSubmission(outcome.pending.map((r) => ({ field: r.field, message: r.message })));
      return { submitted: outcome.submitted };
    },

    /** A manager authorises: final; the clock the assessment answers stops in the same transaction. */
    async authorise(actor: Actor, caseId: string, id: string, input: AuthoriseInput, audit: AuditContext) {
      const at = now();
      const result = await caseWrite(db, audit, async (trx) => {
        const { kase } = await writeCase(trx, actor, caseId, audit, 'assessment.authorised', at, WRITE_REFUSAL);
        const row = await locked(trx, kase, id);
        const decision = decide(stateOf(row), { type: 'authorise', actor: { id: actor.id, isManager: isAssessmentManager(actor, kase) } }, at);
        if (!decision.ok) {
          if (personal(decision.refusals)) return { row, kase, denied: decision.refusals };
          throw refused(decision.refusals);
        }
        await checkVersion(trx, row, input.version);
        const version = row.version + 1;
        await updateAssessment(trx, row, { status: 'authorised', authorised_at: at, authorised_by: actor.id, version, updated_at: at, updated_by: actor.id });
        await history(trx, row.id, version, 'authorised', actor, at);
        await chronology(trx, actor, row, 'assessment-authorised', `${ASSESSMENT_KIND_LABELS[row.kind]} authorised`, `${ASSESSMENT_KIND_LABELS[row.kind]} completed and authorised by a manager.`, at);
        const { stopped } = await clocks.applyEvent(trx, { event: COMPLETED_EVENT[row.kind], at, subject: clockSubject(row, kase) });
        if (row.started_by !== actor.id) await notifier.notify(trx, { userId: row.started_by, kind: 'assessment-authorised', title: `${ASSESSMENT_KIND_LABELS[row.kind]} for ${kase.reference} was authorised`, link: assessmentPaths.assessment(kase.id, row.id) });
        await recordAudit(trx, audit, { action: 'assessment.authorised', entityType: 'assessment', entityId: row.id, childId: row.child_id, details: { caseId: kase.id, kind: row.kind, version, clocksStopped: stopped.length } });
        return { row, kase, denied: null };
      });
      if (result.denied) await deny(audit, 'assessment.authorised', result.row, result.kase, result.denied);
    },

    /** A manager returns a submitted assessment to its author with what needs to change: a draft again. */
    async returnToAuthor(actor: Actor, caseId: string, id: string, input: ReturnInput, audit: AuditContext) {
      const at = now();
      const result = await caseWrite(db, audit, async (trx) => {
        const { kase } = await writeCase(trx, actor, caseId, audit, 'assessment.returned', at, WRITE_REFUSAL);
        const row = await locked(trx, kase, id);
        const decision = decide(stateOf(row), { type: 'return', actor: { id: actor.id, isManager: isAssessmentManager(actor, kase) }, reason: input.reason }, at);
        if (!decision.ok) {
          if (personal(decision.refusals)) return { row, kase, denied: decision.refusals };
          throw refused(decision.refusals);
        }
        await checkVersion(trx, row, input.version);
        const event = decision.events[0] as Extract<(typeof decision.events)[number], { type: 'returned' }>;
        const version = row.version + 1;
        await updateAssessment(trx, row, { status: 'draft', submitted_at: null, submitted_by: null, returned_at: at, returned_by: actor.id, return_reason: event.reason, version, updated_at: at, updated_by: actor.id });
        await history(trx, row.id, version, 'returned', actor, at, event.reason);
        await notifier.notify(trx, { userId: row.started_by, kind: 'assessment-returned', title: `${ASSESSMENT_KIND_LABELS[row.kind]} for ${kase.reference} was returned to you`, link: assessmentPaths.assessment(kase.id, row.id) });
        await recordAudit(trx, audit, { action: 'assessment.returned', entityType: 'assessment', entityId: row.id, childId: row.child_id, details: { caseId: kase.id, version } });
        return { row, kase, denied: null };
      });
      if (result.denied) await deny(audit, 'assessment.returned', result.row, result.kase, result.denied);
    },

    /**
     * Continuing risk of significant harm found during the initial assessment (staffordshire 28-29): the strategy
     * meeting's clock starts (2 working days when found early); the page then offers the core assessment (31).
     */
    async recordSignificantHarm(actor: Actor, caseId: string, id: string, input: SignificantHarmInput, audit: AuditContext) {
      const at = now();
      return caseWrite(db, audit, async (trx) => {
        const { kase } = await writeCase(trx, actor, caseId, audit, 'assessment.significant-harm-found', at, WRITE_REFUSAL);
        const row = await locked(trx, kase, id);
        const command: AssessmentCommand = { type: 'record-significant-harm', actor: { id: actor.id, isManager: false }, early: input.early, details: input.details };
        const decision = decide(stateOf(row), command, at);
        if (!decision.ok) throw refused(decision.refusals);
        await checkVersion(trx, row, input.version);
        const event = decision.events[0] as Extract<(typeof decision.events)[number], { type: 'significant-harm-found' }>;
        const version = row.version + 1;
        await updateAssessment(trx, row, { significant_harm_at: at, significant_harm_by: actor.id, significant_harm_early: event.early, significant_harm_details: event.details, version, updated_at: at, updated_by: actor.id });
        await history(trx, row.id, version, 'significant-harm-found', actor, at);
        // The entry names the finding, not its detail: the detail stays on the assessment, seen by those who may.
        await chronology(trx, actor, row, 'significant-harm-found', 'Continuing risk of significant harm found', `Found ${event.early ? 'at an early stage of' : 'during'} the initial assessment: a strategy meeting is needed and a core assessment / Section 47 enquiry may follow.`, at);
        await clocks.applyEvent(trx, { event: 'continuing-significant-harm-found', at, subject: clockSubject(row, kase), facts: { earlyInInitialAssessment: event.early }, ownerUserId: actor.id });
        await recordAudit(trx, audit, { action: 'assessment.significant-harm-found', entityType: 'assessment', entityId: row.id, childId: row.child_id, details: { caseId: kase.id, early: event.early } });
      });
    },
  };
}
