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

