#!/bin/sh
# The apache/kafka image's start contract: every KAFKA_<NAME> variable is the broker setting
# <name> (`_` -> `.`, `__` -> `_`, `___` -> `-`), CLUSTER_ID formats an empty log directory,
# KAFKA_HEAP_OPTS and KAFKA_OPTS go to the JVM.
set -eu
config=/tmp/server.properties
: >"$config"
env | while IFS='=' read -r name value; do
  case "$name" in
    KAFKA_HEAP_OPTS | KAFKA_OPTS | KAFKA_JVM_PERFORMANCE_OPTS | KAFKA_VERSION) continue ;;
    KAFKA_*)
      key="$(printf '%s' "${name#KAFKA_}" | tr 'A-Z' 'a-z' | sed -e 's/___/-/g' -e 's/__/@/g' -e 's/_/./g' -e 's/@/_/g')"
      printf '%s=%s\n' "$key" "$value" >>"$config" ;;
  esac
done
logdir="$(sed -n 's/^log\.dirs=//p' "$config")"
: "${logdir:=/tmp/kraft-combined-logs}"
if [ ! -f "$logdir/meta.properties" ]; then
  java -cp '/opt/kafka/libs/*' kafka.tools.StorageTool format -t "${CLUSTER_ID:?CLUSTER_ID must be set}" -c "$config" --ignore-formatted
fi
# shellcheck disable=SC2086 # the options are a list of JVM flags
exec java ${KAFKA_HEAP_OPTS:--Xmx512m} ${KAFKA_OPTS:-} -XX:+UseG1GC -Djava.awt.headless=true \
  -Dlog4j.configuration=file:/opt/kafka/config/log4j.properties \
  -cp '/opt/kafka/libs/*' kafka.Kafka "$config"
