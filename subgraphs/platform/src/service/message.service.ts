/** The caller's messages (消息中心): reading and marking read. Signed-in callers only; each sees their own. */
import {
  BadUserInputError,
  NotFoundError,
  readPage,
  toConnection,
  UnauthenticatedError,
  type PageArgs,
  type Principal,
} from '@qq/kit';
import type { MessageRow, MessageStore } from '../store/messages.store.ts';

export class MessageService {
  constructor(
    private readonly principal: Principal,
    private readonly store: MessageStore,
  ) {}

  private requireUser(): void {
    if (this.principal.role === 'anonymous' || !this.principal.sub) {
      throw new UnauthenticatedError('Sign in to read your messages.');
    }
  }

  async mine(args: PageArgs & { unreadOnly?: boolean | null }) {
    this.requireUser();
    const page = readPage(args, 1);
    const after = page.after?.[0];
    if (after !== undefined && (typeof after !== 'number' || !Number.isSafeInteger(after))) {
      throw new BadUserInputError('after', 'is not a cursor returned by this list');
    }
    const unreadOnly = args.unreadOnly ?? false;
    const rows = await this.store.list({ unreadOnly, limit: page.limit + 1, afterId: after ?? null });
    let counts: Promise<{ total: number; unread: number }> | null = null;
    const countsOnce = () => (counts ??= this.store.counts(unreadOnly));
    return {
      ...toConnection(
        rows,
        page.limit,
        (r: MessageRow) => [r.id],
        async () => (await countsOnce()).total,
      ),
      unreadCount: async () => (await countsOnce()).unread,
    };
  }

  async markRead(ids: readonly string[]): Promise<number> {
    this.requireUser();
    if (ids.length > 500) throw new BadUserInputError('ids', 'at most 500 at a time');
    const numbers = ids.map((id, i) => {
      if (!/^\d{1,15}$/.test(id)) throw new BadUserInputError(`ids.${i}`, 'is not a message id');
      return Number(id);
    });
    const unique = [...new Set(numbers)];
    // A message that is not the caller's is answered exactly as one that does not exist.
    if ((await this.store.visibleIds(unique)).length !== unique.length)
      throw new NotFoundError('Message', ids.join(', '));
    return this.store.markRead(unique);
  }

  async markAllRead(): Promise<number> {
    this.requireUser();
    return this.store.markRead(null);
  }
}
