/**
 * Tamper evidence: every event row is a link of its table's hash chain, sealed by the database in the transition's
 * transaction. Rows are written through GraphQL (complaints' matters); then the owner login edits, deletes, inserts and
 * reorders rows, cuts the tail and rewrites the whole chain, and the verifier names the first broken link each time.
 * Each tampering runs in a transaction that is rolled back, so every test starts from the same sound chain.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { GENESIS, linkHash, verifyAuditChains, type ChainReport } from '@qq/db/audit';
import type { Database } from '@qq/db/client';
import { jobRuns, matterEvents } from '@qq/db/schema/complaints';
import { demoCreditCode } from '@qq/db/seed';
import { auditHeadsJob, daySlot, runJobOnce, type Claims } from '@qq/kit';
import { startWorker } from '@qq/kit/worker';
import { ensureRoles } from '@qq/db/roles';
import { jobRuns as talentJobRuns } from '@qq/db/schema/talent';
import { definition as talent } from '@qq/talent';
import { createTestDatabase, execute, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { createServer } from '@qq/complaints';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditVerify } from '../src/audit.ts';

const onPostgres = !!process.env.DATABASE_URL;
const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;

let db: TestDatabase;
/** The owner login: it may do anything, as an intruder with the database's password could. */
let owner: Database;
/** The subgraph's own role (on PostgreSQL): what the application writes with. */
let roleConn: Database;
let server: ReturnType<typeof createServer>;
let enterprise: string;
let dispatcher: string;

const A = demoCreditCode('410422', 9301);
const SUBMIT = `mutation($input: SubmitMatterInput!) { submitMatter(input: $input) { id status } }`;
const DISPATCH = `mutation($id: ID!) { dispatchMatter(id: $id, input: { departmentCode: "hrss" }) { id status } }`;
const INPUT = {
  kind: 'REQUEST',
  category: 'EMPLOYMENT',
  title: '技能工人招聘困难',
  content: '新生产线投产，急需焊工和电工各20名。',
  contactName: '王伟',
  contactPhone: '13812345678',
};

async function submit(token: string): Promise<string> {
  const res = await execute<{ submitMatter: { id: string } }>(server, SUBMIT, { variables: { input: INPUT }, token });
  expect(res.errors).toBeUndefined();
  return res.data!.submitMatter.id;
}

const rowsOf = <T>(result: unknown): T[] =>
  (Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? [])) as T[];

/** The matter events in chain order, as the owner sees them. */
async function links(conn: Pick<Database, 'execute'> = owner) {
  return rowsOf<{ id: string; seq: string; prev: string; hash: string; note: string | null }>(
    await conn.execute(
      sql`select id::text as id, chain_seq::text as seq, chain_prev as prev, chain_hash as hash, note
          from complaints.matter_events order by chain_seq`,
    ),
  );
}

class Rollback extends Error {
  constructor(readonly report: ChainReport) {
    super('rolled back');
  }
}

/** Tampers as the owner, verifies inside the same transaction, then rolls everything back. */
async function tampered(change: (tx: Database) => Promise<void>): Promise<ChainReport> {
  try {
    await owner.transaction(async (tx) => {
      await change(tx as unknown as Database);
      const reports = await verifyAuditChains(tx as unknown as Database, { schemas: ['complaints'] });
      throw new Rollback(reports.find((r) => r.table === 'complaints.matter_events')!);
    });
  } catch (error) {
    if (error instanceof Rollback) return error.report;
    throw error;
  }
  throw new Error('unreachable');
}

beforeAll(async () => {
  db = await createTestDatabase();
  owner = db.connect();
  roleConn = await db.connectAs('complaints');
  server = createServer({ db: roleConn });
  await server.start();
  enterprise = await tokenFor({ sub: 'ent-a', role: 'enterprise', enterprise: A } satisfies Claims);
  dispatcher = await tokenFor({ sub: 'ndrc-yexian', role: 'staff', dept: 'ndrc', county: '410422' } satisfies Claims);
  // Five matters submitted, two of them dispatched: seven events.
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push(await submit(enterprise));
  for (const id of ids.slice(0, 2)) {
    const res = await execute(server, DISPATCH, { variables: { id }, token: dispatcher });
    expect(res.errors).toBeUndefined();
  }
});

afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('hash chains of the event tables', () => {
  it('seal each event in the transition that writes it, one link after the other', async () => {
    const chain = await links();
    expect(chain.map((l) => Number(l.seq))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(chain[0]!.prev).toBe(GENESIS);
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.prev).toBe(chain[i - 1]!.hash);
    // A refused transition (dispatching a dispatched matter: CONFLICT) rolls back and leaves no link.
    const [first] = await owner.select({ id: matterEvents.subjectId }).from(matterEvents).orderBy(asc(matterEvents.id));
    const refused = await execute(server, DISPATCH, { variables: { id: first!.id }, token: dispatcher });
    expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await links()).length).toBe(7);
    const reports = await verifyAuditChains(owner);
    // Every event table of every department, each sound (the demo-free database has empty chains but one).
    expect(reports.length).toBeGreaterThanOrEqual(15);
    expect(reports.filter((r) => r.broken)).toEqual([]);
    expect(reports.find((r) => r.table === 'complaints.matter_events')).toMatchObject({
      rows: 7,
      head: { seq: 7, hash: chain[6]!.hash },
      broken: null,
    });
  });

  it('hash the row as the verifier computes it, independently of the database', async () => {
    const [row] = rowsOf<{ content: string }>(
      await owner.transaction(async (tx) => {
        await tx.execute(sql`set local "TimeZone" = 'UTC'`);
        return tx.execute(
          sql`select jsonb_strip_nulls(to_jsonb(t) - ARRAY['chain_seq','chain_prev','chain_hash'])::text as content
              from complaints.matter_events t where chain_seq = 1`,
        );
      }),
    );
    const [link] = await links();
    expect(linkHash('complaints.matter_events', 1, GENESIS, row!.content)).toBe(link!.hash);
    expect(JSON.parse(row!.content)).toMatchObject({ action: 'SUBMIT', to_status: 'SUBMITTED', actor: 'ent-a' });
  });

  it('finds an edited row and names it', async () => {
    const chain = await links();
    const report = await tampered(async (tx) => {
      await tx.execute(sql`update complaints.matter_events set note = '已办结' where id = ${chain[2]!.id}`);
    });
    expect(report.broken).toEqual({ id: chain[2]!.id, seq: 3, reason: expect.stringMatching(/edited/) });
  });

  it('finds a deleted row from the gap it leaves', async () => {
    const chain = await links();
    const report = await tampered(async (tx) => {
      await tx.execute(sql`delete from complaints.matter_events where id = ${chain[3]!.id}`);
    });
    expect(report.broken).toEqual({ id: chain[4]!.id, seq: 5, reason: expect.stringMatching(/missing \(deleted\)/) });
  });

  it('finds reordered rows', async () => {
    const chain = await links();
    const report = await tampered(async (tx) => {
      await tx.execute(sql`update complaints.matter_events set chain_seq = -1 where id = ${chain[1]!.id}`);
      await tx.execute(sql`update complaints.matter_events set chain_seq = 2 where id = ${chain[2]!.id}`);
      await tx.execute(sql`update complaints.matter_events set chain_seq = 3 where id = ${chain[1]!.id}`);
    });
    expect(report.broken).toEqual({ id: chain[2]!.id, seq: 2, reason: expect.stringMatching(/does not follow/) });
  });

  it('finds a row inserted with the trigger off', async () => {
    const report = await tampered(async (tx) => {
      await tx.execute(sql`alter table complaints.matter_events disable trigger audit_chain`);
      await tx.execute(sql`insert into complaints.matter_events (id, subject_id, action, to_status, actor, actor_role)
        values (900001, gen_random_uuid(), 'RESOLVE', 'RESOLVED', 'hrss-yexian', 'staff')`);
      await tx.execute(sql`alter table complaints.matter_events enable trigger audit_chain`);
    });
    expect(report.broken).toEqual({ id: '900001', seq: null, reason: expect.stringMatching(/outside the chain/) });
  });

  it('finds a well-forged link slipped into the middle, from the link after it', async () => {
    const chain = await links();
    const report = await tampered(async (tx) => {
      await tx.execute(sql`alter table complaints.matter_events disable trigger audit_chain`);
      // Make room after place 4, then insert a row whose hash is computed exactly as the trigger would.
      await tx.execute(sql`update complaints.matter_events set chain_seq = chain_seq + 1000 where chain_seq > 4`);
      await tx.execute(sql`update complaints.matter_events set chain_seq = chain_seq - 999 where chain_seq > 1000`);
      await tx.execute(sql`insert into complaints.matter_events (id, subject_id, action, to_status, actor, actor_role,
          at, chain_seq, chain_prev, chain_hash)
        values (900002, '00000000-0000-4000-8000-000000000001', 'CLOSE', 'CLOSED', 'x', 'staff',
          '2026-11-30T00:00:00Z', 5, ${chain[3]!.hash}, 'pending')`);
      await tx.execute(sql`set local "TimeZone" = 'UTC'`);
      const [forged] = rowsOf<{ content: string }>(
        await tx.execute(sql`select jsonb_strip_nulls(to_jsonb(t) - ARRAY['chain_seq','chain_prev','chain_hash'])::text
          as content from complaints.matter_events t where id = 900002`),
      );
      const hash = linkHash('complaints.matter_events', 5, chain[3]!.hash, forged!.content);
      await tx.execute(sql`update complaints.matter_events set chain_hash = ${hash} where id = 900002`);
      await tx.execute(sql`alter table complaints.matter_events enable trigger audit_chain`);
    });
    expect(report.broken).toEqual({ id: chain[4]!.id, seq: 6, reason: expect.stringMatching(/does not follow/) });
  });

  it('records the heads once a day, and finds a cut tail and a rewritten chain against them', async () => {
    const job = auditHeadsJob('complaints');
    const now = new Date('2026-12-01T16:30:00Z');
    const outcome = await runJobOnce(roleConn, jobRuns, job, now);
    const chain = await links();
    expect(outcome).toMatchObject({
      job: 'complaints.audit-heads',
      slot: '2026-12-02',
      ran: true,
      result: { heads: { matter_events: { seq: 7, hash: chain[6]!.hash } } },
    });
    expect(await runJobOnce(roleConn, jobRuns, job, new Date('2026-12-02T03:00:00Z'))).toMatchObject({ ran: false });

    // The last row deleted: the chain itself is sound, but shorter than the recorded head.
    const cut = await tampered(async (tx) => {
      await tx.execute(sql`delete from complaints.matter_events where chain_seq = 7`);
    });
    expect(cut.broken).toEqual({ id: null, seq: 7, reason: expect.stringMatching(/ends at 6.*2026-12-02.*cut/) });

    // Every row deleted and written again through the trigger, one changed: a sound chain, not the recorded one.
    const rewritten = await tampered(async (tx) => {
      await tx.execute(sql`create temporary table saved on commit drop as select * from complaints.matter_events`);
      await tx.execute(sql`delete from complaints.matter_events`);
      await tx.execute(sql`update saved set note = '已撤回' where chain_seq = 2`);
      await tx.execute(sql`insert into complaints.matter_events
          (id, subject_id, action, from_status, to_status, actor, actor_role, note, data, at)
        select id, subject_id, action, from_status, to_status, actor, actor_role, note, data, at
        from saved order by chain_seq`);
    });
    expect(rewritten.broken).toEqual({ id: null, seq: 7, reason: expect.stringMatching(/not the head.*rewritten/) });

    // Untouched, the chain holds against its recorded head.
    const [sound] = (await verifyAuditChains(owner, { schemas: ['complaints'] })).filter(
      (r) => r.table === 'complaints.matter_events',
    );
    expect(sound).toMatchObject({ rows: 7, broken: null });
  });
});

describe.runIf(onPostgres)('hash chains under concurrent transitions (PostgreSQL)', () => {
  it('append one link after the other when 24 transitions commit at once', async () => {
    const before = (await links()).length;
    const ids = await Promise.all(Array.from({ length: 24 }, () => submit(enterprise)));
    expect(new Set(ids).size).toBe(24);
    const chain = await links();
    expect(chain.map((l) => Number(l.seq))).toEqual(Array.from({ length: before + 24 }, (_, i) => i + 1));
    const [report] = (await verifyAuditChains(owner, { schemas: ['complaints'] })).filter(
      (r) => r.table === 'complaints.matter_events',
    );
    expect(report).toMatchObject({ rows: before + 24, broken: null });
  });
});

describe('pnpm audit:verify', () => {
  it('passes on a sound database and fails naming the table and row after one edit', async () => {
    const chain = await links();
    const lines: string[] = [];
    expect(await auditVerify(db, { print: (l) => lines.push(l) })).toBe(0);
    expect(lines).toContain(
      `ok     complaints.matter_events: ${chain.length} rows, head ${chain.length} ${chain.at(-1)!.hash.slice(0, 16)}…`,
    );
    expect(lines.at(-1)).toMatch(/^All \d+ chains hold/);
    await owner.execute(sql`update complaints.matter_events set actor = 'someone' where id = ${chain[1]!.id}`);
    try {
      lines.length = 0;
      expect(await auditVerify(db, { print: (l) => lines.push(l) })).toBe(1);
      expect(lines).toContain(
        `BROKEN complaints.matter_events at id ${chain[1]!.id}, place 2: its content no longer matches its hash (edited)`,
      );
      expect(lines.at(-1)).toMatch(/^1 of \d+ chains broken\.$/);
    } finally {
      await owner.execute(sql`update complaints.matter_events set actor = 'ent-a' where id = ${chain[1]!.id}`);
    }
  });

  it.runIf(onPostgres)('is the command: exit code 0, then 1 with the broken row named (PostgreSQL)', async () => {
    const chain = await links();
    const command = () =>
      run(process.execPath, ['--import', 'tsx', 'tools/src/audit-verify.ts'], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: db.url! },
      });
    const sound = await command();
    expect(sound.stdout).toMatch(/All \d+ chains hold/);
    await owner.execute(sql`update complaints.matter_events set actor = 'x' where id = ${chain[0]!.id}`);
    try {
      const failed = await command().then(
        () => null,
        (error: { code: number; stdout: string }) => error,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stdout).toContain(`BROKEN complaints.matter_events at id ${chain[0]!.id}, place 1:`);
    } finally {
      await owner.execute(sql`update complaints.matter_events set actor = 'ent-a' where id = ${chain[0]!.id}`);
    }
  });
});

describe('the heads recorded when a worker starts', () => {
  it('lets a cut tail be found on a database younger than its first daily run', async () => {
    // Three postings' events in talent's chain, written before any worker of talent ran.
    for (const action of ['CREATE', 'SUBMIT', 'APPROVE'])
      await owner.execute(sql`insert into talent.job_posting_events (subject_id, action, to_status, actor, actor_role)
        values ('7d1c0b6e-2f4a-4c3b-9e8d-1a2b3c4d5e6f', ${action}, 'DRAFT', 'ent-a', 'enterprise')`);
    // As `pnpm start` does: the roles and their job queue schemas first.
    await ensureRoles(db);
    const worker = await startWorker(db, talent);
    try {
      const [recorded] = await owner
        .select()
        .from(talentJobRuns)
        .where(and(eq(talentJobRuns.job, 'talent.audit-heads'), eq(talentJobRuns.slot, daySlot(new Date()))));
      expect(recorded?.result).toMatchObject({ heads: { job_posting_events: { seq: 3 } } });
      const report = await owner
        .transaction(async (tx) => {
          await tx.execute(sql`delete from talent.job_posting_events where chain_seq = 3`);
          const reports = await verifyAuditChains(tx as unknown as Database, { schemas: ['talent'] });
          throw new Rollback(reports.find((r) => r.table === 'talent.job_posting_events')!);
        })
        .catch((error: unknown) => {
          if (error instanceof Rollback) return error.report;
          throw error;
        });
      expect(report.broken).toEqual({ id: null, seq: 3, reason: expect.stringMatching(/ends at 2.*cut/) });
    } finally {
      await worker?.stop();
    }
  });
});
