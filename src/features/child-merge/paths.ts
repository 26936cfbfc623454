// Typed URL builders for the duplicate-record pages.
import { duplicatesPaths } from '../duplicates/paths.ts';

export const paths = {
  duplicates: duplicatesPaths.duplicates,
  compare: (keptId: string, mergedId: string) => `/children/merge?${new URLSearchParams({ keep: keptId, merge: mergedId })}`,
  merge: () => '/children/merge',
  mergeRecord: (mergeId: string) => `/children/merges/${mergeId}`,
  undo: (mergeId: string) => `/children/merges/${mergeId}/undo`,
};
