# RightsDesk container: build with dev dependencies, run with production ones only.
# Expects DATABASE_URL (without it the app would run an embedded PostgreSQL inside
# the container, whose data is lost with it). See .env.example for every variable.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
# postinstall runs `npm run db:generate`, which writes the Prisma client into src/db/generated.
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY config ./config
RUN npm run db:generate && npm run build && npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 LOG_FORMAT=json
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# schema.prisma and migrations/: applied at start (MIGRATE_ON_START) or by `node dist/cli.js db:migrate`.
COPY --from=build /app/prisma ./prisma
# The sample data map (DATA_MAP_FILE may name it, or a map of the business's own mounted here).
COPY --from=build /app/config ./config
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Heap bounds as in `npm start` (README, "Memory"): V8 otherwise grows its heap lazily far past what the server needs.
CMD ["node", "--max-old-space-size=160", "--max-semi-space-size=4", "dist/server.js"]
