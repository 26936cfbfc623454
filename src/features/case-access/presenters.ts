// What every case page renders with, and the sharing choices of a new entry.
import { SHARING_LEVELS, SHARING_LEVEL_LABELS } from '../../domain/access/access.ts';
import type { AccessBasis } from '../../domain/access/access.ts';
import type { currentNetwork } from '../cases/queries.ts';

/** Radios and checkboxes for the sharing level of a new entry, with the input kept. */
export function sharingOptions(network: Awaited<ReturnType<typeof currentNetwork>>, input: Record<string, unknown>, actorId: string) {
  const chosen = new Set(([] as string[]).concat((input.sharedWith as string[] | string | undefined) ?? []));
  const level = (input.sharingLevel as string | undefined) ?? 'network';
  return {
    levels: SHARING_LEVELS.map((value) => ({ value, text: SHARING_LEVEL_LABELS[value], checked: level === value })),
    people: network.filter((m) => m.user_id !== actorId).map((m) => ({ value: m.user_id, text: `${m.display_name} (${m.agency_name})`, checked: chosen.has(m.user_id) })),
  };
}

/** The case, its sub-navigation and the actor's basis of access: the locals every case page renders with. */
export function caseLocals(page: { overview: unknown; subNavigation: unknown; decision: { basis: AccessBasis } }) {
  return { kase: page.overview, subNavigation: page.subNavigation, basis: page.decision.basis };
}
