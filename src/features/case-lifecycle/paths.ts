// Typed URL builders for closing, reopening and the at-18 review of a case.
export const lifecyclePath = (caseId: string) => `/cases/${caseId}/lifecycle`;
export const closePath = (caseId: string) => `/cases/${caseId}/close`;
export const reopenPath = (caseId: string) => `/cases/${caseId}/reopen`;
export const eighteenReviewPath = (caseId: string) => `/cases/${caseId}/eighteen-review`;

export const lifecyclePaths = { lifecycle: lifecyclePath, close: closePath, reopen: reopenPath, eighteenReview: eighteenReviewPath };
