// The pattern-of-targeting alerts: the check a new case link runs inside its transaction, and the coordinator's
// alerts, each child told apart by the access model.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { alertHeadline, alertThresholdFor, childrenWithinWindow, reachesThreshold } from '../../domain/intelligence/index.ts';
import { notFound } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import type { CaseHeader } from '../case-access/service.ts';
import type { IntelligenceDeps } from './service-register.ts';
import type { createNetwork } from './service-network.ts';
import { activeCoordinators, alertLinks, alertOfArea, currentCaseLinksOf, dismissOpenAlert, insertAlert, insertNotification, openAlerts } from './queries.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';
import { alertPath } from './paths.ts';

export function createAlerts(deps: IntelligenceDeps, network: ReturnType<typeof createNetwork>) {
  const { db, now, profiles } = deps;
  const { tellApart } = network;

  /** The alert check on a new case link, inside its transaction: one alert per affected area on the crossing. */
  async function checkThreshold(trx: Kysely<Database>, kase: CaseHeader, entityId: string, label: string, newLinkId: string, at: Date, audit: AuditContext) {
    // The threshold of the profile of the area whose child was just linked.
    const threshold = alertThresholdFor(await profiles.forAuthority(trx, kase.localAuthorityId));
    const links = await currentCaseLinksOf(trx, entityId);
    const asChild = (l: (typeof links)[number]) => ({ caseId: l.case_id!, lastKnown: new Date(`${String(l.last_known)}T00:00:00Z`) });
    const added = links.find((l) => l.id === newLinkId);
    if (!added) return;
    const others = links.filter((l) => l.id !== newLinkId);
    if (!reachesThreshold(others.map(asChild), asChild(added), at, threshold)) return;
    const within = new Set(childrenWithinWindow(links.map(asChild), at, threshold));
    const counted = links.filter((l) => within.has(l.case_id!));
    const headline = alertHeadline(label, within.size);
    for (const la of [...new Set(counted.map((l) => l.local_authority_id))]) {
      const alert = await insertAlert(trx, { entity_id: entityId, local_authority_id: la, headline, children: within.size, link_ids: counted.map((l) => l.id), raised_at: at });
      const coordinators = await activeCoordinators(trx, la);
      for (const c of coordinators) {
        await insertNotification(trx, { user_id: c.id, kind: 'intelligence-alert', title: 'Pattern of targeting', body: 'A record in the intelligence register is now linked to several children.', link: alertPath(alert.id) });
      }
      await recordAudit(trx, audit, { action: 'intelligence.alert-raised', entityType: 'intel-alert', entityId: alert.id, details: { entityId, children: within.size, localAuthorityId: la } });
    }
  }

  return {
    checkThreshold,

    /** Open alerts for the coordinator's area, newest first. */
    async alerts(actor: Actor, audit: AuditContext) {
      const rows = actor.localAuthorityId
        ? await openAlerts(db, actor.localAuthorityId)
        : [];
      await recordAudit(db, audit, { action: 'intelligence.alerts-read', entityType: 'intel-alert', details: { count: rows.length } });
      return rows;
    },

    /** One alert with the links that made it, each child told apart by the access model. */
    async alert(actor: Actor, alertId: string, audit: AuditContext) {
      if (!isRecordId(alertId)) throw notFound('Alert');
      const alert = await alertOfArea(db, alertId, actor.localAuthorityId ?? '');
      if (!alert) throw notFound('Alert');
      const links = await alertLinks(db, alert.link_ids);
      const explained = [];
      const told = await tellApart(actor, links.flatMap((l) => (l.case_id ? [l.case_id] : [])));
      for (const l of links) {
        const d = l.case_id ? told.get(l.case_id) : undefined;
        if (!d) continue;
        explained.push({ ...l, visible: d.visible, reference: d.reference, caseId: d.caseId, name: d.visible ? d.name : null, contact: d.visible ? null : d.contact });
      }
      await recordAudit(db, audit, { action: 'intelligence.alert-read', entityType: 'intel-alert', entityId: alert.id, details: { links: explained.length } });
      return { alert, links: explained };
    },

    async dismissAlert(actor: Actor, alertId: string, reason: string, audit: AuditContext) {
      if (!isRecordId(alertId)) throw notFound('Alert');
      const at = now();
      return db.transaction().execute(async (trx) => {
        const row = await dismissOpenAlert(trx, alertId, actor.localAuthorityId ?? '', { at, by: actor.id, reason });
        if (!row) throw notFound('Alert');
        await recordAudit(trx, audit, { action: 'intelligence.alert-dismissed', entityType: 'intel-alert', entityId: row.id });
      });
    },
  };
}
