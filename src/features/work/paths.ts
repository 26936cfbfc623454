// Typed URL builders for the work lists and marking notifications read.
export const workPaths = {
  team: () => '/work/team',
  cse: () => '/work/cse',
  markRead: (notificationId: string) => `/notifications/${notificationId}/read`,
  markAllRead: () => '/notifications/read-all',
};
