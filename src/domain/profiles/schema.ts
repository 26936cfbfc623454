/**
 * The procedure profile schema: one local procedure document made executable.
 *
 * Conventions:
 * - Every fact taken from the document carries `source`, written "<profile id> <paragraph>", e.g.
 *   'camden Part 3 §3.3' or 'bedford-luton 7.14' (parse.ts checks the prefix).
 * - Where the document says nothing about something Harbour needs, the profile says so with
 *   `{ "silent": true, "note": "..." }` instead of inventing content. A timescale with no number
 *   has `duration: null` and either `silent: true` or `qualitative` (the document's own words).
 * - `warningHours` is a Harbour operating setting (when a clock shows "due soon"), not a fact from
 *   the document.
 */

import { z } from 'zod';
import { DURATION_UNITS } from '../clock/due.ts';
import { REFERRAL_CHANNELS, TIMESCALE_CONDITIONS, TIMESCALE_EVENTS } from './enums.ts';
import { PROFILE_IDS } from './ids.ts';

const text = z.string().min(1, 'must not be empty');
const slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a lower-case kebab-case id (letters, digits, single hyphens)');
const sourceRef = z.string().min(1, 'source must not be empty');

/** "The document is silent on this." */
export const silentSchema = z.strictObject({
  silent: z.literal(true),
  note: text,
  /** Where the document comes closest (optional). */
  source: sourceRef.optional(),
});
export type Silent = z.infer<typeof silentSchema>;

/**
 * Either the real thing or an explicit statement of silence. The silent branch is always first;
 * parse.ts relies on that to report the errors of the branch the author meant.
 */
export function silentOr<T extends z.ZodType>(schema: T) {
  return z.union([silentSchema, schema]);
}

export function isSilent(value: unknown): value is Silent {
  return typeof value === 'object' && value !== null && (value as { silent?: unknown }).silent === true;
}

export const durationSchema = z.strictObject({
  amount: z.number().int('must be a whole number').positive('must be greater than 0'),
  unit: z.enum(DURATION_UNITS),
});

const vocabularyTermSchema = silentOr(
  z.strictObject({ label: text, source: sourceRef, note: text.optional() }),
);
export type VocabularyTerm = z.infer<typeof vocabularyTermSchema>;

const sourcedItemSchema = z.strictObject({
  id: slug,
  label: text,
  source: sourceRef,
  note: text.optional(),
});
export type SourcedItem = z.infer<typeof sourcedItemSchema>;

const localAuthoritySchema = z.strictObject({ id: slug, name: text });

const referralSchema = z.strictObject({
  channels: silentOr(
    z.strictObject({
      allowed: z.array(z.enum(REFERRAL_CHANNELS)).min(1),
      source: sourceRef,
      note: text.optional(),
    }),
  ),
  minimumContent: silentOr(z.strictObject({ items: z.array(sourcedItemSchema).min(1), note: text.optional() })),
  /** Who may refer a case to the CSE lead / coordinator. */
  cseReferrers: silentOr(
    z.strictObject({
      roles: z.array(z.strictObject({ id: slug, label: text })).min(1),
      source: sourceRef,
      note: text.optional(),
    }),
  ),
});

const teamSchema = z.strictObject({ id: slug, label: text, note: text.optional() });
export type Team = z.infer<typeof teamSchema>;

export const routingSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('single'), team: teamSchema, source: sourceRef, note: text.optional() }),
  z.strictObject({
    kind: z.literal('by-ward'),
    teams: z.array(teamSchema).min(2),
    /** Ward name (as the document spells it, corrected only for obvious typing errors) -> team id. */
    wards: z.record(text, slug),
    source: sourceRef,
    note: text.optional(),
  }),
  z.strictObject({
    kind: z.literal('by-local-authority'),
    teams: z.array(teamSchema).min(1),
    /** Local authority id -> team id. */
    localAuthorities: z.record(slug, slug),
    source: sourceRef,
    note: text.optional(),
  }),
]);
export type Routing = z.infer<typeof routingSchema>;

export const timescaleRuleSchema = z
  .strictObject({
    id: slug,
    label: text,
    startsOn: z.enum(TIMESCALE_EVENTS),
    stopsOn: z.enum(TIMESCALE_EVENTS),
    condition: z.enum(TIMESCALE_CONDITIONS).optional(),
    /** null when the document gives no number: then `silent` or `qualitative` says why. */
    duration: durationSchema.nullable(),
    warningHours: z.number().nonnegative().optional(),
    /** The document's own words about timing when it gives no number ("prompt", "immediately"). */
    qualitative: text.optional(),
    silent: z.literal(true).optional(),
    note: text.optional(),
    /** Required unless `silent: true`. */
    source: sourceRef.optional(),
  })
  .superRefine((rule, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (rule.duration !== null) {
      if (rule.silent) issue('silent', 'a rule with a duration cannot be silent');
      if (rule.warningHours === undefined) issue('warningHours', 'required when the rule has a duration');
      if (rule.source === undefined) issue('source', 'required: say which paragraph gives this timescale');
    } else {
      if (rule.warningHours !== undefined) issue('warningHours', 'only allowed when the rule has a duration');
      if (rule.silent && rule.qualitative !== undefined) {
        issue('qualitative', 'a silent rule cannot also have qualitative wording');
      }
      if (!rule.silent && rule.qualitative === undefined) {
        issue('duration', 'is null: set "silent": true (with a note) or give the document\'s "qualitative" wording');
      }
      if (rule.silent && rule.note === undefined) issue('note', 'required when silent: say what the document does say');
      if (!rule.silent && rule.source === undefined) issue('source', 'required: say which paragraph gives this wording');
    }
  });
export type TimescaleRule = z.infer<typeof timescaleRuleSchema>;

const listItemSchema = z.strictObject({
  id: slug,
  label: text,
  /** Only where the item comes from a different paragraph from its meeting's `source`. */
  source: sourceRef.optional(),
  note: text.optional(),
});
export type ListItem = z.infer<typeof listItemSchema>;

const inviteeSchema = z.strictObject({
  role: slug,
  label: text,
  source: sourceRef.optional(),
  note: text.optional(),
});

export const meetingTypeSchema = z
  .strictObject({
    id: slug,
    label: text,
    source: sourceRef,
    chair: silentOr(z.strictObject({ label: text, source: sourceRef })),
    invitees: z.array(inviteeSchema),
    purposes: z.array(listItemSchema),
    outcomes: z.array(listItemSchema),
    /** Criteria for deciding whether the child and family attend. */
    attendanceCriteria: z
      .strictObject({ items: z.array(z.strictObject({ id: slug, label: text })).min(1), source: sourceRef })
      .optional(),
    note: text.optional(),
  })
  .superRefine((meeting, ctx) => {
    for (const list of ['invitees', 'purposes', 'outcomes'] as const) {
      if (meeting[list].length === 0 && meeting.note === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [list],
          message: 'is empty: add a "note" saying the document is silent on it',
        });
      }
    }
  });
export type MeetingType = z.infer<typeof meetingTypeSchema>;

const riskLevelSchema = z.literal([1, 2, 3]);

const planTypeSchema = z.strictObject({
  id: slug,
  label: text,
  source: sourceRef,
  /** The risk categories the plan is for, where the document ties it to categories. */
  categories: z.array(riskLevelSchema).min(1).optional(),
  note: text.optional(),
});
export type PlanType = z.infer<typeof planTypeSchema>;

const riskFrameworkSchema = silentOr(
  z.strictObject({
    id: slug,
    source: sourceRef,
    categories: z
      .array(
        z.strictObject({
          level: riskLevelSchema,
          label: text,
          description: text,
          intervention: text.optional(),
          source: sourceRef.optional(),
        }),
      )
      .length(3),
    /** Indicator domains of the matrix, if the document has one. */
    domains: z.array(z.strictObject({ id: slug, label: text })).optional(),
    note: text.optional(),
  }),
);
export type RiskFramework = z.infer<typeof riskFrameworkSchema>;

const decisionListSchema = silentOr(z.strictObject({ items: z.array(sourcedItemSchema).min(1), note: text.optional() }));

export const profileSchema = z.strictObject({
  id: z.enum(PROFILE_IDS),
  board: text,
  boardNote: text.optional(),
  documentTitle: text,
  /** The seed document this profile encodes (file name in shared/seeds). */
  seedFile: z.string().regex(/^\d{3}_[0-9a-f]{16}\.txt$/, 'must be a seed file name like 000_0123456789abcdef.txt'),
  /** Year of the document; null when undated (then yearNote explains). */
  year: z.number().int().min(1989).max(2100).nullable(),
  yearNote: text.optional(),
  localAuthorities: z.array(localAuthoritySchema),
  vocabulary: z.strictObject({
    frontDoorTeam: vocabularyTermSchema,
    outOfHoursTeam: vocabularyTermSchema,
    cseLeadRole: vocabularyTermSchema,
    /** What the document calls the multi-agency CSE meeting (e.g. 'CATSE meeting'). */
    cseMeetingName: vocabularyTermSchema,
  }),
  referral: referralSchema,
  routing: routingSchema,
  timescales: z.array(timescaleRuleSchema).min(1),
  meetingTypes: z.array(meetingTypeSchema).min(1),
  planTypes: z.array(planTypeSchema).min(1),
  riskFramework: riskFrameworkSchema,
  decisions: z.strictObject({
    /** What the front door may decide on a referral. */
    triage: decisionListSchema,
    /** How a Section 47 enquiry is concluded. */
    section47Outcomes: decisionListSchema,
  }),
  /** Profile-level remarks: ambiguities in the document and how the profile reads them. */
  notes: z.array(text).optional(),
  /**
   * When a pattern-of-targeting alert is raised (issue 12): this many children linked to one register entry within
   * this many months. Absent: Harbour's default (DEFAULT_ALERT_THRESHOLD in src/domain/intelligence).
   */
  intelligenceAlert: z.strictObject({ children: z.number().int().min(2).max(20), withinMonths: z.number().int().min(1).max(36) }).optional(),
});

export type Profile = z.infer<typeof profileSchema>;
