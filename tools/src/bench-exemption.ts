/**
 * `pnpm bench:exemption`: the 免申即享 matching run at city scale. Makes N enterprises' facts and R eligibility rules
 * (one per redemption item of published policies) in a fresh database, then times the matching run as production runs
 * it (`runMatching`: read the facts page by page, evaluate every rule, write entitlements, their events and one message
 * each), prints the time, evaluations per second, entitlements and the process's peak memory, and runs it again (a
 * repeated run finds nothing new). A second mode times the rule evaluation alone on the same facts in the same
 * process: json-logic-engine's AST interpreter, its compiled functions, and the closures the run uses. Wall time and
 * this process's CPU time are both printed (the machine may be shared).
 *
 *   --enterprises N   facts rows (default 100000)
 *   --rules N         rules (default 300)
 *   --sample N        enterprises the interpreter is timed on (default: all)
 *
 * On an in-memory PGlite, then on PostgreSQL when DATABASE_URL is set (a throwaway database is made on that server
 * and dropped). Figures, not assertions.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { openDatabase, openPglite, type Database, type DatabaseHandle } from '@qq/db/client';
import { migrate } from '@qq/db/migrate';
import {
  eligibilityRules,
  enterpriseFacts,
  entitlements,
  outbox,
  policies,
  redemptionItems,
} from '@qq/db/schema/policies';
import { makeCreditCode } from '@qq/kit';
import {
  compileNative,
  compileRule,
  factsOfRow,
  interpretRule,
  parseRule,
  runMatching,
  type Facts,
} from '@qq/policies/exemption';
import { count, like } from 'drizzle-orm';
import postgres from 'postgres';

const { values } = parseArgs({
  options: {
    enterprises: { type: 'string', default: '100000' },
    rules: { type: 'string', default: '300' },
    sample: { type: 'string' },
  },
});
const ENTERPRISES = Number(values.enterprises);
const RULES = Number(values.rules);
const SAMPLE = values.sample ? Number(values.sample) : ENTERPRISES;

const COUNTIES = [
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
];
const INDUSTRIES = ['C', 'C', 'C', 'F', 'G', 'I', 'M', 'E', 'K', 'L'];
const SCALES = ['MICRO', 'MICRO', 'SMALL', 'SMALL', 'MEDIUM', 'LARGE'];

/** A deterministic generator (the same data on both databases). */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function enterpriseRows(now: Date) {
  const r = prng(7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
  return Array.from({ length: ENTERPRISES }, (_, n) => {
    const county = COUNTIES[n % COUNTIES.length]!;
    const above = r() < 0.3;
    const year = 1995 + Math.floor(r() * 30);
    const industry = pick(INDUSTRIES);
    return {
      creditCode: makeCreditCode(county, 100_000 + n),
      name: `基准企业${n}`,
      countyCode: county,
      industryCode: industry === 'C' ? `C${30 + Math.floor(r() * 10)}` : industry,
      scale: pick(SCALES),
      registeredCapital: Math.round(r() * 10_000),
      establishedOn: `${year}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`,
      aboveScale: above,
      aboveScaleSince: above ? `${2015 + Math.floor(r() * 11)}-01-01` : null,
      annualRevenue: above ? Math.round(2000 + r() * 50_000) : Math.round(r() * 2000),
      employees: above ? 20 + Math.floor(r() * 2000) : Math.floor(r() * 60),
      statisticsPeriod: '2025',
      registryRefreshedAt: now,
      statisticsRefreshedAt: now,
      fingerprint: 'bench',
      changedAt: now,
    };
  });
}

/** R rules of the language's every form, a few conditions each, each matching a small share of enterprises. */
function ruleExpressions(): unknown[] {
  const r = prng(11);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
  return Array.from({ length: RULES }, (_, n) => {
    const conditions: unknown[] = [{ in: [{ var: 'county' }, [pick(COUNTIES)]] }];
    switch (n % 5) {
      case 0:
        conditions.push({ '==': [{ var: 'aboveScale' }, true] }, { '>=': [{ var: 'aboveScaleSince' }, '2024-01-01'] });
        break;
      case 1:
        conditions.push(
          { in: [`C${30 + (n % 10)}`, { var: 'industryCodes' }] },
          { '>=': [{ var: 'annualRevenue' }, 20000] },
        );
        break;
      case 2:
        conditions.push({ '<=': [50, { var: 'employees' }, 300] }, { in: [{ var: 'scale' }, ['MEDIUM']] });
        break;
      case 3:
        conditions.push({
          or: [
            { '>=': [{ var: 'registeredCapital' }, 9900] },
            {
              and: [{ '>': [{ var: 'establishedOn' }, '2023-06-30'] }, { '!': { '==': [{ var: 'scale' }, 'LARGE'] } }],
            },
          ],
        });
        break;
      default:
        conditions.push(
          { '==': [{ var: 'industry' }, pick(['F', 'G', 'I', 'M'])] },
          { '<': [{ var: 'employees' }, 10] },
        );
    }
    return { and: conditions };
  });
}

async function seed(db: Database, now: Date): Promise<void> {
  const rows = enterpriseRows(now);
  for (let i = 0; i < rows.length; i += 2000) await db.insert(enterpriseFacts).values(rows.slice(i, i + 2000));
  const expressions = ruleExpressions();
  const perPolicy = 10;
  for (let p = 0; p * perPolicy < RULES; p++) {
    const [policy] = await db
      .insert(policies)
      .values({
        title: `基准惠企政策${p}`,
        documentNumber: `平政〔2026〕${p}号`,
        summary: '基准测试用政策。',
        body: '基准测试用政策正文。',
        status: 'PUBLISHED',
        issuedAt: new Date('2026-01-01T00:00:00Z'),
        publishDeadlineAt: new Date('2026-01-02T00:00:00Z'),
        publishedAt: new Date('2026-01-01T02:00:00Z'),
        createdBy: 'bench',
        departmentCode: 'wrzwq',
        countyCode: '410400',
      })
      .returning();
    const items = await db
      .insert(redemptionItems)
      .values(
        Array.from({ length: Math.min(perPolicy, RULES - p * perPolicy) }, (_, k) => ({
          policyId: policy!.id,
          name: `基准兑现事项${p * perPolicy + k}`,
          guide: '基准测试。',
          timeLimitDays: 10,
          departmentCode: 'wrzwq',
          countyCode: '410400',
        })),
      )
      .returning();
    await db.insert(eligibilityRules).values(
      items.map((item, k) => {
        const parsed = parseRule(JSON.stringify(expressions[p * perPolicy + k]));
        return {
          itemId: item.id,
          version: 1,
          expression: parsed.expression,
          facts: parsed.facts,
          description: `基准资格条件${p * perPolicy + k}`,
          effectiveFrom: new Date('2026-01-01T00:00:00Z'),
          createdBy: 'bench',
          departmentCode: 'wrzwq',
          countyCode: '410400',
        };
      }),
    );
  }
}

/** Peak resident memory while `work` runs (sampled every 20 ms; PGlite runs in this process and counts too). */
async function withPeakMemory<T>(work: () => Promise<T>): Promise<[T, number]> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return [result, peak];
  } finally {
    clearInterval(timer);
  }
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en-US')}/s`;

async function bench(label: string, handle: DatabaseHandle): Promise<void> {
  await migrate(handle);
  const db = handle.connect();
  const now = new Date('2026-03-02T02:00:00Z');
  const seeded = performance.now();
  await seed(db, now);
  console.log(`\n== ${label}: ${ENTERPRISES.toLocaleString('en-US')} enterprises × ${RULES} rules`);
  console.log(`seeded in ${((performance.now() - seeded) / 1000).toFixed(1)} s (not counted)`);

  const began = performance.now();
  const cpu = process.cpuUsage();
  const [{ run, evaluateMs }, peak] = await withPeakMemory(() => runMatching(db, { now, trigger: 'DEMAND' }));
  const ms = performance.now() - began;
  const used = process.cpuUsage(cpu);
  const [ents] = await db.select({ n: count() }).from(entitlements);
  const [msgs] = await db.select({ n: count() }).from(outbox).where(like(outbox.topic, 'exemption.entitled'));
  console.log(
    `matching run: ${(ms / 1000).toFixed(2)} s, ${run.evaluations.toLocaleString('en-US')} evaluations (${rate(run.evaluations, ms)} overall, ${rate(run.evaluations, evaluateMs)} evaluating), ` +
      `${run.entitled.toLocaleString('en-US')} entitlements (${Number(ents?.n).toLocaleString('en-US')} rows, ${Number(msgs?.n).toLocaleString('en-US')} messages), ` +
      `this process's CPU ${((used.user + used.system) / 1e6).toFixed(2)} s, peak RSS ${mb(peak)}`,
  );
  const again = performance.now();
  const repeat = await runMatching(db, { now, trigger: 'DEMAND' });
  const [msgsAfter] = await db.select({ n: count() }).from(outbox).where(like(outbox.topic, 'exemption.entitled'));
  console.log(
    `repeated run: ${((performance.now() - again) / 1000).toFixed(2)} s, ${repeat.run.entitled} new entitlements, ` +
      `messages ${Number(msgsAfter?.n).toLocaleString('en-US')} (unchanged: ${Number(msgsAfter?.n) === Number(msgs?.n)})`,
  );

  // Interpreter against compiled rules, on the same facts in memory.
  const rows = await db.select().from(enterpriseFacts);
  const facts: Facts[] = rows.slice(0, SAMPLE).map(factsOfRow);
  const expressions = (await db.select().from(eligibilityRules)).map((r) => r.expression);
  const modes = {
    'native (closures over the validated tree, used by the run)': (e: unknown) =>
      compileNative(parseRule(JSON.stringify(e))),
    'json-logic-engine compiled': compileRule,
    'json-logic-engine interpreted (AST)': interpretRule,
  };
  for (const [mode, make] of Object.entries(modes)) {
    const evaluate = expressions.map(make);
    let matched = 0;
    const t = performance.now();
    const cpu = process.cpuUsage();
    for (const f of facts) for (const ev of evaluate) if (ev(f)) matched++;
    const elapsed = performance.now() - t;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    const n = facts.length * evaluate.length;
    console.log(
      `${mode}: ${n.toLocaleString('en-US')} evaluations in ${(elapsed / 1000).toFixed(2)} s (${rate(n, elapsed)}; CPU ${(cpuMs / 1000).toFixed(2)} s, ${rate(n, cpuMs)} of CPU), ${matched.toLocaleString('en-US')} matches`,
    );
  }
}

const pglite = await openPglite('memory://');
await bench('PGlite (in memory)', pglite);
await pglite.close();

if (process.env.DATABASE_URL) {
  const name = `qq_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString() });
  try {
    await bench('PostgreSQL', handle);
  } finally {
    await handle.close();
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
} else {
  console.log('\nPostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres) to run it there too.');
}
