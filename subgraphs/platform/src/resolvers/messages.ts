/** Resolvers of the message centre, the working-day calendar and the delivery log's entry point. */
import type { Context } from '../context.ts';
import type { CalendarYear } from '../service/calendar.service.ts';
import type { CalendarChangeRow, CalendarDayRow } from '../store/calendar.store.ts';
import type { MessageRow } from '../store/messages.store.ts';

const calendarDay = (d: Pick<CalendarDayRow, 'day' | 'kind' | 'name'>) => ({
  date: d.day,
  kind: d.kind.toUpperCase(),
  name: d.name,
});

export const messageResolvers = {
  Query: {
    myMessages: (_: unknown, args: { unreadOnly?: boolean; first?: number; after?: string }, ctx: Context) =>
      ctx.messages.mine(args),
    workdayCalendar: (_: unknown, args: { year: number }, ctx: Context) => ctx.calendar.year(args.year),
    calendarStatus: (_: unknown, __: unknown, ctx: Context) => ctx.calendar.status(),
    // The delivery log of the caller's scope; each subgraph adds the field of its own outbox.
    deliveries: (_: unknown, __: unknown, ctx: Context) => ({ scope: ctx.principal.county }),
  },
  Mutation: {
    markMessagesRead: (_: unknown, args: { ids: string[] }, ctx: Context) => ctx.messages.markRead(args.ids),
    markAllMessagesRead: (_: unknown, __: unknown, ctx: Context) => ctx.messages.markAllRead(),
    setWorkdayCalendar: (_: unknown, args: { input: unknown }, ctx: Context) => ctx.calendar.set(args.input),
  },
  Message: {
    id: (m: MessageRow) => String(m.id),
    data: (m: MessageRow) =>
      Object.entries(m.data ?? {}).map(([key, value]) => ({ key, value: value == null ? null : String(value) })),
    createdAt: (m: MessageRow) => m.createdAt.toISOString(),
    readAt: (m: MessageRow) => m.readAt?.toISOString() ?? null,
  },
  WorkdayCalendarYear: {
    days: (y: CalendarYear) => y.days.map(calendarDay),
    changes: (y: CalendarYear, _: unknown, ctx: Context) => ctx.calendar.changes(y.year),
  },
  CalendarChange: {
    changedAt: (c: CalendarChangeRow) => c.changedAt.toISOString(),
    before: (c: CalendarChangeRow) => (c.before as CalendarDayRow[]).map(calendarDay),
    after: (c: CalendarChangeRow) => (c.after as CalendarDayRow[]).map(calendarDay),
  },
};
