# One image for the gateway and every subgraph; the command chooses the service (see deploy/k8s/).
#   docker build -t qinqing-graph .
#   docker run -e JWT_JWKS_FILE=… -p 4000:4000 qinqing-graph                                   # the gateway
#   docker run -e DATABASE_URL=… -e MIGRATE=false qinqing-graph node --import tsx subgraphs/policies/src/main.ts
# TypeScript runs through tsx (a runtime dependency); no compiler, test runner or linter is in the image.

FROM node:24-bookworm-slim AS build
ENV CI=true
RUN npm install --global --no-audit --no-fund pnpm@10.34.8
WORKDIR /app
# Manifests first: the dependency layer is rebuilt only when they change.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY patches/ patches/
COPY db/package.json db/
COPY gateway/package.json gateway/
COPY schema/package.json schema/
COPY tools/package.json tools/
COPY subgraphs/kit/package.json subgraphs/kit/
COPY subgraphs/platform/package.json subgraphs/platform/
COPY subgraphs/policies/package.json subgraphs/policies/
COPY subgraphs/complaints/package.json subgraphs/complaints/
COPY subgraphs/commerce/package.json subgraphs/commerce/
COPY subgraphs/talent/package.json subgraphs/talent/
COPY subgraphs/statistics/package.json subgraphs/statistics/
# Production dependencies only: no vitest, eslint, prettier, typescript or drizzle-kit.
RUN pnpm install --frozen-lockfile --prod
COPY . .

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
COPY --from=build --chown=root:root /app /app
# The image's files belong to root and are read-only for the service, which runs as the unprivileged `node` user.
USER node
EXPOSE 4000
CMD ["node", "--import", "tsx", "gateway/src/main.ts"]
