/**
 * Opportunities (我的商机): moderation by 商务局 of the unit with a reason when refused, the poster's updates going back
 * to moderation, withdrawal; the feed that puts an enterprise's industry and unit first; interest, which shares the
 * contacts; every step's messages in the outbox; each refused actor.
 */
import type { Database } from '@qq/db/client';
import { outbox } from '@qq/db/schema/commerce';
import { createTestDatabase, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { makeCreditCode } from '@qq/kit';
import { asc, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import {
  enterpriseA,
  enterpriseB,
  enterpriseToken,
  inDays,
  insertOpportunity,
  JIAXIAN,
  staffToken,
  subgraphConnection,
  YEXIAN,
} from './factories.ts';
import { expectError, ok, runner, type Json } from './helpers.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
const run = runner(() => server);
const t = {} as Record<
  'a' | 'b' | 'c' | 'moderator' | 'moderatorJiaxian' | 'cityModerator' | 'ndrc' | 'analyst' | 'admin' | 'person',
  string
>;
const enterpriseC = makeCreditCode(YEXIAN, 777001);

beforeAll(async () => {
  db = await createTestDatabase();
  conn = await subgraphConnection(db);
  server = createServer({ db: await db.connectAs('commerce') });
  await server.start();
  t.a = await enterpriseToken(enterpriseA.creditCode, 'user-a');
  t.b = await enterpriseToken(enterpriseB.creditCode, 'user-b');
  t.c = await enterpriseToken(enterpriseC, 'user-c');
  t.moderator = await staffToken('mofcom', YEXIAN, 'mod-yexian');
  t.moderatorJiaxian = await staffToken('mofcom', JIAXIAN, 'mod-jiaxian');
  t.cityModerator = await staffToken('mofcom', '410400', 'mod-city');
  t.ndrc = await staffToken('ndrc', YEXIAN);
  t.analyst = await tokenFor({ sub: 'analyst', role: 'analyst' });
  t.admin = await tokenFor({ sub: 'admin', role: 'admin', county: '410400' });
  t.person = await tokenFor({ sub: 'person', role: 'person' });
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

/** The outbox rows of a topic about one subject, oldest first. */
async function messagesAbout(topic: string, id: string) {
  const rows = await conn
    .select()
    .from(outbox)
    .where(like(outbox.idempotencyKey, `${topic}:%`))
    .orderBy(asc(outbox.id));
  return rows.filter((m) => JSON.stringify(m.payload.data ?? {}).includes(id));
}

const FIELDS = `id status version reason reviewedAt publishedAt availableActions title`;
const SUBMIT = `mutation($input: SubmitOpportunityInput!) { submitOpportunity(input: $input) { ${FIELDS} expiresOn } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateOpportunityInput!) { updateOpportunity(id: $id, input: $input) { ${FIELDS}
  versions { version title } } }`;
const APPROVE = `mutation($id: ID!) { approveOpportunity(id: $id) { ${FIELDS} } }`;
const REJECT = `mutation($id: ID!, $r: String!) { rejectOpportunity(id: $id, reason: $r) { ${FIELDS} } }`;
const WITHDRAW = `mutation($id: ID!, $r: String) { withdrawOpportunity(id: $id, reason: $r) { ${FIELDS} } }`;
const INTEREST = `mutation($input: ExpressOpportunityInterestInput!) { expressOpportunityInterest(input: $input) {
  id message contactName contactPhone enterprise { creditCode } opportunity { id } } }`;
const VIEW = `query($id: ID!) { opportunity(id: $id) { id status contactName contactPhone interestCount
  myInterest { id } availableActions } }`;

const post = {
  kind: 'SUPPLY',
  title: '供应尼龙66工业丝',
  description: '年产尼龙66工业丝5000吨，质量稳定，可提供检测报告。',
  industryCode: 'C',
  contactName: '刘志强',
  contactPhone: '13912345678',
};

describe('moderation by 商务局 of the unit', () => {
  let id: string;

  it('takes a post into moderation and tells the unit’s moderators', async () => {
    const created = ok(await run(t.a, SUBMIT, { input: post })).submitOpportunity;
    id = created.id;
    expect(created).toMatchObject({ status: 'PENDING', version: 1, expiresOn: inDays(365) });
    expect(created.availableActions).toEqual(['UPDATE', 'WITHDRAW']);
    const [message] = await messagesAbout('opportunity.submitted', id);
    expect(message).toMatchObject({ channel: 'inbox', countyCode: YEXIAN });
    expect(message!.payload).toMatchObject({
      to: { dept: 'mofcom', county: YEXIAN },
      title: '待审核商机：供应尼龙66工业丝',
    });
    expect(ok(await run(t.moderator, VIEW, { id })).opportunity.availableActions).toEqual([
      'APPROVE',
      'REJECT',
      'WITHDRAW',
    ]);
    expect(ok(await run(t.moderatorJiaxian, VIEW, { id })).opportunity).toBeNull();
  });

  it('refuses moderation to everyone but 商务局 staff covering the post', async () => {
    const refused: Array<[string | undefined, string]> = [
      [undefined, 'UNAUTHENTICATED'],
      [t.a, 'FORBIDDEN'],
      [t.b, 'FORBIDDEN'],
      [t.person, 'FORBIDDEN'],
      [t.ndrc, 'FORBIDDEN'],
      [t.analyst, 'FORBIDDEN'],
      [t.admin, 'FORBIDDEN'],
      // The pending post is not visible outside its unit: as if it did not exist.
      [t.moderatorJiaxian, 'NOT_FOUND'],
    ];
    for (const [token, code] of refused) {
      expectError(await run(token, APPROVE, { id }), code);
      expectError(await run(token, REJECT, { id, r: '不符合要求' }), code);
    }
    expectError(await run(t.moderator, REJECT, { id, r: '否' }), 'BAD_USER_INPUT', 'reason');
  });

  it('refuses a post with the reason, which the poster is told by SMS and in the app', async () => {
    const rejected = ok(await run(t.moderator, REJECT, { id, r: '请补充产品规格和检测报告编号' })).rejectOpportunity;
    expect(rejected).toMatchObject({ status: 'REJECTED', reason: '请补充产品规格和检测报告编号', publishedAt: null });
    expect(rejected.reviewedAt).not.toBeNull();
    const told = await messagesAbout('opportunity.rejected', id);
    expect(told.map((m) => m.channel).sort()).toEqual(['inbox', 'sms']);
    expect(told.find((m) => m.channel === 'sms')!.payload).toMatchObject({
      phone: '13912345678',
      template: 'SMS_QQ_OPPORTUNITY_REJECTED',
    });
    expect(String(told[0]!.payload.text)).toContain('请补充产品规格和检测报告编号');
    expect(told.find((m) => m.channel === 'inbox')!.payload.to).toEqual({ enterprise: enterpriseA.creditCode });
    expectError(await run(t.moderator, APPROVE, { id }), 'CONFLICT');
    expect(ok(await run(t.a, VIEW, { id })).opportunity.availableActions).toEqual(['UPDATE', 'WITHDRAW']);
  });

  it('takes the poster’s update back to moderation as a new version; others may not update it', async () => {
    expectError(await run(t.b, UPDATE, { id, input: { title: '他人修改' } }), 'NOT_FOUND');
    expectError(await run(t.moderator, UPDATE, { id, input: { title: '商务局修改' } }), 'FORBIDDEN');
    expectError(await run(t.a, UPDATE, { id, input: { title: '短' } }), 'BAD_USER_INPUT', 'input.title');
    const updated = ok(
      await run(t.a, UPDATE, { id, input: { title: '供应尼龙66工业丝（附检测报告）', expiresOn: inDays(200) } }),
    ).updateOpportunity;
    expect(updated).toMatchObject({ status: 'PENDING', version: 2, reason: null });
    expect(updated.versions).toEqual([
      { version: 1, title: '供应尼龙66工业丝' },
      { version: 2, title: '供应尼龙66工业丝（附检测报告）' },
    ]);
    expect(await messagesAbout('opportunity.submitted', id)).toHaveLength(2);
  });

  it('publishes an approved post and tells the poster', async () => {
    const approved = ok(await run(t.cityModerator, APPROVE, { id })).approveOpportunity;
    expect(approved).toMatchObject({ status: 'PUBLISHED', version: 2 });
    expect(approved.publishedAt).not.toBeNull();
    const told = await messagesAbout('opportunity.approved', id);
    expect(told.map((m) => m.channel).sort()).toEqual(['inbox', 'sms']);
    expect(String(told[0]!.payload.text)).toContain(inDays(200));
    expect(ok(await run(undefined, `query($id: ID!) { opportunity(id: $id) { id } }`, { id })).opportunity).toEqual({
      id,
    });
    const events = ok(
      await run(t.a, `query($id: ID!) { opportunity(id: $id) { events { step toStatus note actor } } }`, { id }),
    ).opportunity.events;
    expect(events.map((e: Json) => e.step)).toEqual(['SUBMIT', 'REJECT', 'UPDATE', 'APPROVE']);
    // Accounts are for staff: the poster sees the steps, not who took them.
    expect(events.every((e: Json) => e.actor === null)).toBe(true);
    for (const [token, code] of [
      [undefined, 'UNAUTHENTICATED'],
      [t.b, 'FORBIDDEN'],
      [t.moderatorJiaxian, 'FORBIDDEN'],
    ] as const) {
      expectError(await run(token, `query($id: ID!) { opportunity(id: $id) { versions { version } } }`, { id }), code);
    }
  });

  it('lets 商务局 take a published post down only with a reason, which the poster is told', async () => {
    expectError(await run(t.moderatorJiaxian, WITHDRAW, { id, r: '不实信息' }), 'FORBIDDEN');
    expectError(await run(t.moderator, WITHDRAW, { id }), 'BAD_USER_INPUT', 'reason');
    const withdrawn = ok(await run(t.moderator, WITHDRAW, { id, r: '经核查信息不实' })).withdrawOpportunity;
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', reason: '经核查信息不实', availableActions: [] });
    expect((await messagesAbout('opportunity.withdrawn', id)).map((m) => m.channel).sort()).toEqual(['inbox', 'sms']);
    expect(ok(await run(undefined, `query($id: ID!) { opportunity(id: $id) { id } }`, { id })).opportunity).toBeNull();
    expectError(await run(t.a, WITHDRAW, { id }), 'CONFLICT');
  });

  it('lets the poster withdraw its own post without a reason and tells nobody', async () => {
    const own = await insertOpportunity(conn, { status: 'PENDING' });
    expect(ok(await run(t.a, WITHDRAW, { id: own.id })).withdrawOpportunity.status).toBe('WITHDRAWN');
    expect(await messagesAbout('opportunity.withdrawn', own.id)).toEqual([]);
  });

  it('does not approve a post past its last valid day', async () => {
    const late = await insertOpportunity(conn, { status: 'PENDING', expiresOn: '2025-01-01' });
    expectError(await run(t.moderator, APPROVE, { id: late.id }), 'CONFLICT');
    expectError(
      await run(t.a, UPDATE, { id: late.id, input: { title: '过期后修改标题' } }),
      'BAD_USER_INPUT',
      'input.expiresOn',
    );
    const renewed = ok(await run(t.a, UPDATE, { id: late.id, input: { expiresOn: inDays(30) } })).updateOpportunity;
    expect(renewed.status).toBe('PENDING');
    expect(ok(await run(t.moderator, APPROVE, { id: late.id })).approveOpportunity.status).toBe('PUBLISHED');
  });
});

describe('interest: contacts shared only between the poster and the interested', () => {
  let id: string;
  const input = (opportunityId: string) => ({
    opportunityId,
    message: '我司长期采购尼龙工业丝，希望洽谈年度供货。',
    contactName: '周海燕',
    contactPhone: '13700002222',
  });

  it('hides the poster’s contact from other enterprises until they express interest', async () => {
    id = (await insertOpportunity(conn, { title: '供应帘子布', contactPhone: '13812345678' })).id;
    const before = ok(await run(t.b, VIEW, { id })).opportunity;
    expect(before).toMatchObject({ contactName: null, contactPhone: null, interestCount: 0, myInterest: null });
    expect(ok(await run(t.a, VIEW, { id })).opportunity.contactPhone).toBe('13812345678');
  });

  it('refuses interest to the poster, persons, anonymous callers and in posts not published', async () => {
    expectError(await run(t.a, INTEREST, { input: input(id) }), 'FORBIDDEN');
    expectError(await run(t.person, INTEREST, { input: input(id) }), 'FORBIDDEN');
    expectError(await run(t.moderator, INTEREST, { input: input(id) }), 'FORBIDDEN');
    expectError(await run(undefined, INTEREST, { input: input(id) }), 'UNAUTHENTICATED');
    const pending = await insertOpportunity(conn, { status: 'PENDING' });
    expectError(await run(t.b, INTEREST, { input: input(pending.id) }), 'NOT_FOUND');
    const lapsed = await insertOpportunity(conn, { expiresOn: '2025-01-01' });
    expectError(await run(t.b, INTEREST, { input: input(lapsed.id) }), 'CONFLICT');
    expectError(
      await run(t.b, INTEREST, { input: { ...input(id), message: '好' } }),
      'BAD_USER_INPUT',
      'input.message',
    );
  });

  it('records the interest, tells the poster, and shares the contacts both ways', async () => {
    const interest = ok(await run(t.b, INTEREST, { input: input(id) })).expressOpportunityInterest;
    expect(interest).toMatchObject({
      contactName: '周海燕',
      enterprise: { creditCode: enterpriseB.creditCode },
      opportunity: { id },
    });
    const told = await messagesAbout('opportunity.interest', id);
    expect(told.map((m) => m.channel).sort()).toEqual(['inbox', 'sms']);
    expect(told.find((m) => m.channel === 'inbox')!.payload.to).toEqual({ enterprise: enterpriseA.creditCode });
    const after = ok(await run(t.b, VIEW, { id })).opportunity;
    expect(after).toMatchObject({ contactPhone: '13812345678', interestCount: 1, myInterest: { id: interest.id } });
    expectError(await run(t.b, INTEREST, { input: input(id) }), 'CONFLICT');
    // A third enterprise still gets nothing.
    expect(ok(await run(t.c, VIEW, { id })).opportunity.contactPhone).toBeNull();
  });

  it('shows the poster (and the unit’s 商务局) who is interested, with the contact', async () => {
    const q = `query($id: ID!) { opportunity(id: $id) { interests { totalCount nodes { message contactName contactPhone
      enterprise { creditCode } } } } }`;
    const poster = ok(await run(t.a, q, { id })).opportunity.interests;
    expect(poster).toEqual({
      totalCount: 1,
      nodes: [
        {
          message: '我司长期采购尼龙工业丝，希望洽谈年度供货。',
          contactName: '周海燕',
          contactPhone: '13700002222',
          enterprise: { creditCode: enterpriseB.creditCode },
        },
      ],
    });
    expect(ok(await run(t.moderator, q, { id })).opportunity.interests.totalCount).toBe(1);
    expect(ok(await run(t.analyst, q, { id })).opportunity.interests.nodes[0].contactPhone).toBe('137****2222');
    for (const [token, code] of [
      [t.b, 'FORBIDDEN'],
      [t.c, 'FORBIDDEN'],
      [t.moderatorJiaxian, 'FORBIDDEN'],
      [undefined, 'UNAUTHENTICATED'],
    ] as const) {
      const res = await run(token, q, { id });
      expectError(res, code);
      expect(res.data.opportunity.interests).toBeNull();
    }
  });
});

describe('the feed: an enterprise’s industry and unit first', () => {
  const FEED = `query($r: [_Any!]!, $after: String, $kind: OpportunityKind) { _entities(representations: $r) {
    ... on Enterprise { opportunityFeed(first: 3, after: $after, kind: $kind) { totalCount
      nodes { title industryCode county { code } } pageInfo { hasNextPage endCursor } } } } }`;
  const viewer = makeCreditCode('410481', 777002);

  it('orders current posts of others by match, then newest, and pages with cursors', async () => {
    const e = { enterpriseCode: makeCreditCode('410402', 777003) };
    await insertOpportunity(conn, { ...e, title: '同业异地旧', industryCode: 'M', countyCode: '410402' });
    await insertOpportunity(conn, { ...e, title: '同地异业', industryCode: 'H', countyCode: '410481' });
    await insertOpportunity(conn, { ...e, title: '同业同地', industryCode: 'M', countyCode: '410481' });
    await insertOpportunity(conn, { ...e, title: '同业异地新', industryCode: 'M', countyCode: '410402' });
    // Not in the feed: the viewer's own, a pending one, one past its last valid day.
    await insertOpportunity(conn, { enterpriseCode: viewer, title: '自己的', industryCode: 'M', countyCode: '410481' });
    await insertOpportunity(conn, {
      ...e,
      title: '待审核',
      industryCode: 'M',
      countyCode: '410481',
      status: 'PENDING',
    });
    await insertOpportunity(conn, {
      ...e,
      title: '已过期',
      industryCode: 'M',
      countyCode: '410481',
      expiresOn: '2025-01-02',
    });
    const r = [{ __typename: 'Enterprise', creditCode: viewer, industry: { code: 'M' }, county: { code: '410481' } }];
    const first = ok(await run(t.b, FEED, { r }))._entities[0].opportunityFeed;
    expect(first.nodes.map((n: Json) => n.title)).toEqual(['同业同地', '同业异地新', '同业异地旧']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = ok(await run(t.b, FEED, { r, after: first.pageInfo.endCursor }))._entities[0].opportunityFeed;
    expect(second.nodes[0].title).toBe('同地异业');
    const titles = new Set<string>();
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const page: Json = ok(await run(undefined, FEED, { r, after }))._entities[0].opportunityFeed;
      total = page.totalCount;
      for (const n of page.nodes) titles.add(n.title);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(titles.size).toBe(total);
    for (const excluded of ['自己的', '待审核', '已过期']) expect(titles.has(excluded)).toBe(false);
    const demand = ok(await run(undefined, FEED, { r, kind: 'DEMAND' }))._entities[0].opportunityFeed;
    expect(demand.totalCount).toBe(0);
    expectError(await run(undefined, FEED, { r, after: 'bm9wZQ' }), 'BAD_USER_INPUT', 'after');
  });
});
