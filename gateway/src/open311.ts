/**
 * An Open311 GeoReport v2 read view of public, anonymised matters (诉求与投诉), so that existing civic-tech clients can
 * read them: `GET /open311/v2/services.json`, `GET /open311/v2/requests.json` and `GET /open311/v2/requests/{id}.json`,
 * JSON only. The route is a thin adapter: it asks the graph for `publicMatterServices` and `publicMatters` (the
 * complaints subgraph decides what is public: no enterprise, no contact, no free text) as an anonymous caller, and
 * renames the fields to the specification's. Posting requests is not offered (matters are raised by signed-in
 * enterprises). Parameters of `requests.json`: `service_request_id` (comma-separated, overrides the others),
 * `service_code` (comma-separated categories), `status` (`open`, `closed`, or both), `start_date` / `end_date` (W3C
 * date-times on `requested_datetime`, at most 90 days apart; default the last 90 days), `jurisdiction_id` (accepted and
 * ignored: one jurisdiction). At most 1,000 requests, newest first. Errors are the specification's list of
 * `{ code, description }` with the HTTP status of the same code.
 */
import type { ServerResponse } from 'node:http';
import type { Route } from '@qq/kit';
import { GraphQLError } from 'graphql';

/** Runs a GraphQL operation through the gateway as an anonymous caller. */
export type AnonymousRunner = (
  query: string,
  variables: Record<string, unknown>,
) => Promise<{
  data?: Record<string, unknown> | null;
  errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>;
}>;

export const OPEN311_PREFIX = '/open311/v2/';
const MAX_DAYS = 90;
const DAY_MS = 86_400_000;
const MAX_REQUESTS = 1000;

const SERVICES = `{ publicMatterServices { code name description } }`;
const REQUESTS = `query($f: PublicMatterFilter, $n: Int) { publicMatters(filter: $f, first: $n) {
  referenceNo category categoryName summary open statusNote agency address submittedAt updatedAt expectedAt
  county { code } } }`;

interface PublicMatter {
  referenceNo: string;
  category: string;
  categoryName: string;
  summary: string;
  open: boolean;
  statusNote: string;
  agency: string;
  address: string;
  submittedAt: string;
  updatedAt: string;
  expectedAt: string | null;
  county: { code: string };
}

class Open311Error extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    // Read by browsers of any site: the data is public.
    'access-control-allow-origin': '*',
    ...headers,
  });
  res.end(text);
}

/** An instant in China Standard Time with its offset, as the specification's examples write them. */
function w3c(iso: string | null): string | null {
  if (!iso) return null;
  return `${new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

function dateParam(params: URLSearchParams, name: string): Date | null {
  const value = params.get(name);
  if (value === null || value === '') return null;
  if (!W3C_DATETIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw new Open311Error(400, `${name} must be a W3C date-time, such as 2026-11-01T00:00:00+08:00`);
  }
  return new Date(value);
}

function listParam(params: URLSearchParams, name: string): string[] {
  return params
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** The filter of `requests.json` from its parameters; 400 for a bad one. */
function requestFilter(params: URLSearchParams, services: readonly string[], now: Date) {
  const ids = listParam(params, 'service_request_id');
  if (ids.length > 0) {
    if (ids.length > 100) throw new Open311Error(400, 'service_request_id: at most 100 ids');
    return { referenceNos: ids.map((id) => id.toUpperCase()) };
  }
  const codes = listParam(params, 'service_code');
  const unknown = codes.find((c) => !services.includes(c));
  if (unknown) throw new Open311Error(400, `service_code: ${unknown} is not a service (see services.json)`);
  const statuses = listParam(params, 'status').map((s) => s.toLowerCase());
  const badStatus = statuses.find((s) => s !== 'open' && s !== 'closed');
  if (badStatus) throw new Open311Error(400, `status: ${badStatus} is not open or closed`);
  const wanted = new Set(statuses);
  let start = dateParam(params, 'start_date');
  let end = dateParam(params, 'end_date');
  if (!start && !end) end = now;
  if (!start) start = new Date(end!.getTime() - MAX_DAYS * DAY_MS);
  if (!end) end = new Date(start.getTime() + MAX_DAYS * DAY_MS);
  if (start > end) throw new Open311Error(400, 'end_date must not be before start_date');
  if (end.getTime() - start.getTime() > MAX_DAYS * DAY_MS) {
    throw new Open311Error(400, `start_date and end_date may not span more than ${MAX_DAYS} days`);
  }
  return {
    categories: codes.length ? codes : null,
    open: wanted.size === 1 ? wanted.has('open') : null,
    submittedFrom: start.toISOString(),
    submittedTo: end.toISOString(),
  };
}

function toRequest(m: PublicMatter) {
  return {
    service_request_id: m.referenceNo,
    status: m.open ? 'open' : 'closed',
    status_notes: m.statusNote,
    service_name: m.categoryName,
    service_code: m.category,
    description: m.summary,
    agency_responsible: m.agency,
    service_notice: null,
    requested_datetime: w3c(m.submittedAt),
    updated_datetime: w3c(m.updatedAt),
    expected_datetime: w3c(m.expectedAt),
    address: m.address,
    address_id: m.county.code,
  };
}

export interface Open311Options {
  /** Runs the graph's public queries as an anonymous caller. */
  run: AnonymousRunner;
  /** The gateway's rate limit for an anonymous caller of this connection (throws a coded GraphQLError to refuse). */
  admit?: (req: Parameters<Route>[0]) => Promise<void>;
  /** The instant the default date range ends at (tests); default: now. */
  now?: () => Date;
}

export function open311Route(options: Open311Options): Route {
  const query = async <T>(q: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const result = await options.run(q, variables);
    const error = result.errors?.[0];
    if (error) {
      const code = error.extensions?.code;
      if (code === 'BAD_USER_INPUT') throw new Open311Error(400, error.message);
      throw new Open311Error(500, 'The matters could not be read.');
    }
    return result.data as T;
  };
  const serviceCodes = async () =>
    (await query<{ publicMatterServices: Array<{ code: string }> }>(SERVICES)).publicMatterServices.map((s) => s.code);

  return async (req, res, url) => {
    if (!url.pathname.startsWith(OPEN311_PREFIX)) return false;
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        throw new Open311Error(405, 'This Open311 endpoint is read-only: use GET.', { allow: 'GET, HEAD' });
      }
      try {
        await options.admit?.(req);
      } catch (error) {
        if (error instanceof GraphQLError) {
          const http = error.extensions.http as { status?: number; headers?: Record<string, string> } | undefined;
          throw new Open311Error(http?.status ?? 429, error.message, http?.headers ?? {});
        }
        throw error;
      }
      const path = url.pathname.slice(OPEN311_PREFIX.length);
      if (/\.xml$/i.test(path)) throw new Open311Error(400, 'Only the JSON format is served: use .json.');
      const headers = { 'cache-control': 'public, max-age=60' };
      if (path === 'services.json') {
        const { publicMatterServices } = await query<{
          publicMatterServices: Array<{ code: string; name: string; description: string }>;
        }>(SERVICES);
        send(
          res,
          200,
          publicMatterServices.map((s) => ({
            service_code: s.code,
            service_name: s.name,
            description: s.description,
            metadata: false,
            type: 'realtime',
            keywords: '诉求,投诉,营商环境',
            group: '营商环境',
          })),
          headers,
        );
        return true;
      }
      if (path === 'requests.json') {
        const filter = requestFilter(url.searchParams, await serviceCodes(), options.now?.() ?? new Date());
        const { publicMatters } = await query<{ publicMatters: PublicMatter[] }>(REQUESTS, {
          f: filter,
          n: MAX_REQUESTS,
        });
        send(res, 200, publicMatters.map(toRequest), headers);
        return true;
      }
      const one = /^requests\/([^/]+)\.json$/.exec(path);
      if (one) {
        const id = decodeURIComponent(one[1]!).toUpperCase();
        if (!/^(TS|SQ)-\d{8}-\d{4,}$/.test(id)) throw new Open311Error(404, `No service request ${id}.`);
        const { publicMatters } = await query<{ publicMatters: PublicMatter[] }>(REQUESTS, {
          f: { referenceNos: [id] },
          n: 1,
        });
        if (publicMatters.length === 0) throw new Open311Error(404, `No service request ${id}.`);
        send(res, 200, publicMatters.map(toRequest), headers);
        return true;
      }
      throw new Open311Error(
        404,
        'Not an Open311 GeoReport v2 resource: services.json, requests.json, requests/{id}.json.',
      );
    } catch (error) {
      if (error instanceof Open311Error) {
        send(res, error.status, [{ code: error.status, description: error.message }], error.headers);
        return true;
      }
      throw error;
    }
  };
}
