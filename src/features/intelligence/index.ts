// What the intelligence feature offers other features: disruption actions counted per perpetrator (for the
// board statistics) and the entries a case note or observation mentions (for their pages).
export { disruptionCountsByPerson } from './disruption-counts.ts';
export type { DisruptionCount, DisruptionCountOptions } from './disruption-counts.ts';
export { entityMentions, MENTION_RECORD_TYPES } from './mentions.ts';
export type { MentionRecordType } from './mentions.ts';
