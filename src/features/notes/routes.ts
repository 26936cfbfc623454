// Case notes: the list (current versions, "edited N times"), a new note, the author's edit and the history.
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { zodFieldErrors } from '../../platform/web/forms.ts';
import { SHARING_LEVEL_LABELS } from '../../domain/access/access.ts';
import type { SharingLevel } from '../../domain/access/access.ts';
import { londonDateOf } from '../../domain/clock/index.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { openCasePage } from '../cases/service-case-page.ts';
import { pagination } from '../../platform/web/pagination.ts';
import { StaleNote, createNotesService, mayWriteNotes } from './service.ts';
import { notesPaths } from './paths.ts';
import { caseLocals, sharingOptions } from '../case-access/presenters.ts';
import { currentNetwork } from '../cases/queries.ts';
import { RecordRefused, refusalErrors } from '../../platform/web/refusals.ts';
import { NOTES_PAGE_SIZE, NOTE_TYPES, NOTE_TYPE_LABELS, noteEditSchema, noteSchema, notesQuerySchema } from './schemas.ts';
import type { NoteType } from './schemas.ts';
import { entityMentions } from '../intelligence/service-mentions.ts';
import { mentionsPath } from '../intelligence/paths.ts';

const typeLabel = (t: string) => NOTE_TYPE_LABELS[t as NoteType] ?? t;
const sharingLabel = (s: string) => SHARING_LEVEL_LABELS[s as SharingLevel] ?? s;

export function notesRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const notes = createNotesService({ db: services.db, now: services.now });

  r.get('/cases/:caseId/notes', { access: 'signed-in', audit: 'case.read' }, async (req, res) => {
    const page = await openCasePage(services, req, 'notes');
    const parsed = notesQuerySchema.safeParse(req.query);
    const query = parsed.success ? parsed.data : {};
    const pageNumber = query.page ?? 1;
    const list = await notes.list(req.user!, page.kase.id, { type: query.type, page: pageNumber, pageSize: NOTES_PAGE_SIZE });
    const href = (p: number) => notesPaths.listPage(page.kase.id, { type: query.type, page: p });
    if (!parsed.success) res.status(400);
    res.render('notes/views/notes.njk', {
      ...caseLocals(page),
      ...validationLocals(parsed.success ? {} : zodFieldErrors(parsed.error)),
      canWrite: mayWriteNotes(page.decision.basis),
      paths: { list: notesPaths.list(page.kase.id), new: notesPaths.new(page.kase.id) },
      notes: list.rows.map((n) => ({ ...n, typeLabel: typeLabel(n.contact_type), sharingLabel: sharingLabel(n.sharing_level), edits: n.version - 1, mine: n.author_id === req.user!.id, historyHref: notesPaths.note(page.kase.id, n.id), editHref: notesPaths.edit(page.kase.id, n.id) })),
      total: list.total,
      pagination: pagination(href, pageNumber, list.total, NOTES_PAGE_SIZE),
      typeOptions: [{ value: '', text: 'All types' }, ...NOTE_TYPES.map((t) => ({ value: t, text: NOTE_TYPE_LABELS[t], selected: query.type === t }))],
      filtered: Boolean(query.type),
      saved: req.query.saved === '1',
    });
  });

  const renderForm = async (req: Request, res: Response, input: Record<string, unknown>, errors: FieldErrors = {}, note: { id: string; version: number } | null = null, extra: Record<string, unknown> = {}) => {
    const page = await openCasePage(services, req, 'notes');
    const network = await currentNetwork(services.db, page.kase.id);
    res.render('notes/views/note-form.njk', {
      ...caseLocals(page),
      ...validationLocals(errors),
      input: { contactDate: londonDateOf(services.now()), ...input },
      note,
      paths: { action: note ? notesPaths.note(page.kase.id, note.id) : notesPaths.list(page.kase.id), list: notesPaths.list(page.kase.id) },
      types: NOTE_TYPES.map((t) => ({ value: t, text: NOTE_TYPE_LABELS[t], checked: input.contactType === t })),
      sharing: sharingOptions(network, input, req.user!.id),
      ...extra,
    });
  };

  r.get('/cases/:caseId/notes/new', { access: 'signed-in', audit: 'case.read' }, (req, res) => renderForm(req, res, {}));

  r.post('/cases/:caseId/notes', { access: 'signed-in', audit: ['case-note.created', 'case.read'], schema: noteSchema, invalid: (req, res, errors, input) => renderForm(req, res, input, errors) }, async (req, res, data) => {
    try {
      await notes.create(req.user!, String(req.params.caseId), data, auditContext(req));
      res.redirect(303, notesPaths.saved(String(req.params.caseId)));
    } catch (error) {
      if (!(error instanceof RecordRefused)) throw error;
      res.status(400);
      await renderForm(req, res, req.body, refusalErrors(error));
    }
  });

  r.get('/cases/:caseId/notes/:noteId', { access: 'signed-in', audit: 'case.read' }, async (req, res) => {
    const page = await openCasePage(services, req, 'notes');
    const { note, versions } = await notes.history(req.user!, page.kase.id, String(req.params.noteId));
    res.render('notes/views/history.njk', {
      ...caseLocals(page),
      mentions: await entityMentions(services.db, req.user!, page.kase.id, 'case-note', [note.id], page.now),
      paths: { list: notesPaths.list(page.kase.id), edit: notesPaths.edit(page.kase.id, note.id), mentions: mentionsPath(page.kase.id, 'case-note', note.id) },
      note: { ...note, typeLabel: typeLabel(note.contact_type), sharingLabel: sharingLabel(note.sharing_level), edits: note.version - 1, mine: note.author_id === req.user!.id },
      versions: versions.map((v) => ({ ...v, typeLabel: typeLabel(v.contact_type), sharingLabel: sharingLabel(v.sharing_level) })),
    });
  });

  const renderEdit = async (req: Request, res: Response, input: Record<string, unknown> | null, errors: FieldErrors = {}, extra: Record<string, unknown> = {}) => {
    const page = await openCasePage(services, req, 'notes');
    const { note } = await notes.history(req.user!, page.kase.id, String(req.params.noteId));
    if (note.author_id !== req.user!.id) {
      res.status(403);
      return res.render('errors/403.njk', { error: { message: 'You do not have access to this page', detail: 'Only the person who wrote a case note can change it.' } });
    }
    const current = { contactDate: note.contact_date, contactType: note.contact_type, body: note.body, sharingLevel: note.sharing_level, sharedWith: note.shared_with };
    return renderForm(req, res, { ...(input ?? current) }, errors, { id: note.id, version: note.version }, extra);
  };

  r.get('/cases/:caseId/notes/:noteId/edit', { access: 'signed-in', audit: 'case.read' }, (req, res) => renderEdit(req, res, null));

  r.post('/cases/:caseId/notes/:noteId', { access: 'signed-in', audit: ['case-note.edited', 'case.read'], schema: noteEditSchema, invalid: (req, res, errors, input) => renderEdit(req, res, input, errors) }, async (req, res, data) => {
    try {
      await notes.edit(req.user!, String(req.params.caseId), String(req.params.noteId), data, auditContext(req));
      res.redirect(303, notesPaths.note(String(req.params.caseId), String(req.params.noteId)));
    } catch (error) {
      if (error instanceof RecordRefused) {
        res.status(400);
        return renderEdit(req, res, req.body, refusalErrors(error));
      }
      if (error instanceof StaleNote) {
        res.status(409);
        // The latest version is shown, so the writer sees what changed; their own text is offered below it.
        return renderEdit(req, res, null, { body: error.detail ?? error.message }, { unsaved: data.body });
      }
      throw error;
    }
  });

  return router;
}
