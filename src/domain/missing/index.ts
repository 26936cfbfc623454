export {
  GOING_MISSING_SOURCE,
  MESSAGES,
  MISSING_FROM,
  MISSING_FROM_LABELS,
  MISSING_FROM_SHORT,
  RECORD_SOURCE,
  absenceLength,
  episodesInLast12Months,
  interviewRefusals,
  reportRefusals,
  returnRefusals,
  twelveMonthsBefore,
} from './episodes.ts';
export type { InterviewFacts, MissingFrom, MissingRefusal, ReportFacts, ReturnFacts } from './episodes.ts';
export { overlappingEpisode, spansOverlap } from './overlap.ts';
export type { EpisodeSpan } from './overlap.ts';
