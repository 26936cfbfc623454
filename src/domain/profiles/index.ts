export { PROFILE_IDS, isProfileId } from './ids.ts';
export type { ProfileId } from './ids.ts';
export { REFERRAL_CHANNELS, TIMESCALE_CONDITIONS, TIMESCALE_EVENTS } from './enums.ts';
export type { ReferralChannel, TimescaleCondition, TimescaleEvent } from './enums.ts';
export { durationSchema, isSilent, meetingTypeSchema, profileSchema, routingSchema, silentSchema, timescaleRuleSchema } from './schema.ts';
export type {
  ListItem,
  MeetingType,
  PlanType,
  Profile,
  RiskFramework,
  Routing,
  Silent,
  SourcedItem,
  Team,
  TimescaleRule,
  VocabularyTerm,
} from './schema.ts';
export { crossCheck, formatPath, parseProfile } from './parse.ts';
export type { ParseResult, PathSegment, Problem } from './parse.ts';
