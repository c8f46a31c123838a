import { defineConfig } from 'vitest/config';

export default defineConfig({
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
