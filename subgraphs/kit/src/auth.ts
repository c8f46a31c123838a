/**
 * Who is calling. The gateway verifies the bearer token and forwards it; every subgraph verifies it again with the
 * same configuration, so a request sent straight to a subgraph gets nothing the gateway would not give it.
 *
 * Configuration (environment):
 *   JWT_SECRET     HS256 shared secret, at least 32 characters
 *   JWT_JWKS_FILE  path of a JWKS file with the public keys (RS256 / ES256), for production
 *   JWT_JWKS_URL   URL of a JWKS endpoint (RS256 / ES256), for production
 *   JWT_ISSUER     expected `iss` (default `qinqing`)
 *   JWT_AUDIENCE   expected `aud` (default `qinqing-graph`)
 *   JWT_MAX_AGE    oldest accepted token by its `iat` (default `24h`)
 * Without keys, the public development secret is used only when NODE_ENV is `development` or `test`.
 */
import { readFileSync } from 'node:fs';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  SignJWT,
  type JWTVerifyGetKey,
  type JSONWebKeySet,
} from 'jose';
import { z } from 'zod';
import { isValidCreditCode } from './creditCode.ts';
import { UnauthenticatedError } from './errors.ts';

/**
 * `leader`: reads the evaluation and figures city-wide, changes nothing. `system`: a department's own system (e.g. an
 * approval system pushing case events), scoped like its department's staff (`dept` and `county` required).
 */
export const ROLES = ['enterprise', 'person', 'staff', 'analyst', 'admin', 'leader', 'system'] as const;
export type Role = (typeof ROLES)[number];

/** Department codes (DESIGN.md); county departments use the same codes with a county scope. */
export const DEPARTMENTS = ['wrzwq', 'ndrc', 'miit', 'mofcom', 'hrss', 'stats', 'bigdata'] as const;
export type DepartmentCode = (typeof DEPARTMENTS)[number];

export const CITY_CODE = '410400';
export const COUNTY_CODES = [
  '410402',
  '410403',
  '410404',
  '410411',
  '410421',
  '410422',
  '410423',
  '410425',
  '410471',
  '410472',
  '410481',
  '410482',
] as const;

/** One of the twelve county-level units of Pingdingshan (GB/T 2260). */
export function isCountyCode(code: string): boolean {
  return (COUNTY_CODES as readonly string[]).includes(code);
}

/** A county-level unit or the city itself (`410400`). */
export function isUnitCode(code: string): boolean {
  return code === CITY_CODE || isCountyCode(code);
}

export function isDepartmentCode(code: string): code is DepartmentCode {
  return (DEPARTMENTS as readonly string[]).includes(code);
}

/** The verified caller. Anonymous callers have `role: 'anonymous'` and nothing else. */
export interface Principal {
  role: Role | 'anonymous';
  sub: string | null;
  dept: DepartmentCode | null;
  /** GB/T 2260 code; `410400` is city-wide. */
  county: string | null;
  /** Credit code of the enterprise an enterprise user acts for. */
  enterprise: string | null;
  perms: readonly string[];
}

export const ANONYMOUS: Principal = Object.freeze({
  role: 'anonymous',
  sub: null,
  dept: null,
  county: null,
  enterprise: null,
  perms: Object.freeze([]) as readonly string[],
});

const countyCode = z.string().refine(isUnitCode, { message: 'unknown county code' });

const claimsSchema = z
  .object({
    sub: z.string().min(1).max(128),
    role: z.enum(ROLES),
    dept: z.enum(DEPARTMENTS).optional(),
    county: countyCode.optional(),
    enterprise: z.string().refine(isValidCreditCode, { message: 'invalid credit code' }).optional(),
    perms: z.array(z.string().max(64)).max(64).optional(),
  })
  .superRefine((c, ctx) => {
    if ((c.role === 'staff' || c.role === 'system') && (!c.dept || !c.county)) {
      ctx.addIssue({ code: 'custom', message: `${c.role} tokens need dept and county` });
    }
    if (c.role === 'admin' && !c.county) {
      // An admin's scope is a county or the city: never implied.
      ctx.addIssue({ code: 'custom', message: 'admin tokens need county' });
    }
    if (c.role === 'enterprise' && !c.enterprise) {
      ctx.addIssue({ code: 'custom', message: 'enterprise tokens need enterprise' });
    }
  });

export type Claims = z.input<typeof claimsSchema>;

export const DEV_SECRET = 'qinqing-development-secret-do-not-use-in-production';
const DEFAULT_ISSUER = 'qinqing';
const DEFAULT_AUDIENCE = 'qinqing-graph';

export interface AuthConfig {
  key: JWTVerifyGetKey | Uint8Array;
  algorithms: string[];
  issuer: string;
  audience: string;
  /** Oldest accepted token (from its `iat`), e.g. `24h`: no token lives longer, whatever its `exp`. */
  maxAge: string;
}

export function authConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const issuer = env.JWT_ISSUER ?? DEFAULT_ISSUER;
  const audience = env.JWT_AUDIENCE ?? DEFAULT_AUDIENCE;
  const maxAge = env.JWT_MAX_AGE ?? '24h';
  if (env.JWT_JWKS_FILE) {
    const jwks = JSON.parse(readFileSync(env.JWT_JWKS_FILE, 'utf8')) as JSONWebKeySet;
    return { key: createLocalJWKSet(jwks), algorithms: ['RS256', 'ES256'], issuer, audience, maxAge };
  }
  if (env.JWT_JWKS_URL) {
    const key = createRemoteJWKSet(new URL(env.JWT_JWKS_URL));
    return { key, algorithms: ['RS256', 'ES256'], issuer, audience, maxAge };
  }
  if (env.JWT_SECRET) {
    if (env.JWT_SECRET.length < 32) throw new Error('JWT_SECRET must be at least 32 characters.');
    return { key: new TextEncoder().encode(env.JWT_SECRET), algorithms: ['HS256'], issuer, audience, maxAge };
  }
  // The development secret is public: only where the environment says so (pnpm start and the tests set it).
  if (env.NODE_ENV !== 'development' && env.NODE_ENV !== 'test') {
    throw new Error(
      'Set JWT_JWKS_FILE, JWT_JWKS_URL or JWT_SECRET (NODE_ENV=development uses the public development secret).',
    );
  }
  return { key: new TextEncoder().encode(DEV_SECRET), algorithms: ['HS256'], issuer, audience, maxAge };
}

function reason(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'the token is not valid yet';
    return `the token's "${error.claim}" claim is not accepted`;
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed)
    return 'the token is signed with an algorithm that is not accepted';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token signature is not valid';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'no key matches the token';
  return 'the token is malformed';
}

/**
 * Verifies an `Authorization` header value. No header: anonymous. A header that is present but not a valid bearer
 * token is always UNAUTHENTICATED, never silently anonymous.
 */
export async function principalFromHeader(header: string | undefined | null, config: AuthConfig): Promise<Principal> {
  if (header === undefined || header === null || header === '') return ANONYMOUS;
  const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(header.trim());
  if (!match) throw new UnauthenticatedError('Authorization must be "Bearer <token>" (令牌格式错误).');
  const cache = verifiedCache(config);
  const cached = cache.get(match[1]!);
  if (cached && cached.until > Date.now()) return cached.principal;
  const { principal, exp, iat } = await verify(match[1]!, config);
  const maxAge = durationSeconds(config.maxAge);
  if (maxAge !== null) {
    if (cache.size >= VERIFIED_MAX) cache.clear();
    cache.set(match[1]!, {
      principal,
      until: Math.min(exp * 1000, (iat + maxAge) * 1000, Date.now() + VERIFIED_TTL_MS),
    });
  }
  return principal;
}

/**
 * Verified tokens, by configuration: the gateway and every subgraph verify the same token on each request, and an
 * HMAC or RSA check per request and process is a measurable share of a small request. An entry lasts until the token
 * expires or grows older than `maxAge`, and at most VERIFIED_TTL_MS (keys of a JWKS may rotate); refusals are not kept.
 */
const VERIFIED_TTL_MS = 60_000;
const VERIFIED_MAX = 10_000;
const verified = new WeakMap<AuthConfig, Map<string, { principal: Principal; until: number }>>();

function verifiedCache(config: AuthConfig) {
  let cache = verified.get(config);
  if (!cache) {
    cache = new Map();
    verified.set(config, cache);
  }
  return cache;
}

/** Seconds of a jose duration (`90`, `30s`, `15m`, `24h`, `7d`), or null when it is not one of these. */
export function durationSeconds(value: string | number): number | null {
  if (typeof value === 'number') return value;
  const m = /^(\d+)\s*(s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days)?$/i.exec(
    value.trim(),
  );
  if (!m) return null;
  const unit = (m[2] ?? 's').toLowerCase()[0];
  return Number(m[1]) * (unit === 'd' ? 86400 : unit === 'h' ? 3600 : unit === 'm' ? 60 : 1);
}

async function verify(token: string, config: AuthConfig): Promise<{ principal: Principal; exp: number; iat: number }> {
  let payload: unknown;
  try {
    const verified = await jwtVerify(token, config.key as Uint8Array, {
      algorithms: config.algorithms,
      issuer: config.issuer,
      audience: config.audience,
      requiredClaims: ['exp', 'sub', 'iat'],
      maxTokenAge: config.maxAge,
    });
    payload = verified.payload;
  } catch (error) {
    throw new UnauthenticatedError(`Invalid token: ${reason(error)} (令牌无效).`);
  }
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new UnauthenticatedError(`Invalid token claims: ${where}${issue?.message ?? 'not accepted'} (令牌声明无效).`);
  }
  const c = parsed.data;
  const principal: Principal = Object.freeze({
    role: c.role,
    sub: c.sub,
    dept: c.role === 'staff' || c.role === 'system' ? (c.dept ?? null) : null,
    // Leaders read city-wide whatever the token says.
    county:
      c.role === 'leader'
        ? CITY_CODE
        : c.role === 'staff' || c.role === 'system' || c.role === 'analyst' || c.role === 'admin'
          ? (c.county ?? CITY_CODE)
          : null,
    enterprise: c.role === 'enterprise' ? (c.enterprise ?? null) : null,
    perms: Object.freeze([...(c.perms ?? [])]),
  });
  const { exp, iat } = payload as { exp: number; iat: number };
  return { principal, exp, iat };
}

/** Signs a development token with the HS256 secret (tools and tests; production tokens come from the identity provider). */
export async function signDevToken(
  claims: Claims,
  options: {
    secret?: string;
    expiresIn?: string | number;
    notBefore?: string | number;
    issuer?: string;
    audience?: string;
  } = {},
): Promise<string> {
  const jwt = new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(options.issuer ?? process.env.JWT_ISSUER ?? DEFAULT_ISSUER)
    .setAudience(options.audience ?? process.env.JWT_AUDIENCE ?? DEFAULT_AUDIENCE)
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '12h');
  if (options.notBefore !== undefined) jwt.setNotBefore(options.notBefore);
  return jwt.sign(new TextEncoder().encode(options.secret ?? process.env.JWT_SECRET ?? DEV_SECRET));
}
