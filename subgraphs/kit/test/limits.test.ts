/** Request budgets: each refused just above its value and accepted at it, per role. */
import { ApolloServer } from '@apollo/server';
import { ANONYMOUS, type Principal } from '../src/auth.ts';
import { describe, expect, it } from 'vitest';
import {
  budgetPlugin,
  budgetsFromEnv,
  checkTokenBudget,
  DEFAULT_BUDGETS,
  withHeadroom,
  type Budget,
} from '../src/limits.ts';

const typeDefs = /* GraphQL */ `
  directive @tag on FIELD
  type Query {
    node: Node
  }
  type Node {
    id: Int
    name: String
    child: Node
  }
`;
const node = { id: 1, name: 'n', child: null };
const resolvers = { Query: { node: () => node } };
const analyst: Principal = { ...ANONYMOUS, role: 'analyst', sub: 'a' };

async function run(budget: Partial<Budget>, query: string, principal: Principal = ANONYMOUS) {
  const budgets = structuredClone(DEFAULT_BUDGETS);
  budgets.anonymous = { ...budgets.anonymous, ...budget };
  const server = new ApolloServer<{ principal: Principal }>({ typeDefs, resolvers, plugins: [budgetPlugin(budgets)] });
  await server.start();
  try {
    const res = await server.executeOperation({ query }, { contextValue: { principal } });
    if (res.body.kind !== 'single') throw new Error('single result expected');
    return { status: res.http.status ?? 200, errors: res.body.singleResult.errors };
  } finally {
    await server.stop();
  }
}

const nested = (levels: number) => `{ node ${'{ child '.repeat(levels - 1)}{ id }${' }'.repeat(levels - 1)} }`;
const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: node { id }`).join(' ')} }`;
const directives = (n: number) => `{ node { ${Array.from({ length: n }, (_, i) => `f${i}: id @tag`).join(' ')} } }`;

describe('request budgets', () => {
  it.each([
    ['depth', nested(5), 'depth'],
    ['aliases', aliases(6), 'aliases'],
    ['directives', directives(4), 'directives'],
  ] as const)('refuses %s just above the budget and accepts it at the budget', async (_, query, key) => {
    // The first run with a budget of 1 tells the measured value.
    const probe = await run({ [key]: 1 }, query);
    const found = Number(/found (\d+)/.exec(probe.errors?.[0]?.message ?? '')?.[1]);
    expect(found).toBeGreaterThan(1);
    const above = await run({ [key]: found - 1 }, query);
    expect(above.status).toBe(400);
    expect(above.errors?.[0]?.extensions?.code).toBe('GATEWAY_BUDGET_EXCEEDED');
    const at = await run({ [key]: found }, query);
    expect(at.errors).toBeUndefined();
  });

  it('refuses tokens just above the budget and accepts them at it, before parsing', () => {
    const query = '{ node { id name } }'; // {, node, {, id, name, }, }
    const budgets = structuredClone(DEFAULT_BUDGETS);
    budgets.anonymous.tokens = 7;
    expect(() => checkTokenBudget(query, 'anonymous', budgets)).not.toThrow();
    budgets.anonymous.tokens = 6;
    let error: unknown;
    try {
      checkTokenBudget(query, 'anonymous', budgets);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      message: expect.stringMatching(/token limit of 6/),
      extensions: { code: 'GATEWAY_BUDGET_EXCEEDED' },
    });
    // A syntax error is left to Apollo to report.
    expect(() => checkTokenBudget('{ node {', 'anonymous', budgets)).not.toThrow();
  });

  it('gives subgraphs the same budgets with headroom for query plans', () => {
    const sub = withHeadroom(DEFAULT_BUDGETS);
    expect(sub.anonymous.depth).toBe(DEFAULT_BUDGETS.anonymous.depth + 3);
    expect(sub.analyst.cost).toBe(DEFAULT_BUDGETS.analyst.cost * 3);
  });

  it('refuses cost just above the budget and accepts it at it', async () => {
    const query = nested(3);
    const probe = await run({ cost: 1 }, query);
    // Costs are fractional (a factor of 1.5 per level); budgets are whole numbers.
    const found = Math.ceil(Number(/found (\d+(?:\.\d+)?)/.exec(probe.errors?.[0]?.message ?? '')?.[1]));
    expect(found).toBeGreaterThan(1);
    expect((await run({ cost: found - 1 }, query)).errors?.[0]?.extensions?.code).toBe('GATEWAY_BUDGET_EXCEEDED');
    expect((await run({ cost: found }, query)).errors).toBeUndefined();
  });

  it('gives analysts a larger, still bounded budget than anonymous callers', async () => {
    const query = nested(10);
    expect((await run({}, query)).errors?.[0]?.extensions?.code).toBe('GATEWAY_BUDGET_EXCEEDED');
    expect((await run({}, query, analyst)).errors).toBeUndefined();
    expect((await run({}, nested(DEFAULT_BUDGETS.analyst.depth + 2), analyst)).errors?.[0]?.extensions?.code).toBe(
      'GATEWAY_BUDGET_EXCEEDED',
    );
    expect(DEFAULT_BUDGETS.analyst.cost).toBeGreaterThan(DEFAULT_BUDGETS.anonymous.cost);
  });

  it('reads overrides from GATEWAY_BUDGETS and refuses nonsense', () => {
    const budgets = budgetsFromEnv({ GATEWAY_BUDGETS: '{"analyst": {"cost": 90000}}' });
    expect(budgets.analyst.cost).toBe(90000);
    expect(budgets.anonymous).toEqual(DEFAULT_BUDGETS.anonymous);
    expect(() => budgetsFromEnv({ GATEWAY_BUDGETS: '{"robot": {"cost": 1}}' })).toThrow(/unknown role/);
    expect(() => budgetsFromEnv({ GATEWAY_BUDGETS: '{"analyst": {"cost": -1}}' })).toThrow(/positive integer/);
  });
});
