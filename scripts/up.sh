#!/usr/bin/env bash
# One command from a fresh clone to a running system (README quick start):
# .env, local PostgreSQL + Redis, dependencies (only when the lockfile changed), build (only when
# the sources changed), database + migrations, demo seed, then API and worker in the background.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .run

[ -f .env ] || { cp .env.example .env; echo "created .env from .env.example"; }
# The three settings this script needs (the processes read the whole .env themselves).
env_value() { grep -E "^$1=" .env | tail -n 1 | cut -d= -f2- | sed -e 's/^"//' -e 's/"$//'; }
DATABASE_URL=${DATABASE_URL:-$(env_value DATABASE_URL)}
REDIS_URL=${REDIS_URL:-$(env_value REDIS_URL)}
PORT=${PORT:-$(env_value PORT)}

case "$DATABASE_URL$REDIS_URL" in
  *127.0.0.1*|*localhost*) bash scripts/services.sh ;;
esac

stamp() { cat "$@" 2>/dev/null | sha256sum | cut -c1-16; }

lock_hash=$(stamp package-lock.json)
if [ ! -d node_modules ] || [ "$(cat node_modules/.lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  echo "installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
  echo "$lock_hash" > node_modules/.lock-hash
fi

src_hash=$(find src migrations tsconfig*.json -type f | sort | xargs cat | sha256sum | cut -c1-16)
if [ ! -f dist/main.js ] || [ "$(cat dist/.src-hash 2>/dev/null)" != "$src_hash" ]; then
  echo "building"
  rm -rf dist
  npm run --silent build
  echo "$src_hash" > dist/.src-hash
fi

web_hash=$(find web/src web/index.html web/public web/vite.config.ts client -type f | sort | xargs cat | sha256sum | cut -c1-16)
if [ ! -f web/dist/index.html ] || [ "$(cat web/dist/.src-hash 2>/dev/null)" != "$web_hash" ]; then
  echo "building the portal"
  npm run --silent web:build > .run/web-build.log
  echo "$web_hash" > web/dist/.src-hash
fi

node scripts/db-create.js
npx typeorm migration:run -d dist/database/data-source.js > .run/migrations.log
echo "migrations applied ($(grep -c 'has been executed successfully' .run/migrations.log || true) new)"
node dist/database/seed.js

bash scripts/down.sh --quiet
MALLOC_ARENA_MAX=2 nohup node --max-old-space-size=96 --max-semi-space-size=4 dist/main.js > .run/api.log 2>&1 &
echo $! > .run/api.pid
nohup node --max-old-space-size=160 dist/worker.js > .run/worker.log 2>&1 &
echo $! > .run/worker.pid

url="http://localhost:${PORT:-3000}"
for _ in $(seq 1 60); do
  if curl -fs "$url/health/ready" > /dev/null 2>&1; then
    cat <<EOT

Running (logs in .run/api.log and .run/worker.log; stop with: npm run down)
  API          $url/api/v1
  Swagger UI   $url/docs          OpenAPI: $url/docs/openapi.json
  Health       $url/health/ready  Metrics: $url/metrics
  Queues       $url/admin/queues  (an admin's e-mail and password)
EOT
    exit 0
  fi
  if ! kill -0 "$(cat .run/api.pid)" 2>/dev/null; then break; fi
  sleep 0.5
done
echo "the API did not become ready; last lines of .run/api.log:" >&2
tail -n 20 .run/api.log >&2
exit 1
