/** The `Date` scalar: a calendar day, YYYY-MM-DD, checked on input. */
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

function parseDay(value: unknown): string {
  const day = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  if (!day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value)
    throw new GraphQLError('must be a date, YYYY-MM-DD', { extensions: { code: 'BAD_USER_INPUT' } });
  return value;
}

export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar day, YYYY-MM-DD (China Standard Time).',
  serialize: (value) => String(value),
  parseValue: parseDay,
  parseLiteral: (ast) => parseDay(ast.kind === Kind.STRING ? ast.value : null),
});
