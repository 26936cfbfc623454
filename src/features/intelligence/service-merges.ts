// Merging two register entries that are one (refused when their details contradict), and undoing a merge.
import type { Actor } from '../../domain/access/access.ts';
import { mergeRefusals } from '../../domain/intelligence/index.ts';
import { notFound } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { RecordRefused } from '../../platform/web/refusals.ts';
import type { IntelligenceDeps, createRegister } from './service-register.ts';
import { insertMerge, lockOpenMerge, markMergeUndone, moveLinks, moveOtherLinks, relinkOtherTo, relinkTo, setMergedInto } from './queries.ts';

export function createMerges(deps: IntelligenceDeps, register: ReturnType<typeof createRegister>) {
  const { db, now } = deps;
  const { entity } = register;

  return {
    /** Merges `otherId` into `keptId`: refused when their details contradict; the links move; undo moves them back. */
    async merge(actor: Actor, keptId: string, otherId: string, reason: string, audit: AuditContext) {
      const at = now();
      const kept = await entity(actor, keptId);
      const other = await entity(actor, otherId);
      const refusals = mergeRefusals({ ...kept.facts, id: kept.id }, { ...other.facts, id: other.id });
      if (kept.merged_into || other.merged_into) refusals.push({ code: 'same-entity', message: 'One of these records has already been merged' });
      if (refusals.length) {
        await recordAudit(db, audit, { action: 'intelligence.merge', entityType: 'intel-entity', entityId: kept.id, outcome: 'denied', details: { otherId: other.id, codes: refusals.map((r) => r.code) } });
        throw new RecordRefused(refusals.map((r) => ({ field: 'duplicateId', message: r.message })));
      }
      return db.transaction().execute(async (trx) => {
        const moved = await moveLinks(trx, other.id, kept.id);
        const movedOther = await moveOtherLinks(trx, other.id, kept.id);
        await setMergedInto(trx, other.id, kept.id, at);
        const merge = await insertMerge(trx, { kept_id: kept.id, merged_id: other.id, moved_link_ids: moved.map((m) => m.id), moved_other_link_ids: movedOther.map((m) => m.id), reason, merged_by: actor.id, merged_at: at });
        await recordAudit(trx, audit, { action: 'intelligence.merge', entityType: 'intel-entity', entityId: kept.id, details: { otherId: other.id, mergeId: merge.id, links: moved.length + movedOther.length } });
        return merge.id;
      });
    },

    async undoMerge(actor: Actor, keptId: string, mergeId: string, audit: AuditContext) {
      const at = now();
      const kept = await entity(actor, keptId);
      return db.transaction().execute(async (trx) => {
        const merge = await lockOpenMerge(trx, mergeId, kept.id);
        if (!merge) throw notFound('Merge');
        if (merge.moved_link_ids.length) await relinkTo(trx, merge.moved_link_ids, merge.merged_id);
        if (merge.moved_other_link_ids.length) await relinkOtherTo(trx, merge.moved_other_link_ids, merge.merged_id);
        await setMergedInto(trx, merge.merged_id, null, at);
        await markMergeUndone(trx, merge.id, at, actor.id);
        await recordAudit(trx, audit, { action: 'intelligence.merge-undone', entityType: 'intel-entity', entityId: kept.id, details: { otherId: merge.merged_id, mergeId: merge.id } });
        return merge.merged_id;
      });
    },
  };
}
