/**
 * Pure parsing and validation of a procedure profile. No I/O: the caller supplies the data
 * (already JSON-decoded) and the file name used in error messages.
 *
 * Each error reads "<file>: <path>: <problem>", e.g.
 *   "camden.json: timescales[2].duration.unit: Invalid option: expected one of ..."
 */

import type { z } from 'zod';
import { isSilent, profileSchema } from './schema.ts';
import type { Profile } from './schema.ts';

export type ParseResult = { ok: true; profile: Profile } | { ok: false; errors: string[] };

export type PathSegment = string | number | symbol;
export type Problem = { path: readonly PathSegment[]; message: string };

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** timescales[2].duration.unit ; routing.wards["Hampstead Town"] ; (root) */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out === '' ? '(root)' : out;
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let current: unknown = data;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment as PropertyKey];
  }
  return current;
}

/**
 * Flatten zod issues into problems with full paths. For the `silentOr` unions, report the errors of
 * the branch the author evidently meant: the silent branch if the value has a `silent` key,
 * otherwise the substantive branch.
 */
function collectProblems(issues: readonly z.core.$ZodIssue[], data: unknown, prefix: readonly PathSegment[]): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const value = valueAt(data, path);
      const meantSilent = typeof value === 'object' && value !== null && 'silent' in value;
      const branch = meantSilent ? issue.errors[0] : issue.errors[issue.errors.length - 1];
      problems.push(...collectProblems(branch ?? [], data, path));
      continue;
    }
    problems.push({ path, message: issue.message });
  }
  return problems;
}

function findDuplicates(values: readonly string[]): Map<string, number[]> {
  const seen = new Map<string, number[]>();
  values.forEach((v, i) => seen.set(v, [...(seen.get(v) ?? []), i]));
  return new Map([...seen].filter(([, where]) => where.length > 1));
}

function uniqueIds(problems: Problem[], items: readonly object[], key: string, path: readonly PathSegment[]): void {
  const values = items.map((item) => String((item as Record<string, unknown>)[key]));
  for (const [value, where] of findDuplicates(values)) {
    for (const index of where.slice(1)) {
      problems.push({
        path: [...path, index, key],
        message: `duplicate ${key} "${value}" (first used at ${formatPath([...path, where[0] ?? 0, key])})`,
      });
    }
  }
}

function walkSources(value: unknown, path: PathSegment[], visit: (source: string, path: PathSegment[]) => void): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => walkSources(item, [...path, i], visit));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'source' && typeof child === 'string') visit(child, [...path, key]);
      else walkSources(child, [...path, key], visit);
    }
  }
}

function baseName(fileName: string): string {
  const last = fileName.split(/[\\/]/).pop() ?? fileName;
  return last.endsWith('.json') ? last.slice(0, -'.json'.length) : last;
}

/** Checks across fields that a schema alone cannot express. */
export function crossCheck(profile: Profile, fileName: string): Problem[] {
  const problems: Problem[] = [];

  if (fileName.endsWith('.json') && baseName(fileName) !== profile.id) {
    problems.push({ path: ['id'], message: `"${profile.id}" does not match the file name (expected "${baseName(fileName)}")` });
  }
  if (profile.year === null && profile.yearNote === undefined) {
    problems.push({ path: ['yearNote'], message: 'required when year is null: say why the document has no date' });
  }

  // Every source cites this profile's own document.
  walkSources(profile, [], (source, path) => {
    if (!source.startsWith(`${profile.id} `)) {
      problems.push({ path, message: `must cite this document as "${profile.id} <paragraph>", got "${source}"` });
    }
  });

  // Unique ids in every list.
  uniqueIds(problems, profile.localAuthorities, 'id', ['localAuthorities']);
  uniqueIds(problems, profile.timescales, 'id', ['timescales']);
  uniqueIds(problems, profile.meetingTypes, 'id', ['meetingTypes']);
  uniqueIds(problems, profile.planTypes, 'id', ['planTypes']);
  profile.meetingTypes.forEach((meeting, i) => {
    uniqueIds(problems, meeting.invitees, 'role', ['meetingTypes', i, 'invitees']);
    uniqueIds(problems, meeting.purposes, 'id', ['meetingTypes', i, 'purposes']);
    uniqueIds(problems, meeting.outcomes, 'id', ['meetingTypes', i, 'outcomes']);
    if (meeting.attendanceCriteria) {
      uniqueIds(problems, meeting.attendanceCriteria.items, 'id', ['meetingTypes', i, 'attendanceCriteria', 'items']);
    }
  });
  const { minimumContent, cseReferrers } = profile.referral;
  if (!isSilent(minimumContent)) uniqueIds(problems, minimumContent.items, 'id', ['referral', 'minimumContent', 'items']);
  if (!isSilent(cseReferrers)) uniqueIds(problems, cseReferrers.roles, 'id', ['referral', 'cseReferrers', 'roles']);
  const channels = profile.referral.channels;
  if (!isSilent(channels)) {
    for (const [value, where] of findDuplicates(channels.allowed)) {
      problems.push({ path: ['referral', 'channels', 'allowed', where[1] ?? 0], message: `duplicate channel "${value}"` });
    }
  }
  for (const list of ['triage', 'section47Outcomes'] as const) {
    const decisions = profile.decisions[list];
    if (!isSilent(decisions)) uniqueIds(problems, decisions.items, 'id', ['decisions', list, 'items']);
  }
  const risk = profile.riskFramework;
  if (!isSilent(risk)) {
    uniqueIds(problems, risk.categories, 'level', ['riskFramework', 'categories']);
    if (risk.domains) uniqueIds(problems, risk.domains, 'id', ['riskFramework', 'domains']);
  }

  // Timescales: a clock cannot stop on the event that starts it; category conditions need categories.
  profile.timescales.forEach((rule, i) => {
    if (rule.startsOn === rule.stopsOn) {
      problems.push({ path: ['timescales', i, 'stopsOn'], message: `must differ from startsOn ("${rule.startsOn}")` });
    }
    if (rule.condition === 'category-2-or-3' && isSilent(risk)) {
      problems.push({
        path: ['timescales', i, 'condition'],
        message: '"category-2-or-3" needs a riskFramework with categories, but riskFramework is silent',
      });
    }
  });

  // Routing: every referenced team exists, every team is reachable.
  const routing = profile.routing;
  if (profile.localAuthorities.length === 0 && routing.kind === 'by-local-authority') {
    problems.push({ path: ['routing', 'kind'], message: 'routes by local authority but localAuthorities is empty' });
  }
  if (routing.kind === 'by-ward' || routing.kind === 'by-local-authority') {
    uniqueIds(problems, routing.teams, 'id', ['routing', 'teams']);
    const teamIds = new Set(routing.teams.map((t) => t.id));
    const mapKey = routing.kind === 'by-ward' ? 'wards' : 'localAuthorities';
    const mapping: Record<string, string> = routing.kind === 'by-ward' ? routing.wards : routing.localAuthorities;
    const used = new Set<string>();
    const seenLower = new Map<string, string>();
    for (const [area, teamId] of Object.entries(mapping)) {
      used.add(teamId);
      if (!teamIds.has(teamId)) {
        problems.push({
          path: ['routing', mapKey, area],
          message: `routes to unknown team "${teamId}" (known teams: ${[...teamIds].join(', ')})`,
        });
      }
      const lower = area.toLowerCase();
      const earlier = seenLower.get(lower);
      if (earlier !== undefined) {
        problems.push({ path: ['routing', mapKey, area], message: `duplicates "${earlier}"` });
      }
      seenLower.set(lower, area);
    }
    routing.teams.forEach((team, i) => {
      if (!used.has(team.id)) {
        problems.push({ path: ['routing', 'teams', i, 'id'], message: `team "${team.id}" has nothing routed to it` });
      }
    });
    if (routing.kind === 'by-local-authority') {
      const laIds = new Set(profile.localAuthorities.map((la) => la.id));
      for (const la of Object.keys(routing.localAuthorities)) {
        if (!laIds.has(la)) {
          problems.push({ path: ['routing', 'localAuthorities', la], message: `unknown local authority "${la}"` });
        }
      }
      for (const la of laIds) {
        if (!(la in routing.localAuthorities)) {
          problems.push({ path: ['routing', 'localAuthorities'], message: `local authority "${la}" is not routed to any team` });
        }
      }
    }
  }

  return problems;
}

/** Validate `data` (decoded JSON) as a procedure profile. `fileName` is used in every message. */
export function parseProfile(data: unknown, fileName: string): ParseResult {
  const result = profileSchema.safeParse(data);
  const problems = result.success ? crossCheck(result.data, fileName) : collectProblems(result.error.issues, data, []);
  if (result.success && problems.length === 0) return { ok: true, profile: result.data };
  return { ok: false, errors: problems.map((p) => `${fileName}: ${formatPath(p.path)}: ${p.message}`) };
}
