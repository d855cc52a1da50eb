#!/bin/sh
# Starts redis-server with the password read from a file only this user can read, so it never
# shows in the process list as a command-line argument would.
set -eu
umask 077
cp /etc/judix-redis/redis.conf /tmp/redis.conf
printf 'requirepass "%s"\n' "$REDIS_PASSWORD" >>/tmp/redis.conf
exec redis-server /tmp/redis.conf
