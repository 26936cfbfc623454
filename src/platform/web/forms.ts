// GOV.UK validation pattern: an error summary titled "There is a problem" whose messages link to their fields.
import type { z } from 'zod';

export type FieldErrors = Record<string, string>;
export type ErrorSummaryItem = { text: string; href: string };

export function fieldId(path: readonly PropertyKey[]): string {
  return path.map(String).join('-') || 'form';
}

export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const id = fieldId(issue.path);
    errors[id] ??= issue.message;
  }
  return errors;
}

export function errorSummary(errors: FieldErrors): ErrorSummaryItem[] {
  return Object.entries(errors).map(([id, text]) => ({ text, href: `#${id}` }));
}

/** Empty form fields arrive as ''. Treat them as absent so optional fields stay optional. */
export function blankToUndefined(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

export function asArray(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}
