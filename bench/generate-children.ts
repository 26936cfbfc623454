// Synthetic children for benchmarks: en_GB-style names from built-in word lists (common names about as common
// as in life, and a long tail of rarer ones), dates of birth 2007-2020, known-as for ~15%, aliases for ~20%, London postcodes, schools, and a
// case for each child with a team and (mostly) an allocated worker. Deterministic for a given seed.
// Nothing here is real data.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../src/platform/database/schema.ts';

const FEMALE = [
  'Olivia', 'Amelia', 'Isla', 'Ava', 'Mia', 'Ivy', 'Lily', 'Isabella', 'Rosie', 'Sophia', 'Grace', 'Willow', 'Freya', 'Florence',
  'Emily', 'Ella', 'Poppy', 'Evie', 'Elsie', 'Charlotte', 'Evelyn', 'Sienna', 'Sofia', 'Daisy', 'Phoebe', 'Sophie', 'Alice',
  'Harper', 'Matilda', 'Ruby', 'Emilia', 'Maya', 'Millie', 'Isabelle', 'Eva', 'Luna', 'Jessica', 'Aria', 'Scarlett', 'Chloe',
  'Holly', 'Erin', 'Imogen', 'Hannah', 'Megan', 'Lucy', 'Lauren', 'Katie', 'Bethany', 'Amy', 'Jade', 'Jayde', 'Kayleigh',
  'Kayla', 'Chelsea', 'Shannon', 'Courtney', 'Paige', 'Leah', 'Abigail', 'Zara', 'Aaliyah', 'Amira', 'Priya', 'Aisha', 'Fatima',
  'Maryam', 'Zainab', 'Nadia', 'Tia', 'Demi', 'Kelsey', 'Georgia', 'Niamh', 'Caitlin', 'Siobhan', 'Rhiannon', 'Cerys', 'Ffion',
  'Eleanor', 'Molly', 'Summer', 'Tilly', 'Nevaeh', 'Precious', 'Blessing', 'Chantelle', 'Keira', 'Kiera', 'Stacey', 'Jasmine',
  'Yasmin', 'Leila', 'Layla', 'Maisie', 'Lacey', 'Skye', 'Abbie', 'Nicole', 'Natasha', 'Samantha', 'Alisha', 'Anya', 'Esme',
];
const MALE = [
  'Muhammad', 'Noah', 'Oliver', 'George', 'Leo', 'Arthur', 'Oscar', 'Harry', 'Theodore', 'Jack', 'Henry', 'Charlie', 'Freddie',
  'Alfie', 'Archie', 'Thomas', 'Jacob', 'Joshua', 'James', 'William', 'Lucas', 'Isaac', 'Finley', 'Ethan', 'Mason', 'Max',
  'Tyler', 'Kai', 'Kian', 'Kyle', 'Liam', 'Connor', 'Callum', 'Jordan', 'Jayden', 'Jaden', 'Reece', 'Rhys', 'Declan', 'Daniel',
  'Samuel', 'Joseph', 'Benjamin', 'Dylan', 'Logan', 'Riley', 'Harrison', 'Lewis', 'Luke', 'Nathan', 'Aaron', 'Adam', 'Ryan',
  'Kieran', 'Ciaran', 'Brandon', 'Bradley', 'Jamie', 'Jake', 'Josh', 'Owen', 'Evan', 'Cameron', 'Ibrahim', 'Yusuf', 'Omar',
  'Ali', 'Hassan', 'Ahmed', 'Bilal', 'Zain', 'Ayaan', 'Arjun', 'Rohan', 'Dev', 'Kwame', 'Kofi', 'Tobi', 'Emeka', 'Chidi',
  'Tariq', 'Marcus', 'Jermaine', 'Tyrone', 'Dwayne', 'Andre', 'Malachi', 'Elijah', 'Ezra', 'Reggie', 'Ronnie', 'Frankie',
  'Tommy', 'Billy', 'Danny', 'Stanley', 'Albie', 'Louie', 'Teddy', 'Sonny', 'Bobby', 'Kayden', 'Jenson', 'Mohammed', 'Dominic',
];
const FAMILY = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Robinson', 'Wright', 'Thompson',
  'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Thomas', 'Clarke', 'Jackson', 'Wood', 'Harris', 'Edwards', 'Turner',
  'Martin', 'Cooper', 'Hill', 'Ward', 'Hughes', 'Moore', 'Clark', 'King', 'Harrison', 'Lewis', 'Baker', 'Lee', 'Allen', 'Morris',
  'Khan', 'Scott', 'Watson', 'Davis', 'Parker', 'James', 'Bennett', 'Young', 'Phillips', 'Richardson', 'Mitchell', 'Bailey',
  'Carter', 'Cook', 'Singh', 'Shaw', 'Bell', 'Collins', 'Morgan', 'Kelly', 'Begum', 'Miller', 'Cox', 'Hussain', 'Marshall',
  'Simpson', 'Price', 'Anderson', 'Adams', 'Wilkinson', 'Ali', 'Ahmed', 'Foster', 'Ellis', 'Murphy', 'Chapman', 'Mason', 'Gray',
  'Richards', 'Webb', 'Griffiths', 'Hunt', 'Palmer', 'Campbell', 'Holmes', 'Mills', 'Rogers', 'Barnes', 'Knight', 'Matthews',
  'Barker', 'Powell', 'Stevens', 'Kaur', 'Fisher', 'Butler', 'Dixon', 'Russell', 'Harvey', 'Pearson', 'Graham', 'Fletcher',
  'Thomson', 'Okafor', 'Okoro', 'Adeyemi', 'Mensah', 'Boateng', 'Osei', 'Nwosu', 'Haddad', 'Sharma', 'Novak', 'Kowalski',
  'Nowak', 'Popescu', 'Murray', "O'Brien", 'McCarthy', 'Doherty', 'Quinn', 'Byrne', 'Gallagher', 'Reid', 'MacDonald', 'Stewart',
  'Fraser', 'Hamilton', 'Ferguson', 'Duncan', 'Francis', 'Henry', 'Grant', 'Samuels', 'Campbell-Brown', 'Da Silva', 'Santos',
  'Pereira', 'Costa', 'Yilmaz', 'Demir', 'Chowdhury', 'Rahman', 'Miah', 'Islam', 'Uddin', 'Akhtar', 'Iqbal', 'Malik', 'Mahmood',
  'Nguyen', 'Tran', 'Wong', 'Chen', 'Li', 'Zhang', 'Kim', 'Abdi', 'Mohamed', 'Hassan', 'Farah', 'Warsame', 'Lopez', 'Garcia',
];
/** Nicknames from given names. */
const DERIVED_NICKNAMES: Record<string, string[]> = {
  Kayleigh: ['Kay', 'Kayls'], Jade: ['JJ', 'Jadey'], Isabella: ['Bella', 'Izzy'], Isabelle: ['Izzy', 'Belle'], Charlotte: ['Lottie', 'Charlie'],
  Samantha: ['Sam', 'Sammy'], Natasha: ['Tash', 'Tasha'], Abigail: ['Abi', 'Abby'], Eleanor: ['Ellie', 'Nell'], Jessica: ['Jess', 'Jessie'],
  Bethany: ['Beth'], Megan: ['Meg'], Rhiannon: ['Rhi'], Siobhan: ['Shiv'], Stacey: ['Stace'], Chantelle: ['Chan'], Daisy: ['Dais'],
  Thomas: ['Tom', 'Tommy'], Joshua: ['Josh'], James: ['Jim', 'Jamie'], William: ['Will', 'Billy'], Daniel: ['Dan', 'Danny'],
  Samuel: ['Sam', 'Sammy'], Joseph: ['Joe', 'Joey'], Benjamin: ['Ben', 'Benji'], Nathan: ['Nate'], Harrison: ['Harry'],
  Muhammad: ['Mo', 'Moh'], Mohammed: ['Mo'], Ibrahim: ['Ibby'], Theodore: ['Theo', 'Ted'], Frederick: ['Fred'], Tyler: ['Ty'],
  Cameron: ['Cam'], Jermaine: ['Maine'], Dominic: ['Dom'], Alexander: ['Alex'], Callum: ['Cal'], Kieran: ['Kez'], Marcus: ['Marky'],
};
const STREET_NICKNAMES = [
  'Tiny', 'Smudge', 'Red', 'Mouse', 'Little T', 'Shorty', 'Ghost', 'Bubbles', 'Princess', 'Babygirl', 'Lil J', 'Snowy', 'Kitty',
  'Ziggy', 'Bam', 'Skinny', 'Blue', 'Rocket', 'Dizzy', 'Chip', 'Bones', 'Sparky', 'Peanut', 'Scrappy', 'Fizz', 'Biscuit', 'Bugsy',
  'Star', 'Diamond', 'Cookie', 'Trix', 'Flash', 'Stitch', 'Tink', 'Sunny', 'Marley', 'Nugget', 'Twiggy', 'Pip', 'Ace',
];
const OUTWARD = [
  'NW1', 'NW2', 'NW3', 'NW5', 'NW6', 'NW8', 'NW10', 'N1', 'N4', 'N6', 'N7', 'N15', 'N17', 'N19', 'E1', 'E2', 'E3', 'E5', 'E8',
  'E9', 'E10', 'E15', 'E17', 'SE1', 'SE5', 'SE8', 'SE14', 'SE15', 'SE18', 'SE28', 'SW2', 'SW8', 'SW9', 'SW11', 'W2', 'W9',
  'W10', 'W11', 'WC1', 'EC1',
];
const STREETS = [
  'Malden', 'Prince of Wales', 'Queens Crescent', 'Kentish Town', 'Agar', 'Castlehaven', 'Harmood', 'Grafton', 'Leighton',
  'Fortess', 'Holmes', 'Lady Somerset', 'Bartholomew', 'Camden', 'Royal College', 'Pratt', 'Greenland', 'Arlington', 'Delancey',
  'Mornington', 'Regents Park', 'Albany', 'Gospel Oak', 'Mansfield', 'Southampton', 'Fleet', 'Belsize', 'Haverstock', 'Chalk Farm',
  'Adelaide', 'Kilburn High', 'Abbey', 'Belsize Park', 'Fairfax', 'Swiss Cottage', 'Finchley', 'West End', 'Mill Lane', 'Iverson',
];
const STREET_KINDS = ['Road', 'Street', 'Gardens', 'Close', 'Avenue', 'Crescent', 'Lane', 'Place', 'Grove', 'Terrace'];
const SCHOOL_PLACES = [
  'Hampstead Heath', 'Camden', 'Kentish Town', 'Gospel Oak', 'Haverstock', 'Regents Park', 'Holborn', 'Kilburn', 'Highgate',
  'Swiss Cottage', 'Belsize', 'St Pancras', 'Somers Town', 'Primrose Hill', 'West Hampstead', 'Fortune Green', 'Brecknock',
  'Torriano', 'Rhyl', 'Carlton', 'Netley', 'Argyle', 'Richard Cobden', 'Edith Neville', 'Christ Church', 'St Michael',
  'St Dominic', 'Our Lady', 'Acland Burghley', 'Parliament Hill', 'William Ellis', 'La Sainte Union', 'Maria Fidelis', 'Regent High',
];
/** The long tail: most surnames are rare, so most children are not Smiths. 40 x 30 made-up English surnames. */
const SURNAME_STEMS = [
  'Ash', 'Black', 'Brad', 'Brook', 'Carl', 'Cross', 'Dun', 'Earn', 'Fair', 'Ford', 'Gold', 'Hart', 'Hol', 'Kings', 'Lang', 'Mar',
  'Mid', 'Nor', 'Pen', 'Ray', 'Rid', 'Shel', 'Staf', 'Stan', 'Sut', 'Thorn', 'Wad', 'Wel', 'Whit', 'Win', 'Ald', 'Bar', 'Brom',
  'Chad', 'Cres', 'Dal', 'Elm', 'Fen', 'Grim', 'Hey',
];
const SURNAME_ENDINGS = [
  'ley', 'ton', 'worth', 'field', 'ford', 'by', 'ham', 'wood', 'well', 'more', 'stone', 'bridge', 'croft', 'shaw', 'wick', 'dale',
  'combe', 'land', 'mere', 'sley', 'hurst', 'den', 'cote', 'brook', 'wright', 'man', 'son', 'er', 'ling', 'ridge',
];
/** Less common given names, built from common sounds ("Kayla", "Jaden", "Tyson"). */
const GIVEN_STARTS = ['Ka', 'Ja', 'La', 'Ma', 'Ty', 'Ry', 'Ze', 'Ni', 'A', 'E', 'Li', 'Bri', 'Da', 'Ro', 'Sa', 'Ta', 'Ke', 'Je', 'Mi', 'Cy'];
const FEMALE_ENDINGS = ['yla', 'ra', 'na', 'lia', 'nna', 'rah', 'lyn', 'mie', 'sha', 'ya', 'lee', 'nia'];
const MALE_ENDINGS = ['den', 'son', 'lan', 'ron', 'dyn', 'rus', 'vin', 'ler', 'mar', 'ton', 'ran', 'tan'];
const combine = (starts: readonly string[], ends: readonly string[]) => starts.flatMap((a) => ends.map((b) => a + b));
const TAIL_SURNAMES = combine(SURNAME_STEMS, SURNAME_ENDINGS);
const TAIL_FEMALE = combine(GIVEN_STARTS, FEMALE_ENDINGS);
const TAIL_MALE = combine(GIVEN_STARTS, MALE_ENDINGS);

const TEAM_KINDS = ['Children in Need', 'Child Protection', 'Exploitation', 'Looked After Children', 'Early Help', 'Youth Justice'];
const SCHOOL_KINDS = ['Academy', 'Primary School', 'High School', 'School', 'Community School', 'College'];

export const BENCH_LOCAL_AUTHORITY = 'bench';

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks from a list with Zipf-like weights (the first entries are the common ones). */
function skewedPicker<T>(items: readonly T[], exponent = 0.8): (random: () => number) => T {
  const cumulative: number[] = [];
  let total = 0;
  for (let i = 0; i < items.length; i++) cumulative.push((total += 1 / Math.pow(i + 3, exponent)));
  return (random) => {
    const x = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo]!;
  };
}

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)]!;

function uuid(random: () => number): string {
  const bytes = Array.from({ length: 16 }, () => Math.floor(random() * 256));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A plausible slip of the pen: one letter dropped, doubled, swapped with the next, or replaced by a vowel. */
export function misspell(name: string, random: () => number): string {
  if (name.length < 3) return name;
  const i = 1 + Math.floor(random() * (name.length - 2));
  switch (Math.floor(random() * 4)) {
    case 0:
      return name.slice(0, i) + name.slice(i + 1);
    case 1:
      return name.slice(0, i) + name[i] + name.slice(i);
    case 2:
      return name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2);
    default: {
      const vowels = 'aeiouy'.replace(name[i]!.toLowerCase(), '');
      return name.slice(0, i) + vowels[Math.floor(random() * vowels.length)] + name.slice(i + 1);
    }
  }
}

export type GeneratedChild = {
  id: string;
  givenName: string;
  familyName: string | null;
  knownAs: string | null;
  dateOfBirth: string | null;
  approximateAge: number | null;
  gender: 'Female' | 'Male';
  address: string;
  postcode: string;
  school: string | null;
  aliases: string[];
  caseId: string;
  caseReference: string;
  caseStatus: 'open' | 'closed';
  teamIndex: number;
  leadIndex: number | null;
};

export type GeneratedData = {
  children: GeneratedChild[];
  teams: { id: string; name: string }[];
  workers: { id: string; name: string; teamIndex: number }[];
  agencyId: string;
};

const DOB_FROM = Date.UTC(2007, 0, 1);
const DOB_TO = Date.UTC(2020, 11, 31);

export function generateChildren(count: number, seed = 20260301): GeneratedData {
  const random = prng(seed);
  // Roughly as in England and Wales: the commonest girl's or boy's name is given to about 2.5% of them, and
  // Smith is about 1.3% of surnames; the rest spreads over a long tail.
  const commonFemale = skewedPicker(FEMALE, 0.5);
  const commonMale = skewedPicker(MALE, 0.5);
  const commonFamily = skewedPicker(FAMILY, 0.55);
  const female = (r: () => number) => (r() < 0.7 ? commonFemale(r) : pick(TAIL_FEMALE, r));
  const male = (r: () => number) => (r() < 0.7 ? commonMale(r) : pick(TAIL_MALE, r));
  const family = (r: () => number) => (r() < 0.45 ? commonFamily(r) : pick(TAIL_SURNAMES, r));
  const schools = Array.from(new Set(SCHOOL_PLACES.flatMap((place, i) => [`${place} ${SCHOOL_KINDS[i % SCHOOL_KINDS.length]}`, `${place} ${SCHOOL_KINDS[(i + 3) % SCHOOL_KINDS.length]}`])));
  const teams = TEAM_KINDS.flatMap((kind) => ['North', 'South', 'East', 'West'].map((area) => ({ id: uuid(random), name: `${kind} ${area}` })));
  const workers = Array.from({ length: 160 }, (_, i) => ({ id: uuid(random), name: `${pick([...FEMALE, ...MALE], random)} ${family(random)}`, teamIndex: i % teams.length }));

  const children: GeneratedChild[] = [];
  for (let i = 0; i < count; i++) {
    const gender = random() < 0.55 ? 'Female' : 'Male';
    const givenName = gender === 'Female' ? female(random) : male(random);
    const familyName = random() < 0.02 ? null : family(random); // some children are only known by a first name
    let dateOfBirth: string | null = new Date(DOB_FROM + Math.floor(random() * ((DOB_TO - DOB_FROM) / 86_400_000 + 1)) * 86_400_000).toISOString().slice(0, 10);
    let approximateAge: number | null = null;
    if (random() < 0.03) {
      approximateAge = 2026 - Number(dateOfBirth.slice(0, 4));
      dateOfBirth = null;
    }
    let knownAs: string | null = null;
    if (random() < 0.15) knownAs = DERIVED_NICKNAMES[givenName] && random() < 0.6 ? pick(DERIVED_NICKNAMES[givenName], random) : pick(STREET_NICKNAMES, random);
    const aliases: string[] = [];
    if (random() < 0.2) {
      const kinds = 1 + (random() < 0.25 ? 1 : 0);
      for (let k = 0; k < kinds; k++) {
        const r = random();
        if (r < 0.4) aliases.push(`${misspell(givenName, random)}${familyName ? ` ${familyName}` : ''}`);
        else if (r < 0.75) aliases.push(`${givenName} ${family(random)}`);
        else aliases.push(pick(STREET_NICKNAMES, random));
      }
    }
    const outward = pick(OUTWARD, random);
    const postcode = `${outward} ${1 + Math.floor(random() * 9)}${String.fromCharCode(65 + Math.floor(random() * 26))}${String.fromCharCode(65 + Math.floor(random() * 26))}`;
    const address = `${1 + Math.floor(random() * 240)} ${pick(STREETS, random)} ${pick(STREET_KINDS, random)}, London`;
    const school = random() < 0.85 ? pick(schools, random) : null;
    const teamIndex = Math.floor(random() * teams.length);
    const leadIndex = random() < 0.9 ? Math.floor(random() * workers.length) : null;
    children.push({
      id: uuid(random),
      givenName,
      familyName,
      knownAs,
      dateOfBirth,
      approximateAge,
      gender,
      address,
      postcode,
      school,
      aliases,
      caseId: uuid(random),
      caseReference: `BEN-${String(i + 1).padStart(7, '0')}`,
      caseStatus: random() < 0.85 ? 'open' : 'closed',
      teamIndex,
      leadIndex,
    });
  }
  return { children, teams, workers, agencyId: uuid(random) };
}

/**
 * Writes the generated children, their aliases and cases (with the local authority, an agency, teams and
 * workers) in large batches: one INSERT ... SELECT FROM unnest(arrays) per batch. Works on PGlite and PostgreSQL.
 */
export async function loadChildren(db: Kysely<Database>, data: GeneratedData, batchSize = 10_000): Promise<void> {
  await db.insertInto('local_authorities').values({ id: BENCH_LOCAL_AUTHORITY, name: 'Benchmark Borough', profile_id: 'camden' }).onConflict((oc) => oc.column('id').doNothing()).execute();
  await db.insertInto('agencies').values({ id: data.agencyId, name: 'Benchmark Borough Children’s Services', kind: 'social-care', local_authority_id: BENCH_LOCAL_AUTHORITY }).execute();
  await db.insertInto('teams').values(data.teams.map((t) => ({ id: t.id, agency_id: data.agencyId, name: t.name, local_authority_id: BENCH_LOCAL_AUTHORITY }))).execute();
  await db
    .insertInto('users')
    .values(
      data.workers.map((w, i) => ({
        id: w.id,
        email: `worker${i}@bench.example`,
        display_name: w.name,
        agency_id: data.agencyId,
        team_id: data.teams[w.teamIndex]!.id,
        local_authority_id: BENCH_LOCAL_AUTHORITY,
        password_hash: 'not-a-real-hash',
      })),
    )
    .execute();

  for (let start = 0; start < data.children.length; start += batchSize) {
    const batch = data.children.slice(start, start + batchSize);
    const col = <T>(f: (c: GeneratedChild) => T) => batch.map(f);
    await sql`
      insert into children (id, local_authority_id, given_name, family_name, known_as, date_of_birth, approximate_age, gender,
                            address, postcode, school)
      select u.id, ${BENCH_LOCAL_AUTHORITY}, u.given_name, u.family_name, u.known_as, u.date_of_birth, u.approximate_age, u.gender,
             u.address, u.postcode, u.school
      from unnest(${col((c) => c.id)}::uuid[], ${col((c) => c.givenName)}::text[], ${col((c) => c.familyName)}::text[],
                  ${col((c) => c.knownAs)}::text[], ${col((c) => c.dateOfBirth)}::date[], ${col((c) => c.approximateAge)}::int[],
                  ${col((c) => c.gender)}::text[], ${col((c) => c.address)}::text[], ${col((c) => c.postcode)}::text[],
                  ${col((c) => c.school)}::text[])
        as u(id, given_name, family_name, known_as, date_of_birth, approximate_age, gender, address, postcode, school)`.execute(db);
    const aliasChild = batch.flatMap((c) => c.aliases.map(() => c.id));
    const aliasText = batch.flatMap((c) => c.aliases);
    if (aliasText.length > 0) {
      await sql`insert into child_aliases (child_id, alias) select * from unnest(${aliasChild}::uuid[], ${aliasText}::text[])`.execute(db);
    }
    await sql`
      insert into cases (id, reference, child_id, local_authority_id, status, stage, team_id, lead_professional_id)
      select u.id, u.reference, u.child_id, ${BENCH_LOCAL_AUTHORITY}, u.status, 'referral', u.team_id, u.lead_id
      from unnest(${col((c) => c.caseId)}::uuid[], ${col((c) => c.caseReference)}::text[], ${col((c) => c.id)}::uuid[],
                  ${col((c) => c.caseStatus)}::text[], ${col((c) => data.teams[c.teamIndex]!.id)}::uuid[],
                  ${col((c) => (c.leadIndex === null ? null : data.workers[c.leadIndex]!.id))}::uuid[])
        as u(id, reference, child_id, status, team_id, lead_id)`.execute(db);
  }
}
