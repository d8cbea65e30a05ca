#!/bin/bash
# `docker run image --requirepass x` and `docker run image redis-server /path/redis.conf` both
# start redis-server, as with the official image; anything else runs as given.
set -euo pipefail
if [ "${1:0:1}" = '-' ] || [[ "${1:-}" == *.conf ]]; then set -- redis-server "$@"; fi
if [ "${1:-}" = redis-server ]; then
  # Debian's redis-server defaults to protected mode, which refuses every non-local client
  # without a password; in a container the network is the boundary (the official image does the same).
  [[ " $* " == *" --protected-mode "* ]] || set -- "$@" --protected-mode no
  if [ "$(id -u)" = 0 ]; then
    chown -R redis:redis /data 2>/dev/null || true
    exec gosu redis "$@"
  fi
fi
exec "$@"
