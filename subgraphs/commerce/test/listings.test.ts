/**
 * Publishing parks and investment projects (Art. 8): draft → published → updated with every version readable →
 * withdrawn and published again; a county keeps its own, the lead department's city staff all; staleness after 90
 * days; each refused actor.
 */
import type { Database } from '@qq/db/client';
import { createTestDatabase, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import {
  enterpriseA,
  enterpriseToken,
  inDays,
  insertPark,
  insertProject,
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
  | 'ndrcYexian'
  | 'ndrcJiaxian'
  | 'ndrcCity'
  | 'mofcomYexian'
  | 'mofcomCity'
  | 'hrssCity'
  | 'enterprise'
  | 'analyst'
  | 'admin'
  | 'person',
  string
>;

beforeAll(async () => {
  db = await createTestDatabase();
  conn = await subgraphConnection(db);
  server = createServer({ db: await db.connectAs('commerce') });
  await server.start();
  t.ndrcYexian = await staffToken('ndrc', YEXIAN);
  t.ndrcJiaxian = await staffToken('ndrc', JIAXIAN);
  t.ndrcCity = await staffToken('ndrc', '410400');
  t.mofcomYexian = await staffToken('mofcom', YEXIAN);
  t.mofcomCity = await staffToken('mofcom', '410400');
  t.hrssCity = await staffToken('hrss', '410400');
  t.enterprise = await enterpriseToken(enterpriseA.creditCode);
  t.analyst = await tokenFor({ sub: 'analyst', role: 'analyst' });
  t.admin = await tokenFor({ sub: 'admin', role: 'admin', county: '410400' });
  t.person = await tokenFor({ sub: 'person', role: 'person' });
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

const PARK_FIELDS = `id name status version publishedAt expiresOn revisedAt stale reason availableActions
  versions { version name areaHectares expiresOn } county { code }`;
const CREATE_PARK = `mutation($input: CreateIndustrialParkInput!) { createIndustrialPark(input: $input) { ${PARK_FIELDS} } }`;
const PUBLISH_PARK = `mutation($id: ID!, $e: String) { publishIndustrialPark(id: $id, expiresOn: $e) { ${PARK_FIELDS} } }`;
const UPDATE_PARK = `mutation($id: ID!, $input: UpdateIndustrialParkInput!) { updateIndustrialPark(id: $id, input: $input) { ${PARK_FIELDS} } }`;
const WITHDRAW_PARK = `mutation($id: ID!, $r: String) { withdrawIndustrialPark(id: $id, reason: $r) { ${PARK_FIELDS} } }`;
const PARK = `query($id: ID!) { park(id: $id) { id name status } }`;
const PARK_EVENTS = `query($id: ID!) { park(id: $id) { events { step fromStatus toStatus version actor actorRole note } } }`;

const parkInput = {
  name: '叶县新材料产业园',
  level: 'COUNTY',
  countyCode: YEXIAN,
  areaHectares: 520,
  leadingIndustries: ['尼龙新材料', '精细化工'],
  address: '河南省叶县昆阳大道188号',
  description: '叶县规划建设的新材料产业园，承接尼龙新材料产业链配套项目。',
};

describe('a park from draft to public, updated with history, withdrawn and published again', () => {
  let id: string;

  it('is created as a draft by 发改委 of its county, visible to its keepers only', async () => {
    const created = ok(await run(t.ndrcYexian, CREATE_PARK, { input: parkInput })).createIndustrialPark;
    id = created.id;
    expect(created).toMatchObject({
      status: 'DRAFT',
      version: 1,
      publishedAt: null,
      expiresOn: inDays(365),
      stale: false,
      availableActions: ['PUBLISH', 'UPDATE', 'WITHDRAW'],
      versions: [{ version: 1, name: '叶县新材料产业园', areaHectares: 520, expiresOn: inDays(365) }],
      county: { code: YEXIAN },
    });
    for (const token of [undefined, t.enterprise, t.ndrcJiaxian, t.mofcomCity]) {
      expect(ok(await run(token, PARK, { id })).park).toBeNull();
    }
    for (const token of [t.ndrcYexian, t.ndrcCity, t.analyst, t.admin]) {
      expect(ok(await run(token, PARK, { id })).park).toMatchObject({ id, status: 'DRAFT' });
    }
  });

  it('refuses creation to everyone else, and to a county clerk outside its county', async () => {
    const refused: Array<[string | undefined, string]> = [
      [undefined, 'UNAUTHENTICATED'],
      [t.enterprise, 'FORBIDDEN'],
      [t.person, 'FORBIDDEN'],
      [t.analyst, 'FORBIDDEN'],
      [t.admin, 'FORBIDDEN'],
      [t.mofcomCity, 'FORBIDDEN'],
      [t.ndrcJiaxian, 'FORBIDDEN'],
    ];
    for (const [token, code] of refused) {
      const res = await run(token, CREATE_PARK, { input: { ...parkInput, name: '不该创建的园区' } });
      expectError(res, code);
      expect(res.data).toBeNull();
    }
    // The city's staff create in any unit.
    const city = ok(
      await run(t.ndrcCity, CREATE_PARK, { input: { ...parkInput, name: '郏县市级创建园区', countyCode: JIAXIAN } }),
    );
    expect(city.createIndustrialPark.county).toEqual({ code: JIAXIAN });
  });

  it('refuses bad input naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: '园' }, 'input.name'],
      [{ areaHectares: 0 }, 'input.areaHectares'],
      [{ leadingIndustries: [] }, 'input.leadingIndustries'],
      [{ countyCode: '410400' }, 'input.countyCode'],
      [{ expiresOn: '2020-01-01' }, 'input.expiresOn'],
      [{ expiresOn: inDays(2000) }, 'input.expiresOn'],
      [{ name: '叶县新材料产业园' }, 'input.name'],
    ];
    for (const [change, field] of cases) {
      expectError(
        await run(t.ndrcYexian, CREATE_PARK, { input: { ...parkInput, ...change } }),
        'BAD_USER_INPUT',
        field,
      );
    }
  });

  it('is published by its keepers only; publishing twice is a conflict', async () => {
    expectError(await run(t.ndrcJiaxian, PUBLISH_PARK, { id }), 'NOT_FOUND');
    expectError(await run(t.mofcomCity, PUBLISH_PARK, { id }), 'FORBIDDEN');
    expectError(await run(t.enterprise, PUBLISH_PARK, { id }), 'FORBIDDEN');
    expectError(await run(undefined, PUBLISH_PARK, { id }), 'UNAUTHENTICATED');
    const published = ok(await run(t.ndrcYexian, PUBLISH_PARK, { id })).publishIndustrialPark;
    expect(published).toMatchObject({ status: 'PUBLISHED', version: 1, availableActions: ['UPDATE', 'WITHDRAW'] });
    expect(Date.now() - Date.parse(published.publishedAt)).toBeLessThan(60_000);
    expectError(await run(t.ndrcYexian, PUBLISH_PARK, { id }), 'CONFLICT');
    // Public now, and listed.
    expect(ok(await run(undefined, PARK, { id })).park).toMatchObject({ status: 'PUBLISHED' });
    const listed = ok(await run(undefined, `{ parks(filter: { countyCode: "${YEXIAN}" }) { nodes { id } } }`));
    expect(listed.parks.nodes.map((n: Json) => n.id)).toContain(id);
  });

  it('is updated by the city’s staff as a new version; every version stays readable, also anonymously', async () => {
    // A 郏县 clerk sees the public park but may not change it.
    expectError(await run(t.ndrcJiaxian, UPDATE_PARK, { id, input: { areaHectares: 600 } }), 'FORBIDDEN');
    const updated = ok(
      await run(t.ndrcCity, UPDATE_PARK, { id, input: { name: '叶县尼龙新材料产业园', areaHectares: 600 } }),
    ).updateIndustrialPark;
    expect(updated).toMatchObject({ status: 'PUBLISHED', version: 2, name: '叶县尼龙新材料产业园', stale: false });
    // An update with no change confirms the content as current: a third version.
    const confirmed = ok(await run(t.ndrcYexian, UPDATE_PARK, { id, input: {} })).updateIndustrialPark;
    expect(confirmed.version).toBe(3);
    const versions = ok(
      await run(undefined, `query($id: ID!) { park(id: $id) { versions { version name areaHectares savedAt } } }`, {
        id,
      }),
    ).park.versions;
    expect(versions.map((v: Json) => [v.version, v.name, v.areaHectares])).toEqual([
      [1, '叶县新材料产业园', 520],
      [2, '叶县尼龙新材料产业园', 600],
      [3, '叶县尼龙新材料产业园', 600],
    ]);
    expectError(
      await run(t.ndrcYexian, UPDATE_PARK, { id, input: { name: '郏县市级创建园区' } }),
      'BAD_USER_INPUT',
      'input.name',
    );
  });

  it('shows its history to its keepers, admins and analysts only', async () => {
    const events = ok(await run(t.ndrcYexian, PARK_EVENTS, { id })).park.events;
    expect(events.map((e: Json) => [e.step, e.fromStatus, e.toStatus, e.version])).toEqual([
      ['CREATE', null, 'DRAFT', 1],
      ['PUBLISH', 'DRAFT', 'PUBLISHED', 1],
      ['UPDATE', 'PUBLISHED', 'PUBLISHED', 2],
      ['UPDATE', 'PUBLISHED', 'PUBLISHED', 3],
    ]);
    expect(events[2]).toMatchObject({ actor: 'ndrc-410400', actorRole: 'staff' });
    expect(ok(await run(t.analyst, PARK_EVENTS, { id })).park.events[0].actor).toBeNull();
    ok(await run(t.admin, PARK_EVENTS, { id }));
    for (const [token, code] of [
      [undefined, 'UNAUTHENTICATED'],
      [t.enterprise, 'FORBIDDEN'],
      [t.ndrcJiaxian, 'FORBIDDEN'],
      [t.mofcomYexian, 'FORBIDDEN'],
    ] as const) {
      const res = await run(token, PARK_EVENTS, { id });
      expectError(res, code);
      expect(res.data.park.events).toBeNull();
    }
  });

  it('is withdrawn, no longer public, and published again with a new last valid day', async () => {
    const withdrawn = ok(await run(t.ndrcYexian, WITHDRAW_PARK, { id, r: '园区范围调整' })).withdrawIndustrialPark;
    expect(withdrawn).toMatchObject({
      status: 'WITHDRAWN',
      reason: '园区范围调整',
      availableActions: ['PUBLISH', 'UPDATE'],
    });
    expect(ok(await run(undefined, PARK, { id })).park).toBeNull();
    expectError(await run(t.ndrcYexian, WITHDRAW_PARK, { id }), 'CONFLICT');
    expectError(await run(t.ndrcYexian, PUBLISH_PARK, { id, e: 'soon' }), 'BAD_USER_INPUT', 'expiresOn');
    const again = ok(await run(t.ndrcYexian, PUBLISH_PARK, { id, e: inDays(500) })).publishIndustrialPark;
    expect(again).toMatchObject({ status: 'PUBLISHED', version: 4, expiresOn: inDays(500), reason: null });
    expect(again.versions.at(-1)).toMatchObject({ version: 4, expiresOn: inDays(500) });
  });
});

describe('staleness: what a unit has not updated for 90 days', () => {
  it('flags stale published listings, filters them, counts them per unit and department, until updated', async () => {
    const old = new Date(Date.now() - 100 * 86_400_000);
    const stalePark = await insertPark(conn, { name: '宝丰陈旧园区', countyCode: '410421', revisedAt: old });
    await insertPark(conn, { name: '宝丰新鲜园区', countyCode: '410421' });
    await insertPark(conn, { name: '宝丰陈旧草稿', countyCode: '410421', revisedAt: old, status: 'DRAFT' });
    await insertProject(conn, { countyCode: '410421', revisedAt: old });
    await insertProject(conn, { countyCode: '410421', revisedAt: old, departmentCode: 'ndrc' });
    const baofeng = await staffToken('ndrc', '410421');
    const list = ok(
      await run(
        baofeng,
        `{ parks(filter: { countyCode: "410421", stale: true }) { totalCount nodes { name stale } } }`,
      ),
    );
    expect(list.parks).toEqual({ totalCount: 1, nodes: [{ name: '宝丰陈旧园区', stale: true }] });
    const fresh = ok(
      await run(baofeng, `{ parks(filter: { countyCode: "410421", stale: false }) { nodes { name } } }`),
    );
    expect(fresh.parks.nodes.map((n: Json) => n.name).sort()).toEqual(['宝丰新鲜园区', '宝丰陈旧草稿']);
    const figures = `query($r: [_Any!]!) { _entities(representations: $r) {
      ... on County { listingFigures { currentParks staleParks currentInvestmentProjects staleInvestmentProjects } }
      ... on Department { code listingFigures { staleParks staleInvestmentProjects } } } }`;
    const r = [
      { __typename: 'County', code: '410421' },
      { __typename: 'Department', code: 'ndrc' },
      { __typename: 'Department', code: 'mofcom' },
    ];
    const before = ok(await run(undefined, figures, { r }))._entities;
    expect(before[0].listingFigures).toEqual({
      currentParks: 2,
      staleParks: 1,
      currentInvestmentProjects: 2,
      staleInvestmentProjects: 2,
    });
    expect(before[1].listingFigures.staleInvestmentProjects).toBe(1);
    expect(before[2].listingFigures).toMatchObject({ staleParks: 0, staleInvestmentProjects: 1 });
    ok(await run(baofeng, UPDATE_PARK, { id: stalePark.id, input: {} }));
    const after = ok(await run(undefined, figures, { r }))._entities;
    expect(after[0].listingFigures.staleParks).toBe(0);
  });
});

describe('investment projects', () => {
  const CREATE = `mutation($input: CreateInvestmentProjectInput!) { createInvestmentProject(input: $input) {
    id status departmentCode park { name } availableActions } }`;
  const PUBLISH = `mutation($id: ID!) { publishInvestmentProject(id: $id) { id status stage } }`;
  const UPDATE = `mutation($id: ID!, $input: UpdateInvestmentProjectInput!) { updateInvestmentProject(id: $id, input: $input) {
    id status version stage investmentAmount versions { version stage investmentAmount county { code } } } }`;
  const WITHDRAW = `mutation($id: ID!) { withdrawInvestmentProject(id: $id) { id status } }`;
  const input = {
    title: '叶县尼龙帘子布扩能项目',
    industryCode: 'C',
    countyCode: YEXIAN,
    address: '河南省叶县产业集聚区',
    investmentAmount: 88000,
    stage: 'FEASIBILITY',
    description: '新建年产2万吨尼龙帘子布生产线，寻求战略投资者。',
    contactName: '孙志强',
    contactPhone: '0375-8123456',
  };

  it('are created, published, updated and withdrawn by 商务局 or 发改委 of their county; 商务局 leads', async () => {
    const park = await insertPark(conn, { name: '叶县项目测试园区', countyCode: YEXIAN });
    const otherPark = await insertPark(conn, { name: '郏县项目测试园区', countyCode: JIAXIAN });
    expectError(
      await run(t.mofcomYexian, CREATE, { input: { ...input, parkId: otherPark.id } }),
      'BAD_USER_INPUT',
      'input.parkId',
    );
    expectError(await run(t.hrssCity, CREATE, { input }), 'FORBIDDEN');
    expectError(await run(t.enterprise, CREATE, { input }), 'FORBIDDEN');
    expectError(await run(t.mofcomYexian, CREATE, { input: { ...input, countyCode: JIAXIAN } }), 'FORBIDDEN');
    expectError(
      await run(t.mofcomYexian, CREATE, { input: { ...input, investmentAmount: -1 } }),
      'BAD_USER_INPUT',
      'input.investmentAmount',
    );
    const created = ok(
      await run(t.ndrcYexian, CREATE, { input: { ...input, parkId: park.id } }),
    ).createInvestmentProject;
    expect(created).toMatchObject({ status: 'DRAFT', departmentCode: 'ndrc', park: { name: '叶县项目测试园区' } });
    const id = created.id;
    // 发改委 of another county does not see the draft; 商务局 of the county (the lead) keeps it too.
    expectError(await run(t.ndrcJiaxian, PUBLISH, { id }), 'NOT_FOUND');
    ok(await run(t.mofcomYexian, PUBLISH, { id }));
    const updated = ok(
      await run(t.ndrcYexian, UPDATE, { id, input: { stage: 'NEGOTIATING', investmentAmount: 90000 } }),
    ).updateInvestmentProject;
    expect(updated).toMatchObject({ status: 'PUBLISHED', version: 2, stage: 'NEGOTIATING', investmentAmount: 90000 });
    expect(updated.versions.map((v: Json) => [v.version, v.stage, v.investmentAmount, v.county.code])).toEqual([
      [1, 'FEASIBILITY', 88000, YEXIAN],
      [2, 'NEGOTIATING', 90000, YEXIAN],
    ]);
    // Public list with filters; contacts for signed-in callers only.
    const q = `{ investmentProjects(filter: { stage: NEGOTIATING, keyword: "帘子布", countyCode: "${YEXIAN}" }) {
      totalCount nodes { id title contactPhone } } }`;
    const anonymous = await run(undefined, q);
    expect(anonymous.data.investmentProjects.nodes.map((n: Json) => n.id)).toEqual([id]);
    expectError(anonymous, 'UNAUTHENTICATED');
    expect(ok(await run(t.person, q)).investmentProjects.nodes[0].contactPhone).toBe('0375-8123456');
    expect(ok(await run(t.analyst, q)).investmentProjects.nodes[0].contactPhone).toBe('037****3456');
    const county = ok(
      await run(
        undefined,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on County { currentInvestmentProjectCount } } }`,
        {
          r: [{ __typename: 'County', code: YEXIAN }],
        },
      ),
    );
    expect(county._entities[0].currentInvestmentProjectCount).toBe(1);
    expectError(await run(t.ndrcJiaxian, WITHDRAW, { id }), 'FORBIDDEN');
    expect(ok(await run(t.mofcomCity, WITHDRAW, { id })).withdrawInvestmentProject.status).toBe('WITHDRAWN');
    expect(ok(await run(undefined, q)).investmentProjects.totalCount).toBe(0);
  });

  it('refuses a 商务局 project to 发改委 of the same county', async () => {
    const project = await insertProject(conn, { departmentCode: 'mofcom', countyCode: YEXIAN });
    expectError(await run(t.ndrcYexian, UPDATE, { id: project.id, input: { stage: 'SIGNED' } }), 'FORBIDDEN');
    const available = ok(
      await run(t.ndrcYexian, `query($id: ID!) { investmentProject(id: $id) { availableActions } }`, {
        id: project.id,
      }),
    );
    expect(available.investmentProject.availableActions).toEqual([]);
    const lead = ok(
      await run(t.mofcomYexian, `query($id: ID!) { investmentProject(id: $id) { availableActions } }`, {
        id: project.id,
      }),
    );
    expect(lead.investmentProject.availableActions).toEqual(['UPDATE', 'WITHDRAW']);
  });
});
