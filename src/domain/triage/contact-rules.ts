// Rules for a contact (concern or referral) as it arrives: routing to a team, out-of-hours marking, and the
// child's age as reported.
import type { Profile } from '../profiles/schema.ts';
import type { Calendar } from '../clock/index.ts';
import { londonDateOf, toLondon } from '../clock/index.ts';
import { ageInYears } from '../risk/age-rules.ts';

export type Route = { teamId: string; teamLabel: string } | { teamId: null; teamLabel: null; reason: string };

/** Camden routes by the ward of the child's address (Appendix 2); other profiles by authority or to one team. */
export function routeContact(routing: Profile['routing'], input: { ward?: string | null | undefined; localAuthorityId: string }): Route {
  switch (routing.kind) {
    case 'single':
      return { teamId: routing.team.id, teamLabel: routing.team.label };
    case 'by-ward': {
      const ward = input.ward?.trim();
      const entry = ward ? Object.entries(routing.wards).find(([name]) => name.toLowerCase() === ward.toLowerCase()) : undefined;
      if (!entry) return { teamId: null, teamLabel: null, reason: ward ? `The ward “${ward}” is not in the procedure’s list: the duty worker chooses the team` : 'The ward is not known: the duty worker chooses the team' };
      const team = routing.teams.find((t) => t.id === entry[1])!;
      return { teamId: team.id, teamLabel: team.label };
    }
    case 'by-local-authority': {
      const teamId = routing.localAuthorities[input.localAuthorityId];
      const team = routing.teams.find((t) => t.id === teamId) ?? (routing.teams.length === 1 ? routing.teams[0] : undefined);
      return team ? { teamId: team.id, teamLabel: team.label } : { teamId: null, teamLabel: null, reason: 'The procedure does not name a team for this authority' };
    }
  }
}

/** Office hours are a Harbour setting (no procedure gives them): 09:00-17:00 London time on working days. */
export const OFFICE_HOURS = { startHour: 9, endHour: 17 } as const;

export function isOutOfHours(at: Date, calendar: Calendar): boolean {
  const local = toLondon(at);
  const date = londonDateOf(at);
  const weekday = new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay();
  if (weekday === 0 || weekday === 6 || calendar.isBankHoliday(date)) return true;
  return local.hour < OFFICE_HOURS.startHour || local.hour >= OFFICE_HOURS.endHour;
}

export type ChildAgeCheck = { ok: true; careLeaverFlag: boolean } | { ok: false; field: 'childDateOfBirth' | 'childApproximateAge'; message: string };

/** Children are under 18; care leavers are supported to 21 and flagged (PROCEDURES.md step 10). */
export function checkChildAge(input: { dateOfBirth?: string | undefined; approximateAge?: number | undefined; careLeaver: boolean; now: Date }): ChildAgeCheck {
  if (input.dateOfBirth) {
    if (input.dateOfBirth > londonDateOf(input.now)) return { ok: false, field: 'childDateOfBirth', message: 'Date of birth must be today or in the past' };
    const age = ageInYears(input.dateOfBirth, input.now);
    return ageLimit(age, input.careLeaver, 'childDateOfBirth');
  }
  if (input.approximateAge !== undefined) return ageLimit(input.approximateAge, input.careLeaver, 'childApproximateAge');
  return { ok: true, careLeaverFlag: false };
}

function ageLimit(age: number, careLeaver: boolean, field: 'childDateOfBirth' | 'childApproximateAge'): ChildAgeCheck {
  if (age >= 21) return { ok: false, field, message: 'Harbour is for children under 18, and care leavers up to 21: this person is 21 or over' };
  if (age >= 18 && !careLeaver) return { ok: false, field, message: 'The child must be under 18. If they are a care leaver aged 18 to 20, say so' };
  return { ok: true, careLeaverFlag: age >= 18 };
}
