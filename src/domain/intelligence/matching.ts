// Normalising and comparing what is recorded about persons of concern, vehicles, places and phones, so that the
// same car, number or flat written down five ways by five agencies is found as one (bedford-luton Appendix 2:
// names, descriptions, phone activity, cars "model, colour, number plate"; bedford-luton 11.1: recording so that
// exploitation can be mapped across children). Pure: the database finds candidates, this decides what matches
// and says why in plain words.

/** Upper case letters and digits only: "ab12 cde", "AB12-CDE" and "AB12CDE" are the same plate. */
export function normalisePlate(raw: string): string {
  return raw.toUpperCase().replace(/[^A-Z0-9?*]/g, '');
}

// Current (AB12 CDE), prefix (A123 BCD) and suffix (ABC 123D) formats. Short dateless plates ("1234 AB") look
// like the fragments children remember, so they are treated as partial: they match more, never less.
const FULL_PLATE = [/^[A-Z]{2}\d{2}[A-Z]{3}$/, /^[A-Z]\d{1,3}[A-Z]{3}$/, /^[A-Z]{3}\d{1,3}[A-Z]$/];

/** A whole registration in one of the dated British formats; anything else is a partial plate ("AB12", "AB1?CDE"). */
export function isFullPlate(raw: string): boolean {
  const p = normalisePlate(raw);
  return !/[?*]/.test(p) && FULL_PLATE.some((re) => re.test(p));
}

export type PlateMatch = 'same plate' | 'partial plate';

/**
 * Does a searched plate match a recorded one? Whole plates must be equal; a partial plate matches when it
 * appears within the recorded plate, "?" standing for one unknown character and "*" for any run of them,
 * either way round (the recorded plate may be the partial one). Fewer than two known characters match nothing.
 */
export function matchPlate(searched: string, recorded: string): PlateMatch | null {
  const a = normalisePlate(searched);
  const b = normalisePlate(recorded);
  if (known(a) < 2 || known(b) < 2) return null;
  if (a === b) return isFullPlate(a) ? 'same plate' : 'partial plate';
  if (isFullPlate(a) && isFullPlate(b)) return null;
  if (isFullPlate(b) && fragment(a).test(b)) return 'partial plate';
  if (isFullPlate(a) && fragment(b).test(a)) return 'partial plate';
  if (!isFullPlate(a) && !isFullPlate(b) && (fragment(a).test(b) || fragment(b).test(a))) return 'partial plate';
  return null;
}

function known(p: string): number {
  return p.replace(/[?*]/g, '').length;
}

function fragment(p: string): RegExp {
  return new RegExp(p.replace(/\?/g, '.').replace(/\*/g, '.*'));
}

/**
 * A UK telephone number in national form, digits only: "+44 7700 900123", "0044-7700-900123",
 * "(07700) 900 123" and "447700900123" are all "07700900123". A number with another country code keeps it
 * ("+33612345678"). Returns '' when there are no digits.
 */
export function normalisePhone(raw: string): string {
  const trimmed = raw.trim();
  const digits = trimmed.replace(/\D/g, '');
  if (digits === '') return '';
  const international = trimmed.startsWith('+') || digits.startsWith('00');
  const body = trimmed.startsWith('+') ? digits : digits.startsWith('00') ? digits.slice(2) : digits;
  if (body.startsWith('44') && (international || body.length === 12)) {
    const national = body.slice(2).replace(/^0/, '');
    return `0${national}`;
  }
  if (international) return `+${body}`;
  return digits;
}

export type PhoneMatch = 'same number' | 'same last digits';

/** The last digits of a number are often all a child remembers: six or more of them matching count as a partial match. */
export const PHONE_LAST_DIGITS = 6;

export function matchPhone(searched: string, recorded: string): PhoneMatch | null {
  const a = normalisePhone(searched);
  const b = normalisePhone(recorded);
  if (a === '' || b === '') return null;
  if (a === b) return 'same number';
  const shorter = a.length <= b.length ? a : b;
  const longer = a.length <= b.length ? b : a;
  if (shorter.length >= PHONE_LAST_DIGITS && shorter.length < longer.length && longer.endsWith(shorter.replace(/^\+/, ''))) return 'same last digits';
  return null;
}

/** An online handle: lower case, no leading "@", no spaces. */
export function normaliseHandle(raw: string): string {
  return raw.trim().toLowerCase().replace(/^@+/, '').replace(/\s+/g, '');
}

/**
 * Nicknames and short forms that stand for the same name. Each group is one name; a few, not a dictionary:
 * children give the name they were told ("Mo", "Danny").
 */
export const NICKNAME_GROUPS: readonly (readonly string[])[] = [
  ['mohammed', 'muhammad', 'mohammad', 'mohamed', 'mo', 'moe'],
  ['robert', 'rob', 'robbie', 'bob', 'bobby'],
  ['william', 'will', 'bill', 'billy', 'liam'],
  ['james', 'jim', 'jimmy', 'jamie'],
  ['thomas', 'tom', 'tommy'],
  ['daniel', 'dan', 'danny'],
  ['michael', 'mike', 'mikey', 'mick'],
  ['anthony', 'tony', 'ant'],
  ['richard', 'rick', 'ricky', 'rich', 'dick'],
  ['christopher', 'chris'],
  ['joseph', 'joe', 'joey'],
  ['benjamin', 'ben', 'benny'],
  ['samuel', 'sam', 'sammy'],
  ['jonathan', 'jon', 'jonny', 'john', 'johnny', 'jack'],
  ['alexander', 'alex', 'al'],
  ['edward', 'ed', 'eddie', 'ted'],
  ['ibrahim', 'ibby', 'ibs'],
  ['abdul', 'abdy'],
  ['kieran', 'kez'],
  ['elizabeth', 'liz', 'beth', 'lizzie'],
  ['rebecca', 'becky', 'becca'],
  ['jessica', 'jess', 'jessie'],
  ['victoria', 'vicky', 'tori'],
];

const NICKNAME_INDEX: ReadonlyMap<string, number> = new Map(NICKNAME_GROUPS.flatMap((g, i) => g.map((n) => [n, i] as const)));

/** Names in lower case words, letters only (accents dropped): "O'Neill-Smith" is "oneill smith". */
export function nameWords(raw: string): string[] {
  return raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^a-z]+/)
    .filter((w) => w !== '');
}

/** American Soundex of one word ("Smith" and "Smyth" are both S530). */
export function soundex(word: string): string {
  const w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (w === '') return '';
  const code = (c: string): string => {
    if ('bfpv'.includes(c)) return '1';
    if ('cgjkqsxz'.includes(c)) return '2';
    if ('dt'.includes(c)) return '3';
    if (c === 'l') return '4';
    if ('mn'.includes(c)) return '5';
    if (c === 'r') return '6';
    return c === 'h' || c === 'w' ? '' : '0';
  };
  let out = w[0]!.toUpperCase();
  let last = code(w[0]!);
  for (const c of w.slice(1)) {
    const d = code(c);
    if (d === '') continue;
    if (d !== '0' && d !== last) out += d;
    last = d;
    if (out.length === 4) break;
  }
  return out.padEnd(4, '0');
}

export type WordMatch = 'same name' | 'nickname' | 'sounds alike';

export function matchNameWord(a: string, b: string): WordMatch | null {
  if (a === b) return 'same name';
  const ga = NICKNAME_INDEX.get(a);
  if (ga !== undefined && ga === NICKNAME_INDEX.get(b)) return 'nickname';
  if (a.length >= 3 && b.length >= 3 && soundex(a) === soundex(b)) return 'sounds alike';
  return null;
}

export type NameMatch = { kind: WordMatch; searched: string; recorded: string };

const STRENGTH: Record<WordMatch, number> = { 'same name': 3, nickname: 2, 'sounds alike': 1 };

/**
 * Does a searched name match a recorded name or alias? Every word searched must match a different word of the
 * recorded name, by spelling, nickname or sound ("Mo Khan" and "Mohammed Kahn"). The weakest word decides how
 * the whole is described. A single searched word may match one word of a longer name ("Tyrone" within
 * "Tyrone Bailey").
 */
export function matchName(searched: string, recorded: string): NameMatch | null {
  const s = nameWords(searched);
  const r = nameWords(recorded);
  if (s.length === 0 || r.length === 0) return null;
  const used = new Set<number>();
  let weakest: WordMatch = 'same name';
  for (const w of s) {
    let best: { i: number; m: WordMatch } | null = null;
    r.forEach((rw, i) => {
      if (used.has(i)) return;
      const m = matchNameWord(w, rw);
      if (m && (!best || STRENGTH[m] > STRENGTH[best.m])) best = { i, m };
    });
    if (!best) return null;
    const found: { i: number; m: WordMatch } = best;
    used.add(found.i);
    if (STRENGTH[found.m] < STRENGTH[weakest]) weakest = found.m;
  }
  return { kind: weakest, searched: searched.trim(), recorded: recorded.trim() };
}

const ADDRESS_WORDS: Readonly<Record<string, string>> = {
  rd: 'road', st: 'street', ave: 'avenue', av: 'avenue', ln: 'lane', cl: 'close', ct: 'court', cres: 'crescent',
  dr: 'drive', gdns: 'gardens', pl: 'place', sq: 'square', ter: 'terrace', terr: 'terrace', hse: 'house',
  apt: 'flat', apartment: 'flat', no: '', number: '',
};

const POSTCODE = /\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b/i;

/** A UK postcode in capitals with one space ("nw51tl" is "NW5 1TL"), or null. */
export function normalisePostcode(raw: string): string | null {
  const m = POSTCODE.exec(raw);
  return m ? `${m[1]!.toUpperCase()} ${m[2]!.toUpperCase()}` : null;
}

/**
 * An address in one comparable form: lower case words, common abbreviations written out ("Rd" is "road",
 * "Apt" is "flat"), punctuation dropped, the postcode last in capitals. "Flat 3, 12 High St., NW5 1TL" and
 * "flat 3 12 high street nw51tl" are the same.
 */
export function normaliseAddress(raw: string): string {
  const postcode = normalisePostcode(raw);
  const rest = (postcode ? raw.replace(POSTCODE, ' ') : raw)
    .toLowerCase()
    .replace(/(\d+)([a-z])\b/g, '$1$2')
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => ADDRESS_WORDS[w] ?? w)
    .filter((w) => w !== '');
  return [...rest, ...(postcode ? [postcode] : [])].join(' ');
}

export type PlaceMatch = 'same address' | 'same postcode and number';

export function matchAddress(searched: string, recorded: string): PlaceMatch | null {
  const a = normaliseAddress(searched);
  const b = normaliseAddress(recorded);
  if (a === '' || b === '') return null;
  if (a === b) return 'same address';
  const pa = normalisePostcode(searched);
  const pb = normalisePostcode(recorded);
  if (pa && pa === pb) {
    const numbers = (s: string) => s.split(' ').filter((w) => /^\d+[a-z]?$/.test(w)).join(' ');
    const na = numbers(a);
    if (na !== '' && na === numbers(b)) return 'same postcode and number';
  }
  return null;
}
