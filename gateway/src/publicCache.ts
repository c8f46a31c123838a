/**
 * Caching of public reads at the gateway. Only requests without an `Authorization` header are looked up or stored:
 * nothing behind a token is ever cached. An answer is stored when every subgraph that took part hinted it as public
 * (`Cache-Control: public, max-age=N`, see the kit's `publicCache.ts`), for the smallest hint and at most
 * `PUBLIC_CACHE_TTL` seconds, together with the public-data versions of those subgraphs at the start of the request;
 * it is served only while they are unchanged (a mutation through the gateway, or `publicDataChanged`, bumps them).
 *
 *   PUBLIC_CACHE               `off` disables the cache
 *   PUBLIC_CACHE_TTL           longest life of an entry in seconds (default 30)
 *   PUBLIC_CACHE_MAX_ENTRIES   entries kept in memory (default 5000)
 *   REDIS_URL                  entries and versions in Redis, shared by every gateway replica
 *   REDIS_PREFIX               prefix of its keys (default `qq`)
 */
import { createHash } from 'node:crypto';
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { PublicDataVersions } from '@qq/kit';
import { Redis } from 'ioredis';

export interface CacheEntry {
  /** The JSON result. */
  body: string;
  /** Public-data versions of the subgraphs that made it, at the start of the request. */
  versions: Record<string, number>;
  /** When it was stored (ms). */
  stored: number;
}

export interface CacheStore {
  get(key: string): Promise<CacheEntry | undefined>;
  set(key: string, entry: CacheEntry, ttlSeconds: number): Promise<void>;
  close(): Promise<void>;
}

/** An in-memory store, least recently stored first out. */
export class MemoryCacheStore implements CacheStore {
  private readonly entries = new Map<string, { entry: CacheEntry; expires: number }>();
  constructor(private readonly maxEntries = Number(process.env.PUBLIC_CACHE_MAX_ENTRIES ?? 5000)) {}
  async get(key: string) {
    const found = this.entries.get(key);
    if (!found) return undefined;
    if (found.expires <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return found.entry;
  }
  async set(key: string, entry: CacheEntry, ttlSeconds: number) {
    this.entries.delete(key);
    this.entries.set(key, { entry, expires: Date.now() + ttlSeconds * 1000 });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
  async close() {
    this.entries.clear();
  }
}

/** Entries in Redis (`<REDIS_PREFIX>:cache:<hash>`, expiring with their TTL), shared by the gateway replicas. */
export class RedisCacheStore implements CacheStore {
  private readonly redis: Redis;
  constructor(
    url: string,
    private readonly namespace = process.env.REDIS_PREFIX ?? 'qq',
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 1 });
    this.redis.on('error', (error: Error) => console.error('[public-cache] redis:', error.message));
  }
  async get(key: string) {
    try {
      const text = await this.redis.get(`${this.namespace}:cache:${key}`);
      return text ? (JSON.parse(text) as CacheEntry) : undefined;
    } catch {
      // A cache that cannot answer is a miss, never an error for the caller.
      return undefined;
    }
  }
  async set(key: string, entry: CacheEntry, ttlSeconds: number) {
    try {
      await this.redis.set(`${this.namespace}:cache:${key}`, JSON.stringify(entry), 'EX', ttlSeconds);
    } catch {
      // as above
    }
  }
  async close() {
    await this.redis.quit().catch(() => undefined);
  }
}

/** What the cache needs of the gateway's context. */
export interface CacheContext {
  authorization: string | null;
  /** Subgraphs called for this request (filled in by the subgraph client). */
  subgraphs: Set<string>;
}

export interface PublicCacheOptions {
  store: CacheStore;
  versions: PublicDataVersions;
  /** Longest life of an entry, seconds. */
  ttlSeconds?: number;
}

export function publicCachePlugin<C extends CacheContext>(options: PublicCacheOptions): ApolloServerPlugin<C> {
  const ttl = options.ttlSeconds ?? Number(process.env.PUBLIC_CACHE_TTL ?? 30);
  const { store, versions } = options;
  return {
    async requestDidStart({ contextValue, request }) {
      if (contextValue.authorization !== null || typeof request.query !== 'string') return;
      const key = createHash('sha256')
        .update(JSON.stringify([request.query, request.operationName ?? null, request.variables ?? null]))
        .digest('base64url');
      // The versions before anything is read: an answer stored with them is stale as soon as one changes, also
      // when it changed while this request ran.
      const started = Date.now();
      const before = versions.copy();
      let hit: CacheEntry | undefined;
      return {
        async responseForOperation({ operation }) {
          if (operation?.operation !== 'query') return null;
          const entry = await store.get(key);
          if (!entry || !versions.matches(entry.versions)) return null;
          hit = entry;
          return {
            http: { status: 200, headers: new HeaderMap() },
            body: { kind: 'single', singleResult: JSON.parse(entry.body) as Record<string, never> },
          };
        },
        async willSendResponse({ response, overallCachePolicy, operation }) {
          if (hit) {
            response.http.headers.set('age', String(Math.max(0, Math.floor((Date.now() - hit.stored) / 1000))));
            response.http.headers.set('x-cache', 'HIT');
            return;
          }
          if (operation?.operation !== 'query' || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const policy = overallCachePolicy.policyIfCacheable();
          if (result.errors || !result.data || !policy || policy.scope !== 'PUBLIC') return;
          if (contextValue.subgraphs.size === 0) return;
          const entryVersions: Record<string, number> = {};
          for (const s of contextValue.subgraphs) entryVersions[s] = before.get(s) ?? 0;
          await store.set(
            key,
            { body: JSON.stringify(result), versions: entryVersions, stored: started },
            Math.min(ttl, policy.maxAge),
          );
          response.http.headers.set('x-cache', 'MISS');
        },
      };
    },
  };
}
