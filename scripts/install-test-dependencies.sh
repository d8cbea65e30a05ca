#!/usr/bin/env bash
# Installs, from Debian/Ubuntu packages, the servers `npm test` starts as local processes:
# PostgreSQL and Redis, and Java 17 + Maven for Kafka (run from Maven Central jars); Chromium
# (Debian's build; playwright-core drives it in the dashboard's browser test) with the Liberation
# fonts, so its screenshots have readable text; and shellcheck, which `npm run workflows:lint`
# uses on the workflows' scripts.
# Installs only what is missing; needs root or sudo. Usage: bash scripts/install-test-dependencies.sh
set -euo pipefail
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -d /usr/share/fonts/truetype/liberation ] || missing+=(fonts-liberation)
if [ ${#missing[@]} -eq 0 ]; then
  echo "test dependencies present: PostgreSQL, Redis, Java, Maven, shellcheck, Chromium, Liberation fonts"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "missing: ${missing[*]} — install them with your package manager (this script knows apt-get only)" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing ${missing[*]} (apt-get)…"
$sudo apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "installed ${missing[*]}"
