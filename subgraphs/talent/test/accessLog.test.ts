import type { Database } from '@qq/db/client';
import { personalDataAccesses } from '@qq/db/schema/talent';
import { addDays, chinaDay } from '@qq/kit';
import { createTestDatabase, type TestDatabase } from '@qq/kit/testing';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import { A, makePosting, tokens, type Tokens } from './fixtures.ts';
import { ok, runner } from './helpers.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let t: Tokens;
let postingId: string;
const run = runner(() => server);
const logRows = () => conn.select().from(personalDataAccesses).orderBy(asc(personalDataAccesses.id));

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  t = await tokens();
  server = createServer({ db: await db.connectAs('talent') });
  await server.start();
  const posting = await makePosting(conn, {
    enterpriseCode: A.creditCode,
    countyCode: '410422',
    status: 'PUBLISHED',
    title: '数控车床操作工',
    expiresOn: addDays(chinaDay(new Date()), 30),
  });
  postingId = posting.id;
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('talent personal-data access log', () => {
  it("records a staff read of an applicant's unmasked phone once (not the applicant's own), and an admin reads it", async () => {
    const input = {
      jobPostingId: postingId,
      name: '王小明',
      phone: '13700001234',
      education: 'JUNIOR_COLLEGE',
      yearsOfExperience: 3,
      resume: '三年数控车床操作经验。',
    };
    const submitted = ok(
      await run(
        t.person,
        `mutation($input: SubmitJobApplicationInput!) { submitJobApplication(input: $input) { id phone } }`,
        { input },
      ),
    ).submitJobApplication as { id: string; phone: string };
    expect(submitted.phone).toBe('13700001234');
    expect(await logRows()).toHaveLength(0);

    const read = ok(
      await run(t.countyClerk, `query($id: ID!) { jobApplication(id: $id) { phone } }`, { id: submitted.id }),
    );
    expect(read.jobApplication.phone).toBe('13700001234');
    const rows = await logRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorSub: 'hrss-yexian',
      actorRole: 'staff',
      actorDept: 'hrss',
      entityType: 'JobApplication',
      entityKey: submitted.id,
      field: 'phone',
      countyCode: '410422',
    });

    const Q = `{ talentPersonalDataAccesses { totalCount nodes { subgraph actor entityType entityKey field } } }`;
    const log = ok(await run(t.admin, Q)).talentPersonalDataAccesses;
    expect(log.totalCount).toBe(1);
    expect(log.nodes[0]).toEqual({
      subgraph: 'talent',
      actor: 'hrss-yexian',
      entityType: 'JobApplication',
      entityKey: submitted.id,
      field: 'phone',
    });
    expect((await run(t.countyClerk, Q)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
