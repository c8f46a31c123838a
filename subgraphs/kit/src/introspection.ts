/**
 * Who may introspect the schema (`__schema`, `__type`). In production anonymous callers may not: the whole schema is
 * a map for an attacker and no public client needs it. Staff, analysts and admins may (analysts write ad-hoc queries in
 * GraphiQL, which introspects). Elsewhere everyone may.
 *
 *   INTROSPECTION   `all`, `none`, or the roles that may, comma-separated (e.g. `staff,analyst,admin,leader`);
 *                   default `staff,analyst,admin` when NODE_ENV=production, `all` otherwise
 *
 * The gateway and every subgraph apply the same policy (a subgraph never trusts that a request came through the
 * gateway). A subgraph's federation entry point `_service { sdl }` is its whole schema, so it counts as introspection
 * (the gateway serves the committed supergraph and never asks for it). `__typename` is not introspection and is always
 * allowed. Callers who may not introspect get no field suggestions either ("Did you mean …?" in a validation error
 * spells the schema out one guess at a time).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';
import { ROLES, type Principal, type Role } from './auth.ts';

export type IntrospectionPolicy = 'all' | readonly Role[];

export const PRODUCTION_INTROSPECTION_ROLES: readonly Role[] = ['staff', 'analyst', 'admin'];

export function introspectionFromEnv(env: NodeJS.ProcessEnv = process.env): IntrospectionPolicy {
  const value = env.INTROSPECTION?.trim();
  if (!value) return env.NODE_ENV === 'production' ? PRODUCTION_INTROSPECTION_ROLES : 'all';
  if (value === 'all') return 'all';
  if (value === 'none') return [];
  const roles = value.split(',').map((r) => r.trim());
  for (const role of roles) {
    if (!(ROLES as readonly string[]).includes(role)) throw new Error(`INTROSPECTION: unknown role ${role}`);
  }
  return roles as Role[];
}

export function mayIntrospect(policy: IntrospectionPolicy, principal: Principal): boolean {
  return policy === 'all' || (principal.role !== 'anonymous' && policy.includes(principal.role));
}

/** The fields that reveal the schema: introspection's, and a subgraph's SDL. */
const SCHEMA_FIELDS = new Set(['__schema', '__type', '_service']);

/** Whether the document asks for `__schema`, `__type` or `_service` anywhere (fragments included). */
export function asksForIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.FIELD](node) {
      if (SCHEMA_FIELDS.has(node.name.value)) {
        found = true;
        return false;
      }
      return undefined;
    },
  });
  return found;
}

/** A validation error's message without graphql-js's suggestions (as Apollo's `hideSchemaDetailsFromClientErrors`). */
export function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean(.+?)\?$/s, '');
}

/**
 * Refuses introspection to callers the policy leaves out, as Apollo does when introspection is off (HTTP 400), and
 * leaves the suggestions out of their errors.
 */
export function introspectionPlugin(
  policy: IntrospectionPolicy = introspectionFromEnv(),
): ApolloServerPlugin<{ principal: Principal }> {
  return {
    async requestDidStart() {
      if (policy === 'all') return;
      return {
        // Before the errors are formatted: validation errors, and variables that do not fit their types.
        async didEncounterErrors({ contextValue, errors }) {
          if (mayIntrospect(policy, contextValue.principal)) return;
          for (const error of errors) error.message = withoutSuggestions(error.message);
        },
        async didResolveOperation({ contextValue, document }) {
          if (mayIntrospect(policy, contextValue.principal) || !asksForIntrospection(document)) return;
          throw new GraphQLError(
            contextValue.principal.role === 'anonymous'
              ? 'GraphQL introspection is not allowed without signing in (内省需要登录).'
              : 'GraphQL introspection is not allowed for this role (该角色不可内省).',
            { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } } },
          );
        },
      };
    },
  };
}
