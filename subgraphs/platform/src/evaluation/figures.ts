/**
 * Reading the departments' monthly figures through the gateway as the Big Data Bureau's system client: one GraphQL
 * request per month for every unit and module a report needs (never another schema's tables).
 *
 * Configuration: `EVALUATION_GRAPH_URL` (default the local gateway, `http://127.0.0.1:$PORT/graphql`) and
 * `EVALUATION_GRAPH_TOKEN` (a token of a `system` client of `bigdata` issued by the identity provider; without it
 * one is signed with `JWT_SECRET`, as in development). Both are read at each use.
 */
import { CITY_CODE, CodedError, signDevToken } from '@qq/kit';
import { catalogFigure, FIGURE_CATALOG, type UnitKind } from './catalog.ts';
import type { Unit, UnitFigures } from './engine.ts';

/** What a report asks: for each month, the figure paths its measures read. */
export type FigureRequest = Array<{ month: string; paths: string[] }>;

export interface FigureReading {
  units: Record<UnitKind, Unit[]>;
  /** Modules the graph does not have (only when reading tolerantly, see `read`). */
  missing: string[];
  /** By month, kind and unit code. */
  figures: Record<string, Record<UnitKind, Record<string, UnitFigures>>>;
  readAt: Date;
  source: string;
}

export interface FigureSource {
  /**
   * Reads the figures. With `tolerant`, a module the graph does not have (a `…Figures` field it cannot query) is left
   * out and named in `missing`; otherwise any error fails the reading.
   */
  read(request: FigureRequest, options?: { tolerant?: boolean }): Promise<FigureReading>;
}

interface GraphError {
  message: string;
  path?: Array<string | number>;
  extensions?: { code?: string };
}

/** The query of one month: the units with the `…Figures` selections the paths need (no aliases). */
export function figureQuery(month: string, paths: readonly string[]): string {
  const byModule = new Map<string, Set<string>>();
  for (const path of paths) {
    const found = catalogFigure(path);
    if (!found) throw new Error(`unknown figure ${path}`);
    const set = byModule.get(found.module.field) ?? new Set<string>();
    set.add(found.name);
    byModule.set(found.module.field, set);
  }
  const selections = [...byModule].map(([field, names]) => {
    const module = FIGURE_CATALOG.find((m) => m.field === field)!;
    // Modules without a month (current states) are read as of now.
    const args = module.monthly ? `(month: "${month}")` : '';
    return `${field}${args} { ${[...names].sort().join(' ')} }`;
  });
  const body = selections.join(' ');
  return `query EvaluationFigures { departments { code shortName ${body} } counties { code name kind ${body} } }`;
}

interface GraphUnit {
  code: string;
  name?: string;
  shortName?: string;
  kind?: string;
  [field: string]: unknown;
}

type GraphBody = { data?: { departments?: GraphUnit[]; counties?: GraphUnit[] } | null; errors?: GraphError[] };

/** Figures from the graph at `url` with the bearer token `token()`: one request per month. */
export function graphFigureSource(options: {
  url: string;
  token: () => Promise<string>;
  fetch?: typeof fetch;
}): FigureSource {
  const doFetch = options.fetch ?? fetch;
  const ask = async (query: string): Promise<{ departments: GraphUnit[]; counties: GraphUnit[] } | GraphError[]> => {
    let body: GraphBody;
    try {
      const res = await doFetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await options.token()}` },
        body: JSON.stringify({ query }),
      });
      body = (await res.json()) as GraphBody;
    } catch (error) {
      throw unavailable(`the graph did not answer (${(error as Error).message})`);
    }
    if (body.errors?.some((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED')) return body.errors;
    if (body.errors?.length || !body.data?.departments || !body.data.counties) {
      const first = body.errors?.[0];
      throw unavailable(first ? `${first.message}${first.path ? ` at ${first.path.join('.')}` : ''}` : 'no data');
    }
    return { departments: body.data.departments, counties: body.data.counties };
  };
  return {
    async read(request, readOptions = {}) {
      const readAt = new Date();
      const figures: FigureReading['figures'] = {};
      const missing = new Set<string>();
      let units: FigureReading['units'] = { DEPARTMENT: [], COUNTY: [] };
      for (const { month, paths: asked } of request) {
        let paths = asked.filter((p) => !missing.has(p.split('.')[0]!));
        let data = await ask(figureQuery(month, paths));
        while (Array.isArray(data)) {
          const errors = data;
          const absent = FIGURE_CATALOG.map((m) => m.field).filter((field) =>
            errors.some((e) => e.message.includes(`Cannot query field "${field}"`)),
          );
          if (!readOptions.tolerant || absent.length === 0) throw unavailable(errors[0]!.message);
          for (const field of absent) missing.add(field);
          paths = paths.filter((p) => !missing.has(p.split('.')[0]!));
          data = await ask(figureQuery(month, paths));
        }
        const departments = data.departments;
        const counties = data.counties.filter((c) => c.kind !== 'CITY' && c.code !== CITY_CODE);
        const of = (u: GraphUnit): UnitFigures => {
          const out: UnitFigures = {};
          for (const path of paths) {
            const found = catalogFigure(path)!;
            const value = (u[found.module.field] as Record<string, unknown> | null | undefined)?.[found.name];
            out[path] = typeof value === 'number' ? value : null;
          }
          return out;
        };
        figures[month] = {
          DEPARTMENT: Object.fromEntries(departments.map((d) => [d.code, of(d)])),
          COUNTY: Object.fromEntries(counties.map((c) => [c.code, of(c)])),
        };
        units = {
          DEPARTMENT: departments.map((d) => ({ code: d.code, name: d.shortName ?? d.code })),
          COUNTY: counties.map((c) => ({ code: c.code, name: c.name ?? c.code })),
        };
      }
      return { units, figures, missing: [...missing].sort(), readAt, source: options.url };
    },
  };
}

function unavailable(detail: string): CodedError {
  return new CodedError(
    'SERVICE_UNAVAILABLE',
    `The departments' figures could not be read through the graph (考核数据读取失败): ${detail}`,
    { service: 'figures' },
  );
}

/** The source as the running platform configures it (see the file's comment). */
export function figureSourceFromEnv(env: NodeJS.ProcessEnv = process.env): FigureSource {
  return {
    read: (request, readOptions) => {
      const url = env.EVALUATION_GRAPH_URL ?? `http://127.0.0.1:${env.PORT ?? 4000}/graphql`;
      const token = env.EVALUATION_GRAPH_TOKEN
        ? () => Promise.resolve(env.EVALUATION_GRAPH_TOKEN!)
        : () => signDevToken({ sub: 'bigdata-evaluation', role: 'system', dept: 'bigdata', county: CITY_CODE });
      return graphFigureSource({ url, token }).read(request, readOptions);
    },
  };
}
