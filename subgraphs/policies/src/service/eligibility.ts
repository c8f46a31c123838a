/**
 * The eligibility language of 免申即享: a documented subset of JSON Logic over enterprise facts, evaluated by
 * json-logic-engine (a maintained JSON Logic implementation with an interpreter and a compiler). This module validates
 * a rule when it is saved (every problem names its place in the rule), prepares it for evaluation (a condition on an
 * unknown fact is false, never a JavaScript coercion of null), evaluates it interpreted or compiled, and explains a
 * failure condition by condition with the fact's value and the threshold.
 *
 * The language (README: "The eligibility language"):
 * - logic: `{"and": [c, …]}`, `{"or": [c, …]}`, `{"!": c}`
 * - comparisons: `{"==" | "!=" | "<" | "<=" | ">" | ">=": [{"var": fact}, literal]}` (either side), on numbers and
 *   dates (`YYYY-MM-DD`); ranges: `{"<=": [low, {"var": fact}, high]}` (and `<`)
 * - membership: `{"in": [{"var": fact}, [literal, …]]}` (the fact is one of them) and
 *   `{"in": [literal, {"var": fact}]}` for list facts (`industryCodes`: the code and its GB/T 4754 ancestors)
 */
import { BadUserInputError, isCalendarDay } from '@qq/kit';
import { LogicEngine } from 'json-logic-engine';

export type FactType = 'string' | 'number' | 'date' | 'boolean' | 'list';

export interface FactSpec {
  type: FactType;
  /** What it is, in Chinese (shown in explanations). */
  label: string;
  /** Who publishes it. */
  owner: 'platform' | 'statistics';
  /** Allowed values of an enumerated fact. */
  values?: readonly string[];
}

const COUNTY_VALUES = [
  '410400',
  '410402',
  '410403',
  '410404',
  '410411',
  '410421',
  '410422',
  '410423',
  '410425',
  '410471',
  '410472',
  '410481',
  '410482',
] as const;

/** Every fact a rule may read. */
export const FACTS = {
  county: { type: 'string', label: '注册地（县区代码）', owner: 'platform', values: COUNTY_VALUES },
  industry: { type: 'string', label: '行业门类', owner: 'platform' },
  industryCodes: { type: 'list', label: '行业代码及其上级（GB/T 4754）', owner: 'platform' },
  scale: { type: 'string', label: '企业规模', owner: 'platform', values: ['MICRO', 'SMALL', 'MEDIUM', 'LARGE'] },
  registeredCapital: { type: 'number', label: '注册资本（万元）', owner: 'platform' },
  establishedOn: { type: 'date', label: '成立日期', owner: 'platform' },
  aboveScale: { type: 'boolean', label: '是否四上企业', owner: 'statistics' },
  aboveScaleSince: { type: 'date', label: '纳入四上企业日期', owner: 'statistics' },
  annualRevenue: { type: 'number', label: '年营业收入（万元）', owner: 'statistics' },
  employees: { type: 'number', label: '从业人员（人）', owner: 'statistics' },
} as const satisfies Record<string, FactSpec>;

export type FactName = keyof typeof FACTS;
export const FACT_NAMES = Object.keys(FACTS) as FactName[];

/** An enterprise's facts as rules read them; null when the owner has published nothing. */
export type Facts = { [K in FactName]: FactValue };
export type FactValue = string | number | boolean | string[] | null;

const COMPARISONS = ['==', '!=', '<', '<=', '>', '>='] as const;
const ORDERED = new Set(['<', '<=', '>', '>=']);
const LOGIC = ['and', 'or', '!'] as const;
const OPERATORS = new Set<string>([...COMPARISONS, ...LOGIC, 'in']);
const MAX_NODES = 200;
const MAX_DEPTH = 8;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The GB/T 4754 code and its ancestors: `C3911` → C, C39, C391, C3911 (a section letter alone → itself). */
export function industryAncestors(code: string): string[] {
  const m = /^([A-T])(\d*)$/.exec(code);
  if (!m) return [code];
  const digits = m[2]!;
  const out = [m[1]!];
  for (let i = 2; i <= digits.length; i++) out.push(m[1]! + digits.slice(0, i));
  return out;
}

/** A parsed leaf condition. */
interface Leaf {
  kind: 'leaf';
  path: string;
  fact: FactName;
  operator: string;
  /** The JSON Logic of the condition as saved. */
  logic: Record<string, unknown>;
  /** The literal(s) it compares with, as the rule gives them. */
  threshold: unknown;
}
interface Branch {
  kind: 'and' | 'or' | 'not';
  path: string;
  children: Node[];
}
type Node = Leaf | Branch;

/** A rule accepted by `parseRule`: the expression, its tree and the facts it reads. */
export interface ParsedRule {
  expression: unknown;
  tree: Node;
  facts: FactName[];
}

function fail(path: string, message: string): never {
  throw new BadUserInputError(path, message);
}

function isVar(x: unknown): x is { var: string } {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && Object.keys(x).length === 1 && 'var' in x;
}

function factOf(v: { var: unknown }, path: string): FactName {
  if (typeof v.var !== 'string' || !(v.var in FACTS)) {
    fail(`${path}.var`, `unknown fact ${JSON.stringify(v.var)} (未知的企业事实); known: ${FACT_NAMES.join(', ')}`);
  }
  return v.var as FactName;
}

function checkLiteral(fact: FactName, value: unknown, path: string, ordered: boolean): void {
  const spec: FactSpec = FACTS[fact];
  const type = spec.type === 'list' ? 'string' : spec.type;
  if (ordered && type !== 'number' && type !== 'date') {
    fail(path, `${fact} is a ${spec.type} fact: compare it with == or "in", not an order (只有数值和日期可比较大小)`);
  }
  switch (type) {
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, `must be a number for ${fact}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') fail(path, `must be true or false for ${fact}`);
      return;
    case 'date':
      if (typeof value !== 'string' || !DATE.test(value) || !isCalendarDay(value)) {
        fail(path, `must be a date YYYY-MM-DD for ${fact} (日期格式应为 YYYY-MM-DD)`);
      }
      return;
    case 'string':
      if (typeof value !== 'string' || value.length === 0 || value.length > 40) {
        fail(path, `must be a non-empty text for ${fact}`);
      }
      if (spec.values && !spec.values.includes(value)) {
        fail(path, `${JSON.stringify(value)} is not a value of ${fact}; one of ${spec.values.join(', ')}`);
      }
      if (fact === 'industry' && !/^[A-T]$/.test(value)) fail(path, 'must be a GB/T 4754 section letter A–T');
      if (fact === 'industryCodes' && !/^[A-T]\d{0,4}$/.test(value)) {
        fail(path, 'must be a GB/T 4754 code such as C, C39 or C391');
      }
  }
}

/**
 * Parses and validates a rule given as JSON text. Every problem is BAD_USER_INPUT on the dotted path of its place
 * (`input.rule.and.1.>=.1`).
 */
export function parseRule(text: string, field = 'input.rule'): ParsedRule {
  let expression: unknown;
  try {
    expression = JSON.parse(text);
  } catch {
    fail(field, 'is not JSON (规则须为 JSON Logic 表达式)');
  }
  let nodes = 0;
  const facts = new Set<FactName>();
  const walk = (x: unknown, path: string, depth: number): Node => {
    if (++nodes > MAX_NODES) fail(path, `the rule has more than ${MAX_NODES} parts`);
    if (depth > MAX_DEPTH) fail(path, `the rule nests deeper than ${MAX_DEPTH} levels`);
    if (typeof x !== 'object' || x === null || Array.isArray(x)) {
      fail(path, 'must be a condition: an object with one operator, such as {">=": [{"var": "employees"}, 50]}');
    }
    const keys = Object.keys(x);
    if (keys.length !== 1) fail(path, `must have exactly one operator, has ${keys.length}`);
    const op = keys[0]!;
    const here = `${path}.${op}`;
    if (!OPERATORS.has(op)) fail(here, `unknown operator ${JSON.stringify(op)}; allowed: ${[...OPERATORS].join(' ')}`);
    const raw = (x as Record<string, unknown>)[op];
    if (op === 'and' || op === 'or') {
      if (!Array.isArray(raw) || raw.length === 0) fail(here, `must be a non-empty list of conditions`);
      return { kind: op, path: here, children: raw.map((c, i) => walk(c, `${here}.${i}`, depth + 1)) };
    }
    if (op === '!') {
      const inner = Array.isArray(raw) ? (raw.length === 1 ? raw[0] : fail(here, 'takes one condition')) : raw;
      return { kind: 'not', path: here, children: [walk(inner, Array.isArray(raw) ? `${here}.0` : here, depth + 1)] };
    }
    if (!Array.isArray(raw)) fail(here, 'must be a list of operands');
    if (op === 'in') {
      if (raw.length !== 2) fail(here, 'takes two operands');
      if (isVar(raw[0])) {
        const fact = factOf(raw[0], `${here}.0`);
        if (FACTS[fact].type === 'list')
          fail(`${here}.0`, `${fact} is a list: write {"in": ["C39", {"var": "${fact}"}]}`);
        if (!Array.isArray(raw[1]) || raw[1].length === 0 || raw[1].length > 100) {
          fail(`${here}.1`, 'must be a list of 1–100 values');
        }
        (raw[1] as unknown[]).forEach((v, i) => checkLiteral(fact, v, `${here}.1.${i}`, false));
        facts.add(fact);
        return {
          kind: 'leaf',
          path: here,
          fact,
          operator: 'in',
          logic: x as Record<string, unknown>,
          threshold: raw[1],
        };
      }
      if (isVar(raw[1])) {
        const fact = factOf(raw[1], `${here}.1`);
        if (FACTS[fact].type !== 'list') {
          fail(`${here}.1`, `${fact} is not a list: write {"in": [{"var": "${fact}"}, [values]]}`);
        }
        checkLiteral(fact, raw[0], `${here}.0`, false);
        facts.add(fact);
        return {
          kind: 'leaf',
          path: here,
          fact,
          operator: 'contains',
          logic: x as Record<string, unknown>,
          threshold: raw[0],
        };
      }
      fail(here, 'one operand must be a fact {"var": name}');
    }
    // A comparison: one fact, the rest literals; three operands (a range) only for < and <=.
    const range = raw.length === 3;
    if (raw.length !== 2 && !(range && (op === '<' || op === '<='))) {
      fail(here, op === '<' || op === '<=' ? 'takes two operands, or three for a range' : 'takes two operands');
    }
    const at = range ? [1] : raw.map((v, i) => (isVar(v) ? i : -1)).filter((i) => i >= 0);
    if (at.length !== 1 || !isVar(raw[at[0]!])) {
      fail(here, range ? 'a range is [low, {"var": fact}, high]' : 'exactly one operand must be a fact {"var": name}');
    }
    const fact = factOf(raw[at[0]!] as { var: unknown }, `${here}.${at[0]}`);
    if (FACTS[fact].type === 'list') fail(`${here}.${at[0]}`, `${fact} is a list: use "in"`);
    raw.forEach((v, i) => i !== at[0] && checkLiteral(fact, v, `${here}.${i}`, ORDERED.has(op)));
    facts.add(fact);
    const literals = raw.filter((_, i) => i !== at[0]);
    return {
      kind: 'leaf',
      path: here,
      // Written with the fact on the right (`50 <= employees`), read as the fact against the threshold.
      operator: !range && at[0] === 1 ? flip(op) : op,
      fact,
      logic: x as Record<string, unknown>,
      threshold: range ? literals : literals[0],
    };
  };
  const tree = walk(expression, field, 0);
  return { expression, tree, facts: [...facts] };
}

function flip(op: string): string {
  return ({ '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as Record<string, string>)[op] ?? op;
}

/** The expression with every condition guarded: a fact that is null (unknown) fails its condition. */
export function guarded(expression: unknown): unknown {
  if (typeof expression !== 'object' || expression === null || Array.isArray(expression)) return expression;
  const [op, raw] = Object.entries(expression)[0]!;
  if (op === 'and' || op === 'or') return { [op]: (raw as unknown[]).map(guarded) };
  if (op === '!') return { '!': [guarded(Array.isArray(raw) ? raw[0] : raw)] };
  const v = (raw as unknown[]).find(isVar);
  return v ? { and: [{ '!==': [v, null] }, expression] } : expression;
}

/** The interpreter: walks the expression on every evaluation (no caching of optimised forms). */
export const interpreter = new LogicEngine(undefined, { disableInterpretedOptimization: true });
/** The engine that compiles expressions to JavaScript functions once. */
const compilerEngine = new LogicEngine();

export type Evaluate = (facts: Facts) => boolean;

/**
 * json-logic-engine signals values it cannot compare by throwing NaN (not an Error): such a condition cannot hold.
 * Real errors pass.
 */
function holds(run: () => unknown): boolean {
  try {
    return run() === true;
  } catch (error) {
    if (typeof error === 'number' && Number.isNaN(error)) return false;
    throw error;
  }
}

/** A rule compiled by json-logic-engine to a function. */
export function compileRule(expression: unknown): Evaluate {
  const fn = compilerEngine.build(guarded(expression)) as (data: unknown) => unknown;
  return (facts) => holds(() => fn(facts));
}

/**
 * A validated rule compiled to nested closures over its parsed tree: what the matching run uses. The benchmark
 * (`pnpm bench:exemption`) shows why: json-logic-engine's compiled functions cost microseconds per evaluation, too slow
 * for every rule against every enterprise in seconds; these cost tens of nanoseconds. The semantics are the same (the
 * tests evaluate every rule all three ways): a null fact fails its condition, literals are of the fact's type (so
 * strict equality is JSON Logic's loose one), ranges are JSON Logic's three-operand comparisons.
 */
export function compileNative(rule: ParsedRule): Evaluate {
  const build = (node: Node): ((f: Facts) => boolean) => {
    if (node.kind === 'leaf') return leafFn(node);
    if (node.kind === 'and') {
      const parts = node.children.map(build);
      return (f) => {
        for (const p of parts) if (!p(f)) return false;
        return true;
      };
    }
    if (node.kind === 'or') {
      const parts = node.children.map(build);
      return (f) => {
        for (const p of parts) if (p(f)) return true;
        return false;
      };
    }
    const inner = build(node.children[0]!);
    return (f) => !inner(f);
  };
  return build(rule.tree);
}

type Scalar = string | number | boolean;

function leafFn(leaf: Leaf): (f: Facts) => boolean {
  const fact = leaf.fact;
  const [op, raw] = Object.entries(leaf.logic)[0]! as [string, unknown[]];
  if (op === 'in') {
    if (isVar(raw[0])) {
      const set = new Set(raw[1] as Scalar[]);
      return (f) => {
        const v = f[fact];
        return v !== null && v !== undefined && set.has(v as Scalar);
      };
    }
    const wanted = raw[0] as string;
    return (f) => {
      const v = f[fact];
      return Array.isArray(v) && v.includes(wanted);
    };
  }
  if (raw.length === 3) {
    const lo = raw[0] as number | string;
    const hi = raw[2] as number | string;
    return op === '<'
      ? (f) => {
          const v = f[fact] as number | string | null;
          return v !== null && v !== undefined && lo < v && v < hi;
        }
      : (f) => {
          const v = f[fact] as number | string | null;
          return v !== null && v !== undefined && lo <= v && v <= hi;
        };
  }
  // Read as fact against threshold (the parser flipped the operator when the fact stood on the right).
  const t = leaf.threshold as Scalar;
  const compare: Record<string, (v: Scalar) => boolean> = {
    '==': (v) => v === t,
    '!=': (v) => v !== t,
    '<': (v) => v < t,
    '<=': (v) => v <= t,
    '>': (v) => v > t,
    '>=': (v) => v >= t,
  };
  const c = compare[leaf.operator]!;
  return (f) => {
    const v = f[fact];
    return v !== null && v !== undefined && c(v as Scalar);
  };
}

/** A rule evaluated by the interpreter each time (the benchmark's other mode). */
export function interpretRule(expression: unknown): Evaluate {
  const logic = guarded(expression);
  return (facts) => holds(() => interpreter.run(logic, facts));
}

/** One condition an enterprise does not meet, with the fact's value and the threshold. */
export interface FailedCondition {
  /** Where in the rule (`rule.and.1.>=`). */
  path: string;
  fact: FactName;
  /** The comparison read as fact against threshold: `>=`, `in`, `contains`, or one of them under `not`. */
  operator: string;
  /** The fact's value as JSON text; null when unknown. */
  actual: string | null;
  /** The threshold as JSON text (a list for `in` and ranges). */
  expected: string;
  description: string;
}

const WORD: Record<string, string> = {
  '==': '等于',
  '!=': '不等于',
  '<': '小于',
  '<=': '不大于',
  '>': '大于',
  '>=': '不小于',
  in: '属于',
  contains: '包含',
};

function describe(leaf: Leaf, actual: FactValue, negated: boolean): string {
  const label = FACTS[leaf.fact].label;
  const value = actual === null ? '未知（数据尚未提供）' : JSON.stringify(actual);
  const word =
    Array.isArray(leaf.threshold) && leaf.operator !== 'in'
      ? `在 ${JSON.stringify(leaf.threshold[0])} 与 ${JSON.stringify(leaf.threshold[1])} 之间`
      : `${WORD[leaf.operator] ?? leaf.operator} ${JSON.stringify(leaf.threshold)}`;
  return `${label}应${negated ? '不' : ''}${word}，实际为 ${value}`;
}

/** Evaluates a parsed rule condition by condition (interpreted) and names every condition that fails. */
export function explain(rule: ParsedRule, facts: Facts): { eligible: boolean; failed: FailedCondition[] } {
  const visit = (node: Node, negated: boolean): { passed: boolean; failed: FailedCondition[] } => {
    if (node.kind === 'leaf') {
      const logic = guarded(node.logic);
      const passed = holds(() => interpreter.run(logic, facts));
      const actual = facts[node.fact];
      const effective = negated ? !passed : passed;
      if (effective) return { passed, failed: [] };
      return {
        passed,
        failed: [
          {
            path: node.path.replace(/^input\./, ''),
            fact: node.fact,
            operator: negated ? `not ${node.operator}` : node.operator,
            actual: actual === null ? null : JSON.stringify(actual),
            expected: JSON.stringify(node.threshold),
            description: describe(node, actual, negated),
          },
        ],
      };
    }
    if (node.kind === 'not') {
      const inner = visit(node.children[0]!, !negated);
      return { passed: !inner.passed, failed: inner.failed };
    }
    const results = node.children.map((c) => visit(c, negated));
    // Under a negation, and/or swap roles (De Morgan): report what made the whole fail.
    const passed = node.kind === 'and' ? results.every((r) => r.passed) : results.some((r) => r.passed);
    const effective = negated ? !passed : passed;
    if (effective) return { passed, failed: [] };
    const culprits = results.filter((r) => (negated ? r.passed : !r.passed));
    return { passed, failed: culprits.flatMap((r) => r.failed) };
  };
  const result = visit(rule.tree, false);
  return { eligible: result.passed, failed: result.failed };
}

/** Why a rule matched, in words: its facts with their values (`从业人员（人）：80；…`). */
export function describeFacts(rule: ParsedRule, facts: Facts): string {
  return rule.facts
    .map((f) => `${FACTS[f].label}：${facts[f] === null ? '未知' : JSON.stringify(facts[f])}`)
    .join('；');
}

/** The facts a rule reads, with their values (what an entitlement records). */
export function factsUsed(rule: ParsedRule, facts: Facts): Record<string, FactValue> {
  return Object.fromEntries(rule.facts.map((f) => [f, facts[f]]));
}
