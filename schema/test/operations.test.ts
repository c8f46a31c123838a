/**
 * The clients' operations (schema/operations/) validate against the API schema composed from the subgraphs as they
 * are now, and the committed supergraph is what composition produces.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { apiSchema, compose } from '../compose.ts';

const root = fileURLToPath(new URL('../operations', import.meta.url));

function graphqlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? graphqlFiles(join(dir, d.name)) : d.name.endsWith('.graphql') ? [join(dir, d.name)] : [],
  );
}

describe("the clients' operations", () => {
  const schema = apiSchema();
  const files = graphqlFiles(root);

  it('are there for every client', () => {
    expect(files.map((f) => relative(root, f).split('/')[0])).toEqual(
      expect.arrayContaining(['portal', 'backoffice', 'analyst']),
    );
  });

  it.each(files.map((f) => [relative(root, f), f]))('%s validates against the composed API schema', (_, file) => {
    const errors = validate(schema, parse(readFileSync(file, 'utf8')));
    expect(errors.map((e) => e.message)).toEqual([]);
  });

  it('reports an operation that a schema change would break', () => {
    const broken = parse('query { enterprise(creditCode: "x") { noSuchField } }');
    expect(validate(schema, broken)).not.toHaveLength(0);
  });

  it('matches the committed supergraph', () => {
    expect(compose()).toBe(readFileSync(new URL('../supergraph.graphql', import.meta.url), 'utf8'));
  });
});
