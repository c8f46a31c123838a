/** Every SQL statement on `talent.outbox`: messages written in the same transaction as the change. */
import type { Database } from '@qq/db/client';
import { outbox } from '@qq/db/schema/talent';
import { enqueueMessages, type OutboundMessage, type Tx } from '@qq/kit';

export class OutboxStore {
  constructor(private readonly db: Database | Tx) {}

  withDb(db: Database | Tx): OutboxStore {
    return new OutboxStore(db);
  }

  /** enqueueOutbox: delivered after commit by the subgraph's worker; a key already written is skipped. */
  async enqueue(messages: readonly OutboundMessage[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 500) await enqueueMessages(this.db, outbox, messages.slice(i, i + 500));
  }
}
