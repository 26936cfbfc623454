// Which indicator catalogue each procedure uses (issue 5: "a profile selects the catalogue it uses").
import type { IndicatorSetId } from './catalogue.ts';

export const INDICATOR_SETS_BY_PROFILE: Record<string, { sets: IndicatorSetId[]; source: string }> = {
  camden: { sets: ['matrix', 'vulnerability', 'trafficking'], source: 'camden Part 2 §1-3' },
  'bedford-luton': { sets: ['matrix', 'vulnerability', 'checklist-13-15'], source: 'bedford-luton 3.13, 6, Appendix 1' },
  cambridgeshire: { sets: ['cambridgeshire', 'exploitation-models'], source: 'cambridgeshire 3' },
  // staffordshire and ird list no indicators of their own: Harbour offers the shared vulnerability factors.
  staffordshire: { sets: ['vulnerability'], source: 'bedford-luton 6 (shared list; staffordshire gives none)' },
  ird: { sets: ['vulnerability'], source: 'bedford-luton 6 (shared list; ird gives none)' },
};

export function indicatorSetsFor(profileId: string): IndicatorSetId[] {
  return INDICATOR_SETS_BY_PROFILE[profileId]?.sets ?? ['matrix'];
}
