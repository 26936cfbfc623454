// Typed URL builders for signing in and the account page (the second factor's are in second-factor-paths.ts).
export const accountPaths = {
  account: () => '/account',
  /** The sign-in page, saying why the person is there again when a reason is given (`timeout`, `locked`, `held`…). */
  signIn: (reason?: string) => (reason ? `/sign-in?reason=${reason}` : '/sign-in'),
};
