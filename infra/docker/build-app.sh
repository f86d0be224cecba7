#!/bin/sh
# Assembles one app's production folder: the app, the workspace packages it depends on, their
# production dependencies and the app's generated Prisma client, laid out like the repository
# (apps/<app>, packages/*) so Node runs the TypeScript sources as it does in development.
#
#   infra/docker/build-app.sh <app> <out-dir>        e.g. order-service /out
#
# The image's build stage runs exactly this (infra/docker/Dockerfile); infra/test runs it too
# and starts the app from the result. Needs pnpm and turbo on PATH (TURBO may name turbo).
set -eu

app=${1:?usage: build-app.sh <app> <out-dir>}
out=${2:?usage: build-app.sh <app> <out-dir>}
repo=$(cd "$(dirname "$0")/../.." && pwd)
turbo=${TURBO:-turbo}

if [ ! -f "$repo/apps/$app/package.json" ]; then
  echo "build-app.sh: no app '$app' under apps/" >&2
  exit 2
fi
if [ -e "$out" ] && [ -n "$(ls -A "$out")" ]; then
  echo "build-app.sh: $out is not empty" >&2
  exit 2
fi

# The gateway serves the storefront at / (apps/web, static files): it is built with the
# gateway and its files kept where the gateway looks for them (WEB_ROOT: apps/web/dist).
scopes="@ecommerce/$app"
[ "$app" = gateway ] && scopes="$scopes @ecommerce/web"

# 1. The app and only the workspace packages it depends on, with the lockfile cut down to them.
# shellcheck disable=SC2086 # one argument per scope
(cd "$repo" && "$turbo" prune $scopes --out-dir "$out" >/dev/null)
# What turbo prune leaves out but the install and the app need: the dependency hook the
# lockfile was made with, the compiler settings Prisma's config loader reads, the seed data.
cp "$repo/.pnpmfile.cjs" "$repo/tsconfig.base.json" "$out/"
mkdir -p "$out/infra"
cp -R "$repo/infra/seed" "$out/infra/seed"

cd "$out"
out=$(pwd)
# 2. Everything, development dependencies included: the app's postinstall generates its
#    Prisma client (src/generated) with the Prisma CLI, a development dependency.
pnpm install --frozen-lockfile --prefer-offline --reporter=append-only >/dev/null
if [ "$app" = gateway ]; then
  pnpm --filter @ecommerce/web build >/dev/null
  mv apps/web/dist web-dist
fi
# 3. Start again with the production dependencies of the app and of the workspace packages it
#    depends on in production; the generated client stays, it is source. Workspace packages it
#    needs only for its tests (turbo prune keeps those) go.
find . -name node_modules -type d -prune -exec rm -rf {} +
pnpm install --frozen-lockfile --prefer-offline --prod --ignore-scripts \
  --filter-prod "@ecommerce/$app..." --reporter=append-only >/dev/null
needed=$(pnpm ls --recursive --depth -1 --parseable --filter-prod "@ecommerce/$app...")
for project in apps/* packages/*; do
  case "$needed" in *"$out/$project"*) ;; *) rm -rf "$project" ;; esac
done
if [ -d web-dist ]; then
  mkdir -p apps/web
  mv web-dist apps/web/dist
fi
# 4. What a running service never reads: tests, build and lint settings, and Prisma's query
#    compilers for the databases this system does not use (about 50 MB).
rm -rf ./*/*/test turbo.json .gitignore
find . -path ./node_modules -prune -o \( -name 'vitest.config.ts' -o -name 'tsconfig*.json' \
  -o -name 'biome.json' \) -type f -print | xargs rm -f
find node_modules/.pnpm -path '*/@prisma/client/runtime/*' \( -name '*sqlite*' -o -name '*mysql*' \
  -o -name '*sqlserver*' -o -name '*cockroachdb*' \) -type f -delete
echo "$app: production folder in $out ($(du -sh . | cut -f1))"
