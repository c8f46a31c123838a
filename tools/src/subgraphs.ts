/** Every subgraph's server factory, by name: the composition root of a one-machine platform. */
import type { Database } from '@qq/db/client';
import type { AuthConfig, BaseContext, SubgraphServer } from '@qq/kit';
import { createServer as commerce } from '@qq/commerce';
import { createServer as complaints } from '@qq/complaints';
import { createServer as platform } from '@qq/platform';
import { createServer as policies } from '@qq/policies';
import { createServer as statistics } from '@qq/statistics';
import { createServer as talent } from '@qq/talent';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ServerFactory = (options: { db: Database; auth?: AuthConfig }) => SubgraphServer<any & BaseContext>;

export const FACTORIES: Record<string, ServerFactory> = {
  platform,
  policies,
  complaints,
  commerce,
  talent,
  statistics,
};
