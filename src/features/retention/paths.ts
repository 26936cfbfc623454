// Typed URL builders for the retention review and the schedule.
export const retentionPaths = {
  queue: () => '/retention',
  review: (reviewId: string) => `/retention/reviews/${reviewId}`,
  decide: (reviewId: string) => `/retention/reviews/${reviewId}/decision`,
  schedule: () => '/retention/schedule',
};
