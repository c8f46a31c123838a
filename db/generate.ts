/**
 * Regenerates the migrations of every department schema with drizzle-kit: one folder and one journal per schema, so
 * each department evolves its tables on its own. Run with `pnpm db:generate`; commit the result.
 */
import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCHEMAS } from './src/schemas.ts';

const here = dirname(fileURLToPath(import.meta.url));
// `pnpm db:generate <name> [schema…]`: the migration's name, then optionally which schemas to regenerate.
const [migrationName = 'change', ...only] = process.argv.slice(2);
for (const name of SCHEMAS) {
  if (only.length && !only.includes(name)) continue;
  execFileSync(
    'pnpm',
    [
      'exec',
      'drizzle-kit',
      'generate',
      '--dialect=postgresql',
      '--casing=snake_case',
      `--schema=./src/schema/${name}.ts`,
      `--out=./migrations/${name}`,
      `--name=${migrationName}`,
    ],
    { cwd: here, stdio: 'inherit' },
  );
}
