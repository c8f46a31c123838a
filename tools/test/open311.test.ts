/**
 * The Open311 GeoReport v2 read view of the gateway, by HTTP: the gateway over the complaints subgraph (the only one
 * these requests reach), matters inserted as rows.
 */
import { matters } from '@qq/db/schema/complaints';
import { createServer } from '@qq/complaints';
import { demoCreditCode } from '@qq/db/seed';
import { createGateway } from '@qq/gateway';
import type { Listening } from '@qq/kit';
import { createTestDatabase, type TestDatabase } from '@qq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let db: TestDatabase;
let subgraph: ReturnType<typeof createServer>;
let gateway: ReturnType<typeof createGateway>;
const listening: Listening[] = [];
let base: string;

const A = demoCreditCode('410422', 9701);
const t = (s: string) => new Date(s);

beforeAll(async () => {
  db = await createTestDatabase();
  const conn = db.connect();
  const row = {
    kind: 'COMPLAINT',
    category: 'LAW_ENFORCEMENT',
    title: '张某带队重复检查',
    content: '联系人电话13900002222，企业名称某某机械有限公司。',
    enterpriseCode: A,
    contactName: '赵敏',
    contactPhone: '13812345678',
    clockProfile: '13710',
    departmentCode: 'ndrc',
    countyCode: '410422',
  };
  await conn.insert(matters).values([
    {
      ...row,
      referenceNo: 'TS-20261110-0001',
      status: 'SIGNED',
      departmentCode: 'hrss',
      submittedAt: t('2026-11-10T02:00:00Z'),
      updatedAt: t('2026-11-11T03:00:00Z'),
      resolveDueAt: t('2026-11-19T15:59:59.999Z'),
    },
    {
      ...row,
      referenceNo: 'SQ-20261112-0001',
      kind: 'REQUEST',
      category: 'FINANCING',
      status: 'CLOSED',
      submittedAt: t('2026-11-12T02:00:00Z'),
      updatedAt: t('2026-11-28T02:00:00Z'),
    },
    {
      ...row,
      referenceNo: 'TS-20260601-0001',
      status: 'CONFIRMED',
      submittedAt: t('2026-06-01T02:00:00Z'),
      updatedAt: t('2026-06-20T02:00:00Z'),
    },
  ]);
  subgraph = createServer({ db: await db.connectAs('complaints') });
  await subgraph.start();
  const sl = await subgraph.listen(0, '127.0.0.1');
  listening.push(sl);
  gateway = createGateway({ subgraphUrls: { complaints: sl.url }, rateLimit: false, publicCache: false });
  await gateway.start();
  const gl = await gateway.listen(0, '127.0.0.1');
  listening.push(gl);
  base = gl.url.replace('/graphql', '/open311/v2/');
});

afterAll(async () => {
  for (const l of listening.reverse()) await l.close();
  await gateway?.stop();
  await subgraph?.stop();
  await db?.close();
});

async function get(path: string, init?: RequestInit) {
  const res = await fetch(base + path, init);
  return { status: res.status, headers: res.headers, body: (await res.json()) as unknown };
}

describe('Open311 GeoReport v2 view', () => {
  it('lists the services: one per category', async () => {
    const { status, headers, body } = await get('services.json');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(body).toHaveLength(10);
    expect((body as unknown[])[5]).toEqual({
      service_code: 'LAW_ENFORCEMENT',
      service_name: '执法检查',
      description: '重复检查、执法扰企、处罚等问题',
      metadata: false,
      type: 'realtime',
      keywords: '诉求,投诉,营商环境',
      group: '营商环境',
    });
  });

  it('lists requests with the specification’s fields, anonymised, newest first', async () => {
    const { status, body } = await get(
      'requests.json?start_date=2026-11-01T00:00:00%2B08:00&end_date=2026-11-30T00:00:00Z',
    );
    expect(status).toBe(200);
    expect(body).toEqual([
      {
        service_request_id: 'SQ-20261112-0001',
        status: 'closed',
        status_notes: '已办结并结案',
        service_name: '融资',
        service_code: 'FINANCING',
        description: '诉求：融资（内容不公开）',
        agency_responsible: '叶县发改委',
        service_notice: null,
        requested_datetime: '2026-11-12T10:00:00+08:00',
        updated_datetime: '2026-11-28T10:00:00+08:00',
        expected_datetime: null,
        address: '河南省平顶山市叶县',
        address_id: '410422',
      },
      {
        service_request_id: 'TS-20261110-0001',
        status: 'open',
        status_notes: '承办单位已签收，正在办理',
        service_name: '执法检查',
        service_code: 'LAW_ENFORCEMENT',
        description: '投诉：执法检查（内容不公开）',
        agency_responsible: '叶县人社局',
        service_notice: null,
        requested_datetime: '2026-11-10T10:00:00+08:00',
        updated_datetime: '2026-11-11T11:00:00+08:00',
        expected_datetime: '2026-11-19T23:59:59+08:00',
        address: '河南省平顶山市叶县',
        address_id: '410422',
      },
    ]);
    const text = JSON.stringify(body);
    for (const secret of [A, '赵敏', '13812345678', '张某', '13900002222', '某某机械'])
      expect(text).not.toContain(secret);
  });

  it('filters by service_code, status and dates; service_request_id overrides the rest', async () => {
    const ids = async (query: string) =>
      ((await get(`requests.json?${query}`)).body as Array<{ service_request_id: string }>).map(
        (r) => r.service_request_id,
      );
    const november = 'start_date=2026-11-01T00:00:00Z&end_date=2026-11-30T00:00:00Z';
    expect(await ids(`${november}&service_code=LAW_ENFORCEMENT`)).toEqual(['TS-20261110-0001']);
    expect(await ids(`${november}&service_code=LAW_ENFORCEMENT,FINANCING`)).toHaveLength(2);
    expect(await ids(`${november}&status=open`)).toEqual(['TS-20261110-0001']);
    expect(await ids(`${november}&status=closed`)).toEqual(['SQ-20261112-0001']);
    expect(await ids(`${november}&status=open,closed`)).toHaveLength(2);
    // Ninety days from the start date when no end is given.
    expect(await ids('start_date=2026-05-15T00:00:00Z')).toEqual(['TS-20260601-0001']);
    expect(await ids('service_request_id=TS-20260601-0001,sq-20261112-0001&status=open')).toEqual([
      'SQ-20261112-0001',
      'TS-20260601-0001',
    ]);
  });

  it('returns one request by id, and the specification’s errors', async () => {
    const one = await get('requests/TS-20261110-0001.json');
    expect(one.status).toBe(200);
    expect((one.body as Array<{ service_request_id: string }>).map((r) => r.service_request_id)).toEqual([
      'TS-20261110-0001',
    ]);
    expect(await get('requests/TS-20991231-0001.json')).toMatchObject({
      status: 404,
      body: [{ code: 404, description: 'No service request TS-20991231-0001.' }],
    });
    const errors = [
      ['requests.json?status=pending', 400],
      ['requests.json?service_code=PARKING', 400],
      ['requests.json?start_date=yesterday', 400],
      ['requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z', 400],
      ['requests.json?start_date=2026-06-01T00:00:00Z&end_date=2026-01-01T00:00:00Z', 400],
      ['requests.xml', 400],
      ['discovery.json', 404],
    ] as const;
    for (const [path, code] of errors) {
      const res = await get(path);
      expect([res.status, (res.body as Array<{ code: number }>)[0]?.code], path).toEqual([code, code]);
    }
    const post = await get('requests.json', { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
  });
});
