// Merging two records of the same child, and undoing it (issue 15, "Duplicates"). The rows that name the merged record
// (every table with a foreign key to children: cases, chronology, contacts, clocks, ...) move to the kept record, and
// which rows moved is kept with the merge, so that undoing moves exactly those back. The merged record stays, marked
// merged_into_id, so that its id never dangles and an undo restores it as it was. One transaction each, audited.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { contradictions, mayMerge, mergeRefusals, undoRefusals } from '../../domain/child-merge/merge-guards.ts';
import type { MergeRecord, MergeRefusal } from '../../domain/child-merge/merge-guards.ts';
import { Refused } from '../../platform/web/refusals.ts';
import { conflict, forbidden, notFound } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext, AuditEvent } from '../audit/service.ts';
import { childName } from '../../platform/web/child-name.ts';
import {
  aliasesOf,
  casesOfChild,
  childById,
  childForeignKeys,
  chronologyCountOf,
  contactCountOf,
  insertMerge,
  insertMergeChronologyEntry,
  liveMergeOf,
  lockMerge,
  markMergeUndone,
  mergeWithRecords,
  moveChildReference,
  recentMerges,
  restoreChildReference,
  updateChildMerge,
} from './queries.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';


/** Columns that refer to children but are the merge's own bookkeeping, never moved. */
const NOT_MOVED = new Set(['children.merged_into_id', 'child_merges.kept_child_id', 'child_merges.merged_child_id']);

export class MergeRefused extends Refused {
  denial: AuditEvent | null = null;
}

export type MovedRows = { table: string; column: string; ids: string[] };

/** The fields compared side by side, in order, with their labels. */
export const COMPARED_FIELDS = [
  ['given_name', 'Given name'],
  ['family_name', 'Family name'],
  ['known_as', 'Known as'],
  ['date_of_birth', 'Date of birth'],
  ['nhs_number', 'NHS number'],
  ['gender', 'Gender'],
  ['address', 'Address'],
  ['postcode', 'Postcode'],
  ['school', 'School'],
  ['gp', 'GP'],
] as const;

type Deps = { db: Kysely<Database>; now: () => Date };

export function createMergeService({ db, now }: Deps) {
  async function child(executor: Kysely<Database>, id: string, lock = false) {
    if (!isRecordId(id)) return null;
    return childById(executor, id, lock);
  }

  const asRecord = (c: NonNullable<Awaited<ReturnType<typeof child>>>): MergeRecord => ({ id: c.id, localAuthorityId: c.local_authority_id, dateOfBirth: c.date_of_birth, nhsNumber: c.nhs_number, mergedIntoId: c.merged_into_id });

  /** Every (table, column) with a foreign key to children(id), found from the catalogue, so a new table is never missed. */
  async function childReferences(executor: Kysely<Database>) {
    return (await childForeignKeys(executor)).filter((r) => !NOT_MOVED.has(`${r.table_name}.${r.column_name}`));
  }

  async function inTransaction<T>(audit: AuditContext, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      if (error instanceof MergeRefused && error.denial) await recordAudit(db, audit, error.denial);
      // A row that cannot move without breaking a uniqueness rule: the whole merge rolled back, said plainly.
      if ((error as { code?: string }).code === '23505') {
        throw new MergeRefused([{ field: 'confirm', message: 'These records hold entries that cannot be combined automatically (the same entry on both). Nothing was merged; ask an administrator.' }], 409);
      }
      throw error;
    }
  }

  function refuse(refusals: MergeRefusal[], denial: AuditEvent): void {
    if (refusals.length === 0) return;
    const error = new MergeRefused(refusals.map((r) => ({ field: r.field, message: r.message })), refusals.some((r) => r.code === 'not-permitted') ? 403 : 400);
    error.denial = { ...denial, outcome: 'denied', details: { ...denial.details, codes: refusals.map((r) => r.code) } };
    throw error;
  }

  /** What each record holds: its cases and how many chronology entries and contacts name it. */
  async function holdings(id: string) {
    const [cases, entries, contacts, aliases] = await Promise.all([
      casesOfChild(db, id),
      chronologyCountOf(db, id),
      contactCountOf(db, id),
      aliasesOf(db, id),
    ]);
    return { cases, chronologyEntries: Number(entries.n), contacts: Number(contacts.n), aliases: aliases.map((a) => a.alias) };
  }

  return {
    /** The side-by-side comparison: both records' identity fields and holdings, and any contradiction. Audited as a read of both. */
    async compare(actor: Actor, keptId: string, mergedId: string, audit: AuditContext) {
      const [kept, merged] = await Promise.all([child(db, keptId), child(db, mergedId)]);
      if (!kept || !merged) throw notFound('Child');
      if (!mayMerge(actor, asRecord(kept), asRecord(merged))) {
        await recordAudit(db, audit, { action: 'child.merge-compared', entityType: 'child', entityId: kept.id, childId: kept.id, outcome: 'denied', details: { otherChildId: merged.id } });
        throw forbidden('Only the front door or the CSE coordinator of the child’s authority compares and merges records.');
      }
      await recordAudit(db, audit, ...[kept, merged].map((c) => ({ action: 'child.merge-compared', entityType: 'child', entityId: c.id, childId: c.id, details: { otherChildId: c.id === kept.id ? merged.id : kept.id } })));
      const [keptHoldings, mergedHoldings] = await Promise.all([holdings(kept.id), holdings(merged.id)]);
      const rows = COMPARED_FIELDS.map(([field, label]) => {
        const a = kept[field] ?? null;
        const b = merged[field] ?? null;
        return { field, label, kept: a, merged: b, differs: a !== null && b !== null && String(a).trim().toLowerCase() !== String(b).trim().toLowerCase() };
      });
      return {
        kept: { ...kept, name: childName(kept), ...keptHoldings },
        merged: { ...merged, name: childName(merged), ...mergedHoldings },
        rows,
        contradictions: contradictions(asRecord(kept), asRecord(merged)),
        alreadyMerged: Boolean(kept.merged_into_id || merged.merged_into_id),
        // The merge already made (for the second of two people merging at once: both versions are shown).
        liveMerge: kept.merged_into_id || merged.merged_into_id
          ? ((await liveMergeOf(db, [kept.id, merged.id])) ?? null)
          : null,
      };
    },

    async merge(actor: Actor, input: { keptId: string; mergedId: string; keptVersion: number; mergedVersion: number; reason: string }, audit: AuditContext) {
      return inTransaction(audit, async (trx) => {
        // Both rows locked in id order, so two merges of the same pair cannot deadlock.
        const [first, second] = [input.keptId, input.mergedId].sort();
        const a = await child(trx, first!, true);
        const b = await child(trx, second!, true);
        const kept = a?.id === input.keptId ? a : b;
        const merged = a?.id === input.mergedId ? a : b;
        if (!kept || !merged || kept.id !== input.keptId || merged.id !== input.mergedId) throw notFound('Child');
        const denial = { action: 'child.merged', entityType: 'child', entityId: kept.id, childId: kept.id, details: { mergedChildId: merged.id } };
        refuse(mergeRefusals(actor, asRecord(kept), asRecord(merged), input.reason), denial);
        if (kept.version !== input.keptVersion || merged.version !== input.mergedVersion) {
          throw conflict('One of these records changed since you compared them. The comparison now shows them as they are; nothing was merged.');
        }
        const at = now();
        const moved: MovedRows[] = [];
        for (const ref of await childReferences(trx)) {
          if (!ref.has_id) continue;
          const rows = await moveChildReference(trx, ref, kept.id, merged.id);
          if (rows.length) moved.push({ table: ref.table_name, column: ref.column_name, ids: rows.map((r) => r.id) });
        }
        await updateChildMerge(trx, merged.id, { merged_into_id: kept.id, version: merged.version + 1, updated_at: at });
        await updateChildMerge(trx, kept.id, { version: kept.version + 1, updated_at: at });
        const row = await insertMerge(trx, { kept_child_id: kept.id, merged_child_id: merged.id, reason: input.reason.trim(), merged_by: actor.id, merged_at: at, moved: JSON.stringify(moved) });
        const count = moved.reduce((n, m) => n + m.ids.length, 0);
        await insertMergeChronologyEntry(trx, { child_id: kept.id, occurred_at: at, recorded_at: at, kind: 'records-merged', title: 'Two records of this child merged', summary: input.reason.trim(), agency_id: actor.agencyId, author_id: actor.id, record_type: 'child-merge', record_id: row.id, source: 'Duplicate records' });
        await recordAudit(trx, audit,
          { action: 'child.merged', entityType: 'child-merge', entityId: row.id, childId: kept.id, details: { mergedChildId: merged.id, rowsMoved: count, tables: moved.map((m) => m.table) } },
          { action: 'child.merged', entityType: 'child-merge', entityId: row.id, childId: merged.id, details: { keptChildId: kept.id, rowsMoved: count } });
        return { id: row.id, rowsMoved: count };
      });
    },

    /** One merge with both records, for its page (and the undo form). Audited as a read of both. */
    async openMerge(actor: Actor, mergeId: string, audit: AuditContext) {
      if (!isRecordId(mergeId)) throw notFound('Merge');
      const m = await mergeWithRecords(db, mergeId);
      if (!m) throw notFound('Merge');
      if (!mayMerge(actor, { localAuthorityId: m.local_authority_id })) {
        await recordAudit(db, audit, { action: 'child.merge-viewed', entityType: 'child-merge', entityId: m.id, childId: m.kept_child_id, outcome: 'denied' });
        throw forbidden('Only the front door or the CSE coordinator of the child’s authority sees merges.');
      }
      await recordAudit(db, audit, { action: 'child.merge-viewed', entityType: 'child-merge', entityId: m.id, childId: m.kept_child_id }, { action: 'child.merge-viewed', entityType: 'child-merge', entityId: m.id, childId: m.merged_child_id });
      const moved = m.moved as unknown as MovedRows[];
      return {
        ...m,
        keptName: childName({ given_name: m.kept_given, family_name: m.kept_family, known_as: m.kept_known_as }),
        mergedName: childName({ given_name: m.merged_given, family_name: m.merged_family, known_as: m.merged_known_as }),
        movedSummary: moved.map((g) => ({ table: g.table, column: g.column, count: g.ids.length })),
        mayUndo: !m.undone_at && !m.kept_merged_into,
      };
    },

    async undo(actor: Actor, mergeId: string, input: { version: number; reason: string }, audit: AuditContext) {
      if (!isRecordId(mergeId)) throw notFound('Merge');
      return inTransaction(audit, async (trx) => {
        const m = await lockMerge(trx, mergeId);
        if (!m) throw notFound('Merge');
        const kept = (await child(trx, m.kept_child_id, true))!;
        const merged = (await child(trx, m.merged_child_id, true))!;
        refuse(
          undoRefusals(actor, { keptChildId: kept.id, mergedChildId: merged.id, undoneAt: m.undone_at, localAuthorityId: kept.local_authority_id }, { mergedIntoId: kept.merged_into_id }, input.reason),
          { action: 'child.merge-undone', entityType: 'child-merge', entityId: m.id, childId: kept.id },
        );
        if (m.version !== input.version) throw conflict('This merge changed since you opened the page. The page now shows it as it is; nothing was changed.');
        const at = now();
        let restored = 0;
        for (const group of m.moved as unknown as MovedRows[]) {
          if (group.ids.length === 0) continue;
          // Only the rows that moved, and only while they still name the kept record.
          restored += (await restoreChildReference(trx, group, kept.id, merged.id)).length;
        }
        await updateChildMerge(trx, merged.id, { merged_into_id: null, version: merged.version + 1, updated_at: at });
        await updateChildMerge(trx, kept.id, { version: kept.version + 1, updated_at: at });
        await markMergeUndone(trx, m.id, { undone_at: at, undone_by: actor.id, undo_reason: input.reason.trim(), version: m.version + 1 });
        for (const childId of [kept.id, merged.id]) {
          await insertMergeChronologyEntry(trx, { child_id: childId, occurred_at: at, recorded_at: at, kind: 'records-unmerged', title: 'A merge of two records of this child was undone', summary: input.reason.trim(), agency_id: actor.agencyId, author_id: actor.id, record_type: 'child-merge', record_id: m.id, source: 'Duplicate records' });
        }
        await recordAudit(trx, audit,
          { action: 'child.merge-undone', entityType: 'child-merge', entityId: m.id, childId: kept.id, details: { mergedChildId: merged.id, rowsRestored: restored } },
          { action: 'child.merge-undone', entityType: 'child-merge', entityId: m.id, childId: merged.id, details: { keptChildId: kept.id, rowsRestored: restored } });
        return { keptChildId: kept.id, mergedChildId: merged.id, rowsRestored: restored };
      });
    },

    /** The merges the actor's authority has made, newest first (the list the undo starts from). */
    async recent(actor: Actor, limit = 50) {
      if (!mayMerge(actor)) return [];
      return recentMerges(db, actor.localAuthorityId!, limit);
    },
  };
}

export type MergeService = ReturnType<typeof createMergeService>;
