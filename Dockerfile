# One image for both processes: `node --max-old-space-size=96 --max-semi-space-size=4 dist/main.js`
# (API) and `node --max-old-space-size=160 dist/worker.js` (worker). The heap caps keep RSS within
# SPEC §6 and issue 14 (V8 otherwise grows the heap lazily to hundreds of MB on a large machine;
# see README, Performance). The API also runs with MALLOC_ARENA_MAX=2 (docker-compose.yml sets it
# on the api service): glibc's per-thread malloc arenas otherwise keep ~5 MB more resident.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig*.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
COPY web ./web
COPY client ./client
COPY scripts/web-budget.ts ./scripts/web-budget.ts
RUN npm run build && npm run web:build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
COPY data ./data
COPY package.json ./
COPY scripts/db-create.js ./scripts/db-create.js
# Owned by node, so the named volumes docker-compose.yml mounts here (exports, attachments
# shared by the replicas) start writable for it.
RUN mkdir -p var/exports var/documents && chown -R node:node var
USER node
EXPOSE 3000
CMD ["node", "--max-old-space-size=96", "--max-semi-space-size=4", "dist/main.js"]
