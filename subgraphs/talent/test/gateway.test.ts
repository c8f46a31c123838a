/**
 * Through the real gateway over HTTP: a field the caller may be refused (a posting's history) is nullable, so a
 * person asking for it gets the posting with that field null and a FORBIDDEN error, not a null posting.
 */
import { tokenFor, createTestDatabase, type TestDatabase } from '@qq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type RunningPlatform } from '../../../tools/src/platform.ts';
import { A, makePosting, type PostingRow } from './fixtures.ts';

let db: TestDatabase;
let platform: RunningPlatform;
let posting: PostingRow;

beforeAll(async () => {
  db = await createTestDatabase();
  platform = await startPlatform({ handle: db, port: 0, subgraphPorts: 'random', seed: false });
  posting = await makePosting(db.connect(), {
    enterpriseCode: A.creditCode,
    countyCode: '410422',
    status: 'PUBLISHED',
    title: '数控车床操作工',
  });
});
afterAll(async () => {
  await platform?.stop();
  await db?.close();
});

async function gql(query: string, variables: Record<string, unknown>, token?: string) {
  const res = await fetch(platform.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as {
    data?: Record<string, unknown> | null;
    errors?: Array<{ path?: unknown[]; extensions?: Record<string, unknown> }>;
  };
}

describe('refused fields through the gateway', () => {
  it('gives a person the published posting with its history null and FORBIDDEN, not a null posting', async () => {
    const q = `query($id: ID!) { jobPosting(id: $id) { title events { action } } }`;
    const person = await gql(q, { id: posting.id }, await tokenFor({ sub: 'person-1', role: 'person' }));
    expect(person.data).toEqual({ jobPosting: { title: '数控车床操作工', events: null } });
    expect(person.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([['FORBIDDEN', ['jobPosting', 'events']]]);
    const anonymous = await gql(q, { id: posting.id });
    expect(anonymous.data).toEqual({ jobPosting: { title: '数控车床操作工', events: null } });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const owner = await gql(
      q,
      { id: posting.id },
      await tokenFor({ sub: 'a', role: 'enterprise', enterprise: A.creditCode }),
    );
    expect(owner).toEqual({ data: { jobPosting: { title: '数控车床操作工', events: [{ action: 'SUBMIT' }] } } });
  });
});
