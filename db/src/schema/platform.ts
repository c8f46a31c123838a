/** Tables of the `platform` schema, owned by 市政务服务和大数据管理局 (Government Services and Big Data Bureau). */
import { sql } from 'drizzle-orm';
import { date, index, integer, numeric, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';
import { timestamps } from './common.ts';

export const platform = pgSchema('platform');

/** The city, its districts, counties, county-level cities and functional zones (GB/T 2260 codes). */
export const counties = platform.table('counties', {
  code: text().primaryKey(),
  name: text().notNull(),
  kind: text().notNull(),
  sortOrder: integer().notNull(),
});

/** Departments of the city (codes such as `ndrc`); county departments use the same codes with a county scope. */
export const departments = platform.table('departments', {
  code: text().primaryKey(),
  name: text().notNull(),
  shortName: text().notNull(),
  description: text().notNull(),
});

/** The enterprise registry, keyed by the 18-character unified social credit code (GB 32100-2015). */
export const enterprises = platform.table(
  'enterprises',
  {
    creditCode: text().primaryKey(),
    name: text().notNull(),
    legalRepresentative: text().notNull(),
    contactPhone: text(),
    countyCode: text()
      .notNull()
      .references(() => counties.code),
    industryCode: text().notNull(),
    scale: text().notNull(),
    registeredCapital: numeric({ precision: 16, scale: 2, mode: 'number' }).notNull(),
    establishedOn: date().notNull(),
    address: text().notNull(),
    registeredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ...timestamps,
  },
  (t) => [
    index().on(t.countyCode, t.creditCode),
    index().on(t.industryCode, t.creditCode),
    index('enterprises_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
  ],
);
