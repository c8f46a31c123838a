/** Runs the commerce subgraph alone (production: one process per subgraph, PostgreSQL, its own role). */
import { runStandalone } from '@qq/kit/standalone';
import { definition } from './server.ts';

await runStandalone(definition, 'commerce');
