import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ANONYMOUS,
  authConfigFromEnv,
  DEV_SECRET,
  durationSeconds,
  principalFromHeader,
  signDevToken,
} from '../src/auth.ts';

const hs = authConfigFromEnv({ NODE_ENV: 'test' });
const staff = { sub: 'clerk-1', role: 'staff', dept: 'ndrc', county: '410422' } as const;

async function refusal(header: string, config = hs): Promise<string> {
  try {
    await principalFromHeader(header, config);
  } catch (error) {
    expect((error as { extensions?: { code?: string } }).extensions?.code).toBe('UNAUTHENTICATED');
    return (error as Error).message;
  }
  throw new Error('the token was accepted');
}

describe('token verification', () => {
  it('treats no header as anonymous', async () => {
    expect(await principalFromHeader(undefined, hs)).toEqual(ANONYMOUS);
    expect(await principalFromHeader('', hs)).toEqual(ANONYMOUS);
  });

  it('accepts a valid development token and reads its claims', async () => {
    const token = await signDevToken({ ...staff, perms: ['policy:review'] });
    expect(await principalFromHeader(`Bearer ${token}`, hs)).toEqual({
      role: 'staff',
      sub: 'clerk-1',
      dept: 'ndrc',
      county: '410422',
      enterprise: null,
      perms: ['policy:review'],
    });
  });

  it('refuses an expired token', async () => {
    const token = await signDevToken(staff, { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    expect(await refusal(`Bearer ${token}`)).toMatch(/expired/);
  });

  it('refuses a token that is not valid yet', async () => {
    const token = await signDevToken(staff, { notBefore: '1h' });
    expect(await refusal(`Bearer ${token}`)).toMatch(/not valid yet/);
  });

  it('refuses a wrong signature', async () => {
    const token = await signDevToken(staff, { secret: 'another-secret-of-some-length-123456' });
    expect(await refusal(`Bearer ${token}`)).toMatch(/signature/);
  });

  it('refuses the algorithm none', async () => {
    const token = new UnsecuredJWT({ ...staff })
      .setIssuer('qinqing')
      .setAudience('qinqing-graph')
      .setExpirationTime('1h')
      .encode();
    expect(await refusal(`Bearer ${token}`)).toMatch(/Invalid token/);
  });

  it('refuses garbage, a wrong scheme, a wrong issuer or audience, and bad claims', async () => {
    expect(await refusal('Bearer not-a-jwt')).toMatch(/malformed/);
    expect(await refusal('Basic dXNlcjpwYXNz')).toMatch(/Bearer/);
    expect(await refusal(`Bearer ${await signDevToken(staff, { issuer: 'elsewhere' })}`)).toMatch(/"iss"/);
    expect(await refusal(`Bearer ${await signDevToken(staff, { audience: 'elsewhere' })}`)).toMatch(/"aud"/);
    expect(await refusal(`Bearer ${await signDevToken({ sub: 'x', role: 'staff', county: '410422' })}`)).toMatch(
      /need dept/,
    );
    expect(
      await refusal(`Bearer ${await signDevToken({ sub: 'x', role: 'enterprise', enterprise: '914403001922038217' })}`),
    ).toMatch(/enterprise/);
    expect(
      await refusal(`Bearer ${await signDevToken({ sub: 'x', role: 'staff', dept: 'ndrc', county: '999999' })}`),
    ).toMatch(/county/);
  });

  it('verifies RS256 and ES256 tokens against a JWKS file and refuses HS256 there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jwks-'));
    const rsa = await generateKeyPair('RS256');
    const ec = await generateKeyPair('ES256');
    const keys = [
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256' },
    ];
    writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys }));
    const config = authConfigFromEnv({ JWT_JWKS_FILE: join(dir, 'jwks.json') });
    const sign = (alg: string, kid: string, key: Parameters<SignJWT['sign']>[0]) =>
      new SignJWT({ ...staff })
        .setProtectedHeader({ alg, kid })
        .setIssuer('qinqing')
        .setAudience('qinqing-graph')
        .setSubject(staff.sub)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(key);
    expect((await principalFromHeader(`Bearer ${await sign('RS256', 'rsa-1', rsa.privateKey)}`, config)).dept).toBe(
      'ndrc',
    );
    expect((await principalFromHeader(`Bearer ${await sign('ES256', 'ec-1', ec.privateKey)}`, config)).county).toBe(
      '410422',
    );
    // A token signed with the development secret is refused where production keys are configured.
    expect(await refusal(`Bearer ${await signDevToken(staff, { secret: DEV_SECRET })}`, config)).toMatch(
      /algorithm|key/,
    );
  });

  it('uses the public development secret only in development and tests', () => {
    expect(() => authConfigFromEnv({ NODE_ENV: 'production' })).toThrow(/JWT_JWKS_FILE/);
    expect(() => authConfigFromEnv({})).toThrow(/JWT_JWKS_FILE/);
    expect(() => authConfigFromEnv({ JWT_SECRET: 'short' })).toThrow(/32 characters/);
    expect(authConfigFromEnv({ JWT_SECRET: 'x'.repeat(32) }).algorithms).toEqual(['HS256']);
  });

  it('refuses an admin token without a county, and a token older than the maximum age', async () => {
    expect(await refusal(`Bearer ${await signDevToken({ sub: 'a', role: 'admin' })}`)).toMatch(
      /admin tokens need county/,
    );
    const old = await new SignJWT({ ...staff })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('qinqing')
      .setAudience('qinqing-graph')
      .setSubject(staff.sub)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 25 * 3600)
      .setExpirationTime('2h')
      .sign(new TextEncoder().encode(DEV_SECRET));
    expect(await refusal(`Bearer ${old}`)).toMatch(/iat|Invalid token/);
  });

  describe('verified tokens are kept for a while', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('answers a token seen before without verifying it again, and forgets it when it expires', async () => {
      const config = authConfigFromEnv({ NODE_ENV: 'test' });
      const token = await signDevToken(staff, { expiresIn: '30s' });
      const first = await principalFromHeader(`Bearer ${token}`, config);
      const verify = vi.spyOn(crypto.subtle, 'verify');
      expect(await principalFromHeader(`Bearer ${token}`, config)).toBe(first);
      expect(verify).not.toHaveBeenCalled();
      // Past its expiry the token is verified again, and refused.
      vi.useFakeTimers({ now: Date.now() + 31_000, toFake: ['Date'] });
      expect(await refusal(`Bearer ${token}`, config)).toMatch(/expired/);
    });

    it('keeps no refusal and no principal for another configuration', async () => {
      const config = authConfigFromEnv({ NODE_ENV: 'test' });
      const other = authConfigFromEnv({ JWT_SECRET: 'y'.repeat(32) });
      const token = await signDevToken(staff);
      expect((await principalFromHeader(`Bearer ${token}`, config)).dept).toBe('ndrc');
      expect(await refusal(`Bearer ${token}`, other)).toMatch(/signature/);
      expect(await refusal(`Bearer ${token}`, other)).toMatch(/signature/);
    });

    it('reads durations as jose does', () => {
      expect(durationSeconds('24h')).toBe(86400);
      expect(durationSeconds('15m')).toBe(900);
      expect(durationSeconds('7d')).toBe(604800);
      expect(durationSeconds(90)).toBe(90);
      expect(durationSeconds('soon')).toBeNull();
    });
  });
});
