/** Every SQL statement on `commerce.outbox`: notifications written in the same transaction as the change. */
import type { Database } from '@qq/db/client';
import { outbox } from '@qq/db/schema/commerce';

export type NewMessage = typeof outbox.$inferInsert;

export class OutboxStore {
  constructor(private readonly db: Database) {}

  withDb(db: Database): OutboxStore {
    return new OutboxStore(db);
  }

  /** insertOutboxMessage: a message is written once per idempotency key. */
  async enqueue(message: NewMessage): Promise<void> {
    await this.db.insert(outbox).values(message).onConflictDoNothing({ target: outbox.idempotencyKey });
  }
}
