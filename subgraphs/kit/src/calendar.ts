/**
 * The working-day calendar lives in `@qq/db` (the demo seed computes deadlines too); it is the kit's calendar for
 * every subgraph.
 */
export * from '@qq/db/calendar';
