/**
 * GraphiQL served from the project's own files (the UMD builds of graphiql and React in node_modules): no CDN is
 * reachable from these machines, nor from many government networks.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Route } from '@qq/kit';

const require = createRequire(import.meta.url);
const pkg = (name: string, file: string) => join(dirname(require.resolve(`${name}/package.json`)), file);

const ASSETS: Record<string, { file: string; type: string }> = {
  '/graphiql/react.js': { file: pkg('react', 'umd/react.production.min.js'), type: 'text/javascript' },
  '/graphiql/react-dom.js': { file: pkg('react-dom', 'umd/react-dom.production.min.js'), type: 'text/javascript' },
  '/graphiql/graphiql.js': { file: pkg('graphiql', 'graphiql.min.js'), type: 'text/javascript' },
  '/graphiql/graphiql.css': { file: pkg('graphiql', 'graphiql.min.css'), type: 'text/css' },
};

const EXAMPLE = `# 亲清政商关系信息化平台 · GraphQL
# Public data needs no token. For more, open Headers below and paste
#   {"Authorization": "Bearer <token>"}
# with a token printed by \`pnpm start\` or made by \`pnpm token --help\`.
query CountyOverview {
  counties {
    code
    name
    enterpriseCount
    publishedOpportunityCount
    openPositionCount
    aboveScaleEnterpriseCount
  }
  policies(first: 5) {
    totalCount
    nodes { title documentNumber department { shortName } }
  }
}
`;

function page(endpoint: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GraphiQL · 亲清平台</title>
<link rel="stylesheet" href="/graphiql/graphiql.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="/graphiql/react.js"></script>
<script src="/graphiql/react-dom.js"></script>
<script src="/graphiql/graphiql.js"></script>
<script>
  const fetcher = GraphiQL.createFetcher({ url: ${JSON.stringify(endpoint)} });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher, defaultQuery: ${JSON.stringify(EXAMPLE)}, defaultEditorToolsVisibility: true }),
  );
</script>
</body>
</html>`;
}

const cache = new Map<string, Buffer>();

export function graphiqlRoute(endpoint = '/graphql'): Route {
  return (req, res, url) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (url.pathname === '/' || url.pathname === '/graphiql' || url.pathname === '/graphiql/') {
      const html = page(endpoint);
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy':
          "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'",
        'x-frame-options': 'DENY',
      });
      res.end(html);
      return true;
    }
    const asset = ASSETS[url.pathname];
    if (!asset) return false;
    let body = cache.get(asset.file);
    if (!body) {
      body = readFileSync(asset.file);
      cache.set(asset.file, body);
    }
    res.writeHead(200, { 'content-type': `${asset.type}; charset=utf-8`, 'cache-control': 'public, max-age=86400' });
    res.end(body);
    return true;
  };
}
