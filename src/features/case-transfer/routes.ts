// Transfer between authorities (issue 15; bedford-luton 18-19): the case's Transfer section with the request form, the
// transfer package with the receiving coordinator's answer, the incoming work list, the sending authority's read of what
// it wrote, and the same steps in the JSON API.
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { HttpError, forbidden, notFound, problem } from '../../platform/web/errors.ts';
import { maySendTransfer } from '../../domain/case-transfer/transfer.ts';
import { caseLocals } from '../case-access/presenters.ts';
import { writeCase } from '../case-access/service.ts';
import { refusalErrors } from '../../platform/web/refusals.ts';
import { SHARING_LEVEL_LABELS } from '../../domain/access/access.ts';
import type { SharingLevel } from '../../domain/access/access.ts';
import { TRANSFER_RESPONSE_TIMESCALE, TRANSFER_SOURCE } from '../../domain/case-transfer/transfer.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { openCasePage } from '../cases/service-case-page.ts';
import { auditListedCases } from '../cases/service-listed-cases.ts';
import { createTransferService, TransferRefused } from './service.ts';
import { answerSchema, declineSchema, requestSchema } from './schemas.ts';
import { paths } from './paths.ts';
import { transferParties } from './queries.ts';
import { workNavigation } from '../work/presenters.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';
import { casePaths } from '../cases/paths.ts';

const timescaleText = `${TRANSFER_RESPONSE_TIMESCALE.amount} working days`;
const sharingLabel = (s: string) => SHARING_LEVEL_LABELS[s as SharingLevel] ?? s;

export function caseTransferRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const transfers = createTransferService({ db: services.db, now: services.now, clocks: services.clocks, notifier: services.notifier });

  const renderSection = async (req: Request, res: Response, extra: { errors?: FieldErrors; input?: Record<string, unknown> } = {}) => {
    const page = await openCasePage(services, req, 'transfer', 'transfer');
    const section = await transfers.section(req.user!, page.kase);
    const input = extra.input ?? {};
    res.render('case-transfer/views/section.njk', {
      ...caseLocals(page),
      ...validationLocals(extra.errors ?? {}),
      ...section,
      input,
      timescaleText,
      source: TRANSFER_SOURCE,
      authorityItems: [{ value: '', text: 'Choose the authority' }, ...section.destinations.map((d) => ({ value: d.id, text: d.name, selected: input.toLocalAuthorityId === d.id }))],
      coordinatorItems: [
        { value: '', text: 'Choose the coordinator' },
        ...section.destinations.flatMap((d) => d.coordinators.map((c) => ({ value: c.id, text: `${c.display_name} (${d.name})`, selected: input.receivingCoordinatorId === c.id }))),
      ],
      done: typeof req.query.done === 'string' ? req.query.done : null,
    });
  };

  r.get('/cases/:caseId/transfer', { access: 'signed-in', audit: 'case.transfer' }, (req, res) => renderSection(req, res));

  r.post(
    '/cases/:caseId/transfer',
    { access: 'signed-in', audit: ['transfer.requested', 'case.transfer'], schema: requestSchema, invalid: (req, res, errors, input) => renderSection(req, res, { errors, input }) },
    async (req, res, data) => {
      try {
        await transfers.request(req.user!, String(req.params.caseId), data, auditContext(req));
      } catch (error) {
        if (!(error instanceof TransferRefused)) throw error;
        res.status(error.status);
        return renderSection(req, res, { errors: refusalErrors(error), input: req.body as Record<string, unknown> });
      }
      res.redirect(303, `${paths.section(String(req.params.caseId))}?done=requested`);
    },
  );

  const renderPackage = async (req: Request, res: Response, extra: { errors?: FieldErrors; input?: Record<string, unknown> } = {}) => {
    const pkg = await transfers.openPackage(req.user!, String(req.params.caseId), String(req.params.transferId), auditContext(req));
    res.render('case-transfer/views/package.njk', {
      ...pkg,
      ...validationLocals(extra.errors ?? {}),
      input: extra.input ?? {},
      timescaleText,
      chronology: pkg.chronology.map((e) => ({ ...e, sharingLabel: sharingLabel(e.sharing_level) })),
      plans: pkg.plans.map((p) => ({ ...p, sharingLabel: sharingLabel(p.sharing_level) })),
      done: typeof req.query.done === 'string' ? req.query.done : null,
    });
  };

  r.get('/cases/:caseId/transfer/:transferId', { access: 'signed-in', audit: 'case.transfer-package' }, (req, res) => renderPackage(req, res));

  /** Accept, decline and withdraw share their handling: a refusal or a stale answer re-renders the package with the error. */
  const answerRoute = (kind: 'accept' | 'decline' | 'withdraw') =>
    r.post(
      `/cases/:caseId/transfer/:transferId/${kind}`,
      {
        access: 'signed-in', audit: [({ accept: 'transfer.accepted', decline: 'transfer.declined', withdraw: 'transfer.withdrawn' } as const)[kind], 'case.transfer-package'],
        schema: kind === 'decline' ? declineSchema : answerSchema,
        invalid: (req, res, errors, input) => renderPackage(req, res, { errors, input }),
      },
      async (req, res, data) => {
        const actor = req.user!;
        const id = String(req.params.transferId);
        const audit = auditContext(req);
        let result;
        try {
          result =
            kind === 'accept'
              ? await transfers.accept(actor, id, data.version, audit)
              : kind === 'decline'
                ? await transfers.decline(actor, id, data.version, ('reason' in data ? String(data.reason) : ''), audit)
                : await transfers.withdraw(actor, id, data.version, audit);
        } catch (error) {
          const field = kind === 'decline' ? 'reason' : 'answer';
          if (error instanceof TransferRefused) {
            res.status(error.status);
            return renderPackage(req, res, { errors: refusalErrors(error), input: req.body as Record<string, unknown> });
          }
          if (error instanceof HttpError && error.status === 409) {
            res.status(409);
            return renderPackage(req, res, { errors: { [field]: error.detail ?? error.message }, input: req.body as Record<string, unknown> });
          }
          throw error;
        }
        // After acceptance the receiver holds the case; after a decline or withdrawal the package stays readable to the sender.
        if (result.status === 'accepted') return res.redirect(303, casePaths.transferred(result.caseId));
        if (kind === 'decline') return res.redirect(303, `${paths.incoming()}?done=declined`);
        res.redirect(303, `${paths.section(result.caseId)}?done=withdrawn`);
      },
    );
  answerRoute('accept');
  answerRoute('decline');
  answerRoute('withdraw');

  r.get('/transfers', { access: 'signed-in', audit: { none: 'a list: audits each case it shows (case.listed), so it writes nothing when it shows nothing' } }, async (req, res) => {
    const rows = await transfers.incoming(req.user!);
    await auditListedCases(services.db, auditContext(req), 'incoming-transfers', rows.map((t) => t.case_id));
    res.render('case-transfer/views/incoming.njk', { rows, timescaleText, workNavigation: workNavigation(req.user!, 'transfers'), done: typeof req.query.done === 'string' ? req.query.done : null });
  });

  r.get('/cases/:caseId/transferred-record', { access: 'signed-in', audit: 'case.transferred-record' }, async (req, res) => {
    const record = await transfers.transferredRecord(req.user!, String(req.params.caseId), auditContext(req));
    res.render('case-transfer/views/transferred-record.njk', { ...record, entries: record.entries.map((e) => ({ ...e, sharingLabel: sharingLabel(e.sharing_level) })) });
  });

  // The JSON API (docs/openapi.yaml): the same service, refusals as problems listing each field.
  const apiProblem = (res: Response, error: TransferRefused) =>
    res
      .status(error.status)
      .type('application/problem+json')
      .send(JSON.stringify(problem(error.status, 'transfer-refused', 'The transfer was refused', error.message, { errors: error.refusals.map((x) => ({ path: x.field, message: x.message })) })));
  const invalidApi = (_req: Request, res: Response, errors: FieldErrors) =>
    res
      .status(400)
      .type('application/problem+json')
      .send(JSON.stringify(problem(400, 'validation', 'There is a problem', 'Some fields are missing or not valid.', { errors: Object.entries(errors).map(([path, message]) => ({ path, message })) })));
  const api = <T>(work: (req: Request, data: T) => Promise<unknown>, status = 200) =>
    async (req: Request, res: Response, data: T) => {
      try {
        res.status(status).json(await work(req, data));
      } catch (error) {
        if (error instanceof TransferRefused) return apiProblem(res, error);
        throw error;
      }
    };

  // Whoever may not ask for (or answer) the transfer is refused before the body is read (the authorisation matrix, issue 16).
  const SENDERS_ONLY = 'The CSE coordinator or a team manager of the authority that holds the case asks for its transfer.';
  const requestGate = async (req: Request, res: Response, errors: FieldErrors) => {
    const { kase } = await writeCase(services.db, req.user!, String(req.params.caseId), auditContext(req), 'transfer.requested', services.now());
    if (!maySendTransfer(req.user!, kase.localAuthorityId)) throw forbidden(SENDERS_ONLY);
    invalidApi(req, res, errors);
  };
  const answerGate = async (req: Request, res: Response, errors: FieldErrors) => {
    const id = String(req.params.transferId);
    const t = isRecordId(id) ? await transferParties(services.db, id) : undefined;
    if (!t) throw notFound('Transfer request');
    if (t.receiving_coordinator_id !== req.user!.id && !maySendTransfer(req.user!, t.from_local_authority_id)) throw notFound('Transfer request');
    invalidApi(req, res, errors);
  };
  r.post('/api/v1/cases/:caseId/transfers', { access: 'signed-in', audit: 'transfer.requested', schema: requestSchema, invalid: requestGate }, api(async (req, data) => {
    const created = await transfers.request(req.user!, String(req.params.caseId), data, auditContext(req));
    return { id: created.id, status: 'requested', respondBy: created.dueAt };
  }, 201));
  r.post('/api/v1/transfers/:transferId/accept', { access: 'signed-in', audit: 'transfer.accepted', schema: answerSchema, invalid: answerGate }, api(async (req, data) => transfers.accept(req.user!, String(req.params.transferId), data.version, auditContext(req))));
  r.post('/api/v1/transfers/:transferId/decline', { access: 'signed-in', audit: 'transfer.declined', schema: declineSchema, invalid: answerGate }, api(async (req, data) => transfers.decline(req.user!, String(req.params.transferId), data.version, data.reason, auditContext(req))));
  r.post('/api/v1/transfers/:transferId/withdraw', { access: 'signed-in', audit: 'transfer.withdrawn', schema: answerSchema, invalid: answerGate }, api(async (req, data) => transfers.withdraw(req.user!, String(req.params.transferId), data.version, auditContext(req))));

  return router;
}
