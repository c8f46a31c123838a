/**
 * The matching run of 免申即享 (比对): every rule in effect against every enterprise of the facts snapshot (of one
 * unit when county staff ask), page by page. Each page's new entitlements, their events and the message to each
 * newly entitled enterprise are one transaction; an enterprise is entitled to an item once (a unique key), and the
 * message's idempotency key is the entitlement's, so a repeated run, or one that crashed halfway and ran again,
 * records the same entitlements and tells each enterprise once.
 */
import type { Database } from '@qq/db/client';
import { CITY_CODE, type OutboundMessage } from '@qq/kit';
import { exemptionMessages } from '../exemptionMessages.ts';
import { MatchingStore, type MatchingRunRow, type NewEntitlement } from '../store/entitlements.store.ts';
import { ExemptionStore, type ActiveRule } from '../store/exemption.store.ts';
import { compileNative, compileRule, describeFacts, factsUsed, interpretRule, type Evaluate } from './eligibility.ts';
import { factsOfRow, parsedRule } from './exemption.service.ts';

/** The run acts for 万人助万企办's own system. */
const SYSTEM_ACTOR = { actor: 'wrzwq-exemption', actorRole: 'system' } as const;
const WRITE_CHUNK = 1000;

export interface MatchingOptions {
  now: Date;
  trigger: 'SCHEDULE' | 'DEMAND';
  requestedBy?: string | null;
  /** The unit whose enterprises are matched (410400: all). */
  countyCode?: string;
  /** Enterprises per page (per transaction). */
  pageSize?: number;
  /**
   * How rules are evaluated: `native` (default: the validated tree compiled to closures), or json-logic-engine's
   * `compiled` functions or `interpreted` (the benchmark compares them).
   */
  mode?: 'native' | 'compiled' | 'interpreted';
  /** Called after each page is committed (the crash test stops a run there). */
  afterPage?: (page: number) => void | Promise<void>;
}

export interface MatchingResult {
  run: MatchingRunRow;
  /** Time spent evaluating rules, in milliseconds (the rest is reading and writing). */
  evaluateMs: number;
}

interface CompiledRule {
  rule: ActiveRule;
  evaluate: Evaluate;
  parsed: ReturnType<typeof parsedRule>;
}

/** Runs the matching; returns the run's record with its counts. */
export async function runMatching(db: Database, o: MatchingOptions): Promise<MatchingResult> {
  const countyCode = o.countyCode ?? CITY_CODE;
  const pageSize = o.pageSize ?? 2000;
  const store = new MatchingStore(db);
  const rules = await new ExemptionStore(db, {
    role: 'system',
    sub: SYSTEM_ACTOR.actor,
    dept: 'wrzwq',
    county: CITY_CODE,
    enterprise: null,
    perms: [],
  }).listActiveRules(o.now);
  const compiled: CompiledRule[] = rules.map((rule) => {
    const parsed = parsedRule(rule);
    return {
      rule,
      parsed,
      evaluate:
        o.mode === 'interpreted'
          ? interpretRule(rule.expression)
          : o.mode === 'compiled'
            ? compileRule(rule.expression)
            : compileNative(parsed),
    };
  });
  const run = await store.insertRun({
    trigger: o.trigger,
    requestedBy: o.requestedBy ?? null,
    countyCode,
    startedAt: o.now,
    rules: compiled.length,
  });
  let enterprises = 0;
  let evaluations = 0;
  let entitled = 0;
  let evaluateMs = 0;
  let after: string | null = null;
  const clock = performance.now();
  for (let page = 1; ; page++) {
    const rows = await store.factsPage(countyCode, after, pageSize);
    if (rows.length === 0) break;
    after = rows.at(-1)!.creditCode;
    enterprises += rows.length;
    const started = performance.now();
    const matches: Array<{ row: (typeof rows)[number]; c: CompiledRule; facts: ReturnType<typeof factsOfRow> }> = [];
    for (const row of rows) {
      const facts = factsOfRow(row);
      for (const c of compiled) {
        if (c.evaluate(facts)) matches.push({ row, c, facts });
      }
    }
    evaluations += rows.length * compiled.length;
    evaluateMs += performance.now() - started;
    if (matches.length > 0) {
      entitled += await db.transaction(async (tx) => {
        const s = store.withTx(tx as unknown as Database);
        // Pairs already entitled are skipped before writing (the unique key stays the guarantee).
        const known = await s.existingPairs([...new Set(matches.map((m) => m.row.creditCode))]);
        const fresh = matches.filter((m) => !known.has(`${m.row.creditCode}|${m.c.rule.itemId}`));
        let inserted = 0;
        for (let i = 0; i < fresh.length; i += WRITE_CHUNK) {
          const chunk = fresh.slice(i, i + WRITE_CHUNK);
          const values = chunk.map((m): NewEntitlement => ({
            enterpriseCode: m.row.creditCode,
            enterpriseName: m.row.name,
            enterpriseCountyCode: m.row.countyCode,
            itemId: m.c.rule.itemId,
            ruleId: m.c.rule.id,
            ruleVersion: m.c.rule.version,
            facts: factsUsed(m.c.parsed, m.facts),
            reason: `${m.c.rule.description}（资格规则第${m.c.rule.version}版）：${describeFacts(m.c.parsed, m.facts)}`,
            runId: run.id,
            status: 'ENTITLED',
            entitledAt: o.now,
            departmentCode: m.c.rule.departmentCode,
            countyCode: m.c.rule.countyCode,
            createdAt: o.now,
            updatedAt: o.now,
          }));
          const created = await s.insertEntitlements(values);
          inserted += created.length;
          const policyOf = new Map(chunk.map((m) => [m.c.rule.itemId, m.c.rule]));
          await s.insertEvents(
            created.map((e) => ({
              subjectId: e.id,
              action: 'ENTITLE',
              fromStatus: null,
              toStatus: 'ENTITLED',
              ...SYSTEM_ACTOR,
              note: e.reason,
              data: { runId: run.id, ruleId: e.ruleId, ruleVersion: e.ruleVersion },
              at: o.now,
            })),
          );
          await s.enqueue(
            created.map((e): OutboundMessage => {
              const rule = policyOf.get(e.itemId)!;
              return {
                topic: 'exemption.entitled',
                // One message per entitlement, ever: the key is the enterprise and the item.
                idempotencyKey: `exemption.entitled:inbox:${e.enterpriseCode}:${e.itemId}`,
                countyCode: e.enterpriseCountyCode,
                channel: 'inbox',
                to: { enterprise: e.enterpriseCode },
                ...exemptionMessages.render('exemption.entitled', {
                  itemName: rule.item.name,
                  policyTitle: rule.policyTitle,
                  reason: rule.description,
                }),
                data: { entitlementId: e.id, itemId: e.itemId },
              };
            }),
          );
        }
        return inserted;
      });
    }
    await o.afterPage?.(page);
    if (rows.length < pageSize) break;
  }
  const finished = await store.finishRun(run.id, {
    finishedAt: new Date(o.now.getTime() + Math.ceil(performance.now() - clock)),
    enterprises,
    evaluations,
    entitled,
  });
  return { run: finished, evaluateMs };
}
