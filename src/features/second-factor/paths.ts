// The second factor's addresses, and the only ones a pending session may open (checked in src/platform/web/app.ts,
// where the session is loaded, so no route can forget it).
import type { PendingStep } from '../accounts/service.ts';

export const secondFactorPaths = {
  code: '/sign-in/second-factor',
  recoveryCode: '/sign-in/recovery-code',
  signInSetUp: '/sign-in/set-up-second-factor',
  signInSetUpStart: '/sign-in/set-up-second-factor/start',
  accountSetUp: '/account/second-factor/set-up',
  accountSetUpStart: '/account/second-factor/set-up/start',
  turnOff: '/account/second-factor/turn-off',
  recoveryCodes: '/account/second-factor/recovery-codes',
} as const;

const SIGN_OUT = ['/sign-out', '/signed-out'];

const ALLOWED: Record<PendingStep, ReadonlySet<string>> = {
  'second-factor': new Set([secondFactorPaths.code, secondFactorPaths.recoveryCode, ...SIGN_OUT]),
  enrolment: new Set([secondFactorPaths.signInSetUp, secondFactorPaths.signInSetUpStart, ...SIGN_OUT]),
};

export const pendingStepPath = (step: PendingStep) => (step === 'second-factor' ? secondFactorPaths.code : secondFactorPaths.signInSetUp);

export const pendingStepAllows = (step: PendingStep, path: string) => ALLOWED[step].has(path);

/** Carries the page asked for through the second-factor step; the default (home) is left out of the address. */
export function withReturnTo(path: string, returnTo: string): string {
  return returnTo === '/' ? path : `${path}?returnTo=${encodeURIComponent(returnTo)}`;
}
