# The api: compiled TypeScript on Node 20, production dependencies only, non-root (uid 10001),
# works with a read-only root filesystem. Ports: 8080 (API, /healthz, /readyz), 9464 (/metrics).

FROM node:20.19.5-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY web/package.json web/
RUN npm ci --workspaces=false --include-workspace-root --ignore-scripts --no-audit --no-fund
COPY src/ src/
RUN npm run build \
 && npm prune --omit=dev --workspaces=false --include-workspace-root --ignore-scripts --no-audit --no-fund

FROM node:20.19.5-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
USER 10001:10001
EXPOSE 8080 9464
STOPSIGNAL SIGTERM
CMD ["node", "dist/server.js"]
