// Refusals and faults, shown as GOV.UK pages or as application/problem+json under /api.
import { randomUUID } from 'node:crypto';

export class HttpError extends Error {
  status: number;
  code: string;
  detail: string | undefined;
  constructor(status: number, code: string, message: string, detail?: string) {
    super(message);
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}

export const notFound = (what = 'Page') => new HttpError(404, 'not-found', `${what} not found`);
export const forbidden = (detail?: string) => new HttpError(403, 'forbidden', 'You do not have access to this page', detail);
export const badRequest = (detail: string) => new HttpError(400, 'bad-request', 'There is a problem with the request', detail);
export const conflict = (detail: string) => new HttpError(409, 'conflict', 'Someone else changed this record', detail);

export function errorReference(): string {
  // Short enough to read out over the phone to the service desk.
  return randomUUID().slice(0, 8).toUpperCase();
}

export type Problem = { type: string; title: string; status: number; detail?: string; instance?: string; errors?: { path: string; message: string }[] };

export function problem(status: number, code: string, title: string, detail?: string, extra: Partial<Problem> = {}): Problem {
  return { type: `https://harbour.invalid/problems/${code}`, title, status, ...(detail ? { detail } : {}), ...extra };
}
