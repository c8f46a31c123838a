import { GraphQLError } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { BadUserInputError, formatError } from '../src/errors.ts';

describe('error masking', () => {
  it('answers a lost database connection SERVICE_UNAVAILABLE (try again), not an internal error', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    // drizzle's wrapper of postgres.js's error for a terminated backend (57P01), and a connection closed under a query.
    const terminated = new GraphQLError('Failed query: select 1', {
      path: ['matters'],
      originalError: Object.assign(new Error('Failed query'), {
        cause: Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      }),
    });
    const closed = new GraphQLError('write CONNECTION_CLOSED', {
      originalError: Object.assign(new Error('write CONNECTION_CLOSED'), { code: 'CONNECTION_CLOSED' }),
    });
    for (const error of [terminated, closed]) {
      expect(formatError({ message: error.message, path: ['matters'] }, error)).toEqual({
        message: 'The database is unavailable for a moment; try again (数据库暂不可用，请重试).',
        path: ['matters'],
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      });
    }
    // Any other database error stays masked as internal.
    const other = new GraphQLError('x', {
      originalError: Object.assign(new Error('relation does not exist'), { code: '42P01' }),
    });
    expect(formatError({ message: 'x' }, other).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    log.mockRestore();
  });

  it('passes coded errors without stack traces', () => {
    const error = new BadUserInputError('input.amount', 'must be positive');
    const formatted = formatError(
      { message: error.message, extensions: { ...error.extensions, stacktrace: ['at x'] } },
      error,
    );
    expect(formatted).toEqual({
      message: 'input.amount: must be positive',
      extensions: { code: 'BAD_USER_INPUT', field: 'input.amount' },
    });
  });

  it('masks an uncoded error as INTERNAL_SERVER_ERROR with no internals, and logs it', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const cause = new Error('relation "platform.secret" does not exist');
    const error = new GraphQLError(cause.message, { originalError: cause });
    const formatted = formatError(
      { message: cause.message, path: ['x'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at db'] } },
      error,
    );
    expect(formatted).toEqual({
      message: 'Internal server error (服务器内部错误).',
      path: ['x'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });

  it('keeps internal extensions and unknown codes away from clients', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const leaky = formatError(
      {
        message: 'Unauthorized',
        extensions: {
          code: 'UNAUTHENTICATED',
          response: { url: 'http://127.0.0.1:4003/graphql', body: 'x' },
          serviceName: 'complaints',
        },
      },
      new Error('x'),
    );
    expect(leaky).toEqual({ message: 'Unauthorized', extensions: { code: 'UNAUTHENTICATED' } });
    const downstream = formatError(
      { message: 'socket hang up at 10.0.0.3', extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } },
      new Error('x'),
    );
    expect(downstream.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(downstream.message).not.toMatch(/10\.0\.0\.3/);
    log.mockRestore();
  });
});
