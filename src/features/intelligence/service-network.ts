// "Who else is linked?" from a case, and an entity's page with its network picture: children told apart by the
// access model, named only to someone who may open their case.
import type { Actor } from '../../domain/access/access.ts';
import { can, decideCaseAccess } from '../../domain/access/access.ts';
import { describePath, entityLabel } from '../../domain/intelligence/index.ts';
import type { PathStep } from '../../domain/intelligence/index.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext, AuditEvent } from '../audit/service.ts';
import { accessFactsForCases } from '../case-access/service.ts';
import type { CaseHeader } from '../case-access/service.ts';
import { factsOf } from './service-facts.ts';
import { childName } from '../../platform/web/child-name.ts';
import type { IntelligenceDeps, createRegister } from './service-register.ts';
import {
  caseLinksFrom, childNameParts, childNames, entityAlerts, entityDisruptions, entityFactsOf, entityJusticeOutcomes, entityLinkRows, entityMentionRows, keptMerges, whoElseLinked,
} from './queries.ts';

export type LinkedChild =
  | { visible: true; caseId: string; reference: string; name: string; path: string; linkIds: string[] }
  | { visible: false; contact: string; path: string; linkIds: string[] };

export function createNetwork(deps: IntelligenceDeps, register: ReturnType<typeof createRegister>) {
  const { db, now } = deps;
  const { entity, likelyMatches } = register;

  /**
   * Tells the linked children apart in one query (set-based): for each case, whether the access model lets the
   * actor open it (decideCaseAccess on that case's facts), the child's name only when it does, and otherwise
   * whom to contact. No audit: only used to decide what to say.
   */
  async function tellApart(actor: Actor, caseIds: readonly string[]) {
    const found = await accessFactsForCases(db, actor, caseIds, now());
    const visibleChildren = [...found.values()].filter((f) => decideCaseAccess(actor, f.facts).allowed).map((f) => f.kase.childId);
    const names = new Map(
      visibleChildren.length
        ? (await childNames(db, visibleChildren)).map((c) => [c.id, childName(c)])
        : [],
    );
    const out = new Map<string, { visible: boolean; caseId: string; reference: string; name: string; contact: string }>();
    for (const [id, f] of found) {
      const visible = names.has(f.kase.childId);
      out.set(id, {
        visible, caseId: id, reference: f.kase.reference, name: visible ? names.get(f.kase.childId)! : '',
        contact: visible ? '' : f.teamName ? `${f.teamName} (${f.localAuthorityName})` : `the CSE coordinator in ${f.localAuthorityName}`,
      });
    }
    return out;
  }

  /**
   * An entry's network two steps out, for its picture and the table that says the same: the entry in the middle,
   * the children and entries linked to it, and the children linked to those entries. Over links the actor may
   * see; a child is named only when the actor may open their case (tellApart).
   */
  async function entityNetwork(actor: Actor, entityId: string, label: string, children: readonly (LinkedChild & { nature: string })[], entities: readonly { id: string; label: string; nature: string }[]) {
    const nodes: { id: string; label: string; ring: 0 | 1 | 2; kind: 'child' | 'other-child' | 'entity' }[] = [{ id: entityId, label, ring: 0, kind: 'entity' }];
    const rows: { from: string; nature: string; to: string }[] = [];
    const edges: { from: string; to: string }[] = [];
    const childNode = (c: { visible: boolean; caseId?: string; name?: string }, fallback: string) => (c.visible ? `case-${c.caseId!}` : fallback);
    children.forEach((c, i) => {
      const id = childNode(c.visible ? { visible: true, caseId: c.caseId } : { visible: false }, `other-1-${String(i)}`);
      nodes.push({ id, label: c.visible ? c.name : 'another child', ring: 1, kind: 'other-child' });
      edges.push({ from: entityId, to: id });
      rows.push({ from: label, nature: c.nature, to: c.visible ? c.name : 'another child' });
    });
    const direct = new Set(children.flatMap((c) => (c.visible ? [c.caseId] : [])));
    for (const o of entities) {
      if (!nodes.some((n) => n.id === o.id)) nodes.push({ id: o.id, label: o.label, ring: 1, kind: 'entity' });
      edges.push({ from: entityId, to: o.id });
      rows.push({ from: label, nature: o.nature, to: o.label });
    }
    const otherIds = [...new Set(entities.map((o) => o.id))].filter((id) => id !== entityId);
    if (otherIds.length) {
      const beyond = await caseLinksFrom(db, actor, otherIds);
      const told = await tellApart(actor, beyond.map((b) => b.case_id!));
      beyond.forEach((b, i) => {
        const d = told.get(b.case_id!);
        if (!d || (d.visible && direct.has(d.caseId))) return;
        const id = d.visible ? `case-${d.caseId}` : `other-2-${String(i)}`;
        if (!nodes.some((n) => n.id === id)) nodes.push({ id, label: d.visible ? d.name : 'another child', ring: 2, kind: 'other-child' });
        edges.push({ from: b.entity_id, to: id });
        rows.push({ from: entities.find((o) => o.id === b.entity_id)?.label ?? 'a record', nature: b.nature, to: d.visible ? d.name : 'another child' });
      });
    }
    return { nodes, edges, rows };
  }

  return {
    tellApart,

    /** An entity's page: its links the actor may see, with the children told apart by the access model. */
    async entityPage(actor: Actor, id: string, audit: AuditContext) {
      const e = await entity(actor, id);
      await recordAudit(db, audit, { action: 'intelligence.entity-read', entityType: 'intel-entity', entityId: e.id, details: { kind: e.kind } });
      const links = await entityLinkRows(db, actor, e.id);
      const children: LinkedChild[] = [];
      const seen = new Map<string, LinkedChild>();
      const told = await tellApart(actor, links.filter((x) => x.case_id !== null).map((x) => x.case_id!));
      for (const l of links.filter((x) => x.case_id !== null)) {
        const prior = seen.get(l.case_id!);
        if (prior) {
          prior.linkIds.push(l.id);
          continue;
        }
        const d = told.get(l.case_id!);
        if (!d) continue;
        const child: LinkedChild = d.visible
          ? { visible: true, caseId: d.caseId, reference: d.reference, name: d.name, path: `${describePath([{ label: e.label }, { child: { name: d.name } }])} (${l.nature})`, linkIds: [l.id] }
          : { visible: false, contact: d.contact, path: `${e.label} → another child`, linkIds: [l.id] };
        seen.set(l.case_id!, child);
        children.push(child);
      }
      const entities = links
        .filter((l) => l.o_id !== null && l.case_id === null)
        .map((l) => ({ id: l.o_id!, label: entityLabel(factsOf({ kind: l.o_kind!, details: l.o_details as Record<string, unknown>, date_of_birth: l.o_dob, sex: l.o_sex }), now()), nature: l.nature }));
      const timeline = links.map((l) => ({
        id: l.id, nature: l.nature, first_known: l.first_known, last_known: l.last_known, how_known: l.how_known, source: l.source, agency_name: l.agency_name, sharing_level: l.sharing_level,
        toChild: l.case_id !== null, visibleChild: l.case_id !== null && children.some((c) => c.visible && c.caseId === l.case_id),
      }));
      // Mentions in case notes and observations the actor may see, the child told apart as for links.
      const mentionRows = await entityMentionRows(db, actor, e.id);
      const toldMentions = await tellApart(actor, mentionRows.map((m) => m.case_id));
      const mentions = mentionRows.flatMap((m) => {
        const d = toldMentions.get(m.case_id);
        if (!d) return [];
        return [{ id: m.id, recordType: m.record_type, at: m.created_at, agency_name: m.agency_name, child: d.visible ? { name: d.name, reference: d.reference, caseId: d.caseId, recordId: m.record_id } : null, contact: d.visible ? null : d.contact }];
      });
      const agencies = [...new Set(links.map((l) => l.agency_name).concat(mentionRows.map((m) => m.agency_name)).concat(e.agency_name))].sort();
      const merges = await keptMerges(db, e.id);
      const alerts = await entityAlerts(db, e.id, actor.localAuthorityId ?? '');
      const duplicates = e.merged_into ? [] : await likelyMatches(actor, e.facts, e.id);
      const network = await entityNetwork(actor, e.id, e.label, children.map((c) => ({ ...c, nature: links.find((l) => l.id === c.linkIds[0])?.nature ?? '' })), entities);
      const disruptions = await entityDisruptions(db, e.id);
      const justiceOutcomes = await entityJusticeOutcomes(db, e.id);
      return { entity: e, children, entities, timeline, agencies, merges, alerts, duplicates, disruptions, justiceOutcomes, network, mentions, mayRecordJusticeOutcome: e.kind === 'person' && can(actor, 'intelligence:justice-outcomes') };
    },

    /**
     * "Who else is linked?" from a case: other children linked to the same entities, directly or through one more
     * entity, over links the actor may see; named only when the actor may open that child's case.
     */
    async whoElse(actor: Actor, kase: CaseHeader, audit: AuditContext, alsoAudited: readonly AuditEvent[] = []) {
      const result = await whoElseLinked(db, actor, kase.id);
      const entityIds = [...new Set(result.rows.flatMap((r) => [r.e1, ...(r.e2 ? [r.e2] : [])]))];
      // Three reads that do not depend on each other: asked at once, so the answer waits for the slowest, not the sum.
      const [ents, me, decided] = await Promise.all([
        entityIds.length ? entityFactsOf(db, entityIds) : [],
        nameOf(kase.childId),
        tellApart(actor, result.rows.map((r) => r.case_id)),
      ]);
      const labels = new Map(ents.map((e) => [e.id, entityLabel(factsOf(e), now())]));
      const out: LinkedChild[] = [];
      for (const r of result.rows) {
        const d = decided.get(r.case_id);
        if (!d) continue;
        const steps: PathStep[] = [{ child: { name: me } }, { label: labels.get(r.e1) ?? 'a record' }, ...(r.e2 ? [{ label: labels.get(r.e2) ?? 'a record' }] : []), { child: d.visible ? { name: d.name } : null }];
        const path = describePath(steps);
        out.push(d.visible ? { visible: true, caseId: r.case_id, reference: d.reference, name: d.name, path, linkIds: r.link_ids } : { visible: false, contact: d.contact, path, linkIds: r.link_ids });
      }
      // With the case read's own event when the caller passes it: one transaction, so one wait for the audit chain.
      await recordAudit(db, audit, ...alsoAudited, { action: 'intelligence.who-else-read', entityType: 'case', entityId: kase.id, childId: kase.childId, details: { paths: out.length, named: out.filter((c) => c.visible).length } });
      return { me, paths: out, entities: [...labels.entries()].map(([id, label]) => ({ id, label })) };
    },
  };

  async function nameOf(childId: string) {
    const c = await childNameParts(db, childId);
    return childName(c);
  }
}
