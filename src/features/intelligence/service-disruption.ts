// Disruption of the adults who exploit children: actions taken against an entry, and criminal-justice outcomes.
import type { Actor } from '../../domain/access/access.ts';
import { can } from '../../domain/access/access.ts';
import { londonDateOf } from '../../domain/clock/index.ts';
import { forbidden } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { RecordRefused } from '../../platform/web/refusals.ts';
import type { DisruptionInput, JusticeOutcomeInput } from './schemas.ts';
import type { IntelligenceDeps, createRegister } from './service-register.ts';
import { insertDisruption, insertJusticeOutcome } from './queries.ts';

export function createDisruption(deps: IntelligenceDeps, register: ReturnType<typeof createRegister>) {
  const { db, now } = deps;
  const { entity } = register;

  return {
    /** Records a disruption action against an entry (bedford-luton 11.7, 11.9). */
    async recordDisruption(actor: Actor, entityId: string, input: DisruptionInput, audit: AuditContext) {
      const at = now();
      const e = await entity(actor, entityId);
      if (input.takenOn > londonDateOf(at)) throw new RecordRefused([{ field: 'takenOn', message: 'Date taken must be today or in the past' }]);
      return db.transaction().execute(async (trx) => {
        const row = await insertDisruption(trx, { entity_id: e.id, kind: input.disruption, taken_on: input.takenOn, notes: input.disruptionNotes ?? null, agency_id: actor.agencyId, recorded_by: actor.id, recorded_at: at });
        await recordAudit(trx, audit, { action: 'intelligence.disruption-recorded', entityType: 'intel-entity', entityId: e.id, details: { disruptionId: row.id, kind: input.disruption } });
        return row.id;
      });
    },

    /**
     * Records a criminal-justice outcome (charge, conviction, acquittal) against a person of concern, so the board
     * can count convictions (staffordshire 56). The police only; audited with the outcome, never the notes.
     */
    async recordJusticeOutcome(actor: Actor, entityId: string, input: JusticeOutcomeInput, audit: AuditContext) {
      if (!can(actor, 'intelligence:justice-outcomes')) throw forbidden('Only the police record a charge, conviction or acquittal.');
      const at = now();
      const e = await entity(actor, entityId);
      if (e.kind !== 'person') throw new RecordRefused([{ field: 'outcome', message: 'A charge, conviction or acquittal is recorded against a person' }]);
      if (input.decidedOn > londonDateOf(at)) throw new RecordRefused([{ field: 'decidedOn', message: 'Date must be today or in the past' }]);
      return db.transaction().execute(async (trx) => {
        const row = await insertJusticeOutcome(trx, { entity_id: e.id, outcome: input.outcome, decided_on: input.decidedOn, notes: input.outcomeNotes ?? null, agency_id: actor.agencyId, recorded_by: actor.id, recorded_at: at });
        await recordAudit(trx, audit, { action: 'intelligence.justice-outcome-recorded', entityType: 'intel-entity', entityId: e.id, details: { outcomeId: row.id, outcome: input.outcome } });
        return row.id;
      });
    },
  };
}
