/**
 * The closed list of error codes a client can see. Anything else is a bug: it is logged and reaches the client as
 * INTERNAL_SERVER_ERROR without internals.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'GATEWAY_BUDGET_EXCEEDED'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401 };

export class CodedError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
    const status = HTTP_STATUS[code];
    super(message, { extensions: { code, ...extra, ...(status ? { http: { status } } : {}) } });
  }
}

export class UnauthenticatedError extends CodedError {
  constructor(message = 'Authentication required (需要登录).') {
    super('UNAUTHENTICATED', message);
  }
}

/**
 * UNAUTHENTICATED for one field an anonymous caller may not read: no HTTP 401 with it, so the response (and, through
 * the gateway, the rest of the subgraph's answer) stands with that field null.
 */
export class FieldUnauthenticatedError extends GraphQLError {
  constructor(message = 'Authentication required (需要登录).') {
    super(message, { extensions: { code: 'UNAUTHENTICATED' } });
  }
}

export class ForbiddenError extends CodedError {
  constructor(message = 'Not allowed for this caller (无权访问).') {
    super('FORBIDDEN', message);
  }
}

export class NotFoundError extends CodedError {
  constructor(what: string, id: string) {
    super('NOT_FOUND', `${what} ${id} not found (不存在).`);
  }
}

/** Bad input, naming the offending field as `extensions.field` (a dotted path such as `input.amount`). */
export class BadUserInputError extends CodedError {
  constructor(field: string, message: string) {
    super('BAD_USER_INPUT', `${field}: ${message}`, { field });
  }
}

/** A request that conflicts with the current state, such as an illegal workflow transition. */
export class ConflictError extends CodedError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super('CONFLICT', message, extra);
  }
}

const KNOWN = new Set<string>([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  // Raised by Apollo Server and graphql-js for documents that do not parse or validate.
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  // The gateway's own: a request over its role's budget; an operation name the document lacks.
  'GATEWAY_BUDGET_EXCEEDED',
  'INVALID_GRAPHQL',
  // The gateway's: a caller over its rate limit (HTTP 429); a subgraph that did not answer (down, reset, timed out).
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
]);

/**
 * Extensions a client may see. Anything else (a subgraph's URL and response body that the gateway attaches, stack
 * traces, internal states) stays on the server.
 */
const VISIBLE_EXTENSIONS = new Set([
  'code',
  'field',
  'reason',
  'id',
  'reportId',
  'status',
  'action',
  'role',
  'retryAfter',
  'service',
  // Every problem of a refused input at once, and the warnings that need an explanation (statistics).
  'problems',
  'warnings',
]);

/** Apollo `formatError`: known codes pass with their visible extensions only; anything else is logged and masked. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  // graphql-js gives up on variables after 50 coercion errors (a list of 10,000 wrong items) with an error that has
  // neither a code nor a node: it is the caller's input all the same.
  if (!formatted.path && formatted.message.startsWith('Too many errors processing variables')) {
    return { message: formatted.message, extensions: { code: 'BAD_USER_INPUT', field: 'variables' } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && KNOWN.has(code)) {
    const extensions = Object.fromEntries(
      Object.entries(formatted.extensions ?? {}).filter(([key]) => VISIBLE_EXTENSIONS.has(key)),
    );
    return { ...formatted, extensions };
  }
  if (databaseUnavailable(error)) {
    return {
      message: 'The database is unavailable for a moment; try again (数据库暂不可用，请重试).',
      path: formatted.path,
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    };
  }
  console.error('[error]', (error as { originalError?: unknown })?.originalError ?? error);
  return {
    message: 'Internal server error (服务器内部错误).',
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/**
 * A response that carries data (execution ran, even if it nulled something) is HTTP 200, whatever its field errors
 * say: a field refused to this caller (UNAUTHENTICATED on `contactPhone` for an anonymous caller) must leave the rest
 * of the response standing. Apollo Server otherwise turns an error's `extensions.http.status` into the status of the
 * whole response, and a gateway drops a subgraph's whole answer when its status is not 2xx. Errors before execution
 * (a refused token, a document over budget, one that does not validate) keep their status.
 */
export function partialResultStatusPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          const status = response.http.status;
          if (
            status !== undefined &&
            status >= 400 &&
            response.body.kind === 'single' &&
            response.body.singleResult.data !== undefined
          ) {
            response.http.status = 200;
          }
        },
      };
    },
  };
}

/** PostgreSQL's codes for a connection ended by the server (terminated backend, shutdown, lost connection). */
const CONNECTION_LOST = /^(57P0[123]|08\d{3})$/;
/** postgres.js's codes for a connection that closed under a query, or could not be made. */
const CLIENT_CONNECTION = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
  'CONNECT_TIMEOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
]);

/**
 * Whether an error comes from losing the database connection (a restart, a terminated backend): the request may be
 * sent again, and the transaction it ran in was rolled back by the database, so nothing is half-written.
 */
export function databaseUnavailable(error: unknown): boolean {
  let e = error as { originalError?: unknown; cause?: unknown; code?: unknown } | undefined;
  for (let depth = 0; e && depth < 5; depth++) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (CONNECTION_LOST.test(code) || CLIENT_CONNECTION.has(code)) return true;
    e = (e.originalError ?? e.cause) as typeof e;
  }
  return false;
}
