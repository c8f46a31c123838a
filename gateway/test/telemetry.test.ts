/**
 * No outbound call at start: while the gateway starts and sits idle, nothing opens a socket or resolves a host name
 * (Apollo's usage exporter and its cloud metadata probes stay off unless configured).
 */
import dns from 'node:dns';
import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGateway } from '../src/index.ts';

// Every socket and every name lookup is recorded and refused here: nothing leaves the machine even if one is tried.
function watchNetwork() {
  const attempts: string[] = [];
  const refuse = (what: string) => {
    attempts.push(what);
    throw new Error(`outbound call during the test: ${what}`);
  };
  vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(function (this: net.Socket, ...args: unknown[]) {
    return refuse(`connect ${JSON.stringify(args[0])}`);
  });
  vi.spyOn(dns, 'lookup').mockImplementation(((host: string) =>
    refuse(`lookup ${host}`)) as unknown as typeof dns.lookup);
  vi.spyOn(dns.promises, 'lookup').mockImplementation(((host: string) =>
    Promise.resolve(refuse(`lookup ${host}`))) as typeof dns.promises.lookup);
  return attempts;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('telemetry', () => {
  it('is off by default: the gateway starts and idles without opening a socket or resolving a name', async () => {
    delete process.env.APOLLO_TELEMETRY_DISABLED;
    const attempts = watchNetwork();
    const gateway = createGateway({ subgraphUrls: { platform: 'http://127.0.0.1:9/graphql' } });
    await gateway.start();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await gateway.stop();
    expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('true');
    expect(attempts).toEqual([]);
  });
});
