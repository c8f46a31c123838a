/**
 * The gateway's HTTP client towards the subgraphs: undici with keep-alive and a sized connection pool per subgraph,
 * instead of Apollo's default make-fetch-happen (whose agent builds an `Error` stack on every request to tell whether
 * the endpoint is secure), and optional merging of identical in-flight subgraph queries.
 *
 *   SUBGRAPH_CONNECTIONS   connections per subgraph (default 32)
 *   GATEWAY_DEDUPE         `false` sends every subgraph query, even when an identical one is in flight
 *   SUBGRAPH_TIMEOUT_MS    longest wait for one subgraph's answer (default 15000): for its headers, which a subgraph
 *                          sends with its complete result, and for each pause in its body; past it the subgraph's
 *                          part of the response is null with the coded error SERVICE_UNAVAILABLE
 *   GATEWAY_KEEP_ALIVE_MS  how long an idle connection to a subgraph is kept (default 30000); keep it shorter than
 *                          the subgraphs' KEEP_ALIVE_TIMEOUT_MS (65000), so the gateway closes idle sockets first
 *
 * A query (never a mutation) that meets a connection the subgraph has closed or reset is sent once more, on a fresh
 * connection: a query has no effect to repeat, while a mutation may have been applied before the reset.
 *
 * Merging: a subgraph query waits for an identical one already in flight (same subgraph, document, variables and
 * Authorization header) and gets its own copy of the same answer. Mutations are never merged.
 */
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { CodedError, PUBLIC_DATA_HEADER } from '@qq/kit';
import { Agent } from 'undici';

// Apollo's fetch types, as its data source declares them (their packages are not ours to depend on).
type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherResponse = Awaited<ReturnType<Fetcher>>;
type FetcherHeaders = FetcherResponse['headers'];
type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

export interface SubgraphClientOptions {
  /** Connections per subgraph origin (default SUBGRAPH_CONNECTIONS or 32). */
  connections?: number;
  /** Merge identical in-flight subgraph queries (default true; GATEWAY_DEDUPE=false turns it off). */
  dedupe?: boolean;
  /** Longest wait for a subgraph's answer in ms (default SUBGRAPH_TIMEOUT_MS or 15000). */
  timeoutMs?: number;
  /** Idle time after which a connection to a subgraph is closed, in ms (default GATEWAY_KEEP_ALIVE_MS or 30000). */
  keepAliveMs?: number;
}

function positiveIntegerEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

/** The subgraph timeout in ms (SUBGRAPH_TIMEOUT_MS, default 15 s). */
export function subgraphTimeoutFromEnv(): number {
  return positiveIntegerEnv('SUBGRAPH_TIMEOUT_MS', 15_000);
}

/** A subgraph that did not answer: down, reset, or slower than the subgraph timeout. */
export class ServiceUnavailableError extends CodedError {
  constructor(service: string, reason: 'unreachable' | 'timeout') {
    super(
      'SERVICE_UNAVAILABLE',
      reason === 'timeout'
        ? `The ${service} service did not answer in time (服务响应超时).`
        : `The ${service} service is unavailable (服务暂不可用).`,
      { service },
    );
  }
}

// undici's codes (and the socket's) for a connection the other side closed or reset before answering.
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

function errorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = e?.code ?? e?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A connection closed or reset under the request (a stale keep-alive socket): safe to resend a query once. */
export function isConnectionReset(error: unknown): boolean {
  const code = errorCode(error);
  return !!code && RESET_CODES.has(code);
}

function isTimeout(error: unknown): boolean {
  const code = errorCode(error);
  return (
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'ABORT_ERR' ||
    (error as Error | null)?.name === 'TimeoutError'
  );
}

/**
 * Headers with lower-case names, behind the small interface Apollo reads and writes: the headers of a subgraph request
 * (which `willSendRequest` sets) and of its response (as undici returns them). A plain map, not a WHATWG `Headers`,
 * whose validation shows in a profile of every subgraph request.
 */
class HeaderBag implements FetcherHeaders {
  private readonly map = new Map<string, string>();
  constructor(raw?: Record<string, string | string[] | undefined>) {
    if (raw) {
      for (const k in raw) {
        const v = raw[k];
        if (v !== undefined) this.map.set(k, Array.isArray(v) ? v.join(', ') : v);
      }
    }
  }
  /** The headers as a plain object, for undici. */
  toObject(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of this.map) out[k] = v;
    return out;
  }
  append(name: string, value: string) {
    const k = name.toLowerCase();
    const prev = this.map.get(k);
    this.map.set(k, prev === undefined ? value : `${prev}, ${value}`);
  }
  delete(name: string) {
    this.map.delete(name.toLowerCase());
  }
  get(name: string) {
    return this.map.get(name.toLowerCase()) ?? null;
  }
  has(name: string) {
    return this.map.has(name.toLowerCase());
  }
  set(name: string, value: string) {
    this.map.set(name.toLowerCase(), value);
  }
  entries() {
    return this.map.entries();
  }
  keys() {
    return this.map.keys();
  }
  values() {
    return this.map.values();
  }
  [Symbol.iterator]() {
    return this.map.entries();
  }
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A fetch-like response over a body already read (each merged caller gets its own). */
class BufferedResponse implements FetcherResponse {
  bodyUsed = false;
  readonly redirected = false;
  readonly headers: HeaderBag;
  constructor(
    readonly url: string,
    private readonly raw: RawResponse,
  ) {
    this.headers = new HeaderBag(raw.headers);
  }
  get status() {
    return this.raw.status;
  }
  get ok() {
    return this.raw.status >= 200 && this.raw.status < 300;
  }
  get statusText() {
    return '';
  }
  async text() {
    this.bodyUsed = true;
    return this.raw.body;
  }
  async json() {
    this.bodyUsed = true;
    return JSON.parse(this.raw.body) as unknown;
  }
  async arrayBuffer() {
    this.bodyUsed = true;
    const buf = Buffer.from(this.raw.body);
    return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  }
  clone() {
    return new BufferedResponse(this.url, this.raw);
  }
}

/** One undici agent for all subgraphs: a keep-alive pool of `connections` per origin. */
export function createSubgraphAgent(
  connections = Number(process.env.SUBGRAPH_CONNECTIONS ?? 32),
  keepAliveMs = positiveIntegerEnv('GATEWAY_KEEP_ALIVE_MS', 30_000),
): Agent {
  return new Agent({
    connections,
    pipelining: 1,
    // Shorter than the subgraphs' keep-alive (65 s), so the client closes an idle socket first; a server's own
    // `Keep-Alive: timeout` hint never makes it longer.
    keepAliveTimeout: keepAliveMs,
    keepAliveMaxTimeout: keepAliveMs,
  });
}

/** Sends one request to a subgraph and reads the whole answer. */
export type Sender = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
) => Promise<RawResponse>;

/**
 * Requests over an undici agent. `timeoutMs` bounds the wait for the answer's headers (a subgraph writes them once its
 * result is complete) and each pause in its body, with undici's own timers: no AbortSignal and timer of ours per
 * request.
 */
export function agentSender(agent: Agent, timeoutMs?: number): Sender {
  const targets = new Map<string, { origin: string; path: string }>();
  const timeouts = timeoutMs ? { headersTimeout: timeoutMs, bodyTimeout: timeoutMs } : {};
  return async (url, init) => {
    let target = targets.get(url);
    if (!target) {
      const u = new URL(url);
      targets.set(url, (target = { origin: u.origin, path: u.pathname + u.search }));
    }
    const res = await agent.request({
      origin: target.origin,
      path: target.path,
      method: init.method as 'POST',
      headers: init.headers,
      body: init.body,
      ...timeouts,
    });
    return { status: res.statusCode, headers: res.headers, body: await res.body.text() };
  };
}

/** A fetch-compatible function (Apollo's `Fetcher`) over a sender. */
export function senderFetcher(send: Sender): Fetcher {
  return async (url, init = {}) =>
    new BufferedResponse(
      url,
      await send(url, {
        method: init.method ?? 'GET',
        headers: (init.headers ?? {}) as Record<string, string>,
        body: (init.body ?? '') as string,
      }),
    );
}

// The query planner writes `query …` (or `{ … }`) for reads and `mutation …` for writes.
const READ = /^\s*(?:query\b|\{)/;

/**
 * Apollo's RemoteGraphQLDataSource with a lean request path: no node-fetch Request per call, the undici fetcher, and
 * merging of identical in-flight queries. Cache hints (`Cache-Control` of the subgraph) feed the operation's cache
 * policy as in Apollo's.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Apollo's own constraint on the context.
export class SubgraphDataSource<TContext extends Record<string, any>> extends RemoteGraphQLDataSource<TContext> {
  /** Merge identical in-flight queries. */
  dedupe: boolean;
  // Set by Apollo's constructor from the config (`declare`: no initializer may overwrite them).
  /** The subgraph's name in the supergraph. */
  declare name?: string;
  /** Called after each mutation sent to this subgraph (its public data may have changed). */
  declare onMutation?: (subgraph: string) => void;
  /** How requests are sent (`agentSender`). */
  declare send: Sender;
  private readonly inflight = new Map<string, Promise<RawResponse>>();

  constructor(config?: Partial<SubgraphDataSource<TContext>> & object & ThisType<SubgraphDataSource<TContext>>) {
    super(config as ConstructorParameters<typeof RemoteGraphQLDataSource<TContext>>[0]);
    // Apollo's constructor copies the config onto the instance; fields of this class are set after it.
    this.dedupe = config?.dedupe ?? true;
    if (!this.send) throw new Error('SubgraphDataSource needs a sender (agentSender)');
    // Apollo's own code paths, should one call it, use the same transport.
    this.fetcher = senderFetcher(this.send);
  }

  override async process(options: GraphQLDataSourceProcessOptions<TContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    const context = options.context as TContext;
    const headers = new HeaderBag();
    if (request.http?.headers) for (const [name, value] of request.http.headers) headers.append(name, value);
    headers.set('content-type', 'application/json');
    request.http = { method: 'POST', url: this.url, headers };
    if (this.willSendRequest) await this.willSendRequest(options);
    if (!request.query) throw new Error('Missing query');
    const read = READ.test(request.query);
    // Which subgraphs made an answer: the public cache keeps their versions with it.
    const used = (context as { subgraphs?: Set<string> }).subgraphs;
    if (used && this.name) used.add(this.name);
    const { http: _http, ...payload } = request;
    const init = { method: 'POST', headers: headers.toObject(), body: JSON.stringify(payload) };
    let fetched: FetcherResponse | undefined;
    let response: GatewayGraphQLResponse;
    try {
      const call = () => (this.dedupe && read ? this.merged(init) : this.send(this.url, init));
      try {
        try {
          fetched = new BufferedResponse(this.url, await call());
        } catch (error) {
          if (!read || !isConnectionReset(error)) throw error;
          fetched = new BufferedResponse(this.url, await call());
        }
      } catch (error) {
        if (error instanceof Error && !('extensions' in error)) {
          throw new ServiceUnavailableError(
            this.name ?? this.url ?? 'subgraph',
            isTimeout(error) ? 'timeout' : 'unreachable',
          );
        }
        throw error;
      } finally {
        // A mutation may have changed the subgraph's public data, unless the subgraph said it did not.
        if (!read && this.name && fetched?.headers.get(PUBLIC_DATA_HEADER) !== 'unchanged')
          this.onMutation?.(this.name);
      }
      // A GraphQL answer with data stands whatever its status (a subgraph that sets 401 for one refused field):
      // its data and field errors are kept, not replaced by one error for the whole subgraph.
      if (!fetched.ok && !(await hasData(fetched))) throw await this.errorFromResponse(fetched);
      const body = await this.parseBody(fetched, undefined, context);
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new Error(`Expected JSON response body, but received: ${String(body)}`);
      }
      response = { ...body, http: fetched } as GatewayGraphQLResponse;
    } catch (error) {
      // Apollo passes its node-fetch Request here; nothing of ours reads it.
      this.didEncounterError(error as Error, undefined as never, fetched, context, request);
      throw error;
    }
    const processed = this.didReceiveResponse
      ? await this.didReceiveResponse({
          response,
          request,
          context,
          pathInIncomingRequest: 'incomingRequestContext' in options ? options.pathInIncomingRequest : undefined,
        })
      : response;
    const policy =
      this.honorSubgraphCacheControlHeader &&
      'incomingRequestContext' in options &&
      options.incomingRequestContext.overallCachePolicy &&
      'restrict' in options.incomingRequestContext.overallCachePolicy
        ? options.incomingRequestContext.overallCachePolicy
        : null;
    if (policy) policy.restrict(cacheHint(fetched.headers.get('cache-control')));
    return processed;
  }

  /** Waits for an identical request in flight, or sends it; every caller reads the answer into its own objects. */
  private merged(init: { method: string; headers: Record<string, string>; body: string }): Promise<RawResponse> {
    const key = `${init.headers.authorization ?? ''}\n${init.body}`;
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.send(this.url, init).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }
}

/** Whether a response's body is a GraphQL result with a `data` member (the body can be read again). */
async function hasData(response: FetcherResponse): Promise<boolean> {
  if (!response.headers.get('content-type')?.includes('json')) return false;
  try {
    const body = JSON.parse(await response.clone().text()) as unknown;
    return typeof body === 'object' && body !== null && 'data' in body && body.data !== undefined;
  } catch {
    return false;
  }
}

/** A subgraph's `Cache-Control` as Apollo's cache hint: `max-age`, and `public`/`private` scope. */
export function cacheHint(header: string | null): { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' } {
  const hint: { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' } = { maxAge: 0 };
  if (!header) return hint;
  for (const part of header.split(',')) {
    const [name, value] = part.trim().toLowerCase().split('=');
    if (name === 'max-age' && value && /^\d+$/.test(value)) hint.maxAge = Number(value);
    else if (name === 'private') hint.scope = 'PRIVATE';
    else if (name === 'public') hint.scope = 'PUBLIC';
  }
  return hint;
}
