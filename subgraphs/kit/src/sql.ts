/** SQL helpers the stores share. */

/** An ILIKE pattern matching values that contain `text` literally (`%`, `_` and `\` escaped). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}

/**
 * Whether an error (or one of its causes: drizzle wraps driver errors) is a unique-constraint violation (SQLSTATE
 * 23505), on PGlite and on postgres.js alike.
 */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}
