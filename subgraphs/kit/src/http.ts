/**
 * Apollo Server on node:http, for the gateway and every subgraph: a request body limit, JSON parsing that answers
 * 400 (not 500) to a malformed body, `GET /health`, and extra routes (the GraphiQL page of the gateway).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';

export type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean> | boolean;

export interface HttpOptions<C extends BaseContext> {
  apollo: ApolloServer<C>;
  /** Builds the per-request context; may throw a coded GraphQLError (UNAUTHENTICATED answers 401). */
  context: (headers: HeaderMap, requestId: string) => Promise<C>;
  /** Largest accepted request body in bytes. */
  maxBodyBytes?: number;
  /**
   * Answers `GET /health`: 200 when ready; `warnings` (e.g. next year's calendar missing) go in the body and never
   * make it unready.
   */
  ready?: () => boolean | HealthState | Promise<boolean | HealthState>;
  /** Routes tried before GraphQL; return true when handled. */
  routes?: Route[];
  /** Path of the GraphQL endpoint. */
  path?: string;
  /**
   * Checks run with the caller known, before Apollo parses the document (the role's token budget). Throw a coded
   * GraphQLError to refuse; its `extensions.http.status` is the response status.
   */
  preflight?: (request: { query: unknown }, context: C) => void;
  /**
   * Admission with the caller known and the connection at hand (the gateway's rate limits). Throw a coded
   * GraphQLError to refuse; `extensions.http.status` is the response status and `extensions.http.headers` (a plain
   * object) are added to the response.
   */
  admit?: (req: IncomingMessage, context: C) => Promise<void>;
  /**
   * Admission of a request refused before its caller is known (a refused token, a malformed or oversized body), as
   * an anonymous caller from its address: otherwise a bad `Authorization` header would be a way around `admit`'s
   * limits, and token guessing would be unlimited. A refusal it throws (429) is answered instead of the request's own.
   */
  admitUnknown?: (req: IncomingMessage) => Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new HttpError(413, `Request body larger than ${limit} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `Request body larger than ${limit} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function errorBody(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}

/** Answers a coded refusal: `extensions.http` gives the status (default 400) and headers, and is not sent. */
function sendRefusal(res: ServerResponse, error: GraphQLError): void {
  const http = error.extensions.http as { status?: number; headers?: Record<string, string> } | undefined;
  const { http: _http, ...extensions } = error.extensions;
  sendJson(res, http?.status ?? 400, { errors: [{ message: error.message, extensions }] }, http?.headers);
}

/** What `/health` reports beyond up or down. */
export interface HealthState {
  ok: boolean;
  warnings?: string[];
  /** Shutting down: unready (503, `draining`) while the requests in flight finish. */
  draining?: boolean;
}

export function createHttpHandler<C extends BaseContext>(options: HttpOptions<C>) {
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const path = options.path ?? '/graphql';
  /** The refusal `admitUnknown` gives a request whose caller is not known, or null when it is admitted. */
  const unknownCallerRefusal = async (req: IncomingMessage): Promise<GraphQLError | null> => {
    try {
      await options.admitUnknown?.(req);
      return null;
    } catch (error) {
      if (error instanceof GraphQLError) return error;
      throw error;
    }
  };
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId =
      (typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].slice(0, 64)) || randomUUID();
    res.setHeader('x-request-id', requestId);
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/health' && (req.method === 'GET' || req.method === 'HEAD')) {
        const state = options.ready ? await options.ready() : true;
        const { ok, warnings, draining } = typeof state === 'boolean' ? { ok: state, warnings: [] } : state;
        const status = ok ? 'ok' : draining ? 'draining' : 'starting';
        sendJson(res, ok ? 200 : 503, { status, ...(warnings?.length ? { warnings } : {}) });
        return;
      }
      for (const route of options.routes ?? []) if (await route(req, res, url)) return;
      if (url.pathname !== path) {
        sendJson(res, 404, errorBody('Not found.', 'NOT_FOUND'));
        return;
      }
      if (req.method !== 'GET' && req.method !== 'POST') {
        sendJson(res, 405, errorBody('Use GET or POST.', 'BAD_REQUEST'), { allow: 'GET, POST' });
        return;
      }
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      let body: unknown = undefined;
      if (req.method === 'POST') {
        const text = await readBody(req, limit);
        const type = headers.get('content-type') ?? '';
        if (type.startsWith('application/json') || type.startsWith('application/graphql-response+json')) {
          try {
            body = JSON.parse(text);
          } catch {
            throw new HttpError(400, 'The request body is not valid JSON.');
          }
        } else {
          body = text;
        }
      }
      // The caller first: a refused token or an over-budget document is answered before Apollo does any work.
      let context: C;
      let admitted = false;
      try {
        context = await options.context(headers, requestId);
        admitted = true;
        await options.admit?.(req, context);
        const query =
          req.method === 'GET' ? url.searchParams.get('query') : (body as { query?: unknown } | null)?.query;
        options.preflight?.({ query }, context);
      } catch (error) {
        if (error instanceof GraphQLError) {
          sendRefusal(res, admitted ? error : ((await unknownCallerRefusal(req)) ?? error));
          return;
        }
        throw error;
      }
      const response = await options.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method, headers, search: url.search, body },
        context: async () => context,
      });
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') {
        res.end(response.body.string);
      } else {
        for await (const chunk of response.body.asyncIterator) res.write(chunk);
        res.end();
      }
    } catch (error) {
      if (error instanceof HttpError) {
        const limited = await unknownCallerRefusal(req).catch(() => null);
        if (limited) sendRefusal(res, limited);
        else sendJson(res, error.status, errorBody(error.message, 'BAD_REQUEST'));
      } else {
        console.error('[http]', requestId, error);
        if (!res.headersSent)
          sendJson(res, 500, errorBody('Internal server error (服务器内部错误).', 'INTERNAL_SERVER_ERROR'));
        else res.end();
      }
    }
  };
}

export interface Listening {
  server: Server;
  port: number;
  url: string;
  /** Closes at once, cutting the requests in flight (tests). */
  close(): Promise<void>;
  /**
   * Closes gracefully: no new connections, idle ones closed, each request in flight answered (with
   * `Connection: close`) before its connection closes; what still runs after `timeoutMs` is cut.
   */
  drain(timeoutMs: number): Promise<void>;
}

export interface DrainOptions {
  /** How long the server stays up, unready, before it stops accepting (load balancers see the 503 first). */
  delayMs: number;
  /** The longest wait for the requests in flight. */
  timeoutMs: number;
}

/** `SHUTDOWN_DELAY_MS` (default 5000 in production, else 0) and `SHUTDOWN_TIMEOUT_MS` (default 25000). */
export function drainOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): DrainOptions {
  const delayMs = Number(env.SHUTDOWN_DELAY_MS ?? (env.NODE_ENV === 'production' ? 5000 : 0));
  const timeoutMs = Number(env.SHUTDOWN_TIMEOUT_MS ?? 25_000);
  if (!Number.isInteger(delayMs) || delayMs < 0) throw new Error('SHUTDOWN_DELAY_MS must be a whole number ≥ 0');
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new Error('SHUTDOWN_TIMEOUT_MS must be a positive integer');
  return { delayMs, timeoutMs };
}

/**
 * The order of a graceful stop (SIGTERM): `/health` turns unready first, the server keeps answering for `delayMs`,
 * then stops accepting and waits for the requests in flight (up to `timeoutMs`). Nothing in flight is cut.
 */
export async function drainGracefully(
  listening: Listening,
  unready: () => void,
  options: DrainOptions = drainOptionsFromEnv(),
): Promise<void> {
  unready();
  if (options.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
  await listening.drain(options.timeoutMs);
}

/**
 * How long a server keeps an idle keep-alive connection open (KEEP_ALIVE_TIMEOUT_MS, default 65 s). The gateway's
 * client closes idle connections sooner (`GATEWAY_KEEP_ALIVE_MS`, 30 s), so it never sends on one the server has
 * just closed.
 */
export function keepAliveTimeoutFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.KEEP_ALIVE_TIMEOUT_MS ?? 65_000);
  if (!Number.isInteger(value) || value <= 0) throw new Error('KEEP_ALIVE_TIMEOUT_MS must be a positive integer');
  return value;
}

/** Listens on `port` (0 picks a free one) on `host` (default 127.0.0.1). */
export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  port: number,
  host = '127.0.0.1',
  path = '/graphql',
  options: { keepAliveTimeout?: number } = {},
): Promise<Listening> {
  let draining = false;
  const pending = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    // While draining, each connection closes after its answer, so the server's close completes.
    if (draining) res.setHeader('connection', 'close');
    pending.add(res);
    res.once('close', () => pending.delete(res));
    void handler(req, res);
  });
  server.keepAliveTimeout = options.keepAliveTimeout ?? keepAliveTimeoutFromEnv();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    server,
    port: actual,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${actual}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    drain: (timeoutMs) =>
      new Promise<void>((resolve) => {
        draining = true;
        for (const res of pending) if (!res.headersSent) res.setHeader('connection', 'close');
        const cut = setTimeout(() => server.closeAllConnections(), timeoutMs);
        cut.unref();
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
