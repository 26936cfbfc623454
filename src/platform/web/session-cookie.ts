// The session cookie: its name, and how it is set (signed with the session secret, httpOnly, same-site lax), read
// and cleared. Signing in (src/features/accounts) sets it; the session loader (app.ts) reads and clears it.
import type { Request, Response } from 'express';
import { parseCookies, sign, unsign } from './cookies.ts';

export const SESSION_COOKIE = 'harbour_session';

export function setSessionCookie(res: Response, secret: string, token: string, secure: boolean) {
  res.cookie(SESSION_COOKIE, sign(secret, token), { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}

/** The session token the request carries, or null when it carries none or one not signed with `secret`. */
export function sessionTokenOf(req: Request, secret: string): string | null {
  return unsign(secret, parseCookies(req.headers.cookie)[SESSION_COOKIE]);
}

export function clearSessionCookie(res: Response) {
  res.clearCookie(SESSION_COOKIE, { path: '/' });
}
