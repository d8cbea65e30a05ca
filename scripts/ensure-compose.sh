#!/usr/bin/env bash
# Makes `docker compose` (the Compose v2 CLI plugin) available, for npm run stack:* and the
# stack proof. Debian's docker.io ships no compose plugin and no buildx, and Debian's own
# docker-compose 1.29 is the end-of-life Python one, so the pinned Compose is built from the Go
# module proxy (Go only; nothing is downloaded from a release page):
#   1. `docker compose version` already reports COMPOSE_VERSION → nothing to do;
#   2. a build of that version is cached in ~/.cache/tradeforge/ → installed from there;
#   3. else built with `go build` in a throwaway module (about 10 minutes on 2 cores, once per
#      machine; `go install pkg@version` refuses Compose because its go.mod has exclude
#      directives), cached, then installed.
# Installed as ~/.docker/cli-plugins/docker-compose, where the docker CLI looks for plugins.
# usage: COMPOSE_VERSION=2.40.3 bash scripts/ensure-compose.sh   (the npm tasks pass VERSIONS.compose)
set -euo pipefail
say() { echo "ensure-compose: $*"; }
fail() { echo "ensure-compose: $*" >&2; exit 1; }

version=${COMPOSE_VERSION:-}
[ -n "$version" ] || fail "COMPOSE_VERSION is not set; run it through npm run stack:up (the version lives in templates/versions.ts, 'compose')"
module=github.com/docker/compose/v2
plugins=${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins
cache=${TRADEFORGE_CACHE:-$HOME/.cache/tradeforge}/docker-compose-$version
binary=$cache/docker-compose

installed=$(docker compose version --short 2>/dev/null || true)
if [ "${installed#v}" = "$version" ]; then
  say "docker compose $version is installed"
  exit 0
fi

if [ ! -x "$binary" ]; then
  command -v go >/dev/null 2>&1 \
    || fail "building Compose $version needs Go (apt-get install golang-go, or a Go from go.dev), or install the docker compose plugin $version yourself"
  say "building Compose $version from the Go module proxy (once per machine; about 10 minutes on 2 cores)…"
  started=$SECONDS
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (
    cd "$work"
    go mod init tradeforge-compose-build >/dev/null 2>&1
    # The command's package, not just the module: go.sum then covers everything it imports.
    go get "$module/cmd@v$version" >/dev/null 2>&1 \
      || fail "go get $module/cmd@v$version failed; run it by hand in an empty module to see why"
    CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X $module/internal.Version=v$version" \
      -o docker-compose "$module/cmd"
  ) || fail "building Compose $version failed (see the go output above)"
  mkdir -p "$cache"
  mv "$work/docker-compose" "$binary"
  say "built Compose $version in $((SECONDS - started)) s (cached in $cache)"
fi

mkdir -p "$plugins"
install -m 0755 "$binary" "$plugins/docker-compose"
installed=$(docker compose version --short 2>/dev/null || true)
[ "${installed#v}" = "$version" ] \
  || fail "installed $plugins/docker-compose, but \`docker compose version\` reports \"$installed\", not $version"
say "docker compose $version installed in $plugins"
