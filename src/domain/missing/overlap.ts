// Two missing episodes of one child cannot overlap: a child is missing once at a time (bedford-luton Appendix 2
// records when they left and came back). An episode with no return runs until now and on.
export type EpisodeSpan = { id: string; leftAt: Date; returnedAt: Date | null };

/** Spans touching end to start (back at 10:00, gone again at 10:00) do not overlap. */
export function spansOverlap(a: Omit<EpisodeSpan, 'id'>, b: Omit<EpisodeSpan, 'id'>): boolean {
  const aEnd = a.returnedAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const bEnd = b.returnedAt?.getTime() ?? Number.POSITIVE_INFINITY;
  return a.leftAt.getTime() < bEnd && b.leftAt.getTime() < aEnd;
}

/** The first other episode the candidate overlaps (itself excluded by id), or null. */
export function overlappingEpisode(candidate: EpisodeSpan, others: readonly EpisodeSpan[]): EpisodeSpan | null {
  return others.find((o) => o.id !== candidate.id && spansOverlap(candidate, o)) ?? null;
}
