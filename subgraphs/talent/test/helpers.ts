/** Running operations in the talent tests: one server per file, results typed loosely, error codes asserted. */
import { execute, type GraphQLResult } from '@qq/kit/testing';
import { expect } from 'vitest';
import type { createServer } from '../src/index.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export function runner(server: () => ReturnType<typeof createServer>) {
  return (
    token: string | undefined,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResult<Json>> => execute<Json>(server(), query, { token, variables });
}

/** The first error has this code (and field); the data is null or the field refused. */
export function expectError(res: GraphQLResult<Json>, code: string, field?: string): void {
  expect(res.errors?.[0]?.extensions, JSON.stringify(res.errors ?? res.data)).toMatchObject(
    field ? { code, field } : { code },
  );
}

/** No errors; the data. */
export function ok(res: GraphQLResult<Json>): Json {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
}
