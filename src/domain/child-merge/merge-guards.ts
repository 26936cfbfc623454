// Two records of the same child (issue 15, "Duplicates"): the front door or the CSE coordinator merges them after a
// side-by-side comparison, and can undo the merge. A merge that contradicts itself is refused: two different dates of
// birth, or two different NHS numbers, are two children, however alike their names. Pure guards, refusals as values.
import { hasRole } from '../access/access.ts';
import type { Actor } from '../access/access.ts';

export type MergeRecord = {
  id: string;
  localAuthorityId: string;
  dateOfBirth: string | null;
  nhsNumber: string | null;
  /** Set while the record is itself merged into another. */
  mergedIntoId: string | null;
};

export type MergeRefusalCode =
  | 'not-permitted'
  | 'same-record'
  | 'already-merged'
  | 'different-dates-of-birth'
  | 'different-nhs-numbers'
  | 'reason-required'
  | 'already-undone'
  | 'kept-record-merged-since';

export type MergeRefusal = { code: MergeRefusalCode; field: string; message: string };

/** The roles that merge and unmerge records: the front door and the CSE coordinator of the records' authority. */
export const MERGE_ROLES = ['front-door', 'cse-coordinator'] as const;

export function mayMerge(actor: Actor, ...records: readonly Pick<MergeRecord, 'localAuthorityId'>[]): boolean {
  return actor.active && hasRole(actor, ...MERGE_ROLES) && records.every((r) => r.localAuthorityId === actor.localAuthorityId);
}

/** An NHS number compared as its ten digits, whatever spaces it was written with. */
export function normaliseNhsNumber(value: string | null | undefined): string | null {
  if (!value) return null;
  const digits = value.replace(/\s+/g, '');
  return digits === '' ? null : digits;
}

/** The facts that say these are two different children: both known and different. Unknown on either side is no contradiction. */
export function contradictions(kept: Pick<MergeRecord, 'dateOfBirth' | 'nhsNumber'>, merged: Pick<MergeRecord, 'dateOfBirth' | 'nhsNumber'>): MergeRefusal[] {
  const found: MergeRefusal[] = [];
  if (kept.dateOfBirth && merged.dateOfBirth && kept.dateOfBirth !== merged.dateOfBirth) {
    found.push({ code: 'different-dates-of-birth', field: 'confirm', message: 'These records have different dates of birth, so they are not the same child and cannot be merged' });
  }
  const a = normaliseNhsNumber(kept.nhsNumber);
  const b = normaliseNhsNumber(merged.nhsNumber);
  if (a && b && a !== b) {
    found.push({ code: 'different-nhs-numbers', field: 'confirm', message: 'These records have different NHS numbers, so they are not the same child and cannot be merged' });
  }
  return found;
}

/** Every reason the merge of `merged` into `kept` is refused; an empty list means it may go ahead. */
export function mergeRefusals(actor: Actor, kept: MergeRecord, merged: MergeRecord, reason: string): MergeRefusal[] {
  if (!mayMerge(actor, kept, merged)) {
    return [{ code: 'not-permitted', field: 'confirm', message: 'Only the front door or the CSE coordinator of the child’s authority can merge records' }];
  }
  if (kept.id === merged.id) return [{ code: 'same-record', field: 'confirm', message: 'Choose two different records' }];
  if (kept.mergedIntoId || merged.mergedIntoId) return [{ code: 'already-merged', field: 'confirm', message: 'One of these records has already been merged into another' }];
  const found = contradictions(kept, merged);
  if (reason.trim() === '') found.push({ code: 'reason-required', field: 'reason', message: 'Enter why you are sure these records are the same child' });
  return found;
}

export type MergeDone = { keptChildId: string; mergedChildId: string; undoneAt: Date | null; localAuthorityId: string };

/** Undoing: by the same roles, once, and not while the kept record is itself merged into a third (undo that first). */
export function undoRefusals(actor: Actor, merge: MergeDone, kept: Pick<MergeRecord, 'mergedIntoId'>, reason: string): MergeRefusal[] {
  if (!mayMerge(actor, merge)) return [{ code: 'not-permitted', field: 'reason', message: 'Only the front door or the CSE coordinator of the child’s authority can undo a merge' }];
  if (merge.undoneAt) return [{ code: 'already-undone', field: 'reason', message: 'This merge has already been undone' }];
  if (kept.mergedIntoId) return [{ code: 'kept-record-merged-since', field: 'reason', message: 'The kept record has since been merged into another: undo that merge first' }];
  if (reason.trim() === '') return [{ code: 'reason-required', field: 'reason', message: 'Enter why the merge is being undone' }];
  return [];
}
