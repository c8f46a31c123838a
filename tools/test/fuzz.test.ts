/**
 * Bad input, everywhere: property-based tests (fast-check) of every mutation in the composed supergraph, sent to the
 * subgraph that owns it through its real context path. Arguments are generated from the mutation's input types:
 * strings with emoji, right-to-left marks, NUL, lone surrogates and 100 KB; numbers at the edges and beyond them;
 * dates out of range; wrong enum values; lists of 10,000; nulls where a value is required; fields of the wrong type.
 * Each runs as one of the roles (anonymous, enterprise user, staff of every department with their permissions,
 * analyst, admin, leader, person, system). Never a 500, never an error without a code of the closed list (so never
 * INTERNAL_SERVER_ERROR), and a mutation that fails leaves every table of its subgraph as it was (no half-written
 * row).
 *
 *   FUZZ_RUNS   runs per mutation (default 5: a few seconds per subgraph; raise it to search longer)
 *   FUZZ_SEED   the seed (default 20260418): a failure prints its seed and path to replay it
 *
 * A new mutation is covered by being in the supergraph.
 */
import { readFileSync } from 'node:fs';
import { HeaderMap } from '@apollo/server';
import type { SchemaName } from '@qq/db/migrate';
import { demoEnterprises, seedDemo } from '@qq/db/seed';
import { CITY_CODE, DEPARTMENTS, type Claims } from '@qq/kit';
import { createTestDatabase, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { SUBGRAPHS } from '@qq/schema';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import {
  buildASTSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  parse,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACTORIES } from '../src/subgraphs.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 5);
const SEED = Number(process.env.FUZZ_SEED ?? 20260418);

/** The codes a client may see (kit `errors.ts`), less INTERNAL_SERVER_ERROR: bad input is never the server's fault. */
const CODED = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'GATEWAY_BUDGET_EXCEEDED',
  'BAD_REQUEST',
]);

const supergraph = buildASTSchema(
  parse(readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8')),
  { assumeValidSDL: true },
);

/** The subgraph that resolves a mutation (`@join__field(graph: …)`). */
function ownerOf(field: GraphQLField<unknown, unknown>): string | undefined {
  const join = field.astNode?.directives?.find((d) => d.name.value === 'join__field');
  const graph = join?.arguments?.find((a) => a.name.value === 'graph')?.value;
  return graph?.kind === 'EnumValue' ? graph.value.toLowerCase() : undefined;
}

const mutations = Object.values(supergraph.getMutationType()?.getFields() ?? {});
const enterprises = demoEnterprises(8);

// Strings a user, a broken client or an attacker sends.
const SPECIAL = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u202Eevil\u202C',
  '\u200F\u05E9\u05DC\u05D5\u05DD',
  '\uD800',
  '\uDFFFx',
  '😀👨‍👩‍👧‍👦🇨🇳',
  '𠮷野家',
  "'; DROP TABLE x; --",
  '%',
  '_',
  '\\',
  '\r\n',
  '<script>alert(1)</script>',
  '0',
  '-1',
  '1e309',
  'NaN',
  'null',
  '2026-02-30',
  '2026-13-01',
  '0000-01-01',
  '9999-12-31',
  '+275760-09-13',
  '-000001-01-01',
  '2026-04-18T25:61:00Z',
  '1970-01-01T00:00:00Z',
  '../../etc/passwd',
];
const LARGE = ['x'.repeat(100_000), '😀'.repeat(25_000), '\u0000'.repeat(1000)];
// Values that get past the first checks: seeded credit codes, unit and department codes, small ids, sane dates.
const PLAUSIBLE = [
  ...enterprises.map((e) => e.creditCode),
  '91410404MA0002547X',
  CITY_CODE,
  '410422',
  '410499',
  ...DEPARTMENTS,
  '1',
  '2',
  '00000000-0000-0000-0000-000000000000',
  '2026-05-06',
  '2026-12-31',
  '13800138000',
  '410402199001011234',
  '平顶山市',
];

const stringArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 4, arbitrary: fc.constantFrom(...SPECIAL) },
  { weight: 4, arbitrary: fc.constantFrom(...PLAUSIBLE) },
  { weight: 1, arbitrary: fc.constantFrom(...LARGE) },
  // The wrong type altogether.
  { weight: 1, arbitrary: fc.constantFrom(42, true, { a: 1 }, ['x']) },
);
const intArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, -1, 1, 2147483647, -2147483648, 2147483648, -2147483649, Number.MAX_SAFE_INTEGER, 1e308),
  fc.constantFrom(1.5, '12', 'x'),
);
const floatArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER + 2, '1.5', 'x'),
);

function arbitraryFor(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) {
    return fc.oneof(
      { weight: 15, arbitrary: arbitraryFor(type.ofType, depth) },
      { weight: 1, arbitrary: fc.constant(null) },
    );
  }
  const nullable = (arb: fc.Arbitrary<unknown>) =>
    fc.oneof({ weight: 6, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) });
  if (isListType(type)) {
    const item = arbitraryFor(type.ofType, depth + 1);
    return nullable(
      fc.oneof(
        { weight: 8, arbitrary: fc.array(item, { maxLength: 3 }) },
        { weight: 1, arbitrary: item.map((v) => Array.from({ length: 10_000 }, () => v)) },
      ),
    );
  }
  if (isEnumType(type)) {
    const values = type.getValues().map((v) => v.name);
    return nullable(
      fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...values) },
        { weight: 1, arbitrary: fc.constantFrom('NOT_A_VALUE', values[0]!.toLowerCase(), '', 3) },
      ),
    );
  }
  if (isInputObjectType(type)) {
    if (depth > 4) return fc.constant(null);
    const fields = Object.values(type.getFields());
    const record: Record<string, fc.Arbitrary<unknown>> = {};
    for (const f of fields) record[f.name] = arbitraryFor(f.type, depth + 1);
    const required = fields.filter((f) => isNonNullType(f.type)).map((f) => f.name);
    return nullable(
      fc.oneof(
        { weight: 10, arbitrary: fc.record(record, { requiredKeys: required }) },
        // Unknown fields and missing required ones.
        { weight: 1, arbitrary: fc.record(record, { requiredKeys: [] }).map((r) => ({ ...r, notAField: 1 })) },
      ),
    );
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
        return nullable(intArb);
      case 'Float':
        return nullable(floatArb);
      case 'Boolean':
        return nullable(
          fc.oneof({ weight: 8, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constant('true') }),
        );
      default:
        return nullable(stringArb);
    }
  }
  return fc.constant(null);
}

function argumentsArbitrary(args: readonly GraphQLArgument[]): fc.Arbitrary<Record<string, unknown>> {
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const a of args) record[a.name] = arbitraryFor(a.type);
  return fc.record(record, { requiredKeys: args.filter((a) => isNonNullType(a.type)).map((a) => a.name) });
}

/** The operation: every argument a variable, `__typename` of an object result. */
function operationOf(field: GraphQLField<unknown, unknown>): string {
  const vars = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const leaf = isScalarType(getNamedType(field.type)) || isEnumType(getNamedType(field.type));
  return `mutation Fuzz${vars ? `(${vars})` : ''} { ${field.name}${args ? `(${args})` : ''}${leaf ? '' : ' { __typename }'} }`;
}

let db: TestDatabase;
let tokens: Array<string | undefined>;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db, { enterprises: enterprises.length });
  const claims: Claims[] = [
    { sub: 'fuzz-enterprise', role: 'enterprise', enterprise: enterprises[0]!.creditCode },
    { sub: 'fuzz-analyst', role: 'analyst' },
    { sub: 'fuzz-admin', role: 'admin', county: CITY_CODE },
    { sub: 'fuzz-leader', role: 'leader' },
    { sub: 'fuzz-person', role: 'person' },
    ...DEPARTMENTS.map((dept) => ({
      sub: `fuzz-${dept}`,
      role: 'staff' as const,
      dept,
      county: CITY_CODE,
      perms: ['policy:review'],
    })),
    { sub: 'fuzz-clerk', role: 'staff', dept: 'ndrc', county: '410422' },
    { sub: 'fuzz-system', role: 'system', dept: 'ndrc', county: CITY_CODE },
  ];
  tokens = [undefined, ...(await Promise.all(claims.map((c) => tokenFor(c))))];
});
afterAll(async () => {
  await db?.close();
});

const rowsOf = (result: unknown) =>
  (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<Record<string, unknown>>;

describe.each(SUBGRAPHS.map((s) => s.name))('mutations of %s', (name) => {
  const own = mutations.filter((m) => ownerOf(m) === name);

  it(`never answer bad input with a 500, an uncoded error or a half-written row (${own.length} mutations)`, async () => {
    const factory = FACTORIES[name]!;
    const server = factory({ db: await db.connectAs(name as SchemaName) });
    await server.start();
    const owner = db.connect({ max: 1 });
    const tables = rowsOf(
      await owner.execute(
        sql`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ${name} AND table_type = 'BASE TABLE' ORDER BY 1`,
      ),
    ).map((r) => String(r.t));
    const counts = async () =>
      tables.length
        ? JSON.stringify(
            rowsOf(
              await owner.execute(
                sql.raw(
                  tables.map((t) => `SELECT '${t}' AS t, count(*)::int AS n FROM "${name}"."${t}"`).join(' UNION ALL '),
                ),
              ),
            ),
          )
        : '';
    try {
      for (const field of own) {
        const query = operationOf(field);
        // No worker runs: only these mutations change the tables, so the counts are taken again after a success only.
        let before = await counts();
        const details = await fc.check(
          fc.asyncProperty(argumentsArbitrary(field.args), fc.constantFrom(...tokens), async (variables, token) => {
            const headers = new HeaderMap();
            if (token) headers.set('authorization', `Bearer ${token}`);
            const contextValue = await server.contextFor(headers);
            const response = await server.apollo.executeOperation({ query, variables }, { contextValue });
            if (response.body.kind !== 'single') throw new Error('incremental delivery is not used');
            const result = response.body.singleResult;
            const where = `${field.name} as ${token ? JSON.parse(atob(token.split('.')[1]!)).sub : 'anonymous'}`;
            expect(response.http.status ?? 200, where).toBeLessThan(500);
            for (const error of result.errors ?? []) {
              expect(CODED.has(String(error.extensions?.code)), `${where}: ${error.message}`).toBe(true);
            }
            if (result.errors?.length && !result.data?.[field.name]) {
              expect(await counts(), `${where}: rows changed by a failed mutation`).toBe(before);
            } else {
              before = await counts();
            }
          }),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        );
        // Counterexamples hold 100 KB strings and lists of 10,000: report an excerpt and how to replay it.
        if (details.failed) {
          const input = JSON.stringify(details.counterexample?.[0]) ?? '';
          throw new Error(
            `${String((details.errorInstance as Error | undefined)?.message ?? details.errorInstance).slice(0, 1000)}\n` +
              `input (excerpt): ${input.slice(0, 600)}${input.length > 600 ? '…' : ''}\n` +
              `replay: FUZZ_SEED=${details.seed} (path ${details.counterexamplePath})`,
          );
        }
      }
    } finally {
      await server.stop();
    }
  }, 600_000);
});
