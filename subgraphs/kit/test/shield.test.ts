/**
 * The kit's shield decides as graphql-shield does: the same schema and rule tree, under graphql-shield and under the
 * kit, give the same responses (data and errors) to every caller, for every kind of rule the platform uses.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, parse, type GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { not, shield, type IRules } from 'graphql-shield';
import { gql } from 'graphql-tag';
import { describe, expect, it } from 'vitest';
import { ANONYMOUS, type Principal } from '../src/auth.ts';
import { ForbiddenError } from '../src/errors.ts';
import { allow, and, deny, hasRole, isAuthenticated, isOwnEnterprise, or, rule } from '../src/rules.ts';
import { kitShield } from '../src/shield.ts';

const FORBIDDEN = new ForbiddenError();

const typeDefs = gql`
  type Query {
    open: String
    secret: String
    enterprises: [Enterprise!]
    staffOnly: String
    both: String
    refusedByString: String
    throwingRule: String
    asyncRule: String
    failingResolver: String
    fallback: String
  }
  type Enterprise {
    creditCode: String!
    name: String!
    phone: String
    notes: String
  }
  type Audit {
    at: String
  }
`;

const enterprises = [
  { creditCode: '91410400MA00000011', name: '甲', phone: '13800000001', notes: 'n1' },
  { creditCode: '91410400MA00000022', name: '乙', phone: '13800000002', notes: 'n2' },
];

const resolvers = {
  Query: {
    open: () => 'open',
    secret: () => 'secret',
    enterprises: () => enterprises,
    staffOnly: () => 'staff',
    both: () => 'both',
    refusedByString: () => 'never',
    throwingRule: () => 'never',
    asyncRule: async () => 'async',
    failingResolver: () => {
      throw new ForbiddenError('The resolver refused.');
    },
    fallback: () => 'fallback',
  },
};

const refusesWithString = rule('test:string', { cache: 'no_cache' })(() => 'refused by a string');
const throws = rule('test:throws', { cache: 'contextual' })(() => {
  throw new Error('boom');
});
const asyncAnalyst = rule('test:async', { cache: 'contextual' })(
  async (_p, _a, ctx: { principal: Principal }) => ctx.principal.role === 'analyst' || FORBIDDEN,
);

const tree = {
  Query: {
    open: allow,
    secret: deny,
    enterprises: isAuthenticated,
    staffOnly: hasRole('staff'),
    both: and(isAuthenticated, or(hasRole('staff'), hasRole('analyst'))),
    refusedByString: refusesWithString,
    throwingRule: throws,
    asyncRule: asyncAnalyst,
    failingResolver: allow,
  },
  Enterprise: {
    '*': allow,
    phone: or(isOwnEnterprise, hasRole('admin')),
    notes: and(isAuthenticated, asyncAnalyst),
  },
  Audit: hasRole('admin'),
} as IRules;

function schemaWith(kind: 'graphql-shield' | 'kit'): GraphQLSchema {
  const schema = buildSubgraphSchema({ typeDefs, resolvers });
  const options = { fallbackRule: deny, fallbackError: FORBIDDEN };
  return applyMiddleware(
    schema,
    kind === 'kit' ? kitShield(tree, options) : shield(tree, { ...options, allowExternalErrors: true }),
  );
}

const principals: Principal[] = [
  ANONYMOUS,
  { ...ANONYMOUS, role: 'enterprise', sub: 'e', enterprise: enterprises[0]!.creditCode },
  { ...ANONYMOUS, role: 'staff', sub: 's', dept: 'ndrc', county: '410400' },
  { ...ANONYMOUS, role: 'analyst', sub: 'a' },
  { ...ANONYMOUS, role: 'admin', sub: 'd', county: '410400' },
];

const QUERY = parse(`{
  open secret staffOnly both refusedByString throwingRule asyncRule failingResolver fallback
  enterprises { creditCode name phone notes }
}`);

async function run(schema: GraphQLSchema, principal: Principal) {
  const result = await execute({ schema, document: QUERY, contextValue: { principal } });
  // Errors in path order: their order in a response follows completion, which no client may rely on.
  return {
    data: result.data,
    errors: result.errors
      ?.map((e) => ({ message: e.message, path: e.path, code: e.extensions.code }))
      .sort((a, b) => JSON.stringify(a.path).localeCompare(JSON.stringify(b.path))),
  };
}

describe("the kit's shield", () => {
  it('answers every caller as graphql-shield does, for allow, deny, roles, and, or, strings, throws and promises', async () => {
    const kit = schemaWith('kit');
    const reference = schemaWith('graphql-shield');
    for (const principal of principals) {
      const expected = await run(reference, principal);
      expect(await run(kit, principal)).toEqual(expected);
    }
    // The comparison is not vacuous: the callers are answered differently, with refusals among the answers.
    const anonymous = await run(kit, ANONYMOUS);
    const admin = await run(kit, principals[4]!);
    expect(anonymous.data!.open).toBe('open');
    expect(anonymous.data!.enterprises).toBeNull();
    expect(anonymous.errors!.map((e) => e.path![0])).toEqual(
      expect.arrayContaining(['secret', 'staffOnly', 'both', 'refusedByString', 'throwingRule', 'fallback']),
    );
    expect(admin.data!.enterprises).toEqual(enterprises.map((e) => ({ ...e, notes: null })));
    const own = await run(kit, principals[1]!);
    expect((own.data!.enterprises as Array<{ phone: string | null }>).map((e) => e.phone)).toEqual([
      enterprises[0]!.phone,
      null,
    ]);
  });

  it('leaves allowed fields without middleware, so they resolve without a promise', async () => {
    const kit = schemaWith('kit');
    const result = execute({ schema: kit, document: parse('{ open }'), contextValue: { principal: ANONYMOUS } });
    expect(result).toEqual({ data: { open: 'open' } });
  });

  it('refuses, when the schema is built, rules it does not implement and rules for fields that do not exist', () => {
    const schema = buildSubgraphSchema({ typeDefs, resolvers });
    const options = { fallbackRule: deny, fallbackError: FORBIDDEN };
    expect(() => applyMiddleware(schema, kitShield({ Query: { open: not(allow) } } as IRules, options))).toThrow(
      /Query\.open/,
    );
    expect(() => applyMiddleware(schema, kitShield({ Query: { nothing: allow } } as IRules, options))).toThrow(
      /Query\.nothing/,
    );
  });
});
