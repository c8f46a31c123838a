/**
 * The scale-out files (docker cannot run here): the image is multi-stage, non-root, without dev dependencies, and its
 * start command exists; every subgraph and the gateway have a Deployment, a Service and an autoscaler, ready on
 * /health, whose command names an existing entry point; a connection pooler stands in front of PostgreSQL.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SUBGRAPHS } from '@qq/schema';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const exists = (path: string) => existsSync(new URL(path, root));

/** The entry point of `command: [node, --import, tsx, <file>]` or of the image's CMD. */
function entryOf(text: string): string | undefined {
  return /(?:command: \[node, --import, tsx, |CMD \["node", "--import", "tsx", ")([\w/.-]+\.ts)/.exec(text)?.[1];
}

describe('container image', () => {
  const dockerfile = read('Dockerfile');

  it('is built in stages, installs production dependencies only and runs as a user without privileges', () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/pnpm install --frozen-lockfile --prod/);
    expect(dockerfile).toMatch(/^USER node$/m);
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    // The runtime needs tsx; everything else of the root is for development.
    expect(Object.keys(pkg.dependencies)).toEqual(['tsx']);
  });

  it('copies the manifest of every workspace package before installing', () => {
    for (const dir of [
      'db',
      'gateway',
      'schema',
      'tools',
      'subgraphs/kit',
      ...SUBGRAPHS.map((s) => `subgraphs/${s.name}`),
    ]) {
      expect(exists(`${dir}/package.json`)).toBe(true);
      expect(dockerfile).toContain(`COPY ${dir}/package.json ${dir}/`);
    }
  });

  it('starts the gateway by default, from a file that exists', () => {
    const entry = entryOf(dockerfile);
    expect(entry).toBe('gateway/src/main.ts');
    expect(exists(entry!)).toBe(true);
  });
});

describe('Kubernetes manifests', () => {
  const kustomization = read('deploy/k8s/kustomization.yaml');

  it.each([...SUBGRAPHS.map((s) => [s.name, `subgraphs/${s.name}/src/main.ts`]), ['gateway', 'gateway/src/main.ts']])(
    '%s: Deployment, Service and autoscaler, ready on /health, starting an existing entry point',
    (name, main) => {
      const file = `deploy/k8s/${name}.yaml`;
      expect(exists(file)).toBe(true);
      const text = read(file);
      for (const kind of ['Deployment', 'Service', 'HorizontalPodAutoscaler'])
        expect(text).toMatch(new RegExp(`^kind: ${kind}$`, 'm'));
      expect(text).toMatch(/readinessProbe:\s+httpGet: \{ path: \/health, port: http \}/);
      expect(text).toMatch(/runAsNonRoot: true/);
      expect(entryOf(text)).toBe(main);
      expect(exists(main!)).toBe(true);
      expect(kustomization).toContain(`- ${name}.yaml`);
    },
  );

  it('routes the gateway to every subgraph Service', () => {
    const text = read('deploy/k8s/gateway.yaml');
    for (const s of SUBGRAPHS) expect(text).toContain(`"${s.name}":"http://${s.name}:${s.port}/graphql"`);
  });

  it('puts PgBouncer in front of PostgreSQL and migrates with the owner in a Job', () => {
    const pooler = read('deploy/k8s/pgbouncer.yaml');
    expect(pooler).toMatch(/pool_mode = transaction/);
    expect(pooler).toMatch(/^kind: Service$/m);
    const job = read('deploy/k8s/migrate-job.yaml');
    expect(entryOf(job)).toBe('tools/src/migrate.ts');
    expect(exists('tools/src/migrate.ts')).toBe(true);
    for (const s of SUBGRAPHS) expect(read(`deploy/k8s/${s.name}.yaml`)).toMatch(/name: MIGRATE\s+value: 'false'/);
  });
});
