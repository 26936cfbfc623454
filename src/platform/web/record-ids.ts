// Harbour's records are named by uuids. A route parameter that should name one but cannot (the right length of
// dashes, a reference, markup, NUL) names nothing: the answer is "not found", decided before the handler, so that no
// such value reaches the database, which would refuse it with an error (a 500) rather than find nothing.
import type { NextFunction, Request, Response } from 'express';
import { notFound } from './errors.ts';

/** A uuid's text, for patterns that embed one ('meeting:<id>'). */
export const RECORD_ID_TEXT = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
export const RECORD_ID = new RegExp(`^${RECORD_ID_TEXT}$`, 'i');

export const isRecordId = (value: unknown): value is string => typeof value === 'string' && RECORD_ID.test(value);

/** Parameters named like ids that are not uuids: a local authority's id is its code ('camden'). */
const NOT_UUID_PARAMETERS = new Set(['authorityId']);

/** The parameters of a route's path that name a record by its uuid: `:id` and every `:<something>Id`. */
export function recordIdParameters(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!).filter((name) => (name === 'id' || name.endsWith('Id')) && !NOT_UUID_PARAMETERS.has(name));
}

/** Middleware: "not found" for a request whose record parameters are not all ids (after the access check, so a refusal stays a refusal). */
export function requireRecordIds(path: string) {
  const names = recordIdParameters(path);
  return (req: Request, _res: Response, next: NextFunction) => {
    const bad = names.find((name) => !isRecordId(req.params[name]));
    if (bad) return next(notFound('Page'));
    next();
  };
}
