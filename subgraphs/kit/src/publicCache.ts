/**
 * Caching of public reads: the subgraph side.
 *
 * Cache hints. A subgraph marks the root fields that read public data with `@cacheControl(maxAge: N)` in its SDL, and
 * the entity types that `_entities` may resolve for anonymous callers on the type. For an anonymous caller whose
 * operation reads only hinted root fields (or hinted entity types), the subgraph answers with
 * `Cache-Control: public, max-age=<the smallest hint>`; any other answer carries no hint. What lies below a root field
 * needs no hint of its own: an anonymous caller reaches only public data there (the shield and row scoping see to
 * it), and the hint says how long that read may be served stale.
 *
 * Invalidation signal. Each subgraph has a public-data version, a counter that goes up when its public data changes
 * (a department publishes or withdraws). The gateway keeps, with every cached answer, the versions of the subgraphs
 * that made it, and serves it only while they are unchanged. It bumps a subgraph's version itself after every
 * mutation that it forwards there, unless the subgraph answers `x-public-data: unchanged` (every root field of the
 * mutation is declared `@publicDataUnchanged`: a draft, a private record); anything else that changes public data (a scheduled job expiring postings, a
 * change made outside GraphQL) calls `publicDataChanged('<subgraph>')`. Versions live in this process and, when
 * `REDIS_URL` is set, in Redis under `<REDIS_PREFIX>:public-version:<subgraph>` (INCR; prefix `qq` by default), which every gateway replica reads every
 * `PUBLIC_VERSION_POLL_MS` (default 250 ms).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { getNamedType, Kind, type DirectiveNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { Redis } from 'ioredis';
import type { Principal } from './auth.ts';

/** The directive's definition, part of every subgraph's SDL. */
export const CACHE_CONTROL_SDL = /* GraphQL */ `
  """
  How long a public read may be served from a cache (seconds). Only answers to anonymous callers are cached.
  """
  directive @cacheControl(
    """
    Seconds the answer may be reused.
    """
    maxAge: Int
  ) on FIELD_DEFINITION | OBJECT

  """
  On a mutation: it never changes what anonymous callers can read (a draft, a private record), so the gateway keeps
  its cached public answers when every root field of a mutation carries it. Without it, a mutation is taken to have
  changed the subgraph's public data.
  """
  directive @publicDataUnchanged on FIELD_DEFINITION
`;

/** Response header of a subgraph whose mutation changed no public data (every root field `@publicDataUnchanged`). */
export const PUBLIC_DATA_HEADER = 'x-public-data';

/** Public-data versions by subgraph: in this process, and in Redis when `REDIS_URL` is set. */
export class PublicDataVersions {
  private readonly local = new Map<string, number>();
  private redis: Redis | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly redisUrl: string | undefined = process.env.REDIS_URL,
    /** Prefix of the Redis keys (REDIS_PREFIX, default `qq`): one per platform sharing a Redis. */
    readonly namespace = process.env.REDIS_PREFIX ?? 'qq',
  ) {}

  private key(subgraph: string): string {
    return `${this.namespace}:public-version:${subgraph}`;
  }

  private client(): Redis | null {
    if (!this.redisUrl) return null;
    if (!this.redis) {
      this.redis = new Redis(this.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
      this.redis.on('error', (error: Error) => console.error('[public-cache] redis:', error.message));
    }
    return this.redis;
  }

  /** The current version of each subgraph (0 when it never changed). */
  get(subgraph: string): number {
    return this.local.get(subgraph) ?? 0;
  }

  /** Every version as it is now (subgraphs missing from it are at 0). */
  copy(): ReadonlyMap<string, number> {
    return new Map(this.local);
  }

  matches(versions: Record<string, number>): boolean {
    for (const [s, v] of Object.entries(versions)) if (this.get(s) !== v) return false;
    return true;
  }

  /** Marks a subgraph's public data as changed: cached answers that used it are no longer served. */
  async bump(subgraph: string): Promise<void> {
    // Local first, so that this process never serves the old answer, whatever Redis does.
    this.local.set(subgraph, this.get(subgraph) + 1);
    const redis = this.client();
    if (!redis) return;
    try {
      const shared = await redis.incr(this.key(subgraph));
      if (shared > this.get(subgraph)) this.local.set(subgraph, shared);
    } catch (error) {
      console.error('[public-cache] could not bump the shared version:', (error as Error).message);
    }
  }

  /** Reads the shared versions from Redis now and then every `intervalMs` (no-op without Redis). */
  async follow(subgraphs: readonly string[], intervalMs = Number(process.env.PUBLIC_VERSION_POLL_MS ?? 250)) {
    const redis = this.client();
    if (!redis || this.timer) return;
    const read = async () => {
      try {
        const values = await redis.mget(subgraphs.map((s) => this.key(s)));
        subgraphs.forEach((s, i) => {
          const v = Number(values[i] ?? 0);
          // Versions only go up: a local bump not yet in Redis is kept.
          if (v > this.get(s)) this.local.set(s, v);
        });
      } catch (error) {
        console.error('[public-cache] could not read the shared versions:', (error as Error).message);
      }
    };
    await read();
    this.timer = setInterval(() => void read(), intervalMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.redis) await this.redis.quit().catch(() => undefined);
    this.redis = null;
  }
}

/** The versions of this process (the gateway's and the helper's, when they share a process). */
export const publicDataVersions = new PublicDataVersions();

/**
 * Tells the caches that a subgraph's public data changed outside a mutation through the gateway (a scheduled job,
 * an import). Mutations through the gateway need no call.
 */
export function publicDataChanged(subgraph: string): Promise<void> {
  return publicDataVersions.bump(subgraph);
}

/** The `maxAge` of a `@cacheControl` among these directives (definition or extensions), or null. */
function maxAgeOf(nodes: Array<{ directives?: readonly DirectiveNode[] } | null | undefined>): number | null {
  for (const node of nodes) {
    const directive = node?.directives?.find((d) => d.name.value === 'cacheControl');
    const arg = directive?.arguments?.find((a) => a.name.value === 'maxAge');
    if (arg?.value.kind === Kind.INT && Number(arg.value.value) > 0) return Number(arg.value.value);
  }
  return null;
}

/**
 * The smallest hint of an anonymous operation's root fields (or of the entity types `_entities` is asked for), or
 * null when one of them has none.
 */
export function publicMaxAge(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): number | null {
  if (operation.operation !== 'query') return null;
  const query = schema.getQueryType();
  if (!query) return null;
  let min = Infinity;
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return null;
    const name = selection.name.value;
    if (name === '__typename') continue;
    if (name === '_entities') {
      const reps = variables?.representations;
      if (!Array.isArray(reps) || reps.length === 0) return null;
      for (const typename of new Set(reps.map((r) => (r as { __typename?: unknown }).__typename))) {
        const type = typeof typename === 'string' ? schema.getType(typename) : undefined;
        const age = type ? maxAgeOf([type.astNode, ...type.extensionASTNodes]) : null;
        if (age === null) return null;
        min = Math.min(min, age);
      }
      continue;
    }
    const field = query.getFields()[name];
    if (!field || getNamedType(field.type).name.startsWith('_')) return null;
    const age = maxAgeOf([field.astNode]);
    if (age === null) return null;
    min = Math.min(min, age);
  }
  return Number.isFinite(min) ? min : null;
}

/** Whether a mutation's root fields all carry `@publicDataUnchanged` (false for anything else). */
export function leavesPublicDataUnchanged(schema: GraphQLSchema, operation: OperationDefinitionNode): boolean {
  if (operation.operation !== 'mutation') return false;
  const mutation = schema.getMutationType();
  if (!mutation) return false;
  const fields = mutation.getFields();
  let any = false;
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return false;
    if (selection.name.value === '__typename') continue;
    const directives = fields[selection.name.value]?.astNode?.directives ?? [];
    if (!directives.some((d) => d.name.value === 'publicDataUnchanged')) return false;
    any = true;
  }
  return any;
}

/**
 * Sets `Cache-Control: public, max-age=N` on answers to anonymous reads of hinted root fields, and nothing else; and
 * `x-public-data: unchanged` on answers to mutations whose root fields all leave public data unchanged.
 */
export function cacheHintPlugin(): ApolloServerPlugin<{ principal: Principal }> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, operation, schema, request, response, errors }) {
          if (operation?.operation === 'mutation') {
            if (leavesPublicDataUnchanged(schema, operation))
              response.http.headers.set(PUBLIC_DATA_HEADER, 'unchanged');
            return;
          }
          if (contextValue.principal.role !== 'anonymous' || !operation || errors?.length) return;
          const age = publicMaxAge(schema, operation, request.variables);
          if (age !== null) response.http.headers.set('cache-control', `public, max-age=${age}`);
        },
      };
    },
  };
}
