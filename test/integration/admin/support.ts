// Reading administration pages in tests: error summaries, table rows, hidden fields.
import type { Browserish, Response } from '../../support/http-client.ts';

export const NEW_PASSWORD = 'lantern meadow copper gravel';

/** The messages of the GOV.UK error summary, in order, with the field each links to. */
export function errorSummary(html: string): { href: string; text: string }[] {
  const list = /govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
  return [...list.matchAll(/<a href="([^"]+)">([^<]*)<\/a>/g)].map((m) => ({ href: m[1]!, text: decode(m[2]!.trim()) }));
}

export function decode(text: string): string {
  return text.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** How many elements carry data-qa="<name>". */
export function countQa(html: string, name: string): number {
  return html.split(`data-qa="${name}"`).length - 1;
}

/** The page from the first occurrence of marker on. */
export function textAfter(html: string, marker: string): string {
  const index = html.indexOf(marker);
  return index < 0 ? '' : html.slice(index);
}

export function hiddenValue(html: string, name: string): string | undefined {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
}

export function textOfQa(html: string, name: string): string {
  const match = new RegExp(`data-qa="${name}"[^>]*>([\\s\\S]*?)</`).exec(html);
  return decode((match?.[1] ?? '').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim());
}

export function idFromLocation(res: Response, prefix: string): string {
  const location = res.location ?? '';
  if (!location.startsWith(prefix)) throw new Error(`expected a redirect to ${prefix}…, got ${res.status} ${location}`);
  return location.slice(prefix.length).split(/[/?]/)[0]!;
}

export type NewUser = {
  displayName: string;
  email: string;
  jobTitle?: string;
  agencyId: string;
  teamId?: string;
  roles: string[];
  password?: string;
};

export function userForm(user: NewUser): Record<string, string | string[]> {
  return {
    displayName: user.displayName,
    email: user.email,
    jobTitle: user.jobTitle ?? '',
    agencyId: user.agencyId,
    teamId: user.teamId ?? '',
    roles: user.roles,
    password: user.password ?? NEW_PASSWORD,
  };
}

export async function createUser(admin: Browserish, user: NewUser): Promise<string> {
  const res = await admin.submit('/admin/users/new', '/admin/users', userForm(user));
  return idFromLocation(res, '/admin/users/');
}
