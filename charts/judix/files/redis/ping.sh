#!/bin/sh
# Probe: succeeds only when Redis answers PONG to an authenticated PING (redis-cli reads the
# password from REDISCLI_AUTH and may exit 0 on an error reply, so the answer itself is checked).
set -eu
[ "$(REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli -h 127.0.0.1 -p 6379 ping)" = "PONG" ]
