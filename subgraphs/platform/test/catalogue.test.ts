/** The service catalogue (事项清单) through GraphQL: publishing with history, bigram search, and refusals per role. */
import { seedReference } from '@qq/db/seed/platform';
import { seedServices } from '@qq/db/seed/services';
import { demoEnterprises } from '@qq/db/seed';
import { createTestDatabase, execute, tokenFor, type GraphQLResult, type TestDatabase } from '@qq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';

let db: TestDatabase;
let server: ReturnType<typeof createServer>;
const t = {} as Record<
  'mofcomCity' | 'mofcomYexian' | 'hrssCity' | 'bigdataCity' | 'enterprise' | 'analyst' | 'admin' | 'adminJiaxian',
  string
>;

const FIELDS = `id name category status version timeLimitDays fees materials issuesLicence publishedAt withdrawReason
  department { code shortName } county { code name } whereToApply { onlineUrl officeAddress officeHours }
  availableActions`;

const input = (over: Record<string, unknown> = {}) => ({
  name: '跨境电商企业备案',
  category: 'TRADE',
  conditions: '从事跨境电子商务零售进出口业务的境内企业。',
  materials: ['备案登记表', '营业执照'],
  timeLimitDays: 5,
  fees: '不收费',
  whereToApply: {
    onlineUrl: 'https://pds.hnzwfw.gov.cn/',
    officeAddress: '市民服务中心三楼商务窗口',
    officeHours: '工作日',
  },
  ...over,
});

function run<T = Record<string, unknown>>(token: string | undefined, query: string, variables?: object) {
  return execute<T>(server, query, { token, variables: variables as Record<string, unknown> });
}

const codeOf = (res: GraphQLResult) => res.errors?.[0]?.extensions?.code;

type S = { id: string; status: string; version: number; availableActions: string[] } & Record<string, unknown>;

async function create(token: string, over: Record<string, unknown> = {}, unit: Record<string, unknown> = {}) {
  const res = await run<{ createService: S }>(
    token,
    `mutation($input: CreateServiceInput!) { createService(input: $input) { ${FIELDS} } }`,
    { input: { service: input(over), ...unit } },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.createService;
}

const step = (token: string | undefined, name: string, id: string, extra = '') =>
  run<Record<string, S>>(token, `mutation($id: ID!) { ${name}(id: $id${extra}) { ${FIELDS} } }`, { id });

const lookup = (token: string | undefined, id: string) =>
  run<{ service: S | null }>(token, `query($id: ID!) { service(id: $id) { ${FIELDS} } }`, { id });

beforeAll(async () => {
  db = await createTestDatabase();
  await seedReference(db.connect());
  server = createServer({ db: await db.connectAs('platform') });
  await server.start();
  t.mofcomCity = await tokenFor({ sub: 'mofcom-city', role: 'staff', dept: 'mofcom', county: '410400' });
  t.mofcomYexian = await tokenFor({ sub: 'mofcom-yexian', role: 'staff', dept: 'mofcom', county: '410422' });
  t.hrssCity = await tokenFor({ sub: 'hrss-city', role: 'staff', dept: 'hrss', county: '410400' });
  t.bigdataCity = await tokenFor({ sub: 'bigdata-city', role: 'staff', dept: 'bigdata', county: '410400' });
  t.enterprise = await tokenFor({ sub: 'ent-1', role: 'enterprise', enterprise: demoEnterprises(1)[0]!.creditCode });
  t.analyst = await tokenFor({ sub: 'analyst-1', role: 'analyst' });
  t.admin = await tokenFor({ sub: 'admin-1', role: 'admin', county: '410400' });
  t.adminJiaxian = await tokenFor({ sub: 'admin-2', role: 'admin', county: '410425' });
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('publishing a catalogue entry', () => {
  it('drafts, publishes, updates as a new version, withdraws with a reason and publishes again', async () => {
    const draft = await create(t.mofcomCity);
    expect(draft).toMatchObject({
      status: 'DRAFT',
      version: 1,
      department: { code: 'mofcom' },
      county: { code: '410400' },
      publishedAt: null,
      availableActions: ['PUBLISH', 'UPDATE', 'WITHDRAW'],
    });
    // A draft is the keeper's: anonymous callers, enterprises and other departments find nothing.
    for (const token of [undefined, t.enterprise, t.hrssCity]) {
      expect((await lookup(token, draft.id)).data?.service).toBeNull();
    }
    expect((await lookup(t.bigdataCity, draft.id)).data?.service?.availableActions).toEqual([
      'PUBLISH',
      'UPDATE',
      'WITHDRAW',
    ]);

    const published = (await step(t.mofcomCity, 'publishService', draft.id)).data!.publishService!;
    expect(published.status).toBe('PUBLISHED');
    expect(published.publishedAt).not.toBeNull();
    const seen = await lookup(undefined, draft.id);
    expect(seen.data?.service).toMatchObject({ name: '跨境电商企业备案', status: 'PUBLISHED', availableActions: [] });

    const updated = await run<{ updateService: S }>(
      t.mofcomCity,
      `mutation($id: ID!, $input: ServiceInput!) { updateService(id: $id, input: $input) { ${FIELDS} } }`,
      { id: draft.id, input: input({ timeLimitDays: 3, fees: '不收费（告知承诺制）' }) },
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updateService).toMatchObject({ status: 'PUBLISHED', version: 2, timeLimitDays: 3 });

    const withdrawn = await step(t.mofcomCity, 'withdrawService', draft.id, ', reason: "办事指南调整"');
    expect(withdrawn.data!.withdrawService).toMatchObject({ status: 'WITHDRAWN', withdrawReason: '办事指南调整' });
    expect((await lookup(undefined, draft.id)).data?.service).toBeNull();
    const again = await step(t.mofcomCity, 'publishService', draft.id);
    expect(again.data!.publishService).toMatchObject({ status: 'PUBLISHED', withdrawReason: null });

    const history = await run<{ service: { versions: unknown[]; events: unknown[] } }>(
      t.mofcomCity,
      `query($id: ID!) { service(id: $id) {
        versions { version savedBy timeLimitDays fees }
        events { action fromStatus toStatus actor note } } }`,
      { id: draft.id },
    );
    expect(history.data!.service.versions).toEqual([
      { version: 1, savedBy: 'mofcom-city', timeLimitDays: 5, fees: '不收费' },
      { version: 2, savedBy: 'mofcom-city', timeLimitDays: 3, fees: '不收费（告知承诺制）' },
    ]);
    expect(history.data!.service.events).toEqual([
      { action: 'CREATE', fromStatus: null, toStatus: 'DRAFT', actor: 'mofcom-city', note: null },
      { action: 'PUBLISH', fromStatus: 'DRAFT', toStatus: 'PUBLISHED', actor: 'mofcom-city', note: null },
      { action: 'UPDATE', fromStatus: 'PUBLISHED', toStatus: 'PUBLISHED', actor: 'mofcom-city', note: null },
      {
        action: 'WITHDRAW',
        fromStatus: 'PUBLISHED',
        toStatus: 'WITHDRAWN',
        actor: 'mofcom-city',
        note: '办事指南调整',
      },
      { action: 'PUBLISH', fromStatus: 'WITHDRAWN', toStatus: 'PUBLISHED', actor: 'mofcom-city', note: null },
    ]);
    // History is for the keepers, admins and analysts.
    for (const token of [t.analyst, t.admin, t.bigdataCity]) {
      const res = await run(token, `query($id: ID!) { service(id: $id) { versions { version } } }`, { id: draft.id });
      expect(res.errors).toBeUndefined();
    }
    for (const token of [undefined, t.enterprise, t.hrssCity]) {
      const res = await run(token, `query($id: ID!) { service(id: $id) { events { action } } }`, { id: draft.id });
      expect(codeOf(res)).toBe('FORBIDDEN');
    }
  });

  it('lets a county department keep its local services only', async () => {
    const local = await create(t.mofcomYexian, { name: '叶县农产品电商备案' });
    expect(local.county).toMatchObject({ code: '410422', name: '叶县' });
    const elsewhere = await run(
      t.mofcomYexian,
      `mutation($input: CreateServiceInput!) { createService(input: $input) { id } }`,
      { input: { service: input(), countyCode: '410425' } },
    );
    expect(codeOf(elsewhere)).toBe('FORBIDDEN');
    const city = await run(
      t.mofcomYexian,
      `mutation($input: CreateServiceInput!) { createService(input: $input) { id } }`,
      {
        input: { service: input(), countyCode: '410400' },
      },
    );
    expect(codeOf(city)).toBe('FORBIDDEN');
    // The city's department keeps the county's entries too.
    expect((await step(t.mofcomCity, 'publishService', local.id)).data?.publishService?.status).toBe('PUBLISHED');
  });
});

describe('refusals', () => {
  it('refuses callers who do not keep the entry, steps the state does not allow, and bad input', async () => {
    const entry = await create(t.mofcomCity, { name: '再生资源回收经营者备案' });
    // Only staff create; another department may not create for 商务局.
    const byEnterprise = await run(
      t.enterprise,
      `mutation($input: CreateServiceInput!) { createService(input: $input) { id } }`,
      {
        input: { service: input() },
      },
    );
    expect(codeOf(byEnterprise)).toBe('FORBIDDEN');
    const forOther = await run(
      t.hrssCity,
      `mutation($input: CreateServiceInput!) { createService(input: $input) { id } }`,
      {
        input: { service: input(), departmentCode: 'mofcom' },
      },
    );
    expect(codeOf(forOther)).toBe('FORBIDDEN');
    // A draft of another department is answered as missing; a published one is visible but not theirs.
    expect(codeOf(await step(t.hrssCity, 'publishService', entry.id))).toBe('NOT_FOUND');
    expect(codeOf(await step(t.mofcomCity, 'publishService', '00000000-0000-4000-8000-000000000000'))).toBe(
      'NOT_FOUND',
    );
    await step(t.mofcomCity, 'publishService', entry.id);
    expect(codeOf(await step(t.hrssCity, 'withdrawService', entry.id, ', reason: "x"'))).toBe('FORBIDDEN');
    expect(codeOf(await step(t.mofcomYexian, 'withdrawService', entry.id, ', reason: "x"'))).toBe('FORBIDDEN');
    expect(codeOf(await step(t.admin, 'withdrawService', entry.id, ', reason: "x"'))).toBe('FORBIDDEN');
    // Publishing a published entry is not a step of the table.
    const twice = await step(t.mofcomCity, 'publishService', entry.id);
    expect(codeOf(twice)).toBe('CONFLICT');

    const bad = async (over: Record<string, unknown>, field: string) => {
      const res = await run(
        t.mofcomCity,
        `mutation($input: CreateServiceInput!) { createService(input: $input) { id } }`,
        {
          input: { service: input(over) },
        },
      );
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    };
    await bad({ timeLimitDays: 0 }, 'input.service.timeLimitDays');
    await bad({ materials: [] }, 'input.service.materials');
    await bad({ name: '证' }, 'input.service.name');
    await bad({ whereToApply: { onlineUrl: null, officeAddress: null } }, 'input.service.whereToApply');
    await bad({ whereToApply: { onlineUrl: 'http://example.invalid/' } }, 'input.service.whereToApply.onlineUrl');
    const emptyReason = await step(t.mofcomCity, 'withdrawService', entry.id, ', reason: " "');
    expect(emptyReason.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const badId = await step(t.mofcomCity, 'publishService', 'not-an-id');
    expect(badId.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });
});

describe('the public catalogue', () => {
  beforeAll(async () => {
    await seedServices(db.connect(), new Date('2026-06-01T00:00:00Z'));
  });

  it('holds about a hundred services in every state; anonymous callers see the published ones', async () => {
    const all = await run<{ services: { totalCount: number } }>(t.analyst, `{ services { totalCount } }`);
    const pub = await run<{ services: { totalCount: number } }>(undefined, `{ services { totalCount } }`);
    const staff = await run<{ services: { totalCount: number } }>(
      t.analyst,
      `{ d: services(filter: { status: DRAFT }) { totalCount } w: services(filter: { status: WITHDRAWN }) { totalCount } }`,
    );
    expect(all.data!.services.totalCount).toBeGreaterThanOrEqual(100);
    expect(pub.data!.services.totalCount).toBeGreaterThan(80);
    expect(pub.data!.services.totalCount).toBeLessThan(all.data!.services.totalCount);
    expect(staff.data).toMatchObject({ d: { totalCount: expect.any(Number) }, w: { totalCount: expect.any(Number) } });
    const d = staff.data as unknown as { d: { totalCount: number }; w: { totalCount: number } };
    expect(d.d.totalCount).toBeGreaterThan(0);
    expect(d.w.totalCount).toBeGreaterThan(0);
  });

  it('searches two characters exactly and longer words by all their bigrams', async () => {
    const res = await run<{
      a: { nodes: Array<{ name: string; status: string }> };
      b: { nodes: Array<{ name: string }> };
    }>(
      undefined,
      `{ a: services(first: 100, filter: { keyword: "报装" }) { nodes { name status } }
         b: services(first: 100, filter: { keyword: "食品经营许可" }) { nodes { name } } }`,
    );
    expect(res.errors).toBeUndefined();
    const a = res.data!.a.nodes;
    expect(a.length).toBeGreaterThanOrEqual(1);
    expect(a.every((n) => n.status === 'PUBLISHED' && n.name.includes('报装'))).toBe(true);
    expect(res.data!.b.nodes.every((n) => n.name.includes('食品经营许可'))).toBe(true);
    const short = await run(undefined, `{ services(filter: { keyword: "证" }) { totalCount } }`);
    expect(short.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.keyword' });
  });

  it('filters by county, department and category and pages by name', async () => {
    const yexian = await run<{ services: { nodes: Array<{ name: string; county: { code: string } }> } }>(
      t.analyst,
      `{ services(first: 50, filter: { countyCode: "410422" }) { nodes { name county { code } } } }`,
    );
    // Four local services of the seed and the one drafted above.
    expect(yexian.data!.services.nodes.length).toBe(5);
    expect(yexian.data!.services.nodes.every((n) => n.name.startsWith('叶县'))).toBe(true);
    const hrss = await run<{ services: { nodes: Array<{ category: string; department: { code: string } }> } }>(
      undefined,
      `{ services(first: 50, filter: { departmentCode: "hrss", category: SOCIAL_SECURITY }) {
          nodes { category department { code } } } }`,
    );
    expect(hrss.data!.services.nodes.length).toBeGreaterThan(2);
    expect(hrss.data!.services.nodes.every((n) => n.department.code === 'hrss')).toBe(true);
    const first = await run<{ services: { nodes: Array<{ name: string }>; pageInfo: { endCursor: string } } }>(
      undefined,
      `{ services(first: 5) { nodes { name } pageInfo { endCursor hasNextPage } } }`,
    );
    const next = await run<{ services: { nodes: Array<{ name: string }> } }>(
      undefined,
      `query($after: String) { services(first: 5, after: $after) { nodes { name } } }`,
      { after: first.data!.services.pageInfo.endCursor },
    );
    const names = [...first.data!.services.nodes, ...next.data!.services.nodes].map((n) => n.name);
    expect(new Set(names).size).toBe(10);
  });
});
