/**
 * Messages to enterprises and staff. A workflow step writes its messages to its subgraph's outbox in the same
 * transaction as the change (`enqueueMessages`); the subgraph's job worker delivers them at least once, by channel:
 * `sms` to a phone through the SMS provider, `inbox` to the message centre (`myMessages`). Texts are short zh-CN
 * strings rendered from the subgraph's templates (one `messages.ts` per subgraph) when the message is written, so a
 * later change of a template never alters a message already sent.
 */
import type { Database } from '@qq/db/client';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from './workflow.ts';

export type Channel = 'sms' | 'inbox';

/** Who receives an in-app message: the users of an enterprise, one user (by `sub`), or the staff of a unit. */
export type Recipient = { enterprise: string } | { user: string } | { dept: string; county: string };

/** What an outbox row's `payload` holds. */
export interface MessagePayload {
  channel: Channel;
  /** In-app recipients (channel `inbox`). */
  to?: Recipient;
  /** The phone number (channel `sms`). */
  phone?: string;
  /** Template code and its parameters, for SMS gateways that send by template. */
  template: string;
  params: Record<string, string | number>;
  /** Title (in-app) and the rendered text. */
  title: string;
  text: string;
  /** Ids a client may follow (e.g. `{ matterId }`). */
  data?: Record<string, string | number | null>;
}

/** One message to write: an outbox row. */
export interface OutboundMessage extends MessagePayload {
  /** What happened, e.g. `matter.replied`; delivery logs and dead letters are listed by it. */
  topic: string;
  /** Unique per message: a second write with the same key is ignored, a redelivery sends nothing twice. */
  idempotencyKey: string;
  /** The county of the record the message is about (admins see the delivery log of their scope); null for city. */
  countyCode: string | null;
}

/** A template: its title and a function from its parameters to the text. */
export interface Template<P extends Record<string, string | number>> {
  /** SMS template code at the gateway (e.g. `SMS_QQ_MATTER_RECEIVED`); defaults to the template's name. */
  smsCode?: string;
  title: string | ((params: P) => string);
  text: (params: P) => string;
}

/** The SMS signature every text starts with. */
export const SMS_SIGNATURE = '【鹰城亲清在线】';

/**
 * A subgraph's templates, in one place. `render(name, params)` gives the title, text and template code of a message.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function defineTemplates<T extends Record<string, Template<any>>>(templates: T) {
  return {
    templates,
    render<K extends keyof T & string>(
      name: K,
      params: T[K] extends Template<infer P> ? P : never,
    ): Pick<MessagePayload, 'template' | 'params' | 'title' | 'text'> {
      const t = templates[name]!;
      return {
        template: t.smsCode ?? name,
        params,
        title: typeof t.title === 'function' ? t.title(params) : t.title,
        text: t.text(params),
      };
    },
  };
}

/** The outbox row of a message. */
export function outboxRow(message: OutboundMessage) {
  const { topic, idempotencyKey, countyCode, ...payload } = message;
  return {
    topic,
    idempotencyKey,
    countyCode,
    channel: payload.channel,
    payload: payload as unknown as Record<string, unknown>,
  };
}

/**
 * Writes messages to a subgraph's outbox inside the caller's transaction; a key already written is skipped, so a
 * retried step never queues a message twice.
 */
export async function enqueueMessages(
  tx: Tx | Database,
  outbox: PgTable & { idempotencyKey: unknown },
  messages: readonly OutboundMessage[],
): Promise<void> {
  if (messages.length === 0) return;
  await tx
    .insert(outbox)
    .values(messages.map(outboxRow))
    .onConflictDoNothing({ target: outbox.idempotencyKey as never });
}
