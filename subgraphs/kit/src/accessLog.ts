/**
 * The personal-data access log (个人信息查阅记录): who read which record's personal fields unmasked, and when.
 *
 * A subgraph declares its personal fields once (`personalFields` in its definition: the graph field, the stored
 * value it shows, the record's key, county and owner). The stored value is a property of the record, or read from
 * another record the same request loads (a financing application shows its need's contact). The kit wraps those
 * fields: when a field returns the stored value verbatim (not masked by `mask.ts` or the resolver), the read is
 * collected for the request, unless the caller reads its own record (an enterprise its own matters, an applicant its
 * own application, a system the pushes it sent). After the response is computed, the collected reads are
 * written in one insert; if that insert fails, the response is replaced by a `SERVICE_UNAVAILABLE` error, so no
 * personal data leaves unrecorded. Administrators read the log of their county scope with
 * `<subgraph>PersonalDataAccesses`.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { Database } from '@qq/db/client';
import type { personalDataAccessTable } from '@qq/db/schema/common';
import { and, count, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { IRules } from 'graphql-shield';
import type { IMiddleware } from 'graphql-middleware';
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { CITY_CODE, type Principal } from './auth.ts';
import { BadUserInputError, ForbiddenError } from './errors.ts';
import { readPage, toConnection, type PageArgs } from './pagination.ts';
import { allow, isAdmin } from './rules.ts';

export type AccessLogTable = ReturnType<typeof personalDataAccessTable>;
type AccessRow = AccessLogTable['$inferSelect'];

/**
 * The stored value a personal field shows: the record's property of that name, or a function reading it (from a
 * related record, through the request's loaders); `undefined` when the record holds no personal data there.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PersonalValue<C = any> = string | ((record: Record<string, unknown>, ctx: C) => unknown);

/** How one type's personal fields are found on its records. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface PersonalFieldSpec<C = any> {
  /** Graph field → the stored value it shows (e.g. `contactPhone: 'contactPhone'`). */
  fields: Record<string, PersonalValue<C>>;
  /** The record's key in the log (its id, or a credit code). */
  key(record: Record<string, unknown>): string;
  /** The record's county (GB/T 2260); null for the city. */
  county(record: Record<string, unknown>): string | null;
  /** The credit code of the enterprise the record belongs to, when it has one: its own users are not logged. */
  enterprise?(record: Record<string, unknown>): string | null;
  /**
   * The subject of the person or system the record came from, when it has one (an applicant, the system that sent a
   * push): their own reads are not logged.
   */
  owner?(record: Record<string, unknown>): string | null;
}

/** The personal fields of a subgraph, by type name. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PersonalFields<C = any> = Record<string, PersonalFieldSpec<C>>;

interface Access {
  entityType: string;
  entityKey: string;
  field: string;
  countyCode: string | null;
}

/** The reads collected per request, keyed by the request's context object. */
const collected = new WeakMap<object, Map<string, Access>>();

function isOwn(principal: Principal, spec: PersonalFieldSpec, record: Record<string, unknown>): boolean {
  if ((principal.role === 'person' || principal.role === 'system') && principal.sub && spec.owner) {
    return spec.owner(record) === principal.sub;
  }
  if (principal.role !== 'enterprise' || !principal.enterprise || !spec.enterprise) return false;
  return spec.enterprise(record) === principal.enterprise;
}

/**
 * The middleware that collects unmasked reads of the declared fields. A resolver that answers synchronously is
 * followed synchronously (no promise per record of a long list).
 */
export function accessLogMiddleware(fields: PersonalFields): IMiddleware {
  const tree: Record<string, Record<string, unknown>> = {};
  for (const [type, spec] of Object.entries(fields)) {
    tree[type] = {};
    for (const [field, property] of Object.entries(spec.fields)) {
      const record = (value: string, parent: Record<string, unknown>, ctx: { principal: Principal }) => {
        if (!isOwn(ctx.principal, spec, parent)) {
          const access: Access = {
            entityType: type,
            entityKey: spec.key(parent),
            field,
            countyCode: spec.county(parent),
          };
          let reads = collected.get(ctx);
          if (!reads) collected.set(ctx, (reads = new Map()));
          reads.set(`${type}\u0000${access.entityKey}\u0000${field}`, access);
        }
        return value;
      };
      const collect = (value: unknown, parent: Record<string, unknown>, ctx: { principal: Principal }): unknown => {
        if (typeof value !== 'string' || value === '' || parent == null) return value;
        if (typeof property === 'string') return value === parent[property] ? record(value, parent, ctx) : value;
        const stored = property(parent, ctx);
        return typeof (stored as Promise<unknown> | null)?.then === 'function'
          ? (stored as Promise<unknown>).then((s) => (s === value ? record(value, parent, ctx) : value))
          : stored === value
            ? record(value, parent, ctx)
            : value;
      };
      tree[type][field] = (
        resolve: (p: unknown, a: unknown, c: unknown, i: GraphQLResolveInfo) => unknown,
        parent: Record<string, unknown>,
        args: unknown,
        ctx: { principal: Principal },
        info: GraphQLResolveInfo,
      ) => {
        const value = resolve(parent, args, ctx, info);
        return typeof (value as Promise<unknown> | null)?.then === 'function'
          ? (value as Promise<unknown>).then((v) => collect(v, parent, ctx))
          : collect(value, parent, ctx);
      };
    }
  }
  return tree as IMiddleware;
}

/** The reads collected so far in a request (tests and the plugin). */
export function collectedAccesses(ctx: object): Access[] {
  return [...(collected.get(ctx)?.values() ?? [])];
}

/**
 * Writes a request's collected reads in one insert once the response is computed. A failed insert withholds the
 * response: the caller gets `SERVICE_UNAVAILABLE` and no data, and the failure is logged.
 */
export function accessLogPlugin(
  db: Database,
  table: AccessLogTable,
): ApolloServerPlugin<{
  principal: Principal;
  requestId: string;
}> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const reads = collectedAccesses(contextValue);
          if (reads.length === 0) return;
          collected.delete(contextValue);
          const p = contextValue.principal;
          try {
            await db.insert(table).values(
              reads.map((r) => ({
                ...r,
                actorSub: p.sub ?? p.role,
                actorRole: p.role,
                actorDept: p.dept,
                actorCounty: p.county,
                requestId: contextValue.requestId,
              })),
            );
          } catch (error) {
            console.error(
              JSON.stringify({
                msg: 'personal data access log write failed; response withheld',
                requestId: contextValue.requestId,
                // The cause only: the failed statement's text would repeat the reader's identity.
                error:
                  error instanceof Error
                    ? String((error.cause as Error | undefined)?.message ?? error.name)
                    : 'unknown',
              }),
            );
            const withheld = new GraphQLError('Personal data could not be recorded as read; try again.', {
              extensions: { code: 'SERVICE_UNAVAILABLE' },
            });
            response.body = { kind: 'single', singleResult: { errors: [withheld.toJSON()] } };
            response.http.status = 503;
          }
        },
      };
    },
  };
}

/** The admin query of a subgraph's access log: `complaintsPersonalDataAccesses`. */
export const accessQueryName = (subgraph: string) => `${subgraph}PersonalDataAccesses`;

/** The SDL a subgraph adds for its access log (the shared types are identical in every subgraph). */
export function accessLogSdl(subgraph: string): string {
  return /* GraphQL */ `
  extend type Query {
    """
    The personal-data access log (个人信息查阅记录) of the ${subgraph} subgraph, newest first: who read which record's
    personal fields unmasked, and when. Administrators only, in their county scope (the county of the record read).
    """
    ${accessQueryName(subgraph)}(
      """
      Only reads matching this filter.
      """
      filter: PersonalDataAccessFilter
      """
      Page size (at most 100).
      """
      first: Int = 20
      """
      Cursor from a previous page's \`pageInfo.endCursor\`.
      """
      after: String
    ): PersonalDataAccessConnection!
  }

  """
  Narrows the personal-data access log.
  """
  input PersonalDataAccessFilter {
    """
    Only reads by this user (the token's subject).
    """
    actor: String
    """
    Only reads of records of this type (e.g. \`Matter\`).
    """
    entityType: String
    """
    Only reads of this record (its id or credit code); with \`entityType\`.
    """
    entityKey: String
  }

  """
  One read of a record's personal field (a contact's name or phone, an ID number…) shown unmasked.
  """
  type PersonalDataAccess @shareable {
    """
    \`<subgraph>:<row id>\`.
    """
    id: ID!
    """
    The subgraph that served it.
    """
    subgraph: String!
    """
    Who read it: the token's subject.
    """
    actor: String!
    """
    The reader's role.
    """
    actorRole: String!
    """
    The reader's department code, if any.
    """
    actorDepartment: String
    """
    The reader's county scope (GB/T 2260), if any.
    """
    actorCounty: String
    """
    The type of the record read (e.g. \`Matter\`).
    """
    entityType: String!
    """
    The record's key: its id or credit code.
    """
    entityKey: String!
    """
    The field read unmasked (e.g. \`contactPhone\`).
    """
    field: String!
    """
    County of the record read; null for the city.
    """
    countyCode: String
    """
    The request it was read in.
    """
    requestId: String!
    """
    When it was read.
    """
    at: String!
  }

  """
  A page of the personal-data access log.
  """
  type PersonalDataAccessConnection @shareable {
    """
    Reads matching the filter in the caller's scope.
    """
    totalCount: Int!
    """
    The reads of this page.
    """
    nodes: [PersonalDataAccess!]!
    """
    The reads of this page with their cursors.
    """
    edges: [PersonalDataAccessEdge!]!
    """
    Paging information.
    """
    pageInfo: PageInfo!
  }

  """
  A read with its cursor.
  """
  type PersonalDataAccessEdge @shareable {
    """
    Cursor of this read.
    """
    cursor: String!
    """
    The read.
    """
    node: PersonalDataAccess!
  }
`;
}

function scopeOf(principal: Principal, t: AccessLogTable): SQL | undefined {
  if (!principal.county || principal.county === CITY_CODE) return undefined;
  return eq(t.countyCode, principal.county);
}

function toGraph(subgraph: string, row: AccessRow) {
  return {
    id: `${subgraph}:${row.id}`,
    subgraph,
    actor: row.actorSub,
    actorRole: row.actorRole,
    actorDepartment: row.actorDept,
    actorCounty: row.actorCounty,
    entityType: row.entityType,
    entityKey: row.entityKey,
    field: row.field,
    countyCode: row.countyCode,
    requestId: row.requestId,
    at: row.at.toISOString(),
  };
}

function filterText(field: string, value: string | null | undefined): string | undefined {
  if (value == null) return undefined;
  if (value.length === 0 || value.length > 200)
    throw new BadUserInputError(`filter.${field}`, 'must be 1 to 200 characters');
  return value;
}

/** The resolver of a subgraph's access log query. */
export function accessLogResolvers(subgraph: string, db: Database, table: AccessLogTable) {
  const t = table;
  return {
    Query: {
      [accessQueryName(subgraph)]: async (
        _parent: unknown,
        args: PageArgs & {
          filter?: { actor?: string | null; entityType?: string | null; entityKey?: string | null } | null;
        },
        ctx: { principal: Principal },
      ) => {
        if (ctx.principal.role !== 'admin') throw new ForbiddenError('Only administrators read the access log.');
        const page = readPage(args, 1);
        const actor = filterText('actor', args.filter?.actor);
        const entityType = filterText('entityType', args.filter?.entityType);
        const entityKey = filterText('entityKey', args.filter?.entityKey);
        const where = and(
          scopeOf(ctx.principal, t),
          actor ? eq(t.actorSub, actor) : undefined,
          entityType ? eq(t.entityType, entityType) : undefined,
          entityKey ? eq(t.entityKey, entityKey) : undefined,
        );
        const after = page.after?.[0];
        if (after !== undefined && typeof after !== 'number') {
          throw new BadUserInputError('after', 'is not a cursor returned by this list');
        }
        const rows = await db
          .select()
          .from(t)
          .where(and(where, after === undefined ? undefined : lt(t.id, after)))
          .orderBy(desc(t.id))
          .limit(page.limit + 1);
        return toConnection(
          rows.map((r) => toGraph(subgraph, r)),
          page.limit,
          (r) => [Number(r.id.split(':')[1])],
          async () => (await db.select({ n: count() }).from(t).where(where))[0]?.n ?? 0,
        );
      },
    },
  };
}

/** Shield rules for the access log: administrators only (the resolver scopes the rows). */
export function accessLogRules(subgraph: string): IRules {
  return {
    Query: { [accessQueryName(subgraph)]: isAdmin },
    PersonalDataAccess: allow,
    PersonalDataAccessConnection: allow,
    PersonalDataAccessEdge: allow,
  } as IRules;
}
