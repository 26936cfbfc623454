// Transfer between authorities (bedford-luton 18-19; PROCEDURES.md step 10): when a child moves, the home authority
// takes over. The sending authority's coordinator or team manager asks; the receiving authority's named coordinator
// accepts or declines with a reason; the sender may withdraw an unanswered request. A pure decide(state, command):
// refusals are values with codes and plain messages, and every answered request stops its clock.
import { hasRole } from '../access/access.ts';
import type { Actor } from '../access/access.ts';
import type { Duration } from '../clock/due.ts';

/**
 * How long the receiving coordinator has to answer. A Harbour setting: none of the five procedures gives a number for
 * a transfer (bedford-luton 18.1 and 19.2 say only that the authorities discuss and agree), so the profile is silent
 * and Harbour's own default applies. It is a clock on the receiving coordinator's work list.
 */
export const TRANSFER_RESPONSE_TIMESCALE: Duration = { amount: 5, unit: 'working-days' };
export const TRANSFER_RESPONSE_WARNING_HOURS = 24;
export const TRANSFER_SOURCE = 'bedford-luton 18-19';

export const TRANSFER_STATUSES = ['requested', 'accepted', 'declined', 'withdrawn'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

export const TRANSFER_STATUS_LABELS: Record<TransferStatus, string> = {
  requested: 'Waiting for an answer',
  accepted: 'Accepted',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
};

/** The case as the rules see it: where it is now, whether it is open, and its open request if any. */
export type TransferState = {
  caseLocalAuthorityId: string;
  caseOpen: boolean;
  open: null | { fromLocalAuthorityId: string; toLocalAuthorityId: string; receivingCoordinatorId: string; requestedBy: string };
};

export type ReceivingCoordinator = { id: string; roles: Actor['roles']; localAuthorityId: string | null; active: boolean };

export type TransferCommand =
  | { kind: 'request'; actor: Actor; toLocalAuthorityId: string; receivingCoordinator: ReceivingCoordinator | null; summary: string; reason: string }
  | { kind: 'accept'; actor: Actor }
  | { kind: 'decline'; actor: Actor; reason: string }
  | { kind: 'withdraw'; actor: Actor };

export type TransferEvent =
  | { kind: 'requested'; fromLocalAuthorityId: string; toLocalAuthorityId: string; receivingCoordinatorId: string }
  | { kind: 'accepted'; fromLocalAuthorityId: string; toLocalAuthorityId: string; newManagerId: string }
  | { kind: 'declined'; reason: string }
  | { kind: 'withdrawn' };

export type TransferRefusalCode =
  | 'not-permitted'
  | 'case-closed'
  | 'already-requested'
  | 'same-authority'
  | 'coordinator-not-found'
  | 'coordinator-not-of-authority'
  | 'summary-required'
  | 'reason-required'
  | 'nothing-to-answer'
  | 'not-receiving-coordinator';

export type TransferRefusal = { code: TransferRefusalCode; field: string; message: string };
export type TransferDecision = { ok: true; event: TransferEvent } | { ok: false; refusal: TransferRefusal };

const refuse = (code: TransferRefusalCode, field: string, message: string): TransferDecision => ({ ok: false, refusal: { code, field, message } });

/** The coordinator or a team manager of the authority that holds the case asks for, and withdraws, a transfer. */
export function maySendTransfer(actor: Actor, caseLocalAuthorityId: string): boolean {
  return actor.active && actor.localAuthorityId === caseLocalAuthorityId && hasRole(actor, 'cse-coordinator', 'team-manager');
}

export function decideTransfer(state: TransferState, command: TransferCommand): TransferDecision {
  const { actor } = command;
  switch (command.kind) {
    case 'request': {
      if (!maySendTransfer(actor, state.caseLocalAuthorityId)) {
        return refuse('not-permitted', 'toLocalAuthorityId', 'Only the CSE coordinator or a team manager of the authority that holds the case can ask for a transfer');
      }
      if (!state.caseOpen) return refuse('case-closed', 'toLocalAuthorityId', 'This case is closed: reopen it before transferring it');
      if (state.open) return refuse('already-requested', 'toLocalAuthorityId', 'A transfer of this case is already waiting for an answer: withdraw it first');
      if (command.toLocalAuthorityId === state.caseLocalAuthorityId) return refuse('same-authority', 'toLocalAuthorityId', 'Choose an authority other than the one that holds the case');
      const c = command.receivingCoordinator;
      if (!c || !c.active) return refuse('coordinator-not-found', 'receivingCoordinatorId', 'Choose the receiving authority’s CSE coordinator');
      if (c.localAuthorityId !== command.toLocalAuthorityId || !c.roles.includes('cse-coordinator')) {
        return refuse('coordinator-not-of-authority', 'receivingCoordinatorId', 'Choose a CSE coordinator of the receiving authority');
      }
      if (command.summary.trim() === '') return refuse('summary-required', 'summary', 'Enter a summary of the case for the receiving authority');
      if (command.reason.trim() === '') return refuse('reason-required', 'reason', 'Enter why the case is moving (for example, where the child now lives)');
      return { ok: true, event: { kind: 'requested', fromLocalAuthorityId: state.caseLocalAuthorityId, toLocalAuthorityId: command.toLocalAuthorityId, receivingCoordinatorId: c.id } };
    }
    case 'accept':
    case 'decline': {
      if (!state.open) return refuse('nothing-to-answer', 'answer', 'This transfer has already been answered or withdrawn');
      if (!actor.active || actor.id !== state.open.receivingCoordinatorId || actor.localAuthorityId !== state.open.toLocalAuthorityId) {
        return refuse('not-receiving-coordinator', 'answer', 'Only the receiving coordinator named in the request can answer it');
      }
      if (command.kind === 'decline') {
        if (command.reason.trim() === '') return refuse('reason-required', 'reason', 'Enter why you are declining the transfer');
        return { ok: true, event: { kind: 'declined', reason: command.reason.trim() } };
      }
      return { ok: true, event: { kind: 'accepted', fromLocalAuthorityId: state.open.fromLocalAuthorityId, toLocalAuthorityId: state.open.toLocalAuthorityId, newManagerId: actor.id } };
    }
    case 'withdraw': {
      if (!state.open) return refuse('nothing-to-answer', 'withdraw', 'This transfer has already been answered or withdrawn');
      if (!maySendTransfer(actor, state.open.fromLocalAuthorityId)) {
        return refuse('not-permitted', 'withdraw', 'Only the CSE coordinator or a team manager of the sending authority can withdraw the request');
      }
      return { ok: true, event: { kind: 'withdrawn' } };
    }
  }
}

/** The status a request takes after an event; every status but 'requested' stops the response clock. */
export function statusAfter(event: TransferEvent): TransferStatus {
  return event.kind;
}

export function stopsClock(status: TransferStatus): boolean {
  return status !== 'requested';
}
