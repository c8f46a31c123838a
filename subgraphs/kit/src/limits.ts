/**
 * Request budgets: what no client of ours sends is refused before it reaches a subgraph, and subgraphs apply the same
 * budgets with headroom, since they never trust that a request came through the gateway. Each role has a budget for
 * depth, aliases, directives, tokens and cost; analysts may run larger queries than anonymous callers, never unbounded
 * ones. The checks are graphql-armor's validation rules and graphql-js's own token limit, applied per role.
 *
 * Override with GATEWAY_BUDGETS, JSON by role, e.g. {"analyst": {"cost": 80000}, "anonymous": {"depth": 6}}.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { Principal } from './auth.ts';
import { CodedError } from './errors.ts';
import { GraphQLError, parse, validate, type ValidationRule } from 'graphql';

export interface Budget {
  /** Deepest selection nesting. */
  depth: number;
  /** Aliases in one operation. */
  aliases: number;
  /** Directives in one operation. */
  directives: number;
  /** Lexical tokens in the document. */
  tokens: number;
  /** graphql-armor cost (objects 2, scalars 1, times a factor of 1.5 per level). */
  cost: number;
}

export type BudgetRole = Principal['role'];

export const DEFAULT_BUDGETS: Record<BudgetRole, Budget> = {
  anonymous: { depth: 8, aliases: 10, directives: 10, tokens: 1500, cost: 3000 },
  person: { depth: 8, aliases: 15, directives: 15, tokens: 2000, cost: 5000 },
  enterprise: { depth: 10, aliases: 20, directives: 20, tokens: 3000, cost: 10000 },
  staff: { depth: 12, aliases: 30, directives: 30, tokens: 5000, cost: 20000 },
  admin: { depth: 12, aliases: 30, directives: 30, tokens: 5000, cost: 20000 },
  analyst: { depth: 15, aliases: 60, directives: 50, tokens: 10000, cost: 60000 },
  leader: { depth: 15, aliases: 60, directives: 50, tokens: 10000, cost: 60000 },
  system: { depth: 8, aliases: 10, directives: 10, tokens: 3000, cost: 5000 },
};

export function budgetsFromEnv(env: NodeJS.ProcessEnv = process.env): Record<BudgetRole, Budget> {
  const budgets = structuredClone(DEFAULT_BUDGETS);
  if (!env.GATEWAY_BUDGETS) return budgets;
  const overrides = JSON.parse(env.GATEWAY_BUDGETS) as Partial<Record<BudgetRole, Partial<Budget>>>;
  for (const [role, values] of Object.entries(overrides)) {
    if (!(role in budgets)) throw new Error(`GATEWAY_BUDGETS: unknown role ${role}`);
    for (const [key, value] of Object.entries(values ?? {})) {
      if (!(key in budgets[role as BudgetRole]) || !Number.isInteger(value) || (value as number) <= 0) {
        throw new Error(`GATEWAY_BUDGETS: ${role}.${key} must be a positive integer budget`);
      }
      budgets[role as BudgetRole][key as keyof Budget] = value as number;
    }
  }
  return budgets;
}

/** The largest token budget: the parser's own hard limit, before any role is known. */
export function maxTokens(budgets: Record<BudgetRole, Budget>): number {
  return Math.max(...Object.values(budgets).map((b) => b.tokens));
}

/** A request over its budget: HTTP 400, code GATEWAY_BUDGET_EXCEEDED. */
export class BudgetExceededError extends CodedError {
  constructor(message: string, role: BudgetRole) {
    super('GATEWAY_BUDGET_EXCEEDED', message, { role, http: { status: 400 } });
  }
}

function refused(message: string, role: BudgetRole): GraphQLError {
  return new BudgetExceededError(message, role);
}

/**
 * The budgets of a subgraph: the gateway's with headroom for what the query planner adds (`_entities`, key fields,
 * fragments), so that every plan of an accepted request passes while a request sent straight to a subgraph is still
 * bounded.
 */
export function withHeadroom(budgets: Record<BudgetRole, Budget>): Record<BudgetRole, Budget> {
  const out = structuredClone(budgets);
  for (const b of Object.values(out)) {
    b.depth += 3;
    b.aliases *= 2;
    b.directives *= 2;
    b.tokens *= 3;
    b.cost *= 3;
  }
  return out;
}

/**
 * The token budget of the caller's role, checked before Apollo parses and validates the document: an oversized
 * document from a small role costs only a bounded lexing pass. Throws BudgetExceededError.
 */
export function checkTokenBudget(query: unknown, role: BudgetRole, budgets: Record<BudgetRole, Budget>): void {
  if (typeof query !== 'string') return;
  const limit = budgets[role].tokens;
  try {
    parse(query, { maxTokens: limit, noLocation: true });
  } catch (error) {
    if (/tokens/.test((error as Error).message)) {
      throw refused(`Request refused: Query token limit of ${limit} exceeded.`, role);
    }
    // Other syntax errors are Apollo's to report (GRAPHQL_PARSE_FAILED).
  }
}

export function budgetPlugin(budgets: Record<BudgetRole, Budget>): ApolloServerPlugin<{ principal: Principal }> {
  const rules = new Map<BudgetRole, ValidationRule[]>();
  for (const [role, b] of Object.entries(budgets) as Array<[BudgetRole, Budget]>) {
    rules.set(role, [
      maxDepthRule({ n: b.depth, exposeLimits: true, ignoreIntrospection: true }),
      maxAliasesRule({ n: b.aliases, exposeLimits: true }),
      maxDirectivesRule({ n: b.directives, exposeLimits: true }),
      costLimitRule({ maxCost: b.cost, exposeLimits: true, ignoreIntrospection: true }),
    ] as unknown as ValidationRule[]);
  }
  // The outcome for one document and role never changes: remember it (bounded).
  const verdicts = new Map<string, string | null>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, schema, queryHash }) {
          const role = contextValue.principal.role;
          const key = `${role}:${queryHash}`;
          let verdict = verdicts.get(key);
          if (verdict === undefined) {
            verdict = null;
            {
              // graphql-armor throws its first rejection rather than reporting it.
              try {
                const errors = validate(schema, document, rules.get(role)!);
                verdict = errors.length ? errors.map((e) => e.message).join(' ') : null;
              } catch (error) {
                verdict = (error as Error).message.replace(/^Syntax Error: /, '');
              }
            }
            if (verdicts.size > 5000) verdicts.clear();
            verdicts.set(key, verdict);
          }
          if (verdict) throw refused(`Request refused: ${verdict}`, role);
        },
      };
    },
  };
}
