#!/usr/bin/env bash
# Makes a Docker engine reachable, for the container suites and `npm run images:build`:
#   1. an engine already answers → nothing to do;
#   2. no engine installed → installs Debian's docker.io (apt-get; needs root or sudo);
#   3. starts it: systemd's docker service when systemd runs, else dockerd in the background
#      (log: /var/log/tradeforge-dockerd.log), and waits until `docker info` answers.
# usage: bash scripts/ensure-docker.sh   (exit 0 when an engine answers, 1 with the reason otherwise)
set -euo pipefail
log=/var/log/tradeforge-dockerd.log
say() { echo "ensure-docker: $*"; }
fail() { echo "ensure-docker: $*" >&2; exit 1; }
answers() { docker info >/dev/null 2>&1; }

if command -v docker >/dev/null 2>&1 && answers; then
  say "engine reachable (Docker $(docker version --format '{{.Server.Version}}' 2>/dev/null))"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null \
    || fail "no Docker engine is reachable, and installing or starting one needs root: run this script as root or with passwordless sudo"
  sudo="sudo -n"
fi

if ! command -v dockerd >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 \
    || fail "dockerd is not installed and apt-get is not available: install Docker Engine with your package manager (https://docs.docker.com/engine/install/)"
  say "installing docker.io from Debian (apt-get)…"
  started=$SECONDS
  $sudo apt-get update -qq >/dev/null || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends docker.io >/dev/null \
    || fail "apt-get install docker.io failed"
  say "installed docker.io in $((SECONDS - started)) s"
fi

if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  say "starting the docker service (systemd)…"
  $sudo systemctl start docker || fail "systemctl start docker failed; see: journalctl -u docker"
  where="journalctl -u docker"
elif pgrep -x dockerd >/dev/null 2>&1; then
  say "dockerd is already running; waiting for it to answer…"
  where=$log
else
  say "starting dockerd (log: $log)…"
  # setsid: the engine outlives this script and the CI step that ran it.
  $sudo sh -c "setsid dockerd >>'$log' 2>&1 </dev/null &"
  where=$log
fi

for _ in $(seq 1 60); do
  if answers || $sudo docker info >/dev/null 2>&1; then
    if ! answers; then
      say "the engine runs, but this user may not use its socket: add it to the docker group (usermod -aG docker $(id -un)) or run as root"
      exit 1
    fi
    say "engine reachable (Docker $(docker version --format '{{.Server.Version}}' 2>/dev/null))"
    exit 0
  fi
  sleep 1
done
[ -f "$log" ] && tail -n 20 "$log" >&2
fail "dockerd did not answer within 60 s; see $where"
