/**
 * The public, anonymised view of matters (`publicMatters`, `publicMatterServices`): open to anonymous callers, never
 * carrying the enterprise, the contact or any free text.
 */
import type { Database } from '@qq/db/client';
import { matters } from '@qq/db/schema/complaints';
import { demoCreditCode } from '@qq/db/seed';
import { createTestDatabase, execute, type TestDatabase } from '@qq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
const A = demoCreditCode('410422', 9601);

const t = (s: string) => new Date(s);

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  server = createServer({ db: await db.connectAs('complaints') });
  await server.start();
  const base = {
    kind: 'COMPLAINT',
    category: 'LAW_ENFORCEMENT',
    content: '某局执法人员王某多次上门检查，电话13900001111。',
    enterpriseCode: A,
    contactName: '李娜',
    contactPhone: '13812345678',
    clockProfile: '13710',
    departmentCode: 'ndrc',
    countyCode: '410422',
  };
  await conn.insert(matters).values([
    {
      ...base,
      referenceNo: 'TS-20261102-0001',
      title: '王某重复检查',
      status: 'SIGNED',
      departmentCode: 'miit',
      submittedAt: t('2026-11-02T02:00:00Z'),
      updatedAt: t('2026-11-03T02:00:00Z'),
      resolveDueAt: t('2026-11-11T15:59:59.999Z'),
    },
    {
      ...base,
      referenceNo: 'SQ-20261105-0001',
      kind: 'REQUEST',
      category: 'FINANCING',
      title: '贷款难',
      status: 'CONFIRMED',
      countyCode: '410400',
      submittedAt: t('2026-11-05T02:00:00Z'),
      updatedAt: t('2026-11-20T02:00:00Z'),
    },
  ]);
});

afterAll(async () => {
  await server?.stop();
  await db?.close();
});

const Q = `query($f: PublicMatterFilter, $n: Int) { publicMatters(filter: $f, first: $n) {
  referenceNo kind category categoryName summary status open statusNote agency department { code } county { code }
  address submittedAt updatedAt expectedAt } }`;

describe('publicMatters', () => {
  it('shows anonymous callers every matter, anonymised, newest first', async () => {
    const res = await execute<{ publicMatters: Array<Record<string, unknown>> }>(server, Q);
    expect(res.errors).toBeUndefined();
    expect(res.data!.publicMatters).toEqual([
      {
        referenceNo: 'SQ-20261105-0001',
        kind: 'REQUEST',
        category: 'FINANCING',
        categoryName: '融资',
        summary: '诉求：融资（内容不公开）',
        status: 'CONFIRMED',
        open: false,
        statusNote: '已办结，企业已确认',
        agency: '市发改委',
        department: { code: 'ndrc' },
        county: { code: '410400' },
        address: '河南省平顶山市',
        submittedAt: '2026-11-05T02:00:00.000Z',
        updatedAt: '2026-11-20T02:00:00.000Z',
        expectedAt: null,
      },
      {
        referenceNo: 'TS-20261102-0001',
        kind: 'COMPLAINT',
        category: 'LAW_ENFORCEMENT',
        categoryName: '执法检查',
        summary: '投诉：执法检查（内容不公开）',
        status: 'SIGNED',
        open: true,
        statusNote: '承办单位已签收，正在办理',
        agency: '叶县工信局',
        department: { code: 'miit' },
        county: { code: '410422' },
        address: '河南省平顶山市叶县',
        submittedAt: '2026-11-02T02:00:00.000Z',
        updatedAt: '2026-11-03T02:00:00.000Z',
        expectedAt: '2026-11-11T15:59:59.999Z',
      },
    ]);
    // Nothing of the enterprise, its contact or the free text reaches the answer.
    const text = JSON.stringify(res.data);
    for (const secret of [A, '李娜', '13812345678', '王某', '13900001111', '贷款难'])
      expect(text).not.toContain(secret);
  });

  it('filters by category, open or finished, submission time and reference numbers', async () => {
    const refs = async (f: Record<string, unknown>, n?: number) => {
      const res = await execute<{ publicMatters: Array<{ referenceNo: string }> }>(server, Q, {
        variables: { f, n },
      });
      expect(res.errors).toBeUndefined();
      return res.data!.publicMatters.map((m) => m.referenceNo);
    };
    expect(await refs({ categories: ['LAW_ENFORCEMENT'] })).toEqual(['TS-20261102-0001']);
    expect(await refs({ open: false })).toEqual(['SQ-20261105-0001']);
    expect(await refs({ submittedTo: '2026-11-03T00:00:00Z' })).toEqual(['TS-20261102-0001']);
    expect(await refs({ submittedFrom: '2026-11-03T00:00:00Z' })).toEqual(['SQ-20261105-0001']);
    expect(await refs({ referenceNos: ['TS-20261102-0001', 'TS-20990101-0001'] })).toEqual(['TS-20261102-0001']);
    expect(await refs({}, 1)).toEqual(['SQ-20261105-0001']);
    const bad = await execute(server, Q, { variables: { f: { submittedFrom: 'today' } } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.submittedFrom' });
    const many = await execute(server, Q, { variables: { n: 1001 } });
    expect(many.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('lists one public service per category', async () => {
    const res = await execute<{ publicMatterServices: Array<{ code: string; name: string }> }>(
      server,
      `{ publicMatterServices { code name description } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.publicMatterServices).toHaveLength(10);
    expect(res.data!.publicMatterServices[5]).toMatchObject({ code: 'LAW_ENFORCEMENT', name: '执法检查' });
  });
});
