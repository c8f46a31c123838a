/**
 * The delivery log of a subgraph's outbox in the graph, for administrators: every subgraph adds its own field to the
 * `Deliveries` entity (owned by platform, reached with `Query.deliveries`) and its own retry mutation, generated here
 * from the subgraph's name so that all six read and behave alike. Rows are scoped to the admin's county in SQL; rows
 * about no county are the city's.
 */
import type { Database } from '@qq/db/client';
import type { outboxTable } from '@qq/db/schema/common';
import { and, count, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { IRules } from 'graphql-shield';
import { CITY_CODE, type Principal } from './auth.ts';
import { BadUserInputError, ForbiddenError } from './errors.ts';
import type { MessagePayload } from './messaging.ts';
import { readPage, toConnection, type PageArgs } from './pagination.ts';
import { allow, isAdmin } from './rules.ts';
import { retryDeadMessages } from './worker.ts';

type OutboxTable = ReturnType<typeof outboxTable>;
type OutboxRow = OutboxTable['$inferSelect'];

const capital = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** The retry mutation of a subgraph: `retryComplaintsDeliveries`. */
export const retryMutationName = (subgraph: string) => `retry${capital(subgraph)}Deliveries`;

/** The SDL a subgraph adds for its delivery log (the shared value types are identical in every subgraph). */
export function deliverySdl(subgraph: string): string {
  return /* GraphQL */ `
  """
  The delivery log (消息投递记录) of every department's outbox, read by administrators in their county scope; each
  subgraph adds the field of its own outbox.
  """
  type Deliveries @key(fields: "scope") {
    """
    The county scope the log is read in (GB/T 2260; \`410400\` is city-wide): the caller's own.
    """
    scope: String!
    """
    Messages of the ${subgraph} subgraph's outbox, newest first; \`status: DEAD\` lists its dead letters (死信).
    """
    ${subgraph}(
      """
      Only messages in this state.
      """
      status: OutboxStatus
      """
      Only messages of this topic (e.g. \`matter.received\`).
      """
      topic: String
      """
      Page size (at most 100).
      """
      first: Int = 20
      """
      Cursor from a previous page's \`pageInfo.endCursor\`.
      """
      after: String
    ): OutboxMessageConnection
  }

  """
  One message of an outbox (发件箱): an SMS or an in-app message written with the change that caused it and delivered
  at least once by the subgraph's worker.
  """
  type OutboxMessage @shareable {
    """
    \`<subgraph>:<row id>\`, the id the retry mutation takes.
    """
    id: ID!
    """
    The subgraph whose outbox holds it.
    """
    subgraph: String!
    """
    What happened, e.g. \`matter.received\`.
    """
    topic: String!
    """
    The channel it goes out on.
    """
    channel: MessageChannel!
    """
    Where it stands.
    """
    status: OutboxStatus!
    """
    Who receives it: a phone number (masked), an enterprise's credit code, a unit (\`ndrc@410422\`) or a user id.
    """
    recipient: String!
    """
    The message's title.
    """
    title: String!
    """
    The message's text (zh-CN).
    """
    text: String!
    """
    County of the record the message is about; null for the city.
    """
    countyCode: String
    """
    Delivery attempts so far.
    """
    attempts: Int!
    """
    How many times an administrator has retried it from the dead letters.
    """
    generation: Int!
    """
    The last attempt's error, if it failed.
    """
    lastError: String
    """
    When it was written (with the change).
    """
    createdAt: String!
    """
    When it was delivered.
    """
    deliveredAt: String
    """
    When it became a dead letter.
    """
    deadAt: String
  }

  """
  Where an outbox message stands.
  """
  enum OutboxStatus {
    """
    Waiting to be delivered (or between retries).
    """
    PENDING
    """
    Delivered to its channel.
    """
    DELIVERED
    """
    Every attempt failed (死信); an administrator may retry it.
    """
    DEAD
  }

  """
  A delivery channel.
  """
  enum MessageChannel {
    """
    Short message to a phone (短信).
    """
    SMS
    """
    In-app message in the message centre (站内消息).
    """
    INBOX
  }

  """
  A page of outbox messages.
  """
  type OutboxMessageConnection @shareable {
    """
    Messages matching the filter in the caller's scope.
    """
    totalCount: Int!
    """
    The messages of this page.
    """
    nodes: [OutboxMessage!]!
    """
    The messages of this page with their cursors.
    """
    edges: [OutboxMessageEdge!]!
    """
    Paging information.
    """
    pageInfo: PageInfo!
  }

  """
  An outbox message with its cursor.
  """
  type OutboxMessageEdge @shareable {
    """
    Cursor of this message.
    """
    cursor: String!
    """
    The message.
    """
    node: OutboxMessage!
  }

  extend type Mutation {
    """
    Puts dead letters (死信) of the ${subgraph} outbox back in the queue (administrators, in their county scope).
    Returns the messages retried; ids not dead or not in scope are left alone.
    """
    ${retryMutationName(subgraph)}(
      """
      Ids of the messages (\`${subgraph}:<row id>\`), at most 500.
      """
      ids: [ID!]!
    ): [OutboxMessage!]!
  }
`;
}

/** Rows of the admin's county scope: their county's, and the city's too for city admins. */
function scopeOf(principal: Principal, o: OutboxTable): SQL | undefined {
  if (principal.role !== 'admin') return sql`false`;
  if (!principal.county || principal.county === CITY_CODE) return undefined;
  return eq(o.countyCode, principal.county);
}

function recipientOf(payload: MessagePayload): string {
  if (payload.channel === 'sms') {
    const phone = payload.phone ?? '';
    return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
  }
  const to = payload.to;
  if (!to) return '';
  if ('enterprise' in to) return to.enterprise;
  if ('user' in to) return to.user;
  return `${to.dept}@${to.county}`;
}

function toGraph(subgraph: string, row: OutboxRow) {
  const payload = row.payload as unknown as MessagePayload;
  return {
    id: `${subgraph}:${row.id}`,
    subgraph,
    topic: row.topic,
    channel: row.channel.toUpperCase(),
    status: row.status.toUpperCase(),
    recipient: recipientOf(payload),
    title: payload.title ?? '',
    text: payload.text ?? '',
    countyCode: row.countyCode,
    attempts: row.attempts,
    generation: row.generation,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    deadAt: row.deadAt?.toISOString() ?? null,
  };
}

type Status = 'PENDING' | 'DELIVERED' | 'DEAD';

/** The resolvers of a subgraph's delivery log. */
export function deliveryResolvers(subgraph: string, db: Database, outbox: OutboxTable) {
  const o = outbox;
  return {
    Deliveries: {
      __resolveReference: (ref: { scope: string }) => ref,
      [subgraph]: async (
        _parent: unknown,
        args: PageArgs & { status?: Status | null; topic?: string | null },
        ctx: { principal: Principal },
      ) => {
        if (ctx.principal.role !== 'admin') throw new ForbiddenError('Only administrators read the delivery log.');
        const page = readPage(args, 1);
        if (args.topic != null && (args.topic.length === 0 || args.topic.length > 100)) {
          throw new BadUserInputError('topic', 'must be 1 to 100 characters');
        }
        const where = and(
          scopeOf(ctx.principal, o),
          args.status ? eq(o.status, args.status.toLowerCase()) : undefined,
          args.topic ? eq(o.topic, args.topic) : undefined,
        );
        const after = page.after?.[0];
        if (after !== undefined && typeof after !== 'number') {
          throw new BadUserInputError('after', 'is not a cursor returned by this list');
        }
        const rows = await db
          .select()
          .from(o)
          .where(and(where, after === undefined ? undefined : lt(o.id, after)))
          .orderBy(desc(o.id))
          .limit(page.limit + 1);
        return toConnection(
          rows.map((r) => toGraph(subgraph, r)),
          page.limit,
          (r) => [Number(r.id.split(':')[1])],
          async () => (await db.select({ n: count() }).from(o).where(where))[0]?.n ?? 0,
        );
      },
    },
    Mutation: {
      [retryMutationName(subgraph)]: async (_p: unknown, args: { ids: string[] }, ctx: { principal: Principal }) => {
        if (ctx.principal.role !== 'admin') throw new ForbiddenError('Only administrators retry deliveries.');
        if (args.ids.length > 500) throw new BadUserInputError('ids', 'at most 500 at a time');
        const ids = args.ids.map((id, i) => {
          const match = new RegExp(`^${subgraph}:(\\d{1,15})$`).exec(id);
          if (!match) throw new BadUserInputError(`ids.${i}`, `is not a message id of the ${subgraph} outbox`);
          return Number(match[1]);
        });
        const retried = await retryDeadMessages(db, o, ids, (table) => scopeOf(ctx.principal, table));
        if (retried.length === 0) return [];
        const rows = await db.select().from(o).where(inArray(o.id, retried)).orderBy(desc(o.id));
        return rows.map((r) => toGraph(subgraph, r));
      },
    },
  };
}

/** Shield rules for the delivery log: administrators only (the resolvers scope the rows). */
export function deliveryRules(subgraph: string): IRules {
  return {
    Mutation: { [retryMutationName(subgraph)]: isAdmin },
    Deliveries: { scope: isAdmin, [subgraph]: isAdmin },
    OutboxMessage: allow,
    OutboxMessageConnection: allow,
    OutboxMessageEdge: allow,
  } as IRules;
}
