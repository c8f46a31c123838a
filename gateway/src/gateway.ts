/**
 * The gateway: @apollo/gateway over a static supergraph (no introspection polling). It verifies the caller's token,
 * forwards it to the subgraphs (which verify it again), serves GraphiQL from local files, and the Open311 GeoReport v2
 * read view of public matters (`open311.ts`).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import {
  authConfigFromEnv,
  budgetPlugin,
  budgetsFromEnv,
  checkTokenBudget,
  maxTokens,
  type Budget,
  type BudgetRole,
  createHttpHandler,
  formatError,
  listen,
  principalFromHeader,
  type AuthConfig,
  type Listening,
  type Principal,
  publicDataVersions,
  type PublicDataVersions,
  introspectionFromEnv,
  introspectionPlugin,
  type IntrospectionPolicy,
  partialResultStatusPlugin,
  ANONYMOUS,
} from '@qq/kit';
import { createRateLimiter, type RateLimiter, type RateLimitOptions } from './rateLimit.ts';
import { graphiqlRoute } from './graphiql.ts';
import { open311Route, type AnonymousRunner } from './open311.ts';
import { MemoryCacheStore, publicCachePlugin, RedisCacheStore, type CacheStore } from './publicCache.ts';
import {
  agentSender,
  createSubgraphAgent,
  SubgraphDataSource,
  subgraphTimeoutFromEnv,
  type SubgraphClientOptions,
} from './subgraphClient.ts';

/** Errors that are the client's fault before anything runs: their response is a 4xx, never a 500. */
const CLIENT_ERROR_CODES = new Set([
  'INVALID_GRAPHQL',
  'OPERATION_RESOLUTION_FAILURE',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
]);

const clientErrorStatus: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, errors }) {
        const onlyClientErrors =
          !!errors?.length && errors.every((e) => CLIENT_ERROR_CODES.has(String(e.extensions?.code ?? '')));
        if (onlyClientErrors && response.body.kind === 'single' && !response.body.singleResult.data) {
          response.http.status = 400;
        }
      },
    };
  },
};

export const SUPERGRAPH_FILE = new URL('../../schema/supergraph.graphql', import.meta.url);

export interface GatewayContext {
  principal: Principal;
  requestId: string;
  /** The caller's Authorization header, forwarded as is to every subgraph. */
  authorization: string | null;
  /** Subgraphs called for this request. */
  subgraphs: Set<string>;
}

export interface GatewayOptions {
  /** Supergraph SDL; defaults to the committed `schema/supergraph.graphql`. */
  supergraphSdl?: string;
  /** Subgraph URLs by name, overriding the ones in the supergraph (ports chosen at start, tests on port 0). */
  subgraphUrls?: Record<string, string>;
  auth?: AuthConfig;
  /** Largest request body in bytes (default MAX_BODY_BYTES or 64 KiB). */
  maxBodyBytes?: number;
  /** Request budgets by role (default GATEWAY_BUDGETS over the built-in defaults). */
  budgets?: Record<BudgetRole, Budget>;
  /** The subgraph HTTP client: connections per subgraph, merging of identical in-flight queries. */
  subgraphClient?: SubgraphClientOptions;
  /**
   * Caching of anonymous public reads (`publicCache.ts`): on by default (PUBLIC_CACHE=off disables it), in memory, or
   * in Redis when REDIS_URL is set; `false` disables it.
   */
  publicCache?: false | { store?: CacheStore; versions?: PublicDataVersions; ttlSeconds?: number; redisUrl?: string };
  /**
   * Rate limits per token subject and per anonymous address (`rateLimit.ts`): on by default (RATE_LIMIT=off disables
   * them), in Redis when REDIS_URL is set; `false` disables them.
   */
  rateLimit?: false | RateLimitOptions;
  /** Who may introspect (default INTROSPECTION; see the kit's `introspection.ts`). */
  introspection?: IntrospectionPolicy;
}

/**
 * The HMAC secret imported once. Given the raw bytes, jose imports them as a key on every verification: with many
 * distinct callers (each token is verified once and then kept) that import was a quarter of the verification's cost.
 */
export function withImportedKey(auth: AuthConfig): AuthConfig {
  if (!(auth.key instanceof Uint8Array) || auth.algorithms.join() !== 'HS256') return auth;
  const raw = new Uint8Array(auth.key);
  let key: Promise<CryptoKey> | undefined;
  return {
    ...auth,
    key: () => (key ??= crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify'])),
  };
}

export function createGateway(options: GatewayOptions = {}) {
  const auth = withImportedKey(options.auth ?? authConfigFromEnv());
  // @apollo/gateway starts a usage exporter towards Apollo's servers (and probes cloud metadata endpoints) unless
  // told not to: this platform makes no outbound call it was not configured to make. APOLLO_TELEMETRY_DISABLED=false
  // opts in.
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  const agent = createSubgraphAgent(options.subgraphClient?.connections, options.subgraphClient?.keepAliveMs);
  const send = agentSender(agent, options.subgraphClient?.timeoutMs ?? subgraphTimeoutFromEnv());
  const limiter: RateLimiter | null =
    options.rateLimit === false || process.env.RATE_LIMIT === 'off' ? null : createRateLimiter(options.rateLimit);
  const dedupe = options.subgraphClient?.dedupe ?? process.env.GATEWAY_DEDUPE !== 'false';
  const cacheOptions =
    options.publicCache === false || process.env.PUBLIC_CACHE === 'off' ? null : (options.publicCache ?? {});
  const versions = cacheOptions?.versions ?? publicDataVersions;
  const redisUrl = cacheOptions?.redisUrl ?? process.env.REDIS_URL;
  const cacheStore = cacheOptions
    ? (cacheOptions.store ?? (redisUrl ? new RedisCacheStore(redisUrl) : new MemoryCacheStore()))
    : null;
  const names: string[] = [];
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl ?? readFileSync(SUPERGRAPH_FILE, 'utf8'),
    buildService: ({ name, url }) => {
      names.push(name);
      return new SubgraphDataSource<GatewayContext>({
        url: options.subgraphUrls?.[name] ?? url,
        name,
        send,
        dedupe,
        onMutation: (subgraph) => void versions.bump(subgraph),
        willSendRequest({ request, context }) {
          if (context.authorization) request.http?.headers.set('authorization', context.authorization);
          if (context.requestId) request.http?.headers.set('x-request-id', context.requestId);
        },
      });
    },
  });
  const budgets = options.budgets ?? budgetsFromEnv();
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError,
    includeStacktraceInErrorResponses: false,
    // Batched requests and cross-site simple requests are refused (Apollo's defaults, stated here on purpose).
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    // Allowed here and decided per caller by the introspection plugin (off for anonymous callers in production).
    introspection: true,
    parseOptions: { maxTokens: maxTokens(budgets), noLocation: false },
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      budgetPlugin(budgets),
      introspectionPlugin(options.introspection ?? introspectionFromEnv()),
      clientErrorStatus,
      partialResultStatusPlugin(),
      ...(cacheStore
        ? [publicCachePlugin<GatewayContext>({ store: cacheStore, versions, ttlSeconds: cacheOptions?.ttlSeconds })]
        : []),
    ],
  });
  let started = false;
  let draining = false;
  const subgraphHealth = Object.values(options.subgraphUrls ?? {}).map((u) => new URL('/health', u).toString());
  // Ready when every subgraph is; their warnings (such as a missing calendar year) are passed on, once each.
  const ready = async () => {
    if (draining) return { ok: false, draining };
    if (!started) return false;
    const checks = await Promise.all(
      subgraphHealth.map((u) =>
        fetch(u)
          .then(async (r) => ({ ok: r.ok, warnings: ((await r.json()) as { warnings?: string[] }).warnings ?? [] }))
          .catch(() => ({ ok: false, warnings: [] as string[] })),
      ),
    );
    return { ok: checks.every((c) => c.ok), warnings: [...new Set(checks.flatMap((c) => c.warnings))] };
  };
  // The Open311 view runs the graph's public queries as an anonymous caller, rate-limited like one.
  const runAnonymous: AnonymousRunner = async (query, variables) => {
    const response = await apollo.executeOperation(
      { query, variables },
      { contextValue: { principal: ANONYMOUS, requestId: randomUUID(), authorization: null, subgraphs: new Set() } },
    );
    if (response.body.kind !== 'single') throw new Error('Open311: incremental delivery is not used');
    return response.body.singleResult as Awaited<ReturnType<AnonymousRunner>>;
  };
  const handler = createHttpHandler<GatewayContext>({
    apollo,
    maxBodyBytes: options.maxBodyBytes ?? Number(process.env.MAX_BODY_BYTES ?? 64 * 1024),
    ready,
    routes: [
      graphiqlRoute('/graphql'),
      open311Route({ run: runAnonymous, admit: limiter ? (req) => limiter.admit(req, ANONYMOUS) : undefined }),
    ],
    preflight: ({ query }, ctx) => checkTokenBudget(query, ctx.principal.role, budgets),
    admit: limiter ? (req, ctx) => limiter.admit(req, ctx.principal) : undefined,
    // A refused token or a malformed body counts against the address, as an anonymous request.
    admitUnknown: limiter ? (req) => limiter.admit(req, ANONYMOUS) : undefined,
    context: async (headers, requestId) => {
      const authorization = headers.get('authorization') ?? null;
      const principal = await principalFromHeader(authorization, auth);
      return { principal, requestId, authorization, subgraphs: new Set<string>() };
    },
  });
  return {
    apollo,
    handler,
    start: async () => {
      await apollo.start();
      await limiter?.ready();
      if (cacheStore) await versions.follow(names);
      started = true;
    },
    stop: async () => {
      started = false;
      await apollo.stop();
      await agent.close();
      await limiter?.close();
      if (cacheStore) {
        await cacheStore.close();
        await versions.close();
      }
    },
    /** Turns `/health` unready (`draining`) for a graceful stop; requests are still answered. */
    markDraining: () => {
      draining = true;
    },
    listen: (port: number, host?: string): Promise<Listening> => listen(handler, port, host),
  };
}

export type Gateway = ReturnType<typeof createGateway>;
