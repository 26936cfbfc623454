// The comparable forms of an entity, stored with it so that "is this already recorded?" is an index lookup, and
// the plain-words reasons a candidate found that way is shown as a likely match.
import { NICKNAME_GROUPS, matchAddress, matchName, matchPhone, matchPlate, nameWords, normaliseAddress, normaliseHandle, normalisePhone, normalisePlate, soundex } from './matching.ts';
import type { EntityFacts } from './register.ts';

export type EntityKeys = {
  plateKey: string | null;
  phoneKey: string | null;
  handleKey: string | null;
  addressKey: string | null;
  /** "s:K500" for each word's Soundex, "n:3" for each word's nickname group: a sound-alike or nickname shares one. */
  nameKeys: string[];
  /** Names and aliases in lower case, one space apart, for the trigram index. */
  names: string;
};

const blank = (s: string | null | undefined) => s === null || s === undefined || s.trim() === '';

export function nameKeysOf(names: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const word of names.flatMap(nameWords)) {
    if (word.length >= 2) keys.add(`s:${soundex(word)}`);
    const group = NICKNAME_GROUPS.findIndex((g) => g.includes(word));
    if (group >= 0) keys.add(`n:${String(group)}`);
  }
  return [...keys].sort();
}

/**
 * What a recorded person's name keys must hold to be a likely match (matchName): for one of the searched names,
 * every word with keys shares one of them, since each searched word must match a word of the recorded name by
 * spelling, nickname or sound. A necessary condition only, so that the database narrows the candidates by index
 * ("Marcus Goldley" needs both a Marcus-like and a Goldley-like word, not either) and matchReasons decides.
 * One list per searched name, one list of keys per word; a word with no keys (one letter) asks nothing.
 */
export function nameKeyRequirements(names: readonly string[]): string[][][] {
  return names
    .filter((n) => !blank(n))
    .map((name) => nameWords(name).map((word) => nameKeysOf([word])).filter((keys) => keys.length > 0))
    .filter((words) => words.length > 0);
}

/**
 * Every substring of a comparable plate: a recorded partial plate that appears within the searched one is one
 * of these, so the database finds it by equality (an index) rather than by testing every stored plate.
 */
export function plateSubstrings(key: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < key.length; i++) for (let j = i + 1; j <= key.length; j++) out.add(key.slice(i, j));
  return [...out];
}

export function entityKeys(e: EntityFacts): EntityKeys {
  const none: EntityKeys = { plateKey: null, phoneKey: null, handleKey: null, addressKey: null, nameKeys: [], names: '' };
  switch (e.kind) {
    case 'person': {
      const names = [e.name, ...(e.aliases ?? [])].filter((n) => !blank(n));
      return { ...none, nameKeys: nameKeysOf(names), names: names.map((n) => nameWords(n).join(' ')).join(' ') };
    }
    case 'vehicle':
      return { ...none, plateKey: blank(e.registration) ? null : normalisePlate(e.registration!) };
    case 'place':
      return { ...none, addressKey: blank(e.address) ? null : normaliseAddress(e.address!) };
    case 'phone':
      return { ...none, phoneKey: blank(e.number) ? null : normalisePhone(e.number!), handleKey: blank(e.handle) ? null : normaliseHandle(e.handle!) };
  }
}

/** Why a recorded entity is a likely match for the one being entered, in words; empty when it is not. */
export function matchReasons(searched: EntityFacts, recorded: EntityFacts): string[] {
  if (searched.kind !== recorded.kind) return [];
  const out: string[] = [];
  if (searched.kind === 'person' && recorded.kind === 'person') {
    const recordedNames = [recorded.name, ...(recorded.aliases ?? [])];
    for (const s of [searched.name, ...(searched.aliases ?? [])]) {
      for (const r of recordedNames) {
        const m = matchName(s, r);
        if (m) out.push(`${m.kind === 'same name' ? 'Same name' : m.kind === 'nickname' ? 'Nickname of' : 'Sounds like'} “${r.trim()}”`);
      }
    }
    if (out.length > 0 && searched.dateOfBirth && recorded.dateOfBirth === searched.dateOfBirth) out.push('Same date of birth');
  }
  if (searched.kind === 'vehicle' && recorded.kind === 'vehicle' && searched.registration && recorded.registration) {
    const m = matchPlate(searched.registration, recorded.registration);
    if (m) out.push(m === 'same plate' ? 'Same number plate' : `Partial plate matches ${normalisePlate(recorded.registration)}`);
  }
  if (searched.kind === 'place' && recorded.kind === 'place' && searched.address && recorded.address) {
    const m = matchAddress(searched.address, recorded.address);
    if (m) out.push(m === 'same address' ? 'Same address' : 'Same postcode and house number');
  }
  if (searched.kind === 'phone' && recorded.kind === 'phone') {
    if (searched.number && recorded.number) {
      const m = matchPhone(searched.number, recorded.number);
      if (m) out.push(m === 'same number' ? 'Same number' : 'Same last digits');
    }
    if (searched.handle && recorded.handle && normaliseHandle(searched.handle) === normaliseHandle(recorded.handle)) out.push('Same handle');
  }
  return [...new Set(out)];
}
