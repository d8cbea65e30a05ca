#!/bin/bash
# Healthy when redis-server answers a command: PONG, or NOAUTH when a password is set.
reply=$(redis-cli -h 127.0.0.1 -p "${REDIS_PORT:-6379}" ping 2>&1)
[ "$reply" = PONG ] || [[ "$reply" == *NOAUTH* ]]
