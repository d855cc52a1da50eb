# The api: TypeScript compiled on Node 24 and run with production dependencies only (no npm, no
# compiler, no dev packages), as uid 10001, working with a read-only root filesystem.
# Ports: 8080 (API, /healthz, /readyz), 9464 (/metrics).
# Bases are pinned by version; to pin harder, add the digest after the tag
# (`node:24.22.3-bookworm-slim@sha256:<digest>`, printed by `docker buildx imagetools inspect`).

FROM node:24.22.3-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY web/package.json web/
RUN npm ci --omit=dev --workspaces=false --include-workspace-root --ignore-scripts --no-audit --no-fund

FROM node:24.22.3-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
# Only the compiler, at the lock file's version. Types are checked by `npm run typecheck` in CI; the
# image only transpiles (`--noCheck`, `--types null`), so no @types or other dev packages come in.
RUN npm install --prefix /opt/tsc --no-audit --no-fund --ignore-scripts \
      "typescript@$(node -p "require('./package-lock.json').packages['node_modules/typescript'].version")"
COPY src/ src/
RUN /opt/tsc/node_modules/.bin/tsc -p tsconfig.build.json --noCheck --types null \
 && cp src/auth/common-passwords.txt dist/auth/common-passwords.txt

FROM node:24.22.3-bookworm-slim
# npm, npx, corepack and yarn ship with the base image; the api never runs them.
RUN rm -rf /usr/local/lib/node_modules /usr/local/bin/npm /usr/local/bin/npx \
      /usr/local/bin/corepack /usr/local/bin/yarn /usr/local/bin/yarnpkg /opt/yarn-*
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps --chown=root:root /app/package.json ./
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
ARG VERSION=dev
ARG REVISION=unknown
ARG SOURCE=https://github.com/judix/judix
LABEL org.opencontainers.image.title="judix-api" \
      org.opencontainers.image.description="Judix task management API" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="Apache-2.0"
USER 10001:10001
EXPOSE 8080 9464
STOPSIGNAL SIGTERM
CMD ["node", "dist/server.js"]
