/** Output helpers shared by the resolvers. */

/** An instant as ISO 8601 (UTC). */
export function iso(at: Date): string;
export function iso(at: Date | null): string | null;
export function iso(at: Date | null): string | null {
  return at ? at.toISOString() : null;
}
