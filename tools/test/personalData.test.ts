/**
 * Who saw personal data, across the six subgraphs: every field of the composed supergraph that shows a person's name,
 * phone or ID number is declared in its subgraph's personal-data access log (or named below with the reason it is
 * not personal data), and every declared field, read unmasked through GraphQL from the demo data, writes one log row
 * per record read in the subgraph that owns it, while a masked read writes none.
 *
 * A field is taken for personal data by its name (phone, contactName, applicantName, legalRepresentative, preparer,
 * metWith, idNumber…) or by its description's Chinese term (姓名, 联系人, 电话, 手机, 法定代表人, 身份证, 证件号), which
 * every description carries.
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
  isListType,
  isNonNullType,
  isObjectType,
  parse,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACTORIES } from '../src/subgraphs.ts';

const supergraph = buildASTSchema(
  parse(readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8')),
  { assumeValidSDL: true },
);

const PERSONAL_NAME = /phone|mobile|contactName|applicantName|legalRepresentative|preparer|metWith|idNumber|idCard/i;
const PERSONAL_TERM = /姓名|联系人|电话|手机|法定代表人|身份证|证件号/;

/** Fields that look personal but are not a person's data. */
const NOT_PERSONAL: Record<string, string> = {
  'FinancialInstitution.hotline': "the institution's public service hotline (服务电话), not a person's",
};

/** Declared fields the demo data has no record of (each is shown by its subgraph's own test). */
const NOT_IN_DEMO: Record<string, string> = {
  'ExchangePush.payload': 'the demo seeds no pushes: subgraphs/platform/test/exchange.test.ts',
};

type Directive = { name: { value: string }; arguments?: readonly { name: { value: string }; value: unknown }[] };
const graphsOf = (node: { astNode?: { directives?: readonly Directive[] } | null }, directive: string) =>
  (node.astNode?.directives ?? [])
    .filter((d) => d.name.value === directive)
    .map((d) => String((d.arguments?.find((a) => a.name.value === 'graph')?.value as { value?: string })?.value ?? ''))
    .map((g) => g.toLowerCase());

/** The subgraph that resolves a field: its `@join__field`, else its type's only `@join__type`. */
function ownerOf(type: GraphQLObjectType, field: GraphQLField<unknown, unknown>): string | undefined {
  return graphsOf(field, 'join__field')[0] ?? graphsOf(type, 'join__type')[0];
}

const unwrap = (t: GraphQLOutputType): GraphQLOutputType => (isNonNullType(t) ? t.ofType : t);

let db: TestDatabase;
const servers = new Map<string, SubgraphServer<BaseContext>>();
const readers: Array<{ label: string; token: string }> = [];

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db, { enterprises: demoEnterprises(24).length });
  const claims: Array<[string, Claims]> = [
    ['city admin', { sub: 'pd-admin', role: 'admin', county: CITY_CODE }],
    ...DEPARTMENTS.map((dept): [string, Claims] => [
      `${dept} city staff`,
      { sub: `pd-${dept}`, role: 'staff', dept, county: CITY_CODE },
    ]),
    ['analyst', { sub: 'pd-analyst', role: 'analyst' }],
  ];
  for (const [label, c] of claims) readers.push({ label, token: await tokenFor(c) });
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

function declared(subgraph: string): Record<string, Record<string, unknown>> {
  const fields = servers.get(subgraph)!.definition.accessLog?.fields ?? {};
  return Object.fromEntries(Object.entries(fields).map(([type, spec]) => [type, spec.fields]));
}

describe('personal fields of the supergraph', () => {
  it('are each declared in the access log of the subgraph that resolves them', () => {
    const undeclared: string[] = [];
    const seen = new Set<string>();
    for (const type of Object.values(supergraph.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__') || type.name === 'Query' || type.name === 'Mutation')
        continue;
      for (const field of Object.values(type.getFields())) {
        if (getNamedType(field.type).name !== 'String') continue;
        if (!PERSONAL_NAME.test(field.name) && !PERSONAL_TERM.test(field.description ?? '')) continue;
        const key = `${type.name}.${field.name}`;
        seen.add(key);
        if (NOT_PERSONAL[key]) continue;
        const owner = ownerOf(type, field);
        if (!owner || !declared(owner)[type.name]?.[field.name]) undeclared.push(`${key} (${owner})`);
      }
    }
    expect(undeclared).toEqual([]);
    // The list of exceptions holds only fields that exist.
    for (const key of Object.keys(NOT_PERSONAL)) expect(seen.has(key), key).toBe(true);
    // The declarations name fields of the schema.
    for (const s of SUBGRAPHS)
      for (const [type, fields] of Object.entries(declared(s.name)))
        for (const field of Object.keys(fields)) {
          const t = supergraph.getType(type);
          expect(isObjectType(t) && !!t.getFields()[field], `${s.name}: ${type}.${field}`).toBe(true);
        }
  });
});

/** Root queries (and, one level down, fields of their records) that list records of a type without arguments. */
function pathsTo(type: string, subgraph: string): string[][] {
  const listOf = (f: GraphQLField<unknown, unknown>): GraphQLObjectType | null => {
    if (f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) return null;
    const t = unwrap(f.type);
    if (isListType(t)) {
      const item = getNamedType(t);
      return isObjectType(item) ? item : null;
    }
    const named = getNamedType(t);
    const nodes = isObjectType(named) ? named.getFields().nodes : undefined;
    const item = nodes ? getNamedType(nodes.type) : null;
    return item && isObjectType(item) ? item : null;
  };
  const query = supergraph.getQueryType()!;
  const paths: string[][] = [];
  for (const root of Object.values(query.getFields())) {
    if (ownerOf(query, root) !== subgraph) continue;
    const item = listOf(root);
    if (!item) continue;
    if (item.name === type) paths.push([root.name]);
    else
      for (const inner of Object.values(item.getFields()))
        if (ownerOf(item, inner) === subgraph && listOf(inner)?.name === type) paths.push([root.name, inner.name]);
  }
  return paths;
}

/** The selection of a path: lists as connections (`nodes`) or plain lists, 20 records at most each. */
function selectionOf(path: string[], leaf: string): string {
  const query = supergraph.getQueryType()!;
  let parent: GraphQLObjectType = query;
  let inner = leaf;
  const parts: Array<(s: string) => string> = [];
  for (const name of path) {
    const f = parent.getFields()[name]!;
    const t = unwrap(f.type);
    const takesFirst = f.args.some((a) => a.name === 'first');
    const args = takesFirst ? '(first: 20)' : '';
    if (isListType(t)) {
      parts.push((s) => `${name}${args} { ${s} }`);
      parent = getNamedType(t) as GraphQLObjectType;
    } else {
      parts.push((s) => `${name}${args} { nodes { ${s} } }`);
      parent = getNamedType((getNamedType(t) as GraphQLObjectType).getFields().nodes!.type) as GraphQLObjectType;
    }
  }
  for (const wrap of parts.reverse()) inner = wrap(inner);
  return `{ ${inner} }`;
}

/** The records at the end of a path in a response. */
function recordsOf(data: unknown, path: string[]): Array<Record<string, unknown>> {
  let level: unknown[] = [data];
  for (const name of path) {
    const next: unknown[] = [];
    for (const item of level) {
      const v = (item as Record<string, unknown> | null)?.[name] as
        { nodes?: unknown[] } | unknown[] | null | undefined;
      if (!v) continue;
      next.push(...(Array.isArray(v) ? v : (v.nodes ?? [])));
    }
    level = next;
  }
  return level.filter(Boolean) as Array<Record<string, unknown>>;
}

const rowsOf = (result: unknown) =>
  (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<Record<string, unknown>>;

describe.each(SUBGRAPHS.map((s) => s.name))('personal fields of %s', (subgraph) => {
  it('write one log row per record read unmasked, none for a masked read', async () => {
    const server = servers.get(subgraph)!;
    const owner = db.connect({ max: 1 });
    const unexercised: string[] = [];
    const wrong: string[] = [];
    const figures: string[] = [];
    for (const [type, fields] of Object.entries(declared(subgraph))) {
      const t = supergraph.getType(type) as GraphQLObjectType;
      const key = t.getFields().id ? 'id' : 'creditCode';
      const paths = pathsTo(type, subgraph);
      for (const field of Object.keys(fields)) {
        const name = `${type}.${field}`;
        let unmasked = 0;
        let masked = 0;
        for (const path of paths) {
          for (const reader of readers) {
            const requestId = randomUUID();
            const headers = new HeaderMap();
            headers.set('authorization', `Bearer ${reader.token}`);
            const contextValue = await server.contextFor(headers, requestId);
            const response = await server.apollo.executeOperation(
              { query: selectionOf(path, `${key} ${field}`) },
              { contextValue },
            );
            if (response.body.kind !== 'single') throw new Error('incremental delivery is not used');
            const records = recordsOf(response.body.singleResult.data, path);
            const shown = records.filter((r) => typeof r[field] === 'string' && r[field] !== '');
            const plain = new Set(shown.filter((r) => !String(r[field]).includes('*')).map((r) => String(r[key])));
            unmasked += plain.size;
            masked += shown.length - plain.size;
            const logged = rowsOf(
              await owner.execute(
                sql.raw(
                  `select entity_key as key from "${subgraph}".personal_data_accesses ` +
                    `where request_id = '${requestId}' and entity_type = '${type}' and field = '${field}'`,
                ),
              ),
            ).map((r) => String(r.key));
            // Each record read unmasked is logged once; masked ones are not (the key of a record is its log key
            // for every declared type but one read through another record, which the key function names).
            if (logged.length !== plain.size || new Set(logged).size !== logged.length)
              wrong.push(
                `${name} via ${path.join('.')} as ${reader.label}: ${plain.size} unmasked, ${logged.length} logged`,
              );
          }
        }
        figures.push(`${name} ${unmasked}/${masked}`);
        if (unmasked === 0 && !NOT_IN_DEMO[name])
          unexercised.push(`${name} (${paths.map((p) => p.join('.')).join(', ') || 'no list'}; ${masked} masked)`);
      }
    }
    console.log(`${subgraph} (reads logged/masked): ${figures.join(', ')}`);
    expect(wrong).toEqual([]);
    expect(unexercised).toEqual([]);
  }, 600_000);
});
