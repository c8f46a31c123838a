/**
 * Rate limits at the gateway (rate-limiter-flexible): requests per window per token subject for signed-in callers,
 * and per address for anonymous ones. Counters live in Redis when REDIS_URL is set (shared by every gateway
 * instance), in this process's memory otherwise; when Redis is unreachable each gateway falls back to its own memory
 * counters instead of failing or letting everything through. A caller over its limit gets HTTP 429 with
 * `Retry-After` and the coded error RATE_LIMITED.
 *
 *   RATE_LIMIT          `off` disables the limits
 *   RATE_LIMITS         requests per window by role, JSON over the defaults, e.g. {"anonymous": 300, "analyst": 2400}
 *   RATE_LIMIT_WINDOW   the window in seconds (default 60)
 *   TRUST_PROXY_HOPS    proxies in front of the gateway that append to X-Forwarded-For (default 0: the socket's
 *                       address is the caller's); with n > 0 the n-th address from the right is the caller's
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { CodedError, type BudgetRole, type Principal } from '@qq/kit';
import { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
  type RateLimiterStoreAbstract,
} from 'rate-limiter-flexible';

/** Requests per window by role. Anonymous callers count per address, everyone else per token subject. */
export const DEFAULT_RATE_LIMITS: Record<BudgetRole, number> = {
  anonymous: 600,
  person: 600,
  enterprise: 1200,
  staff: 1200,
  admin: 1200,
  analyst: 1200,
  leader: 1200,
  // A department's system pushes case events in bursts.
  system: 6000,
};

export interface RateLimitOptions {
  /** Requests per window by role (default RATE_LIMITS over DEFAULT_RATE_LIMITS). */
  limits?: Partial<Record<BudgetRole, number>>;
  /** Window in seconds (default RATE_LIMIT_WINDOW or 60). */
  windowSeconds?: number;
  /** Redis for counters shared by all gateways (default REDIS_URL; unset keeps them in memory). */
  redisUrl?: string;
  /** Prefix of the counters' keys (tests use their own). */
  keyPrefix?: string;
  /** Proxies in front of the gateway (default TRUST_PROXY_HOPS or 0). */
  trustProxyHops?: number;
}

export function rateLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): Record<BudgetRole, number> {
  const limits = { ...DEFAULT_RATE_LIMITS };
  if (!env.RATE_LIMITS) return limits;
  const overrides = JSON.parse(env.RATE_LIMITS) as Record<string, unknown>;
  for (const [role, value] of Object.entries(overrides)) {
    if (!(role in limits)) throw new Error(`RATE_LIMITS: unknown role ${role}`);
    if (!Number.isInteger(value) || (value as number) <= 0) {
      throw new Error(`RATE_LIMITS: ${role} must be a positive integer`);
    }
    limits[role as BudgetRole] = value as number;
  }
  return limits;
}

/** A caller over its limit: HTTP 429, `Retry-After` in whole seconds. */
export class RateLimitedError extends CodedError {
  constructor(retryAfter: number) {
    super('RATE_LIMITED', `Too many requests; retry in ${retryAfter} s (请求过于频繁).`, {
      retryAfter,
      http: { status: 429, headers: { 'retry-after': String(retryAfter) } },
    });
  }
}

/**
 * The caller's address: the socket's, or the one the trusted proxies recorded. IPv6 addresses count per /64 (one
 * subscriber's network), since a single host may use any address of it.
 */
export function clientAddress(req: IncomingMessage, trustProxyHops = 0): string {
  let address = req.socket.remoteAddress ?? 'unknown';
  if (trustProxyHops > 0) {
    const forwarded = String(req.headers['x-forwarded-for'] ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    const candidate = forwarded[forwarded.length - trustProxyHops];
    if (candidate && isIP(candidate)) address = candidate;
  }
  if (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4) return address.slice(7);
  if (isIP(address) === 6) return `${ipv6Groups(address).slice(0, 4).join(':')}::/64`;
  return address;
}

/** The eight groups of an IPv6 address, `::` expanded. */
function ipv6Groups(address: string): string[] {
  const [head = '', tail] = address.split('%')[0]!.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => (g.replace(/^0+(?=.)/, '') || '0').toLowerCase());
}

export interface RateLimiter {
  /** Counts one request of the caller; throws RateLimitedError when over the limit. */
  admit(req: IncomingMessage, principal: Principal): Promise<void>;
  /** Waits (at most `ms`) for Redis to be ready, so that shared counts apply from the first request. */
  ready(ms?: number): Promise<void>;
  close(): Promise<void>;
}

export function createRateLimiter(options: RateLimitOptions = {}): RateLimiter {
  const limits = { ...rateLimitsFromEnv(), ...options.limits };
  const duration = options.windowSeconds ?? Number(process.env.RATE_LIMIT_WINDOW ?? 60);
  if (!Number.isInteger(duration) || duration <= 0) throw new Error('RATE_LIMIT_WINDOW must be a positive integer');
  const trustProxyHops = options.trustProxyHops ?? Number(process.env.TRUST_PROXY_HOPS ?? 0);
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL;
  const prefix = options.keyPrefix ?? 'qq-rate';
  // Without a ready Redis the limiter answers from memory at once, rather than queueing requests behind reconnects.
  const redis = redisUrl ? new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false }) : null;
  redis?.on('error', () => {
    // Reconnects on its own; until then the in-memory counters apply.
  });
  const limiters = new Map<BudgetRole, RateLimiterAbstract | RateLimiterStoreAbstract>();
  for (const [role, points] of Object.entries(limits) as Array<[BudgetRole, number]>) {
    const keyPrefix = `${prefix}:${role}`;
    const memory = new RateLimiterMemory({ points, duration, keyPrefix });
    limiters.set(
      role,
      redis
        ? new RateLimiterRedis({
            storeClient: redis,
            points,
            duration,
            keyPrefix,
            rejectIfRedisNotReady: true,
            insuranceLimiter: memory,
          })
        : memory,
    );
  }
  return {
    async admit(req, principal) {
      const limiter = limiters.get(principal.role)!;
      const key =
        principal.role === 'anonymous' || !principal.sub
          ? `addr:${clientAddress(req, trustProxyHops)}`
          : `sub:${principal.sub}`;
      try {
        await limiter.consume(key);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          throw new RateLimitedError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
        }
        // A store failure with no insurance left: admit rather than refuse everyone.
        console.error('[rate-limit]', rejection);
      }
    },
    async ready(ms = 3000) {
      if (!redis || redis.status === 'ready') return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          redis?.off('ready', done);
          resolve();
        }
        redis.once('ready', done);
      });
    },
    async close() {
      if (redis) redis.disconnect();
    },
  };
}
