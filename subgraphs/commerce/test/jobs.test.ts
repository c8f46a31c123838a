/**
 * The scheduled checks, run with the kit's `runJobOnce` at a given instant: listings past their last valid day are
 * expired with an event and their keepers told, once; units are reminded once per version of what they have not
 * updated for 90 days.
 */
import type { Database } from '@qq/db/client';
import { jobRuns, outbox } from '@qq/db/schema/commerce';
import { runJobOnce } from '@qq/kit';
import { createTestDatabase, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { asc, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, expireListings, remindStaleListings } from '../src/index.ts';
import {
  enterpriseA,
  enterpriseToken,
  inDays,
  insertInstitution,
  insertOpportunity,
  insertPark,
  insertProduct,
  insertProject,
  staffToken,
  subgraphConnection,
  YEXIAN,
} from './factories.ts';
import { ok, runner, type Json } from './helpers.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
const run = runner(() => server);

beforeAll(async () => {
  db = await createTestDatabase();
  conn = await subgraphConnection(db);
  server = createServer({ db: await db.connectAs('commerce') });
  await server.start();
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

async function messages(prefix: string) {
  return conn
    .select()
    .from(outbox)
    .where(like(outbox.idempotencyKey, `${prefix}%`))
    .orderBy(asc(outbox.id));
}

describe('commerce.expireListings', () => {
  it('expires what is past its last valid day, records the step, tells the keepers, and does it once', async () => {
    const now = new Date();
    const yesterday = inDays(-1, now);
    const park = await insertPark(conn, { name: '到期园区', expiresOn: yesterday });
    const lastDay = await insertPark(conn, { name: '今天最后一天', expiresOn: inDays(0, now) });
    const project = await insertProject(conn, { expiresOn: yesterday, departmentCode: 'ndrc' });
    const opportunity = await insertOpportunity(conn, { expiresOn: yesterday });
    const pending = await insertOpportunity(conn, { expiresOn: yesterday, status: 'PENDING' });
    const bank = await insertInstitution(conn);
    const product = await insertProduct(conn, bank, { expiresOn: yesterday });

    const counts = `query($r: [_Any!]!) { _entities(representations: $r) { ... on County { currentOpportunityCount
      currentInvestmentProjectCount listingFigures { currentParks currentBankProducts } } } }`;
    const r = [{ __typename: 'County', code: YEXIAN }];
    // Past their day, they are no longer counted as current even before the job runs.
    const before = ok(await run(undefined, counts, { r }))._entities[0];
    expect(before).toEqual({
      currentOpportunityCount: 0,
      currentInvestmentProjectCount: 0,
      listingFigures: { currentParks: 1, currentBankProducts: 0 },
    });

    const outcome = await runJobOnce(conn, jobRuns, expireListings, now);
    expect(outcome).toMatchObject({
      ran: true,
      result: { park: 1, investmentProject: 1, opportunity: 1, bankProduct: 1 },
    });
    const q = `query($p: ID!, $l: ID!, $j: ID!, $o: ID!, $w: ID!, $b: ID!) {
      p: park(id: $p) { status availableActions events { step fromStatus toStatus actorRole note } }
      l: park(id: $l) { status }
      j: investmentProject(id: $j) { status }
      o: opportunity(id: $o) { status availableActions }
      w: opportunity(id: $w) { status }
      b: bankProduct(id: $b) { status } }`;
    const ids = { p: park.id, l: lastDay.id, j: project.id, o: opportunity.id, w: pending.id, b: product.id };
    const seen = ok(await run(await tokenFor({ sub: 'admin', role: 'admin', county: '410400' }), q, ids));
    expect(seen.p.status).toBe('EXPIRED');
    expect(seen.p.availableActions).toEqual([]);
    expect(seen.p.events.at(-1)).toEqual({
      step: 'EXPIRE',
      fromStatus: 'PUBLISHED',
      toStatus: 'EXPIRED',
      actorRole: 'system',
      note: `有效期至${yesterday}`,
    });
    expect([seen.l.status, seen.j.status, seen.o.status, seen.w.status, seen.b.status]).toEqual([
      'PUBLISHED',
      'EXPIRED',
      'EXPIRED',
      'PENDING',
      'EXPIRED',
    ]);
    // 发改委 of the county may publish the park again; the poster may renew its post (back to moderation).
    const keeper = await staffToken('ndrc', YEXIAN);
    const parkActions = `query($p: ID!) { park(id: $p) { availableActions } }`;
    expect(ok(await run(keeper, parkActions, { p: park.id })).park.availableActions).toEqual(['PUBLISH', 'UPDATE']);
    const poster = await enterpriseToken(enterpriseA.creditCode);
    const mine = ok(
      await run(poster, `query($o: ID!) { opportunity(id: $o) { availableActions } }`, { o: opportunity.id }),
    );
    expect(mine.opportunity.availableActions).toEqual(['UPDATE']);
    // No longer public, no longer counted.
    const anonymous = ok(await run(undefined, `query($o: ID!) { opportunity(id: $o) { id } }`, { o: opportunity.id }));
    expect(anonymous.opportunity).toBeNull();
    expect(ok(await run(undefined, counts, { r }))._entities[0]).toEqual(before);

    const told = await messages('listing.expired:');
    expect(told.map((m) => [m.payload.to, (m.payload.data as Json).kind])).toEqual([
      [{ dept: 'ndrc', county: YEXIAN }, 'park'],
      [{ dept: 'ndrc', county: YEXIAN }, 'investmentProject'],
      [{ enterprise: enterpriseA.creditCode }, 'opportunity'],
      [{ enterprise: bank.creditCode }, 'bankProduct'],
    ]);
    expect(String(told[0]!.payload.text)).toContain(`${yesterday}到期下架`);

    // The same slot again does nothing; a forced run (a slot of its own) finds nothing more to expire and tells nobody
    // twice. The same instant: an hour later may be the next day in China, when the park of "today" expires.
    expect((await runJobOnce(conn, jobRuns, expireListings, now)).ran).toBe(false);
    const later = await runJobOnce(conn, jobRuns, expireListings, now, { force: true });
    expect(later.result).toEqual({ park: 0, investmentProject: 0, opportunity: 0, bankProduct: 0 });
    expect(await messages('listing.expired:')).toHaveLength(4);
  });
});

describe('commerce.remindStaleListings', () => {
  it('reminds a unit once per version of a listing it has not updated for 90 days', async () => {
    const now = new Date();
    const old = new Date(now.getTime() - 120 * 86_400_000);
    const park = await insertPark(conn, { name: '久未更新园区', countyCode: '410423', revisedAt: old });
    await insertPark(conn, { name: '刚更新的园区', countyCode: '410423' });
    const first = await runJobOnce(conn, jobRuns, remindStaleListings, now);
    expect(first.result).toMatchObject({ park: 1 });
    const reminders = await messages(`listing.stale:inbox:park:${park.id}`);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.payload).toMatchObject({
      to: { dept: 'ndrc', county: '410423' },
      title: '产业园区超过90天未更新：久未更新园区',
    });
    // The next day: still stale, not reminded again.
    await runJobOnce(conn, jobRuns, remindStaleListings, new Date(now.getTime() + 86_400_000));
    expect(await messages(`listing.stale:inbox:park:${park.id}`)).toHaveLength(1);
    // Updated, then stale again 100 days later: a new version, a new reminder.
    const keeper = await staffToken('ndrc', '410423');
    ok(
      await run(keeper, `mutation($id: ID!) { updateIndustrialPark(id: $id, input: {}) { version } }`, { id: park.id }),
    );
    const hundredDaysOn = new Date(now.getTime() + 100 * 86_400_000);
    await runJobOnce(conn, jobRuns, remindStaleListings, hundredDaysOn);
    const again = await messages(`listing.stale:inbox:park:${park.id}`);
    expect(again.map((m) => m.idempotencyKey)).toEqual([
      `listing.stale:inbox:park:${park.id}:v1`,
      `listing.stale:inbox:park:${park.id}:v2`,
    ]);
  });
});
