// Reading the audit trail for the administrators' viewer: newest first, filtered, one page at a time.
import type { Db } from '../../platform/database/connection.ts';
import { addDays, startOfLondonDay } from '../../domain/clock/index.ts';

export const AUDIT_PAGE_SIZE = 50;

export type AuditFilter = {
  action?: string | undefined;
  outcome?: 'success' | 'denied' | 'failure' | undefined;
  actor?: string | undefined;
  entityType?: string | undefined;
  childId?: string | undefined;
  /** London calendar dates, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
};

export type AuditEventView = {
  id: number;
  at: Date;
  actorId: string | null;
  actorLabel: string;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  childId: string | null;
  outcome: string;
  ip: string | null;
};

export async function listAuditEvents(db: Db, filter: AuditFilter, page: number, pageSize = AUDIT_PAGE_SIZE) {
  let query = db.selectFrom('audit_events').leftJoin('users', 'users.id', 'audit_events.actor_id');
  if (filter.action) query = query.where('audit_events.action', '=', filter.action);
  if (filter.outcome) query = query.where('audit_events.outcome', '=', filter.outcome);
  if (filter.actor) query = query.where('audit_events.actor_id', '=', filter.actor);
  if (filter.entityType) query = query.where('audit_events.entity_type', '=', filter.entityType);
  if (filter.childId) query = query.where('audit_events.child_id', '=', filter.childId);
  if (filter.from) query = query.where('audit_events.at', '>=', startOfLondonDay(filter.from));
  if (filter.to) query = query.where('audit_events.at', '<', startOfLondonDay(addDays(filter.to, 1)));

  const counted = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const total = Number(counted.n);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(1, page), pages);
  const rows = await query
    .select([
      'audit_events.id',
      'audit_events.at',
      'audit_events.actor_id',
      'audit_events.actor_label',
      'users.display_name as actor_name',
      'audit_events.action',
      'audit_events.entity_type',
      'audit_events.entity_id',
      'audit_events.child_id',
      'audit_events.outcome',
      'audit_events.ip',
    ])
    .orderBy('audit_events.id', 'desc')
    .limit(pageSize)
    .offset((current - 1) * pageSize)
    .execute();
  const events: AuditEventView[] = rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorId: r.actor_id,
    actorLabel: r.actor_label,
    actorName: r.actor_name,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    childId: r.child_id,
    outcome: r.outcome,
    ip: r.ip,
  }));
  return { events, total, page: current };
}

/** Everyone who could appear as an actor, for the filter's select. */
export function actorOptions(db: Db) {
  return db.selectFrom('users').select(['id', 'display_name', 'email']).orderBy('display_name').orderBy('id').execute();
}
