/**
 * The middleware of a rule tree, with graphql-shield's semantics and without its cost on allowed fields.
 *
 * graphql-shield wraps every field of every type in an async middleware, `allow` included, and evaluates every rule
 * through promises: a list of 100 records with ten fields costs a thousand rule evaluations, each several promise
 * turns. Here a field whose rule is `allow` keeps its own resolver (nothing to decide), and the other rules are
 * evaluated synchronously when their functions answer synchronously (every rule of this platform does), so an allowed
 * field resolves without a promise. What is decided is the same as graphql-shield decides:
 * - the rule of a field: its own, else the type's `'*'`, else the type's rule, else `fallbackRule`;
 * - a rule's outcome: `true` allows; an `Error` (or a string, as an Error) is the field's error; anything else, or an
 *   exception in the rule, refuses with `fallbackError`;
 * - `or`: allowed when one rule is, else the first error among the outcomes, else refused; `and`: allowed when all
 *   are, else the first error, else refused; every rule of a logic rule is evaluated;
 * - rule caches: `contextual` once per request by rule name (`ctx._shield.cache`, as graphql-shield keeps it),
 *   `no_cache` every time;
 * - errors of the resolver itself reach the caller (graphql-shield's `allowExternalErrors`).
 * The tree is validated by graphql-shield (one rule per name) and against the schema (no rule for a field that does
 * not exist). Rules this file does not know (`chain`, `race`, `not`, input rules, `strict` caches) are refused when
 * the schema is built, never evaluated differently.
 */
import { isIntrospectionType, isObjectType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { middleware, type IMiddlewareGenerator, type IMiddlewareTypeMap } from 'graphql-middleware';
import { allow, and, deny, or, rule, shield, type IRules } from 'graphql-shield';

type Outcome = true | false | Error;
interface ShieldContext {
  _shield?: { cache: Record<string, unknown> };
}
/** What a rule is made of (graphql-shield's classes, read through their instances). */
interface RuleLike {
  name: string;
  cache: unknown;
  func: (parent: unknown, args: unknown, ctx: unknown, info: GraphQLResolveInfo) => unknown;
  getRules(): RuleLike[];
}

const RuleClass = rule('qq:shield:probe')(() => true).constructor;
const RuleTrue = allow.constructor;
const RuleFalse = deny.constructor;
const RuleOr = or(allow, allow).constructor;
const RuleAnd = and(allow, allow).constructor;

export interface ShieldOptions {
  /** graphql-shield's `deny` here. */
  fallbackRule: typeof deny;
  fallbackError: Error;
}

const isPromise = (x: unknown): x is Promise<unknown> => typeof (x as Promise<unknown> | null)?.then === 'function';

function normalize(result: unknown): Outcome {
  if (result instanceof Error) return result;
  if (typeof result === 'string') return new Error(result);
  return result === true;
}

/** Evaluates a rule: an outcome, or a promise of one when a rule function answers with a promise. */
function evaluate(
  r: RuleLike,
  parent: unknown,
  args: unknown,
  ctx: ShieldContext,
  info: GraphQLResolveInfo,
): Outcome | Promise<Outcome> {
  if (r instanceof RuleTrue) return true;
  if (r instanceof RuleFalse) return false;
  if (r instanceof RuleOr || r instanceof RuleAnd) {
    const outcomes = r.getRules().map((x) => evaluate(x, parent, args, ctx, info));
    const combine = r instanceof RuleOr ? anyOf : allOf;
    return outcomes.some(isPromise) ? Promise.all(outcomes).then(combine) : combine(outcomes as Outcome[]);
  }
  let result: unknown;
  try {
    if (r.cache === 'contextual') {
      const cache = ctx._shield!.cache;
      // As graphql-shield: a falsy entry is evaluated again.
      if (!cache[r.name]) cache[r.name] = r.func(parent, args, ctx, info);
      result = cache[r.name];
    } else {
      result = r.func(parent, args, ctx, info);
    }
  } catch {
    return false;
  }
  return isPromise(result) ? result.then(normalize, () => false) : normalize(result);
}

function anyOf(outcomes: Outcome[]): Outcome {
  if (outcomes.some((o) => o === true)) return true;
  return outcomes.find((o) => o instanceof Error) ?? false;
}

function allOf(outcomes: Outcome[]): Outcome {
  if (outcomes.every((o) => o === true)) return true;
  return outcomes.find((o) => o instanceof Error) ?? false;
}

/** Refuses, when the schema is built, a rule this evaluator does not implement. */
function check(r: RuleLike, where: string): void {
  if (r instanceof RuleTrue || r instanceof RuleFalse) return;
  if (r instanceof RuleOr || r instanceof RuleAnd) {
    for (const x of r.getRules()) check(x, where);
    return;
  }
  if (r instanceof RuleClass && (r.cache === 'contextual' || r.cache === 'no_cache')) return;
  throw new Error(`${where}: rule ${r.name ?? r.constructor.name} is not supported by the kit's shield`);
}

type Resolve = (parent: unknown, args: unknown, ctx: unknown, info: GraphQLResolveInfo) => unknown;

function fieldMiddleware(r: RuleLike, options: ShieldOptions) {
  const decide = (outcome: Outcome, resolve: Resolve, parent: unknown, args: unknown, ctx: unknown, info: never) => {
    if (outcome === true) return resolve(parent, args, ctx, info);
    return outcome === false ? options.fallbackError : outcome;
  };
  return (resolve: Resolve, parent: unknown, args: unknown, ctx: ShieldContext, info: GraphQLResolveInfo) => {
    ctx._shield ??= { cache: {} };
    const outcome = evaluate(r, parent, args, ctx, info);
    return isPromise(outcome)
      ? outcome.then((o) => decide(o, resolve, parent, args, ctx, info as never))
      : decide(outcome, resolve, parent, args, ctx, info as never);
  };
}

const isRuleLike = (x: unknown): x is RuleLike =>
  x instanceof RuleClass ||
  x instanceof RuleTrue ||
  x instanceof RuleFalse ||
  x instanceof RuleOr ||
  x instanceof RuleAnd;

/** The middleware of `tree` (see above); `allow` fields have none. */
export function kitShield(tree: IRules, options: ShieldOptions): IMiddlewareGenerator<unknown, unknown, unknown> {
  // graphql-shield's own validation of the tree: one rule per name (contextual caches are kept by name).
  shield(tree, options);
  const rules = tree as Record<string, unknown>;
  const fallback = options.fallbackRule as unknown as RuleLike;
  return middleware((schema: GraphQLSchema) => {
    const map: IMiddlewareTypeMap = {};
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || isIntrospectionType(type)) continue;
      const fields = Object.keys(type.getFields());
      const entry = rules[type.name];
      let ruleOf: (field: string) => RuleLike;
      if (entry === undefined) {
        ruleOf = () => fallback;
      } else if (isRuleLike(entry)) {
        ruleOf = () => entry;
      } else {
        const { '*': wildcard, ...byField } = entry as Record<string, RuleLike>;
        const unknown = Object.keys(byField).filter((f) => !fields.includes(f));
        if (unknown.length > 0) {
          throw new Error(`Rules for fields that do not exist: ${unknown.map((f) => `${type.name}.${f}`).join(', ')}`);
        }
        ruleOf = (field) => byField[field] ?? wildcard ?? fallback;
      }
      const typeMap: Record<string, ReturnType<typeof fieldMiddleware>> = {};
      for (const field of fields) {
        const r = ruleOf(field);
        check(r, `${type.name}.${field}`);
        if (r instanceof RuleTrue) continue;
        typeMap[field] = fieldMiddleware(r, options);
      }
      if (Object.keys(typeMap).length > 0) map[type.name] = typeMap as never;
    }
    return map;
  });
}
