/** Builds a subgraph's Apollo Server: federation schema, graphql-shield, auth context, error masking. No listen. */
import { randomUUID } from 'node:crypto';
import { ApolloServer, HeaderMap } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { Database } from '@qq/db/client';
import type { DocumentNode } from 'graphql';
import { applyMiddleware, type IMiddlewareGenerator } from 'graphql-middleware';
import type { IRules } from 'graphql-shield';
import { authConfigFromEnv, principalFromHeader, type AuthConfig, type Principal } from './auth.ts';
import { formatError, partialResultStatusPlugin } from './errors.ts';
import type { ScheduledJob } from './jobs.ts';
import { CalendarCache, calendarWarnings } from './calendar.ts';
import { deliveryResolvers, deliveryRules, deliverySdl } from './delivery.ts';
import {
  accessLogMiddleware,
  accessLogPlugin,
  accessLogResolvers,
  accessLogRules,
  accessLogSdl,
  type AccessLogTable,
  type PersonalFields,
} from './accessLog.ts';
import { PermissionTree } from './rules.ts';
import type { DeliveryTables } from './worker.ts';
import { gql } from 'graphql-tag';
import { cacheHintPlugin } from './publicCache.ts';
import { subgraphTypeDefs } from './sdl.ts';
import { introspectionFromEnv, introspectionPlugin, type IntrospectionPolicy } from './introspection.ts';
import { createHttpHandler, listen, type Listening } from './http.ts';
import {
  budgetPlugin,
  budgetsFromEnv,
  checkTokenBudget,
  maxTokens,
  withHeadroom,
  type Budget,
  type BudgetRole,
} from './limits.ts';

/** What every resolver receives, whatever the subgraph. */
export interface BaseContext {
  principal: Principal;
  requestId: string;
}

export interface SubgraphDefinition<C extends BaseContext> {
  /** The subgraph's name in the supergraph (`policies`, …). */
  name: string;
  typeDefs: DocumentNode;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  resolvers: GraphQLResolverMap<any>;
  /** The rule tree (`permissionsOf`), or a ready middleware. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  permissions: PermissionTree | IMiddlewareGenerator<any, any, any>;
  /** Builds the per-request context: stores scoped to the caller and fresh DataLoaders. */
  createContext(base: BaseContext & { db: Database }): C;
  /** The subgraph's scheduled checks (`src/jobs.ts`), run by its worker on their cron schedules. */
  jobs?: readonly ScheduledJob[];
  /** The subgraph's outbox, SMS log and job ledger: its worker delivers them, admins read the delivery log. */
  delivery?: DeliveryTables;
  /** The personal-data access log: the subgraph's table and its personal fields (`accessLog.ts`). */
  accessLog?: { table: AccessLogTable; fields: PersonalFields<C> };
}

export interface SubgraphServerOptions {
  db: Database;
  auth?: AuthConfig;
  maxBodyBytes?: number;
  /** The gateway's budgets by role; the subgraph applies them with headroom (default GATEWAY_BUDGETS or built-in). */
  budgets?: Record<BudgetRole, Budget>;
  /** The working-day calendar's cache (default: one per process and database connection). */
  calendar?: CalendarCache;
  /** Who may introspect (default INTROSPECTION; see `introspection.ts`). */
  introspection?: IntrospectionPolicy;
}

const calendarCaches = new WeakMap<Database, CalendarCache>();

/** One calendar cache per connection: the subgraphs of one process share it. */
function calendarCacheFor(db: Database): CalendarCache {
  let cache = calendarCaches.get(db);
  if (!cache) calendarCaches.set(db, (cache = new CalendarCache(db)));
  return cache;
}

export interface SubgraphServer<C extends BaseContext> {
  name: string;
  /** What the server was built from (its worker needs the delivery tables and jobs). */
  definition: SubgraphDefinition<C>;
  apollo: ApolloServer<C>;
  /** Builds the context from request headers, verifying the bearer token. */
  contextFor(headers: HeaderMap, requestId?: string): Promise<C>;
  handler: ReturnType<typeof createHttpHandler<C>>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Turns `/health` unready (`draining`) for a graceful stop; requests are still answered. */
  markDraining(): void;
  listen(port: number, host?: string, options?: { keepAliveTimeout?: number }): Promise<Listening>;
}

export function createSubgraphServer<C extends BaseContext>(
  def: SubgraphDefinition<C>,
  options: SubgraphServerOptions,
): SubgraphServer<C> {
  const auth = options.auth ?? authConfigFromEnv();
  const modules: Array<{ typeDefs: DocumentNode; resolvers?: GraphQLResolverMap<unknown> }> = [
    { typeDefs: def.typeDefs, resolvers: def.resolvers },
  ];
  if (def.delivery) {
    modules.push({
      typeDefs: gql(deliverySdl(def.name)),
      resolvers: deliveryResolvers(def.name, options.db, def.delivery.outbox) as GraphQLResolverMap<unknown>,
    });
  }
  if (def.accessLog) {
    modules.push({
      typeDefs: gql(accessLogSdl(def.name)),
      resolvers: accessLogResolvers(def.name, options.db, def.accessLog.table) as GraphQLResolverMap<unknown>,
    });
  }
  const extraRules = {
    ...(def.delivery ? deliveryRules(def.name) : {}),
    ...(def.accessLog ? accessLogRules(def.name) : {}),
  } as IRules;
  const permissions = def.permissions instanceof PermissionTree ? def.permissions.shield(extraRules) : def.permissions;
  const accessLog = def.accessLog ? [accessLogMiddleware(def.accessLog.fields)] : [];
  const schema = applyMiddleware(buildSubgraphSchema(modules), permissions, ...accessLog);
  // Every deadline counts on the calendar table; each process keeps it loaded (shared by its subgraphs).
  const calendar = options.calendar ?? calendarCacheFor(options.db);
  // A subgraph never relies on the gateway's checks: it bounds requests sent straight to it too.
  const budgets = withHeadroom(options.budgets ?? budgetsFromEnv());
  const apollo = new ApolloServer<C>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // Allowed here and decided per caller by the introspection plugin.
    introspection: true,
    parseOptions: { maxTokens: maxTokens(budgets) },
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      // Hints of public reads for anonymous callers only (`publicCache.ts`), instead of Apollo's per-field policy.
      ApolloServerPluginCacheControlDisabled(),
      cacheHintPlugin(),
      budgetPlugin(budgets),
      introspectionPlugin(options.introspection ?? introspectionFromEnv()),
      partialResultStatusPlugin(),
      ...(def.accessLog ? [accessLogPlugin(options.db, def.accessLog.table)] : []),
    ],
  });
  let started = false;
  let draining = false;
  const contextFor = async (headers: HeaderMap, requestId: string = randomUUID()): Promise<C> => {
    const principal = await principalFromHeader(headers.get('authorization'), auth);
    return def.createContext({ principal, requestId, db: options.db });
  };
  const handler = createHttpHandler<C>({
    apollo,
    context: contextFor,
    maxBodyBytes: options.maxBodyBytes,
    ready: () => ({ ok: started && !draining, draining, warnings: calendarWarnings() }),
    preflight: ({ query }, ctx) => checkTokenBudget(query, ctx.principal.role, budgets),
  });
  return {
    name: def.name,
    definition: def,
    apollo,
    contextFor,
    handler,
    start: async () => {
      await calendar.start();
      await apollo.start();
      started = true;
    },
    stop: async () => {
      started = false;
      calendar.stop();
      await apollo.stop();
    },
    markDraining: () => {
      draining = true;
    },
    listen: (port, host, listenOptions) => listen(handler, port, host, '/graphql', listenOptions),
  };
}

/** The parts of a subgraph; `defineSubgraph` wires them into its definition and its server factory. */
export interface SubgraphParts<C extends BaseContext> extends Omit<SubgraphDefinition<C>, 'typeDefs'> {
  /** The subgraph's `schema.graphql` (the shared SDL is added). */
  schemaFile: URL;
}

/** A subgraph's definition and `createServer` (no listen), the same for every department. */
export function defineSubgraph<C extends BaseContext>(parts: SubgraphParts<C>) {
  const { schemaFile, ...rest } = parts;
  const definition: SubgraphDefinition<C> = { ...rest, typeDefs: subgraphTypeDefs(schemaFile) };
  return {
    definition,
    schemaFile,
    createServer: (options: SubgraphServerOptions) => createSubgraphServer(definition, options),
  };
}
