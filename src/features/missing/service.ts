// Missing episodes: the report, the return and the return interview (bedford-luton Appendix 2; cambridgeshire 4).
// Each is one transaction with its audit row and its chronology entry, shared as the episode is. The return and
// the interview can be corrected; each save names the version it was made from, so two windows cannot overwrite
// each other unseen.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { MISSING_FROM_SHORT, absenceLength, interviewRefusals, overlappingEpisode, reportRefusals, returnRefusals } from '../../domain/missing/index.ts';
import type { MissingFrom, MissingRefusal } from '../../domain/missing/index.ts';
import { HttpError, notFound } from '../../platform/web/errors.ts';
import { formatDateTime } from '../../platform/web/nunjucks.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { caseWrite, checkSharing, writeCase } from '../case-access/service.ts';
import type { CaseHeader } from '../case-access/service.ts';
import { RecordRefused } from '../../platform/web/refusals.ts';
import { atLondon } from '../chronology/service.ts';
import type { InterviewInput, LeavingInput, ReportInput, ReturnInput } from './schemas.ts';
import { RECORD_TYPE, childEpisodeSpans, episodeEntryId, insertEntry, insertEpisode, lockVisibleEpisode, openEpisodeOnCase, updateEntry, updateEpisode, updateEpisodeEntry, userName, visibleEpisode, visibleEpisodes } from './queries.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';

const SUMMARY_LENGTH = 2000;
const WRITE_REFUSAL = 'Only members of the professional network, and the area’s front door, CSE coordinator and team managers, record missing episodes.';

export const OVERLAPS = 'These dates overlap another missing episode recorded for this child: a child is missing once at a time. Check the dates, or correct the other episode.';

export const ALREADY_MISSING = 'This child is already recorded as missing on this case. Record their return before reporting a new episode.';

/** The episode changed after the form was opened; the detail says who changed it and when. */
export class StaleEpisode extends HttpError {
  constructor(detail: string) {
    super(409, 'stale', 'This missing episode was changed', detail);
  }
}

const refused = (refusals: readonly MissingRefusal[]) => new RecordRefused(refusals.map((r) => ({ field: r.field, message: r.message })));
const clip = (text: string) => (text.length > SUMMARY_LENGTH ? `${text.slice(0, SUMMARY_LENGTH - 1)}…` : text);

export function reportedTitle(fromWhere: string) {
  return `Reported missing from ${MISSING_FROM_SHORT[fromWhere as MissingFrom] ?? fromWhere}`;
}
export function reportedSummary(e: { appearance_on_leaving: string; who_with: string | null }) {
  return clip(`Appearance on leaving: ${e.appearance_on_leaving}${e.who_with ? ` With: ${e.who_with}` : ''}`);
}
export const returnedTitle = (leftAt: Date, returnedAt: Date) => `Returned after ${absenceLength(leftAt, returnedAt)} missing`;
export const returnedSummary = (appearance: string) => clip(`Emotional and physical appearance on return: ${appearance}`);
export const interviewTitle = (independent: boolean) => (independent ? 'Independent return interview held' : 'Return interview held');
export const interviewSummary = (heldBy: string, summary: string) => clip(`Held by ${heldBy}. ${summary}`);

export function createMissingService(deps: { db: Kysely<Database>; now: () => Date }) {
  const { db, now } = deps;

  /** An episode the actor may see, locked for the change; 404 for one they may not see, as for any hidden record. */
  async function lockedEpisode(trx: Kysely<Database>, actor: Actor, kase: CaseHeader, episodeId: string) {
    if (!isRecordId(episodeId)) throw notFound('Missing episode');
    const episode = await lockVisibleEpisode(trx, actor, kase.id, episodeId);
    if (!episode) throw notFound('Missing episode');
    return episode;
  }

  async function checkVersion(trx: Kysely<Database>, current: { version: number; updated_at: Date; updated_by: string | null }, version: number) {
    if (current.version === version) return;
    const updater = current.updated_by ? await userName(trx, current.updated_by) : undefined;
    throw new StaleEpisode(
      `${updater ?? 'Someone else'} changed this missing episode at ${formatDateTime(current.updated_at)}, after you opened this page (perhaps in another window). What is recorded now is shown on this page and your answers are still in the form: check them and save again.`,
    );
  }

  /** Refuses spans that overlap another of the child's episodes (issue 15): any episode, whoever may see it. */
  async function refuseOverlap(trx: Kysely<Database>, childId: string, span: { id: string; leftAt: Date; returnedAt: Date | null }, field: string) {
    const others = await childEpisodeSpans(trx, childId);
    if (overlappingEpisode(span, others.map((o) => ({ id: o.id, leftAt: o.left_at, returnedAt: o.returned_at })))) throw new RecordRefused([{ field, message: OVERLAPS }]);
  }

  /**
   * The chronology entry for a step of the episode: added the first time, brought up to date on a correction, so a
   * corrected return or interview never shows twice. It is shared as the episode is.
   */
  async function writeEntry(
    trx: Kysely<Database>, actor: Actor, kase: CaseHeader, episode: { id: string; child_id: string; sharing_level: 'network' | 'agency' | 'named'; shared_with: string[] },
    kind: 'missing-returned' | 'return-interview', entry: { occurred_at: Date; title: string; summary: string }, correction: boolean, at: Date,
  ) {
    const existing = correction ? await episodeEntryId(trx, episode.id, kind) : undefined;
    if (existing) {
      await updateEntry(trx, existing, entry);
      return;
    }
    await insertEntry(trx, {
      ...entry, child_id: episode.child_id, case_id: kase.id, recorded_at: at, kind, agency_id: actor.agencyId, author_id: actor.id,
      sharing_level: episode.sharing_level, shared_with: episode.shared_with, record_type: RECORD_TYPE, record_id: episode.id, source: 'Missing episode',
    });
  }

  return {
    /** bedford-luton Appendix 2: when and from where the child left, how they looked, who with. */
    async report(actor: Actor, caseId: string, input: ReportInput, audit: AuditContext) {
      const at = now();
      const leftAt = atLondon(input.leftDate, input.leftTime);
      try {
        return await caseWrite(db, audit, async (trx) => {
          const { kase } = await writeCase(trx, actor, caseId, audit, 'missing.reported', at, WRITE_REFUSAL);
          const refusals = reportRefusals({ leftAt, appearanceOnLeaving: input.appearanceOnLeaving, now: at });
          if (refusals.length) throw refused(refusals);
          const sharedWith = await checkSharing(trx, kase.id, input.sharingLevel, input.sharedWith);
          const open = await openEpisodeOnCase(trx, kase.id, kase.childId);
          if (open) throw new RecordRefused([{ field: 'leftDate', message: ALREADY_MISSING }]);
          await refuseOverlap(trx, kase.childId, { id: '', leftAt, returnedAt: null }, 'leftDate');
          const episode = await insertEpisode(trx, {
            case_id: kase.id, child_id: kase.childId, left_at: leftAt, reported_at: at, reported_by: actor.id, agency_id: actor.agencyId, from_where: input.fromWhere,
            appearance_on_leaving: input.appearanceOnLeaving, who_with: input.whoWith ?? null, sharing_level: input.sharingLevel, shared_with: sharedWith,
            created_at: at, updated_at: at, updated_by: actor.id,
          });
          await insertEntry(trx, {
            child_id: kase.childId, case_id: kase.id, occurred_at: leftAt, recorded_at: at, kind: 'missing-reported', title: reportedTitle(input.fromWhere),
            summary: reportedSummary({ appearance_on_leaving: input.appearanceOnLeaving, who_with: input.whoWith ?? null }), agency_id: actor.agencyId, author_id: actor.id,
            sharing_level: input.sharingLevel, shared_with: sharedWith, record_type: RECORD_TYPE, record_id: episode.id, source: 'Missing episode',
          });
          await recordAudit(trx, audit, { action: 'missing.reported', entityType: 'missing-episode', entityId: episode.id, childId: kase.childId, details: { caseId: kase.id, fromWhere: input.fromWhere, sharingLevel: input.sharingLevel, namedPeople: sharedWith.length } });
          return episode.id;
        });
      } catch (error) {
        // Two reports at once: the partial unique index lets one through and refuses the other.
        if ((error as { code?: string }).code === '23505') throw new RecordRefused([{ field: 'leftDate', message: ALREADY_MISSING }]);
        throw error;
      }
    },

    /** The return, or a correction of it: the episode is closed and the "Missing now" flag goes. */
    async recordReturn(actor: Actor, caseId: string, episodeId: string, input: ReturnInput, audit: AuditContext) {
      const at = now();
      return caseWrite(db, audit, async (trx) => {
        const { kase } = await writeCase(trx, actor, caseId, audit, 'missing.returned', at, WRITE_REFUSAL);
        const returnedAt = atLondon(input.returnedDate, input.returnedTime);
        const episode = await lockedEpisode(trx, actor, kase, episodeId);
        await checkVersion(trx, episode, input.version);
        const refusals = returnRefusals({ leftAt: episode.left_at, returnedAt, appearanceOnReturn: input.appearanceOnReturn, now: at, interviewAt: episode.return_interview_at });
        if (refusals.length) throw refused(refusals);
        await refuseOverlap(trx, episode.child_id, { id: episode.id, leftAt: episode.left_at, returnedAt }, 'returnedDate');
        const correction = episode.returned_at !== null;
        const version = episode.version + 1;
        await updateEpisode(trx, episode, { returned_at: returnedAt, appearance_on_return: input.appearanceOnReturn, return_recorded_by: actor.id, version, updated_at: at, updated_by: actor.id });
        const entry = { occurred_at: returnedAt, title: returnedTitle(episode.left_at, returnedAt), summary: returnedSummary(input.appearanceOnReturn) };
        await writeEntry(trx, actor, kase, episode, 'missing-returned', entry, correction, at);
        await recordAudit(trx, audit, { action: correction ? 'missing.return-changed' : 'missing.returned', entityType: 'missing-episode', entityId: episode.id, childId: episode.child_id, details: { caseId: kase.id, version } });
      });
    },

    /**
     * A correction of when and from where the child left, how they looked and who with (issue 15), like the return's:
     * the version is checked, overlapping episodes are refused, and the chronology entries are brought up to date.
     */
    async correctLeaving(actor: Actor, caseId: string, episodeId: string, input: LeavingInput, audit: AuditContext) {
      const at = now();
      return caseWrite(db, audit, async (trx) => {
        const { kase } = await writeCase(trx, actor, caseId, audit, 'missing.leaving-changed', at, WRITE_REFUSAL);
        const leftAt = atLondon(input.leftDate, input.leftTime);
        const episode = await lockedEpisode(trx, actor, kase, episodeId);
        await checkVersion(trx, episode, input.version);
        const refusals = reportRefusals({ leftAt, appearanceOnLeaving: input.appearanceOnLeaving, now: at });
        if (episode.returned_at && leftAt.getTime() >= episode.returned_at.getTime()) {
          refusals.push({ field: 'leftDate', code: 'left-after-return', message: 'The date and time they left must be before the date and time they came back', source: 'bedford-luton Appendix 2' });
        }
        if (refusals.length) throw refused(refusals);
        await refuseOverlap(trx, episode.child_id, { id: episode.id, leftAt, returnedAt: episode.returned_at }, 'leftDate');
        const version = episode.version + 1;
        await updateEpisode(trx, episode, { left_at: leftAt, from_where: input.fromWhere, appearance_on_leaving: input.appearanceOnLeaving, who_with: input.whoWith ?? null, version, updated_at: at, updated_by: actor.id });
        await updateEpisodeEntry(trx, episode.id, 'missing-reported', { occurred_at: leftAt, title: reportedTitle(input.fromWhere), summary: reportedSummary({ appearance_on_leaving: input.appearanceOnLeaving, who_with: input.whoWith ?? null }) });
        if (episode.returned_at) {
          await updateEpisodeEntry(trx, episode.id, 'missing-returned', { title: returnedTitle(leftAt, episode.returned_at) });
        }
        await recordAudit(trx, audit, { action: 'missing.leaving-changed', entityType: 'missing-episode', entityId: episode.id, childId: episode.child_id, details: { caseId: kase.id, version, fromWhere: input.fromWhere } });
      });
    },

    /** cambridgeshire 4: the return interview, once the child is back; or a correction of it. */
    async recordInterview(actor: Actor, caseId: string, episodeId: string, input: InterviewInput, audit: AuditContext) {
      const at = now();
      return caseWrite(db, audit, async (trx) => {
        const { kase } = await writeCase(trx, actor, caseId, audit, 'missing.return-interview', at, WRITE_REFUSAL);
        const interviewAt = atLondon(input.interviewDate, input.interviewTime);
        const episode = await lockedEpisode(trx, actor, kase, episodeId);
        await checkVersion(trx, episode, input.version);
        const refusals = interviewRefusals({ returnedAt: episode.returned_at, interviewAt, heldBy: input.heldBy, summary: input.summary, now: at });
        if (refusals.length) throw refused(refusals);
        const correction = episode.return_interview_at !== null;
        const version = episode.version + 1;
        await updateEpisode(trx, episode, {
          return_interview_at: interviewAt, return_interview_by: input.heldBy, return_interview_independent: input.independent, return_interview_summary: input.summary,
          return_interview_recorded_by: actor.id, version, updated_at: at, updated_by: actor.id,
        });
        const entry = { occurred_at: interviewAt, title: interviewTitle(input.independent), summary: interviewSummary(input.heldBy, input.summary) };
        await writeEntry(trx, actor, kase, episode, 'return-interview', entry, correction, at);
        await recordAudit(trx, audit, { action: correction ? 'missing.return-interview-changed' : 'missing.return-interview', entityType: 'missing-episode', entityId: episode.id, childId: episode.child_id, details: { caseId: kase.id, version, independent: input.independent } });
      });
    },

    /** The case's episodes this actor may see, newest first. */
    async list(actor: Actor, caseId: string) {
      return visibleEpisodes(db, actor, caseId);
    },

    /** One episode the actor may see; 404 otherwise. */
    async episode(actor: Actor, caseId: string, episodeId: string) {
      if (!isRecordId(episodeId)) throw notFound('Missing episode');
      const episode = await visibleEpisode(db, actor, caseId, episodeId);
      if (!episode) throw notFound('Missing episode');
      return episode;
    },
  };
}

export type MissingService = ReturnType<typeof createMissingService>;
export type EpisodeRow = Awaited<ReturnType<MissingService['list']>>[number];
