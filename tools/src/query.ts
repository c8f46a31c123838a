/**
 * `pnpm query FILE.graphql [--variables JSON] [--format csv|json]`: runs a saved operation (such as those of
 * `schema/operations/analyst/`) through the gateway with a token and writes the result; with `--format csv`,
 * connections and lists flattened into rows (see `query-run.ts`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CITY_CODE, ROLES, signDevToken, type Claims } from '@qq/kit';
import { rowsOfData, runQuery, toCsv } from './query-run.ts';

const HELP = `Usage: pnpm query FILE.graphql [options]

  --variables JSON   the operation's variables, e.g. '{"month":"2026-10"}'
  --format csv|json  csv: connections and lists flattened into rows (default json: the data as returned)
  --out FILE         write to FILE instead of standard output
  --operation NAME   the operation to run when the file has several
  --all              follow the first connection's pages (the operation takes $after)
  --url URL          the gateway (default QUERY_URL or http://127.0.0.1:$PORT/graphql)
  --token TOKEN      bearer token (default QUERY_TOKEN; otherwise a development token of --role)
  --role ROLE        role of the development token (default analyst): ${ROLES.join(' | ')}
  --dept, --county   claims of the development token (staff)

Saved analyst operations: schema/operations/analyst/.`;

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      variables: { type: 'string' },
      format: { type: 'string', default: 'json' },
      out: { type: 'string' },
      operation: { type: 'string' },
      all: { type: 'boolean', default: false },
      url: { type: 'string' },
      token: { type: 'string' },
      role: { type: 'string', default: 'analyst' },
      dept: { type: 'string' },
      county: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const file = positionals[0];
  if (values.help || !file) {
    console.log(HELP);
    process.exit(values.help ? 0 : 1);
  }
  if (values.format !== 'csv' && values.format !== 'json') throw new Error('--format must be csv or json');
  const variables = values.variables ? (JSON.parse(values.variables) as Record<string, unknown>) : undefined;
  process.env.NODE_ENV ??= 'development';
  const token =
    values.token ??
    process.env.QUERY_TOKEN ??
    (await signDevToken({
      sub: `${values.role}-query`,
      role: values.role as Claims['role'],
      ...(values.dept ? { dept: values.dept as Claims['dept'] } : {}),
      county: values.county ?? CITY_CODE,
    } as Claims));
  const result = await runQuery({
    url: values.url ?? process.env.QUERY_URL ?? `http://127.0.0.1:${process.env.PORT ?? 4000}/graphql`,
    token,
    document: readFileSync(file, 'utf8'),
    variables,
    operationName: values.operation,
    all: values.all,
  });
  for (const e of result.errors) console.error(`${e.extensions?.code ?? 'ERROR'}: ${e.message}`);
  if (result.data) {
    const text = values.format === 'csv' ? toCsv(rowsOfData(result.data)) : JSON.stringify(result.data, null, 2) + '\n';
    if (values.out) writeFileSync(values.out, text);
    else process.stdout.write(text);
  }
  process.exit(result.errors.length ? 1 : 0);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
