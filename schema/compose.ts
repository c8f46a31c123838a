/**
 * Composes the subgraph SDLs into `schema/supergraph.graphql` with @apollo/composition (Federation 2). The gateway
 * serves this static file; CI fails when regenerating it changes anything or composition fails.
 * `pnpm compose --check` only reports whether the committed file is current.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { composeServices } from '@apollo/composition';
import { subgraphSdlText } from '@qq/kit';
import { parse, type GraphQLSchema } from 'graphql';
import { defaultUrl, SUBGRAPHS } from './subgraphs.ts';

const target = new URL('./supergraph.graphql', import.meta.url);

function composeAll() {
  const result = composeServices(
    SUBGRAPHS.map((s) => ({
      name: s.name,
      url: defaultUrl(s),
      typeDefs: parse(subgraphSdlText(s.schemaFile, s.name, { accessLog: s.accessLog })),
    })),
  );
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  return result;
}

/** The supergraph SDL (with the join directives the gateway routes by). */
export function compose(): string {
  return composeAll().supergraphSdl;
}

/** The API schema clients see: the supergraph without federation internals. */
export function apiSchema(): GraphQLSchema {
  return composeAll().schema.toAPISchema().toGraphQLJSSchema();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const sdl = compose();
    if (process.argv.includes('--check')) {
      const current = readFileSync(target, 'utf8');
      if (current !== sdl) {
        console.error('schema/supergraph.graphql is out of date: run `pnpm compose` and commit it.');
        process.exit(1);
      }
      console.log('schema/supergraph.graphql is current.');
    } else {
      writeFileSync(target, sdl);
      console.log(`Composed ${SUBGRAPHS.length} subgraphs into schema/supergraph.graphql.`);
    }
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
