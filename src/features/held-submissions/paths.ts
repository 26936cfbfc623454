// Typed URL builders for a form kept after a time-out.
export const heldSubmissionPaths = {
  held: (heldId: string) => `/held-submissions/${heldId}`,
  discard: (heldId: string) => `/held-submissions/${heldId}/discard`,
};
