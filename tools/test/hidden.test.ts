/**
 * A record the caller may not see answers exactly as one that does not exist, on every mutation that takes an id.
 * For each mutation of the composed supergraph with an id (its `id`, an `ids` list, or an `…Id` field of its input),
 * and for each caller of a set of roles (an enterprise user, a bank's staff, a person, staff of every department in a
 * county and in the city, an analyst, a leader, a county administrator, registered systems and the exchange relay):
 * a record of the id's type that the caller cannot read (its single-record query answers null, or it is missing from
 * every list the caller may read) is sent, and so is a random id of the same form, with the same other arguments,
 * plausible enough to get past the input checks. The two answers must be the same: same error code, message (ids
 * aside), field and reason, so never FORBIDDEN or CONFLICT where the random id gets NOT_FOUND (which would tell the
 * caller the record exists), and never a success where the random id fails.
 *
 * Each id must be seen looked up (NOT_FOUND, or BAD_USER_INPUT naming an input's id field) for some caller, or be
 * named in `NOT_LOOKED_UP` with the reason. A new mutation is covered by being in the supergraph; a new kind of id
 * field must be named in `ID_FIELD_TYPES`, and arguments the generic values do not satisfy in `OVERRIDES`.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { HeaderMap } from '@apollo/server';
import type { SchemaName } from '@qq/db/migrate';
import { demoEnterprises, seedDemo } from '@qq/db/seed';
import { CITY_CODE, DEPARTMENTS, type BaseContext, type Claims, type SubgraphServer } from '@qq/kit';
import { createTestDatabase, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { SUBGRAPHS } from '@qq/schema';
import { sql } from 'drizzle-orm';
import {
  buildASTSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  parse,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACTORIES } from '../src/subgraphs.ts';

const supergraph = buildASTSchema(
  parse(readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8')),
  { assumeValidSDL: true },
);

/** The type an id field of an input refers to, by the field's name (`id` of an input: the mutation's result). */
const ID_FIELD_TYPES: Record<string, string> = {
  parkId: 'IndustrialPark',
  opportunityId: 'Opportunity',
  needId: 'FinancingNeed',
  productId: 'BankProduct',
  serviceId: 'Service',
  applicationId: 'RedemptionApplication',
  itemId: 'RedemptionItem',
  officialId: 'ServiceOfficial',
  assignmentId: 'OfficialAssignment',
  problemId: 'VisitProblem',
  jobPostingId: 'JobPosting',
  policyId: 'Policy',
};

/** The type of the ids of an `ids` list, by mutation (they are not of the result's type). */
const ID_LIST_TYPES: Record<string, string> = { markMessagesRead: 'Message' };

/** Tables whose name is not the type's in snake case and plural. */
const TABLES: Record<string, string> = {
  IndustrialPark: 'parks',
  StatisticalReport: 'reports',
  Message: 'messages',
  OutboxMessage: 'outbox',
};

const snake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const plural = (s: string) => (s.endsWith('y') ? `${s.slice(0, -1)}ies` : `${s}s`);

function graphOf(
  node: {
    astNode?: {
      directives?: readonly {
        name: { value: string };
        arguments?: readonly { name: { value: string }; value: unknown }[];
      }[];
    } | null;
  },
  directive: string,
): string[] {
  return (node.astNode?.directives ?? [])
    .filter((d) => d.name.value === directive)
    .map((d) => {
      const v = d.arguments?.find((a) => a.name.value === 'graph')?.value as { value?: string } | undefined;
      return String(v?.value ?? '').toLowerCase();
    });
}

/** The subgraph that resolves a root field. */
const ownerOf = (field: GraphQLField<unknown, unknown>) => graphOf(field, 'join__field')[0];

interface IdSlot {
  /** Where the id goes: `id`, `ids`, or `input.itemId`. */
  path: string[];
  type: string;
  list: boolean;
}

/** The id arguments of a mutation and the types they refer to. */
function idSlots(field: GraphQLField<unknown, unknown>): IdSlot[] {
  const slots: IdSlot[] = [];
  const result = getNamedType(field.type).name;
  for (const arg of field.args) {
    const named = getNamedType(arg.type);
    if (named.name === 'ID') {
      const list = isListType(isNonNullType(arg.type) ? arg.type.ofType : arg.type);
      const type = list ? (ID_LIST_TYPES[field.name] ?? result) : arg.name === 'id' ? result : ID_FIELD_TYPES[arg.name];
      if (!type) throw new Error(`${field.name}(${arg.name}): name the type its id refers to in ID_FIELD_TYPES`);
      slots.push({ path: [arg.name], type, list });
    } else if (isInputObjectType(named)) {
      for (const f of Object.values(named.getFields())) {
        if (getNamedType(f.type).name !== 'ID') continue;
        const type = f.name === 'id' ? result : ID_FIELD_TYPES[f.name];
        if (!type)
          throw new Error(`${field.name}(${arg.name}.${f.name}): name the type its id refers to in ID_FIELD_TYPES`);
        slots.push({
          path: [arg.name, f.name],
          type,
          list: isListType(isNonNullType(f.type) ? f.type.ofType : f.type),
        });
      }
    }
  }
  return slots;
}

// Values that pass the usual checks, by field name, so that a mutation reaches the lookup of its record.
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const instant = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
function plausibleString(name: string): string {
  const n = name.toLowerCase();
  if (n.endsWith('on') || n === 'validfrom' || n === 'validuntil' || n.endsWith('date')) return day(60);
  if (n.endsWith('at')) return instant(10);
  if (n.includes('phone')) return '13800138000';
  if (n.includes('creditcode') || n === 'enterprisecode') return demoEnterprises(1)[0]!.creditCode;
  if (n.includes('county')) return '410422';
  if (n.includes('department') || n === 'dept') return 'ndrc';
  if (n.includes('name') || n === 'metwith') return '张建国';
  if (n === 'month' || n === 'period') return '2026-05';
  return '情况已经核实，按规定办理。';
}

function plausible(type: GraphQLInputType, name: string, depth = 0): unknown {
  if (isNonNullType(type)) return plausible(type.ofType, name, depth);
  if (isListType(type)) return [plausible(type.ofType, name, depth + 1)];
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields())) {
      if (isNonNullType(f.type) && depth < 4) value[f.name] = plausible(f.type, f.name, depth + 1);
    }
    return value;
  }
  switch ((type as GraphQLNamedType).name) {
    case 'Int':
      return 1;
    case 'Float':
      return 100;
    case 'Boolean':
      return true;
    case 'ID':
      return randomUUID();
    default:
      return plausibleString(name);
  }
}

const LONG_TEXT = '为进一步优化营商环境，支持企业引进和培养人才，结合本地实际制定本办法。';

/**
 * Arguments the generic values do not satisfy, by mutation (merged over them): without them the mutation would refuse
 * the input before it looks the record up, and the comparison would show nothing.
 */
const OVERRIDES: Record<string, Record<string, unknown>> = {
  updateService: { input: { whereToApply: { officeAddress: '市民服务中心三楼' } } },
  updateServiceOfficial: { input: { position: '科员' } },
  createInvestmentProject: { input: { industryCode: 'C' } },
  approveFinancingApplication: { input: { rate: 4 } },
  updateJobPosting: { input: { title: '数控车床操作工' } },
  updateTalentPolicy: { input: { title: '人才引进补贴办法' } },
  createTalentPolicy: { input: { body: LONG_TEXT, issuedAt: instant(-1) } },
  reportCase: { input: { eventId: 'hidden-1', occurredAt: instant(-1), externalId: 'HIDDEN-1', handlingUnit: null } },
  reportRedemptionStep: { input: { eventId: 'hidden-2', occurredAt: instant(-1), step: 'RECEIVE' } },
  relayRedemptionStep: {
    client: { clientId: 'miit-approval', departmentCode: 'miit', countyCode: CITY_CODE },
    input: { eventId: 'hidden-3', occurredAt: instant(-1), step: 'RECEIVE' },
  },
  applyForRedemption: { input: { materials: [] } },
  submitRedemptionApplication: { input: { materials: [] } },
};

function merge(base: unknown, over: unknown): unknown {
  if (!over || typeof over !== 'object' || Array.isArray(over) || !base || typeof base !== 'object') return over;
  const out = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over)) out[k] = merge(out[k], v);
  return out;
}

/** The mutation's arguments with every id random and every required value plausible. */
function argumentsOf(field: GraphQLField<unknown, unknown>): Record<string, unknown> {
  return merge(genericArguments(field), OVERRIDES[field.name] ?? {}) as Record<string, unknown>;
}

function genericArguments(field: GraphQLField<unknown, unknown>): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const a of field.args) {
    const named = getNamedType(a.type);
    // Optional inputs that carry ids are sent, so that their id fields can be set.
    if (
      isNonNullType(a.type) ||
      (isInputObjectType(named) && Object.values(named.getFields()).some((f) => getNamedType(f.type).name === 'ID'))
    )
      args[a.name] = plausible(a.type, a.name);
  }
  return args;
}

function withId(args: Record<string, unknown>, slot: IdSlot, id: string): Record<string, unknown> {
  const copy = structuredClone(args);
  const value = slot.list ? [id] : id;
  if (slot.path.length === 1) copy[slot.path[0]!] = value;
  else copy[slot.path[0]!] = { ...((copy[slot.path[0]!] as object | undefined) ?? {}), [slot.path[1]!]: value };
  return copy;
}

/** An id of the same form as a real one that names nothing. */
function randomLike(id: string): string {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(id)) return randomUUID();
  const prefixed = /^([a-z]+:)\d+$/.exec(id);
  if (prefixed) return `${prefixed[1]}${900_000_000 + Math.floor(Math.random() * 1000)}`;
  if (/^\d+$/.test(id)) return String(900_000_000 + Math.floor(Math.random() * 1000));
  return `${id}-x`;
}

/** The operation: every argument a variable, `__typename` of an object result. */
function operationOf(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): string {
  const used = field.args.filter((a) => a.name in args);
  const vars = used.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const call = used.map((a) => `${a.name}: $${a.name}`).join(', ');
  const leaf = !isObjectType(getNamedType(field.type));
  return `mutation Hidden${vars ? `(${vars})` : ''} { ${field.name}${call ? `(${call})` : ''}${leaf ? '' : ' { __typename }'} }`;
}

interface Answer {
  ok: boolean;
  error: { code: unknown; message: string; field: unknown; reason: unknown } | null;
}

const UUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\b[a-z]+:\d+\b|\b\d{6,}\b/gi;

const rowsOf = (result: unknown) =>
  (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<Record<string, unknown>>;

let db: TestDatabase;
const enterprises = demoEnterprises(24);
const callers: Array<{ label: string; token: string }> = [];
const servers = new Map<string, SubgraphServer<BaseContext>>();

async function run(server: SubgraphServer<BaseContext>, token: string, query: string, variables: object) {
  const headers = new HeaderMap();
  headers.set('authorization', `Bearer ${token}`);
  const contextValue = await server.contextFor(headers);
  const response = await server.apollo.executeOperation(
    { query, variables: variables as Record<string, unknown> },
    { contextValue },
  );
  if (response.body.kind !== 'single') throw new Error('incremental delivery is not used');
  return response.body.singleResult;
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db, { enterprises: enterprises.length });
  const owner = db.connect({ max: 1 });
  const [bank] = rowsOf(await owner.execute(sql`SELECT credit_code AS c FROM commerce.financial_institutions LIMIT 1`));
  const claims: Array<[string, Claims]> = [
    [
      'enterprise',
      { sub: 'hidden-enterprise', role: 'enterprise', enterprise: enterprises[enterprises.length - 1]!.creditCode },
    ],
    [
      'bank',
      {
        sub: 'hidden-bank',
        role: 'enterprise',
        enterprise: String(bank?.c ?? enterprises[1]!.creditCode),
        perms: ['financing:institution'],
      },
    ],
    ['person', { sub: 'hidden-person', role: 'person' }],
    ['analyst', { sub: 'hidden-analyst', role: 'analyst' }],
    ['leader', { sub: 'hidden-leader', role: 'leader' }],
    ['county admin', { sub: 'hidden-admin', role: 'admin', county: '410422' }],
    // Systems registered with the exchange by the demo seed.
    ['商务局 system', { sub: 'mofcom-approval', role: 'system', dept: 'mofcom', county: CITY_CODE }],
    ['工信局 system', { sub: 'miit-approval', role: 'system', dept: 'miit', county: CITY_CODE }],
    // The platform's exchange, which alone relays redemption steps to policies.
    ['exchange relay', { sub: 'platform-exchange', role: 'system', dept: 'bigdata', county: CITY_CODE }],
    ...DEPARTMENTS.flatMap((dept): Array<[string, Claims]> => [
      [
        `${dept} 叶县 staff`,
        { sub: `hidden-${dept}-yx`, role: 'staff', dept, county: '410422', perms: ['policy:review'] },
      ],
      [
        `${dept} city staff`,
        { sub: `hidden-${dept}-city`, role: 'staff', dept, county: CITY_CODE, perms: ['policy:review'] },
      ],
    ]),
  ];
  for (const [label, c] of claims) callers.push({ label, token: await tokenFor(c) });
  for (const s of SUBGRAPHS) {
    const server = FACTORIES[s.name]!({ db: await db.connectAs(s.name as SchemaName) });
    await server.start();
    servers.set(s.name, server);
  }
}, 300_000);
afterAll(async () => {
  for (const server of servers.values()) await server.stop();
  await db?.close();
});

/** Where the records of a type are, and how a caller reads them. */
interface TypeAccess {
  subgraph: string;
  ids: string[];
  /** Whether the caller can read the record. */
  visible(token: string, id: string): Promise<boolean>;
}

const accessCache = new Map<string, Promise<TypeAccess | null>>();

async function tableIds(type: string): Promise<{ subgraph: string; ids: string[] } | null> {
  const owner = db.connect({ max: 1 });
  const table = TABLES[type] ?? plural(snake(type));
  const owners = graphOf(supergraph.getType(type) as never, 'join__type');
  for (const subgraph of owners.length ? owners : SUBGRAPHS.map((s) => s.name)) {
    const found = rowsOf(
      await owner.execute(
        sql`SELECT 1 FROM information_schema.tables WHERE table_schema = ${subgraph} AND table_name = ${table}`,
      ),
    );
    if (!found.length) continue;
    const rows = rowsOf(
      await owner.execute(sql.raw(`SELECT id::text AS id FROM "${subgraph}"."${table}" ORDER BY id LIMIT 400`)),
    );
    const ids = rows.map((r) => String(r.id));
    return { subgraph, ids: type === 'OutboxMessage' ? ids.map((id) => `${subgraph}:${id}`) : ids };
  }
  return null;
}

function accessOf(type: string): Promise<TypeAccess | null> {
  let cached = accessCache.get(type);
  if (!cached) accessCache.set(type, (cached = resolveAccess(type)));
  return cached;
}

async function resolveAccess(type: string): Promise<TypeAccess | null> {
  const found = await tableIds(type);
  if (!found) return null;
  const queries = Object.values(supergraph.getQueryType()!.getFields());
  const byId = queries.find(
    (q) =>
      getNamedType(q.type).name === type &&
      !isListType(isNonNullType(q.type) ? q.type.ofType : q.type) &&
      q.args.length === 1 &&
      q.args[0]!.name === 'id',
  );
  if (byId) {
    const server = servers.get(ownerOf(byId)!)!;
    const query = `query($id: ID!) { ${byId.name}(id: $id) { __typename } }`;
    return {
      ...found,
      visible: async (token, id) => {
        const res = await run(server, token, query, { id });
        return !!res.data?.[byId.name];
      },
    };
  }
  // No single-record query: the lists the caller may read (connections and lists of the type, no required argument).
  const lists = queries.filter((q) => {
    if (q.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) return false;
    const named = getNamedType(q.type);
    if (named.name === type) return true;
    return isObjectType(named) && getNamedType(named.getFields().nodes?.type ?? named)?.name === type;
  });
  if (!lists.length) return null;
  const seen = new Map<string, Promise<Set<string>>>();
  const readable = async (token: string) => {
    const ids = new Set<string>();
    for (const q of lists) {
      const server = servers.get(ownerOf(q)!)!;
      const connection = getNamedType(q.type).name !== type;
      let after: string | null = null;
      for (let page = 0; page < 20; page++) {
        const args = connection ? `(first: 100${after ? `, after: ${JSON.stringify(after)}` : ''})` : '';
        const selection = connection ? '{ nodes { id } pageInfo { hasNextPage endCursor } }' : '{ id }';
        const res = await run(server, token, `{ ${q.name}${args} ${selection} }`, {});
        const data = res.data?.[q.name] as
          | { nodes: Array<{ id: string }>; pageInfo: { hasNextPage: boolean; endCursor: string } }
          | Array<{ id: string }>
          | null
          | undefined;
        if (!data) break;
        const nodes = Array.isArray(data) ? data : data.nodes;
        for (const n of nodes) ids.add(n.id);
        if (Array.isArray(data) || !data.pageInfo.hasNextPage) break;
        after = data.pageInfo.endCursor;
      }
    }
    return ids;
  };
  return {
    ...found,
    visible: async (token, id) => {
      let ids = seen.get(token);
      if (!ids) seen.set(token, (ids = readable(token)));
      return (await ids).has(id);
    },
  };
}

/** A record of the type the caller cannot read, if any. */
const hiddenCache = new Map<string, Promise<string | null>>();
function hiddenFor(type: string, token: string): Promise<string | null> {
  const key = `${type}\u0000${token}`;
  let cached = hiddenCache.get(key);
  if (!cached) {
    cached = (async () => {
      const access = await accessOf(type);
      if (!access) return null;
      // Spread over the table, so that records of every owner, county and state are among the candidates.
      const step = Math.max(1, Math.floor(access.ids.length / 40));
      for (let i = 0; i < access.ids.length; i += step) {
        if (!(await access.visible(token, access.ids[i]!))) return access.ids[i]!;
      }
      return null;
    })();
    hiddenCache.set(key, cached);
  }
  return cached;
}

function answerOf(
  result: {
    data?: Record<string, unknown> | null;
    errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>;
  },
  name: string,
): Answer {
  const e = result.errors?.[0];
  return {
    ok: !!result.data?.[name] && !e,
    error: e
      ? {
          code: e.extensions?.code,
          message: e.message.replace(UUIDS, '<id>'),
          field: e.extensions?.field,
          reason: e.extensions?.reason,
        }
      : null,
  };
}

const mutations = Object.values(supergraph.getMutationType()!.getFields());

/**
 * Ids no caller's answer shows being looked up, and why: the comparison holds for them without a lookup (the answer
 * cannot depend on the record), or no record of the type is hidden from any caller in the demo data.
 */
const NOT_LOOKED_UP: Record<string, string> = {
  'markMessagesRead(ids)': "marks the caller's own messages among the ids and counts them: others' are not counted",
  'retryPlatformDeliveries(ids)': 'retries the dead messages of the caller’s scope among the ids: others are skipped',
  'retryPoliciesDeliveries(ids)': 'as retryPlatformDeliveries',
  'retryComplaintsDeliveries(ids)': 'as retryPlatformDeliveries',
  'retryCommerceDeliveries(ids)': 'as retryPlatformDeliveries',
  'retryTalentDeliveries(ids)': 'as retryPlatformDeliveries',
  'retryStatisticsDeliveries(ids)': 'as retryPlatformDeliveries',
  'reportRedemptionStep(input.applicationId)': 'relayed to policies, which looks it up (relayRedemptionStep)',
  'createTalentPolicy(input.policyId)': 'a link to a policy of the policies subgraph, not looked up by talent',
  'raiseProblemFromVisit(input.problemId)': 'a problem of the visit named by `id`, which is looked up first',
  'confirmRegisterChange(id)': 'the demo has no register changes (a job proposes them)',
  'overrideRegisterChange(id)': 'as confirmRegisterChange',
};

describe.each(SUBGRAPHS.map((s) => s.name))('mutations of %s that take an id', (name) => {
  const own = mutations.filter((m) => ownerOf(m) === name && idSlots(m).length > 0);

  it(`answer a record the caller may not see as one that does not exist (${own.length} mutations)`, async () => {
    const server = servers.get(name)!;
    const mismatches: string[] = [];
    const unreached: string[] = [];
    let compared = 0;
    for (const field of own) {
      const base = argumentsOf(field);
      const query = operationOf(field, base);
      for (const slot of idSlots(field)) {
        const label = `${field.name}(${slot.path.join('.')})`;
        let reached = false;
        for (const caller of callers) {
          const hidden = await hiddenFor(slot.type, caller.token);
          if (!hidden) continue;
          const random = answerOf(
            await run(server, caller.token, query, withId(base, slot, randomLike(hidden))),
            field.name,
          );
          const secret = answerOf(await run(server, caller.token, query, withId(base, slot, hidden)), field.name);
          compared++;
          // Looked up: NOT_FOUND, or, for an id in an input, BAD_USER_INPUT naming it.
          if (
            random.error?.code === 'NOT_FOUND' ||
            (random.error?.code === 'BAD_USER_INPUT' && random.error.field === slot.path.join('.'))
          )
            reached = true;
          const where = `${label} with ${slot.type} ${hidden} as ${caller.label}`;
          if (secret.ok && !random.ok) mismatches.push(`${where}: succeeded on a record the caller cannot read`);
          else if (JSON.stringify(random) !== JSON.stringify(secret))
            mismatches.push(
              `${where}: random id ${JSON.stringify(random.error)} / hidden ${JSON.stringify(secret.error)}`,
            );
        }
        if (!reached) unreached.push(label);
      }
    }
    console.log(`${name}: ${own.length} mutations, ${compared} comparisons`);
    expect(mismatches).toEqual([]);
    // Every id is seen being looked up by some caller, or is named above with the reason it is not.
    const excused = Object.keys(NOT_LOOKED_UP).filter((k) => own.some((m) => k.startsWith(`${m.name}(`)));
    expect(unreached.sort()).toEqual(excused.sort());
  }, 900_000);
});
