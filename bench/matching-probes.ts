// Realistic, imperfect descriptions of children for the matching benchmark: misspelt names, nicknames only,
// a date of birth with part of a name, and so on, each with the child it ought to find (null: nobody).
import type { MatchCriteria } from '../src/features/matching/service.ts';
import { misspell, prng } from './generate-children.ts';
import type { GeneratedChild, GeneratedData } from './generate-children.ts';

/** Ages in the probes are worked out on this day. */
export const NOW = new Date('2026-03-01T12:00:00Z');

export type Probe = { kind: string; criteria: MatchCriteria; target: string | null };

const UNKNOWN_GIVEN = ['Zebedee', 'Ottoline', 'Peregrine', 'Clementine', 'Bartholomew', 'Araminta', 'Lysander', 'Persephone'];
const UNKNOWN_FAMILY = ['Quartermaine', 'Fotheringay', 'Winterbottom', 'Higginbotham', 'Featherstonehaugh', 'Ravensworth'];

function ageOn(dateOfBirth: string): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const today = { y: NOW.getUTCFullYear(), m: NOW.getUTCMonth() + 1, d: NOW.getUTCDate() };
  return today.y - y - (today.m < m || (today.m === m && today.d < d) ? 1 : 0);
}

/** Realistic, imperfect descriptions of children who are (mostly) on the system. */
export function probes(data: GeneratedData, count: number, seed = 4): Probe[] {
  const random = prng(seed);
  const anyChild = () => data.children[Math.floor(random() * data.children.length)]!;
  const withAge = (c: GeneratedChild) => (c.dateOfBirth ? ageOn(c.dateOfBirth) : (c.approximateAge ?? 12)) + Math.round(random() * 2 - 1);
  const out: Probe[] = [];
  while (out.length < count) {
    const r = random();
    const c = anyChild();
    const base = { now: NOW };
    if (r < 0.25) {
      const which = random();
      out.push({
        kind: 'misspelt full name',
        target: c.id,
        criteria: { ...base, givenName: which < 0.6 ? misspell(c.givenName, random) : c.givenName, familyName: c.familyName && which >= 0.3 ? misspell(c.familyName, random) : (c.familyName ?? undefined) },
      });
    } else if (r < 0.45) {
      const nickname = c.knownAs ?? c.givenName;
      const extra = random() < 0.5 ? { approximateAge: withAge(c) } : { school: c.school ?? undefined };
      out.push({ kind: 'nickname only (+ age or school)', target: c.id, criteria: { ...base, knownAs: nickname, ...extra } });
    } else if (r < 0.65) {
      if (!c.dateOfBirth) continue;
      const part = random() < 0.6 ? c.givenName.slice(0, 3) : (c.familyName ?? c.givenName).slice(0, 4);
      out.push({ kind: 'date of birth + partial name', target: c.id, criteria: { ...base, dateOfBirth: c.dateOfBirth, givenName: part } });
    } else if (r < 0.73) {
      if (!c.dateOfBirth) continue;
      out.push({ kind: 'date of birth only', target: c.id, criteria: { ...base, dateOfBirth: c.dateOfBirth } });
    } else if (r < 0.83) {
      out.push({ kind: 'first name + age + school', target: c.id, criteria: { ...base, givenName: c.givenName, approximateAge: withAge(c), school: c.school ?? undefined } });
    } else if (r < 0.88) {
      if (c.aliases.length === 0) continue;
      out.push({ kind: 'alias only', target: c.id, criteria: { ...base, givenName: c.aliases[0]! } });
    } else if (r < 0.95) {
      if (!c.familyName) continue;
      out.push({ kind: 'family name + postcode', target: c.id, criteria: { ...base, familyName: c.familyName, postcode: c.postcode.toLowerCase() } });
    } else {
      const given = UNKNOWN_GIVEN[Math.floor(random() * UNKNOWN_GIVEN.length)]!;
      const family = UNKNOWN_FAMILY[Math.floor(random() * UNKNOWN_FAMILY.length)]!;
      out.push({ kind: 'unknown child', target: null, criteria: { ...base, givenName: given, familyName: family } });
    }
  }
  return out;
}

