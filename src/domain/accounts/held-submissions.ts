// A form sent after its session timed out is kept for its owner, so that what they typed is not lost
// (docs/decisions/0010-nothing-lost-to-a-time-out.md). These are the rules with no database in them: how long it is
// kept, which requests may be kept at all, and how the page that gives it back names where it was going and what
// each value was.

export const HELD_SUBMISSION_HOURS = 24;

/** A urlencoded form body as Express reads it (extended: false): every value a string, or strings for a repeated name. */
export type HeldFields = Record<string, string | string[]>;

export const heldUntil = (heldAt: Date): Date => new Date(heldAt.getTime() + HELD_SUBMISSION_HOURS * 3_600_000);

/** Still there to be sent: not yet sent or discarded, and inside its 24 hours. */
export const isHeldLive = (held: { expiresAt: Date; usedAt: Date | null }, now: Date): boolean => held.usedAt === null && held.expiresAt > now;

/** The CSRF token, and the marker the held page adds to say which kept form it is sending, are never part of what was typed. */
const CONTROL_FIELDS = new Set(['_csrf', '_held']);

/**
 * Signing in and out, the session itself, the held page and the person's own account (passwords, second factor,
 * API tokens) are never kept: after a time-out they are either meaningless or secrets that must not be stored.
 */
const NEVER_KEPT = [/^\/sign-in(\/|$)/, /^\/sign-out$/, /^\/signed-out$/, /^\/session(\/|$)/, /^\/held-submissions(\/|$)/, /^\/account(\/|$)/, /^\/api(\/|$)/];

/** A password is never written to the database in the clear, whatever form it came from (an administrator setting one, say). */
const SECRET_FIELD = /password/i;

/** A path inside Harbour: one leading slash, printable ASCII, no query string or fragment, not too long to store. */
export const isInternalPath = (path: string): boolean => path.length <= 500 && /^\/(?![/\\])[\x21-\x7e]*$/.test(path) && !/[?#\\]/.test(path);

/** The fields worth keeping from a posted body, or null when it is not a plain form (nothing is kept then). */
export function keptFields(body: unknown): HeldFields | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const fields: HeldFields = {};
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (CONTROL_FIELDS.has(name)) continue;
    if (typeof value === 'string') fields[name] = value;
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) fields[name] = value as string[];
    else return null;
  }
  return fields;
}

/**
 * The path as Express matches it to a route: letter case ignored and one trailing slash optional (the router's
 * defaults), so "/Account/api-tokens/" is the account page as surely as "/account/api-tokens" is.
 */
export const routedPath = (path: string): string => (path.length > 1 ? path.replace(/\/$/, '') : path).toLowerCase();

export function mayHold(path: string, fields: HeldFields): boolean {
  if (!isInternalPath(path) || NEVER_KEPT.some((pattern) => pattern.test(routedPath(path)))) return false;
  const names = Object.keys(fields);
  return names.length > 0 && !names.some((name) => SECRET_FIELD.test(name));
}

/** Version numbers, idempotency keys and the like travel with the form when it is sent, but mean nothing to read. */
const TECHNICAL_FIELD = /^(_.*|idempotencyKey|formStartedAt|returnTo|version|[a-z]+Version)$/;

export const isShownField = (name: string): boolean => !TECHNICAL_FIELD.test(name);

/** "contactDate" → "Contact date", "shared_with" → "Shared with": a field's name, read as words. */
export function fieldLabel(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : name;
}

const ID = '[^/]+';
/** What a form on a child's case is, by the rest of its path after /cases/:caseId/. */
const CASE_FORMS: [RegExp, string][] = [
  [/^notes$/, 'a case note'],
  [new RegExp(`^notes/${ID}$`), 'a change to a case note'],
  [/^chronology$/, 'a significant event in the chronology'],
  [/^chronology\/export$/, 'an export of the chronology'],
  [/^plans$/, 'a plan'],
  [new RegExp(`^plans/${ID}$`), 'a new version of a plan'],
  [new RegExp(`^plans/${ID}/actions$`), 'an action in a plan'],
  [new RegExp(`^plans/${ID}/actions/${ID}/complete$`), 'completing an action'],
  [new RegExp(`^plans/${ID}/reviews$`), 'a review of a plan'],
  [/^risk\/observations$/, 'a risk observation'],
  [new RegExp(`^risk/observations/${ID}/share$`), 'sharing a risk observation'],
  [/^risk\/nrm$/, 'a National Referral Mechanism consideration'],
  [/^risk\/links$/, 'a link to another child'],
  [/^risk\/referral$/, 'a CSE referral'],
  [new RegExp(`^risk/referrals/${ID}/decision$`), 'a decision on a CSE referral'],
  [/^risk\/category$/, 'a category decision'],
  [/^missing\/new$/, 'a missing report'],
  [new RegExp(`^missing/${ID}/return$`), 'a return from missing'],
  [new RegExp(`^missing/${ID}/interview$`), 'a return interview'],
  [/^meetings$/, 'a meeting'],
  [new RegExp(`^meetings/${ID}/record$`), 'a meeting record'],
  [new RegExp(`^meetings/${ID}/`), 'a meeting'],
  [/^section-47$/, 'a section 47 enquiry outcome'],
  [new RegExp(`^actions/${ID}/complete$`), 'completing an action'],
  [/^network\//, 'a change to the professional network'],
  [/^break-glass$/, 'break-glass access to the case'],
];

const OTHER_FORMS: [RegExp, string][] = [
  [/^\/concerns$/, 'a concern'],
  [/^\/report-a-concern$/, 'a concern'],
  [/^\/referrals$/, 'a referral'],
  [new RegExp(`^/front-door/contacts/${ID}/identify$`), 'identifying the child in a contact'],
  [new RegExp(`^/front-door/contacts/${ID}/decision$`), 'a front door decision'],
];

export type Destination = { caseId: string | null; what: string | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Which case (if any) a path belongs to, and what kind of record its form makes, where Harbour knows. */
export function destinationOf(path: string): Destination {
  const onCase = /^\/cases\/([^/]+)\/(.+)$/.exec(path);
  if (onCase && UUID.test(onCase[1]!)) {
    const rest = onCase[2]!;
    return { caseId: onCase[1]!.toLowerCase(), what: CASE_FORMS.find(([pattern]) => pattern.test(rest))?.[1] ?? null };
  }
  return { caseId: null, what: OTHER_FORMS.find(([pattern]) => pattern.test(path))?.[1] ?? null };
}

/**
 * Where it was going, in words: "a case note on CSE-0003". The case reference is given only when the caller has
 * checked the person may still see the case; without it, "a case note on a child’s case". A path Harbour has no
 * words for is named as it is.
 */
export function destinationLabel(path: string, caseReference: string | null = null): string {
  const { caseId, what } = destinationOf(path);
  if (caseId) return `${what ?? 'a record'} on ${caseReference ?? 'a child’s case'}`;
  return what ?? `the page ${path}`;
}
