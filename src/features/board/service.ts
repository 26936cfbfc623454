// Board monitoring (issue 14; PROCEDURES.md step 11; staffordshire 55-56; camden Part 4 §2): the partnership's figures
// counted from the records. Board analysts and board managers see every authority with small numbers suppressed and
// no identity; a CSE coordinator or team manager sees their own authority unsuppressed, each figure linking to the
// cases behind it (they may open those cases by their area role). Every view and export is audited.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { can, hasRole } from '../../domain/access/access.ts';
import { AREA_ROLES } from '../../domain/access/roles.ts';
import { forbidden } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import type { ProfileRegistry } from '../profiles/service.ts';
import type { Calendar } from '../../domain/clock/bank-holidays.ts';
import { FIGURES, figureById } from '../../domain/board/figures.ts';
import { lastQuarters } from '../../domain/board/quarters.ts';
import type { Quarter } from '../../domain/board/quarters.ts';
import { summariseClocks } from '../../domain/board/timeliness.ts';
import type { TimelinessSummary } from '../../domain/board/timeliness.ts';
import {
  activeAgenciesByName,
  authoritiesByName,
  authorityIds,
  casesBehind,
  casesBehindClocks,
  clocksInPeriod,
  countFigure,
  countFigureByQuarter,
  deleteSnapshotsBefore,
  profilesInUse,
  saveSnapshot,
  snapshotByKey,
} from './queries.ts';
import type { BoardScope, BucketCount, Period } from './queries.ts';

/** How old a snapshot may be before it is counted again (the page shows its age). */
export const SNAPSHOT_MAX_AGE_MINUTES = 10;

export type BoardFilters = { period: string; localAuthorityId: string | null; agencyId: string | null; profileId: string | null };
export type ChosenPeriod = Period & { id: string; label: string; quarterIndexes: number[] };

export type TimelinessLine = TimelinessSummary & { profileId: string; ruleId: string; label: string };

export type Snapshot = {
  computedAt: string;
  quarters: string[];
  figures: Record<string, BucketCount[]>;
  trends: Record<string, number[]>;
  timeliness: TimelinessLine[];
};

export type ViewerMode = 'suppressed' | 'area';

/** Board roles see suppressed aggregates of every area; an area role (without a board role) sees its own area in full. */
export function viewerMode(actor: Actor): ViewerMode {
  if (hasRole(actor, 'board-analyst', 'board-manager', 'administrator')) return 'suppressed';
  return actor.localAuthorityId && hasRole(actor, ...AREA_ROLES) ? 'area' : 'suppressed';
}

/** The periods a reader can choose: the last four quarters, the last eight, or one of the last eight quarters. */
export function periodOptions(now: Date): ChosenPeriod[] {
  const quarters = lastQuarters(now, 8);
  const run = (id: string, label: string, idx: number[]): ChosenPeriod => ({ id, label, from: quarters[idx[0]!]!.start, to: quarters[idx[idx.length - 1]!]!.end, quarterIndexes: idx });
  return [
    run('last-4', `The last four quarters (${quarters[4]!.label} to ${quarters[7]!.label})`, [4, 5, 6, 7]),
    run('last-8', `The last eight quarters (${quarters[0]!.label} to ${quarters[7]!.label})`, [0, 1, 2, 3, 4, 5, 6, 7]),
    ...quarters.map((q, i) => run(q.label.replace(' ', '-'), q.label + (i === 7 ? ' (so far)' : ''), [i])).reverse(),
  ];
}

export type BoardServiceDeps = { db: Kysely<Database>; now: () => Date; profiles: ProfileRegistry; calendar: (db: Kysely<Database>) => Promise<Calendar> };

export function createBoardService(deps: BoardServiceDeps) {
  const { db, now, profiles } = deps;
  const inFlight = new Map<string, Promise<Snapshot>>();

  function authorise(actor: Actor): ViewerMode {
    if (!can(actor, 'statistics:view')) throw forbidden('The board’s figures need the statistics permission.');
    return viewerMode(actor);
  }

  /** The filters as they apply to this person: an area viewer sees only their own authority. */
  function scopeFor(actor: Actor, mode: ViewerMode, filters: BoardFilters, at: Date): BoardScope {
    return {
      localAuthorityId: mode === 'area' ? actor.localAuthorityId : filters.localAuthorityId,
      agencyId: filters.agencyId,
      profileId: mode === 'area' ? null : filters.profileId,
      now: at,
    };
  }

  function choosePeriod(id: string, at: Date): ChosenPeriod {
    const options = periodOptions(at);
    return options.find((o) => o.id === id) ?? options[0]!;
  }

  async function compute(scope: BoardScope, period: ChosenPeriod, quarters: Quarter[]): Promise<Snapshot> {
    const figures: Record<string, BucketCount[]> = {};
    const trends: Record<string, number[]> = {};
    const qPeriods = quarters.map((q) => ({ from: q.start, to: q.end }));
    for (const f of FIGURES) {
      figures[f.id] = await countFigure(db, f.id, f.basis, scope, period);
      if (f.trend) trends[f.id] = await countFigureByQuarter(db, f.id, scope, qPeriods);
    }
    const calendar = await deps.calendar(db);
    const clocks = await clocksInPeriod(db, scope, period);
    const groups = new Map<string, typeof clocks>();
    for (const c of clocks) {
      const key = `${c.profile_id}\u0000${c.rule_id}`;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key)!.push(c);
    }
    const timeliness: TimelinessLine[] = [];
    // Every timescale with a duration in each profile in use by an authority in scope, so a clock kind with no clocks
    // still shows zeros.
    const inUse = new Set([...(await profilesInUse(db, scope)), ...clocks.map((c) => c.profile_id)]);
    for (const profile of profiles.all()) {
      if (!inUse.has(profile.id)) continue;
      for (const rule of profile.timescales) {
        const group = groups.get(`${profile.id}\u0000${rule.id}`) ?? [];
        if (!rule.duration && group.length === 0) continue;
        const unit = rule.duration?.unit ?? 'calendar-days';
        const facts = group.map((c) => ({ startedAt: c.started_at, dueAt: c.due_at, stoppedAt: c.stopped_at }));
        timeliness.push({ profileId: profile.id, ruleId: rule.id, label: rule.label, ...summariseClocks(facts, unit, calendar, scope.now) });
      }
    }
    return { computedAt: scope.now.toISOString(), quarters: quarters.map((q) => q.label), figures, trends, timeliness };
  }

  const keyOf = (scope: BoardScope, period: ChosenPeriod) =>
    JSON.stringify({ la: scope.localAuthorityId, agency: scope.agencyId, profile: scope.profileId, from: period.from.toISOString(), to: period.to.toISOString() });

  /** Counts the figures for these filters again and stores them; readers of the same filters share one count. */
  function recount(scope: BoardScope, period: ChosenPeriod): Promise<Snapshot> {
    const key = keyOf(scope, period);
    let pending = inFlight.get(key);
    if (!pending) {
      pending = (async () => {
        const snap = await compute(scope, period, lastQuarters(scope.now, 8));
        const payload = JSON.stringify(snap);
        await saveSnapshot(db, key, scope.now, payload);
        // Snapshots of filters nobody has asked for in a day are not kept.
        await deleteSnapshotsBefore(db, new Date(scope.now.getTime() - 86_400_000));
        return snap;
      })().finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  }

  /** The stored snapshot for these filters, if one was counted no later than now, and whether it is stale. */
  async function stored(scope: BoardScope, period: ChosenPeriod): Promise<{ snap: Snapshot; stale: boolean } | null> {
    const row = await snapshotByKey(db, keyOf(scope, period));
    if (!row || new Date(row.computed_at).getTime() > scope.now.getTime()) return null;
    const snap = (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as Snapshot;
    return { snap, stale: scope.now.getTime() - new Date(row.computed_at).getTime() >= SNAPSHOT_MAX_AGE_MINUTES * 60_000 };
  }

  /**
   * The counts for these filters. A fresh stored snapshot is used as it is; a stale one is shown at once (with its
   * age) while it is counted again in the background, so no reader waits for a count except the very first for a
   * combination of filters (the default views are kept warm by startBoardWarmer). Several readers share one count.
   */
  async function snapshot(scope: BoardScope, period: ChosenPeriod): Promise<Snapshot> {
    const found = await stored(scope, period);
    if (!found) return recount(scope, period);
    // A failed background count leaves the stored snapshot (and its age) as it was; the next reader tries again.
    if (found.stale) recount(scope, period).catch(() => undefined);
    return found.snap;
  }

  async function names() {
    const [authorities, agencies] = await Promise.all([authoritiesByName(db), activeAgenciesByName(db)]);
    return { authorities, agencies };
  }

  return {
    viewerMode,
    periodOptions: () => periodOptions(now()),

    /**
     * Counts again, one after another, the default views (the default period, every authority, then each local
     * authority on its own: what an analyst or an area viewer sees first) whose snapshot is missing or stale, so a
     * reader normally gets a stored snapshot with its age shown. Returns how many were counted.
     */
    async warmDefaultViews(): Promise<number> {
      let counted = 0;
      for (const localAuthorityId of [null, ...(await authorityIds(db))]) {
        const at = now();
        const scope: BoardScope = { localAuthorityId, agencyId: null, profileId: null, now: at };
        const period = choosePeriod('', at);
        const found = await stored(scope, period);
        if (found && !found.stale) continue;
        await recount(scope, period);
        counted += 1;
      }
      return counted;
    },

    /** The dashboard's counts and what they cover; audited as a view of aggregates (no child is named). */
    async dashboard(actor: Actor, filters: BoardFilters, context: AuditContext) {
      const mode = authorise(actor);
      const at = now();
      const period = choosePeriod(filters.period, at);
      const scope = scopeFor(actor, mode, filters, at);
      const snap = await snapshot(scope, period);
      const lookups = await names();
      await recordAudit(db, context, { action: 'board.viewed', entityType: 'board', details: { mode, period: period.id, localAuthorityId: scope.localAuthorityId, agencyId: scope.agencyId, profileId: scope.profileId } });
      return { mode, period, scope, snap, ...lookups, ageMinutes: Math.max(0, Math.floor((at.getTime() - new Date(snap.computedAt).getTime()) / 60_000)) };
    },

    /** The same counts for an export, audited with the reason given. */
    async forExport(actor: Actor, filters: BoardFilters, format: 'csv' | 'xlsx', reason: string, context: AuditContext) {
      const mode = authorise(actor);
      const at = now();
      const period = choosePeriod(filters.period, at);
      const scope = scopeFor(actor, mode, filters, at);
      const snap = await snapshot(scope, period);
      const lookups = await names();
      await recordAudit(db, context, { action: 'board.exported', entityType: 'board', details: { mode, format, reason, period: period.id, localAuthorityId: scope.localAuthorityId, agencyId: scope.agencyId, profileId: scope.profileId } });
      return { mode, period, scope, snap, ...lookups, ageMinutes: Math.max(0, Math.floor((at.getTime() - new Date(snap.computedAt).getTime()) / 60_000)) };
    },

    /** The cases behind one row of a figure: only for an area viewer, who may open each of them. */
    async casesBehind(actor: Actor, filters: BoardFilters, target: { figure: string; row: string } | { profileId: string; ruleId: string; outcome: 'met' | 'missed' | 'running' }, context: AuditContext) {
      const mode = authorise(actor);
      if (mode !== 'area') throw forbidden('The board sees figures only, never the cases behind them.');
      const at = now();
      const period = choosePeriod(filters.period, at);
      const scope = scopeFor(actor, mode, filters, at);
      let cases;
      if ('figure' in target) {
        const figure = figureById(target.figure);
        if (!figure) throw forbidden('There is no such figure.');
        cases = await casesBehind(db, figure.id, figure.basis, target.row, scope, period);
      } else {
        cases = await casesBehindClocks(db, target.profileId, target.ruleId, target.outcome, scope, period);
      }
      await recordAudit(db, context, { action: 'board.cases-listed', entityType: 'board', details: { target, period: period.id, localAuthorityId: scope.localAuthorityId, agencyId: scope.agencyId, cases: cases.length } });
      return { period, scope, cases, ...(await names()) };
    },
  };
}

export type BoardService = ReturnType<typeof createBoardService>;

const shared = new WeakMap<object, BoardService>();
/**
 * One board service per running Harbour, so the pages and the warmer share the counts in flight (a reader of a
 * stale snapshot and the warmer never count the same filters twice at once).
 */
export function boardServiceFor(services: { db: Kysely<Database>; now: () => Date; profiles: ProfileRegistry; clocks: { calendar: BoardServiceDeps['calendar'] } }): BoardService {
  let board = shared.get(services);
  if (!board) {
    board = createBoardService({ db: services.db, now: services.now, profiles: services.profiles, calendar: services.clocks.calendar });
    shared.set(services, board);
  }
  return board;
}

/** How often the default views are checked; each is counted again once its snapshot reaches the 10 minutes. */
export const WARM_CHECK_MINUTES = 1;

/**
 * Keeps the board's default views warm (issue 14: a cold snapshot makes the first reader wait while the figures
 * are counted): checked shortly after start-up and every minute, each view counted again only when its snapshot is
 * missing or SNAPSHOT_MAX_AGE_MINUTES old. A check still running when the next is due is not doubled. Returns the stop.
 */
export function startBoardWarmer(board: Pick<BoardService, 'warmDefaultViews'>, onError: (error: unknown) => void, options: { firstAfterMs?: number; everyMs?: number } = {}): () => void {
  let running: Promise<void> | null = null;
  const tick = () => {
    running ??= board.warmDefaultViews().then(() => undefined, onError).finally(() => { running = null; });
  };
  const first = setTimeout(tick, options.firstAfterMs ?? 5_000);
  const timer = setInterval(tick, options.everyMs ?? WARM_CHECK_MINUTES * 60_000);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
