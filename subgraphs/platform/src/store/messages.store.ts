/**
 * Every SQL statement on `platform.messages` and `platform.message_reads`: the message centre. Which messages are the
 * caller's is a condition in each statement (`recipientOf`).
 */
import type { Database } from '@qq/db/client';
import { messageReads, messages } from '@qq/db/schema/platform';
import type { Principal } from '@qq/kit';
import { and, count, desc, eq, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { anyOf } from '@qq/kit';

export type MessageRow = typeof messages.$inferSelect & { readAt: Date | null };

/**
 * The messages that are the caller's: to their own user id; and to their enterprise (enterprise users), their unit
 * (staff: department and county), or the Big Data Bureau of their scope (admins).
 */
function recipientOf(p: Principal): SQL {
  const own = p.sub ? eq(messages.userId, p.sub) : sql`false`;
  switch (p.role) {
    case 'enterprise':
      return p.enterprise ? or(own, eq(messages.enterpriseCode, p.enterprise))! : own;
    case 'staff':
      return p.dept && p.county
        ? or(own, and(eq(messages.departmentCode, p.dept), eq(messages.countyCode, p.county)))!
        : own;
    case 'admin':
      return p.county ? or(own, and(eq(messages.departmentCode, 'bigdata'), eq(messages.countyCode, p.county)))! : own;
    case 'person':
    case 'analyst':
    case 'leader':
    case 'system':
    case 'anonymous':
      return own;
  }
}

export class MessageStore {
  constructor(
    private readonly db: Database,
    private readonly principal: Principal,
  ) {}

  private readJoin() {
    return and(eq(messageReads.messageId, messages.id), eq(messageReads.userId, this.principal.sub ?? ''));
  }

  /** listMyMessages: newest first, keyset on id. */
  async list(options: { unreadOnly: boolean; limit: number; afterId: number | null }): Promise<MessageRow[]> {
    return this.db
      .select({ ...messagesColumns(), readAt: messageReads.readAt })
      .from(messages)
      .leftJoin(messageReads, this.readJoin())
      .where(
        and(
          recipientOf(this.principal),
          options.unreadOnly ? isNull(messageReads.readAt) : undefined,
          options.afterId === null ? undefined : lt(messages.id, options.afterId),
        ),
      )
      .orderBy(desc(messages.id))
      .limit(options.limit);
  }

  /** countMyMessages: all, and unread. */
  async counts(unreadOnly: boolean): Promise<{ total: number; unread: number }> {
    const [row] = await this.db
      .select({
        total: count(),
        unread: sql<number>`count(*) filter (where ${messageReads.readAt} is null)`.mapWith(Number),
      })
      .from(messages)
      .leftJoin(messageReads, this.readJoin())
      .where(recipientOf(this.principal));
    const total = row?.total ?? 0;
    const unread = row?.unread ?? 0;
    return { total: unreadOnly ? unread : total, unread };
  }

  /** findMyMessageIds: which of `ids` are the caller's. */
  async visibleIds(ids: readonly number[]): Promise<number[]> {
    const rows = await this.db
      .select({ id: messages.id })
      .from(messages)
      .where(and(recipientOf(this.principal), anyOf(messages.id, ids)));
    return rows.map((r) => r.id);
  }

  /** markMessagesRead: the caller's unread messages among `ids` (all, when null); returns how many. */
  async markRead(ids: readonly number[] | null): Promise<number> {
    const unread = this.db
      .select({
        messageId: messages.id,
        userId: sql<string>`${this.principal.sub ?? ''}`.as('user_id'),
        readAt: sql<Date>`now()`.as('read_at'),
      })
      .from(messages)
      .leftJoin(messageReads, this.readJoin())
      .where(and(recipientOf(this.principal), isNull(messageReads.readAt), ids ? anyOf(messages.id, ids) : undefined));
    const rows = await this.db
      .insert(messageReads)
      .select(unread)
      .onConflictDoNothing()
      .returning({ id: messageReads.messageId });
    return rows.length;
  }
}

function messagesColumns() {
  return {
    id: messages.id,
    idempotencyKey: messages.idempotencyKey,
    source: messages.source,
    topic: messages.topic,
    enterpriseCode: messages.enterpriseCode,
    userId: messages.userId,
    departmentCode: messages.departmentCode,
    countyCode: messages.countyCode,
    title: messages.title,
    body: messages.body,
    data: messages.data,
    createdAt: messages.createdAt,
  };
}
