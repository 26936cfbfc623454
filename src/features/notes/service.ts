// Case notes: contemporaneous recordings of contact with the child (bedford-luton 7.4, staffordshire 35:
// "meticulous in their note keeping"). An edit never overwrites: every earlier version is kept.
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { londonDateOf, startOfLondonDay } from '../../domain/clock/index.ts';
import { HttpError, forbidden, notFound } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { caseWrite, checkSharing, mayRecordOnCase, refuseCase, writeCase } from '../case-access/service.ts';
import type { CaseHeader } from '../case-access/service.ts';
import { RecordRefused } from '../../platform/web/refusals.ts';
import { NOTE_TYPE_LABELS } from './schemas.ts';
import type { NoteType, noteEditSchema, noteSchema } from './schemas.ts';
import { insertEntry, insertNote, insertNoteVersion, lockNote, noteVersions, updateEntry, updateNote, visibleNote, visibleNotes } from './queries.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';

const SUMMARY_LENGTH = 500;

export class StaleNote extends HttpError {
  constructor(detail: string) {
    super(409, 'stale', 'This note was changed', detail);
  }
}

export function noteSummary(body: string): string {
  return body.length > SUMMARY_LENGTH ? `${body.slice(0, SUMMARY_LENGTH - 1)}…` : body;
}

/** Network members and area roles record contact; access by a meeting invitation or break-glass does not. */
export const mayWriteNotes = mayRecordOnCase;

export function createNotesService(deps: { db: Kysely<Database>; now: () => Date }) {
  const { db, now } = deps;

  /** The case's write gate, in the note's transaction (caseWrite): a refusal is audited, a success is the note's own row. */
  const writableCase = (trx: Kysely<Database>, actor: Actor, caseId: string, audit: AuditContext, action: string): Promise<CaseHeader> =>
    writeCase(trx, actor, caseId, audit, action, now(), 'Only members of the professional network, and the area’s front door, CSE coordinator and team managers, record case notes.').then((gate) => gate.kase);

  function checkDate(contactDate: string, at: Date) {
    if (contactDate > londonDateOf(at)) throw new RecordRefused([{ field: 'contactDate', message: 'The date of contact must be today or in the past' }]);
  }

  return {
    async create(actor: Actor, caseId: string, input: z.infer<typeof noteSchema>, audit: AuditContext) {
      return caseWrite(db, audit, async (trx) => {
        const kase = await writableCase(trx, actor, caseId, audit, 'case-note.created');
        const at = now();
        checkDate(input.contactDate, at);
        const sharedWith = await checkSharing(trx, kase.id, input.sharingLevel, input.sharedWith);
        const entry = await insertEntry(trx, {
          child_id: kase.childId, case_id: kase.id, occurred_at: startOfLondonDay(input.contactDate), recorded_at: at, kind: 'case-note',
          title: NOTE_TYPE_LABELS[input.contactType], summary: noteSummary(input.body), agency_id: actor.agencyId, author_id: actor.id,
          sharing_level: input.sharingLevel, shared_with: sharedWith, record_type: 'case-note', source: 'Case note',
        });
        const note = await insertNote(trx, { case_id: kase.id, child_id: kase.childId, author_id: actor.id, agency_id: actor.agencyId, contact_date: input.contactDate, contact_type: input.contactType, sharing_level: input.sharingLevel, shared_with: sharedWith, body: input.body, chronology_entry_id: entry.id, created_at: at, updated_at: at });
        await updateEntry(trx, entry.id, { record_id: note.id });
        await insertNoteVersion(trx, { note_id: note.id, version: 1, contact_date: input.contactDate, contact_type: input.contactType, sharing_level: input.sharingLevel, shared_with: sharedWith, body: input.body, edited_by: actor.id, edited_at: at });
        await recordAudit(trx, audit, { action: 'case-note.created', entityType: 'case-note', entityId: note.id, childId: kase.childId, details: { caseId: kase.id, contactType: input.contactType, sharingLevel: input.sharingLevel } });
        return note.id;
      });
    },

    /** The author edits; the earlier text stays as a version. A second window with an older version is told. */
    async edit(actor: Actor, caseId: string, noteId: string, input: z.infer<typeof noteEditSchema>, audit: AuditContext) {
      return caseWrite(db, audit, async (trx) => {
        const kase = await writableCase(trx, actor, caseId, audit, 'case-note.edited');
        const at = now();
        checkDate(input.contactDate, at);
        const sharedWith = await checkSharing(trx, kase.id, input.sharingLevel, input.sharedWith);
        const note = isRecordId(noteId) ? await lockNote(trx, kase.id, noteId) : undefined;
        if (!note) throw notFound('Case note');
        // Audited after the rollback (a row written in this transaction would roll back with it).
        if (note.author_id !== actor.id) {
          await refuseCase(trx, audit, { action: 'case-note.edited', entityType: 'case-note', entityId: note.id, childId: kase.childId, details: { code: 'not-the-author' } }, forbidden('Only the person who wrote a case note can change it.'));
        }
        if (note.version !== input.version) {
          throw new StaleNote(`This note was changed at ${note.updated_at.toISOString().slice(0, 16).replace('T', ' ')} UTC, after you opened it (perhaps in another window). The form now shows the latest version: make your change again.`);
        }
        const version = note.version + 1;
        await updateNote(trx, note, { contact_date: input.contactDate, contact_type: input.contactType, sharing_level: input.sharingLevel, shared_with: sharedWith, body: input.body, updated_at: at, version });
        await insertNoteVersion(trx, { note_id: note.id, version, contact_date: input.contactDate, contact_type: input.contactType, sharing_level: input.sharingLevel, shared_with: sharedWith, body: input.body, edited_by: actor.id, edited_at: at });
        if (note.chronology_entry_id) {
          await updateEntry(trx, note.chronology_entry_id, { occurred_at: startOfLondonDay(input.contactDate), title: NOTE_TYPE_LABELS[input.contactType as NoteType], summary: noteSummary(input.body), sharing_level: input.sharingLevel, shared_with: sharedWith });
        }
        await recordAudit(trx, audit, { action: 'case-note.edited', entityType: 'case-note', entityId: note.id, childId: kase.childId, details: { caseId: kase.id, version, sharingLevel: input.sharingLevel } });
      });
    },

    list(actor: Actor, caseId: string, filter: { type?: NoteType | undefined; page: number; pageSize: number }) {
      return visibleNotes(db, actor, caseId, filter);
    },

    /** A note the actor may see, with every version newest first; 404 for a note they may not see. */
    async history(actor: Actor, caseId: string, noteId: string) {
      if (!isRecordId(noteId)) throw notFound('Case note');
      const note = await visibleNote(db, actor, caseId, noteId);
      if (!note) throw notFound('Case note');
      const versions = await noteVersions(db, note.id);
      return { note, versions };
    },
  };
}

export type NotesService = ReturnType<typeof createNotesService>;
