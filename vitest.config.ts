import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// Node loads graphql's CommonJS build for the dependencies (graphql 16 has no "exports"); point the project's own
// imports at the same build so that one graphql instance serves everything, as it does outside tests.
const graphql = createRequire(new URL('./subgraphs/kit/package.json', import.meta.url)).resolve('graphql');

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphql }] },
  test: {
    include: ['{db,gateway,subgraphs,tools,schema}/**/test/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    pool: 'forks',
    // Each file opens its own database; PGlite takes a few seconds to start on a small machine.
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
