// Expected refusals are values with stable codes and plain messages that the page shows as they are.

export type Refusal<Code extends string = string> = { ok: false; code: Code; field: string; message: string };

export function refuse<Code extends string>(code: Code, field: string, message: string): Refusal<Code> {
  return { ok: false, code, field, message };
}

/** PostgreSQL (and PGlite) report a unique-index violation as SQLSTATE 23505, naming the index. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: unknown; constraint?: unknown } | null;
  return e?.code === '23505' && e.constraint === constraint;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}
