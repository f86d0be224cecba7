# shellcheck shell=bash
# Local single-node Apache Kafka (KRaft) without Docker: the broker's jars come
# from Maven Central via infra/kafka/pom.xml and it runs as a plain JVM process.
#
# Sourced by the caller, which sets `set -euo pipefail`, REPO_ROOT and STATE_DIR.
# State lives in $STATE_DIR/kafka/{lib,data,logs,server.properties,kafka.pid,cluster-id}.
#
# Env knobs: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093),
#            KAFKA_HEAP_OPTS ("-Xms128m -Xmx512m"), KAFKA_START_TIMEOUT (90 s),
#            KAFKA_STOP_TIMEOUT (30 s).

KAFKA_VERSION="3.9.1"

_kafka_dir()       { echo "${STATE_DIR:?STATE_DIR must be set}/kafka"; }
_kafka_port()      { echo "${KAFKA_PORT:-9092}"; }
_kafka_ctrl_port() { echo "${KAFKA_CONTROLLER_PORT:-9093}"; }
_kafka_src()       { echo "${REPO_ROOT:?REPO_ROOT must be set}/infra/kafka"; }
_kafka_log()       { echo "kafka: $*" >&2; }

kafka_url() { echo "127.0.0.1:$(_kafka_port)"; }

# Only trust a pid that is alive AND is our broker (pids get reused after reboots).
_kafka_is_our_pid() {
  local pid=$1 cmd
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmd" == *"kafka.Kafka $(_kafka_dir)/server.properties"* ]]
}

# Pid of our running broker, from the pid file or, if that was lost, by
# scanning for a JVM started with exactly our server.properties.
_kafka_pid() {
  local pidfile pid proc comm
  pidfile="$(_kafka_dir)/kafka.pid"
  if [[ -f "$pidfile" ]]; then
    pid="$(<"$pidfile")"
    if _kafka_is_our_pid "$pid"; then echo "$pid"; return 0; fi
  fi
  for proc in /proc/[0-9]*; do
    # Cheap builtin read first so only JVMs get their cmdline inspected.
    comm=""; read -r comm 2>/dev/null <"$proc/comm" || continue  # (a process may end meanwhile)
    [[ "$comm" == java ]] || continue
    pid="${proc#/proc/}"
    if _kafka_is_our_pid "$pid"; then
      echo "$pid" >"$pidfile"
      echo "$pid"; return 0
    fi
  done
  return 1
}

_kafka_java_major() {
  # `java -version` prints e.g. `openjdk version "17.0.15"` or `"1.8.0_392"`.
  java -version 2>&1 | sed -nE '1s/.*version "(1\.)?([0-9]+).*/\2/p'
}

_kafka_java_ok() {
  local major
  command -v java >/dev/null 2>&1 || return 1
  major="$(_kafka_java_major)"
  [[ "$major" =~ ^[0-9]+$ ]] && (( major >= 17 ))
}

_kafka_ensure_tools() {
  local need_java=0 need_mvn=0
  _kafka_java_ok || need_java=1
  command -v mvn >/dev/null 2>&1 || need_mvn=1
  (( need_java || need_mvn )) || return 0

  local pkgs=()
  (( need_java )) && pkgs+=(openjdk-17-jre-headless)
  (( need_mvn )) && pkgs+=(maven)

  apt_install "${pkgs[@]}" || return 1
  # The JRE may now exist next to an older default `java`.
  if (( need_java )) && ! _kafka_java_ok; then
    _kafka_log "java 17+ installed but \`java\` on PATH is older; run: update-alternatives --config java"
    return 1
  fi
}

kafka_install() {
  _kafka_ensure_tools || return 1

  local dir lib pom marker want tmp mvnlog start
  dir="$(_kafka_dir)"; lib="$dir/lib"; pom="$(_kafka_src)/pom.xml"
  marker="$lib/.pom.sha256"
  want="$(sha256sum "$pom" | cut -d' ' -f1)"

  if [[ -f "$marker" && "$(<"$marker")" == "$want" ]]; then
    return 0
  fi

  mkdir -p "$dir/logs"
  # Resolve into a scratch dir and swap it in, so an interrupted or failed run
  # never leaves a half-filled lib/ that later looks complete.
  tmp="$dir/lib.tmp"; mvnlog="$dir/logs/maven.log"
  rm -rf "$tmp"
  _kafka_log "resolving Kafka $KAFKA_VERSION jars from Maven Central into $lib"
  start=$SECONDS
  if ! mvn -B -q -f "$pom" -Dkafka.lib.dir="$tmp" package >"$mvnlog" 2>&1; then
    _kafka_log "maven failed to resolve the broker jars:"
    cat "$mvnlog" >&2
    rm -rf "$tmp"
    return 1
  fi
  if ! compgen -G "$tmp/kafka_2.13-*.jar" >/dev/null; then
    _kafka_log "maven succeeded but $tmp has no kafka_2.13 jar"
    return 1
  fi
  echo "$want" >"$tmp/.pom.sha256"
  rm -rf "$lib"
  mv "$tmp" "$lib"
  _kafka_log "resolved $(find "$lib" -name '*.jar' | wc -l) jars in $((SECONDS - start)) s"
}

_kafka_render_config() {
  local dir tpl
  dir="$(_kafka_dir)"
  tpl="$(<"$(_kafka_src)/server.properties.template")"
  # Quoted replacements: bash 5.2 would otherwise expand `&` in them.
  tpl="${tpl//@DATA_DIR@/"$dir/data"}"
  tpl="${tpl//@CONTROLLER_PORT@/"$(_kafka_ctrl_port)"}"
  tpl="${tpl//@PORT@/"$(_kafka_port)"}"
  printf '%s\n' "$tpl" >"$dir/server.properties"
}

_kafka_java_opts() {
  local dir
  dir="$(_kafka_dir)"
  # shellcheck disable=SC2206 # heap opts are meant to word-split
  # The system's few dozen partitions need little heap (under 100 MB live through the saga
  # benchmark; the page cache, not the heap, serves the logs), but a broker restarted on a
  # data directory that also holds hundreds of test topics runs out of 256 MB while it loads
  # them. The heap starts small and grows only when it must.
  KAFKA_JVM_ARGS=(${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m}
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError
    -Djava.awt.headless=true
    -Dkafka.logs.dir="$dir/logs"
    -Dlog4j.configuration="file:$(_kafka_src)/log4j.properties"
    -cp "$dir/lib/*")
}

# KRaft refuses to start on an unformatted log dir; formatting is one-off
# because re-formatting would need a matching cluster id anyway.
_kafka_format_once() {
  local dir cid
  dir="$(_kafka_dir)"
  [[ -f "$dir/data/meta.properties" ]] && return 0

  _kafka_java_opts
  if [[ -s "$dir/cluster-id" ]]; then
    cid="$(<"$dir/cluster-id")"
  else
    cid="$(java "${KAFKA_JVM_ARGS[@]}" kafka.tools.StorageTool random-uuid 2>>"$dir/logs/format.log" | tail -n1)"
    [[ -n "$cid" ]] || { _kafka_log "could not generate a cluster id"; cat "$dir/logs/format.log" >&2; return 1; }
    echo "$cid" >"$dir/cluster-id"
  fi
  if ! java "${KAFKA_JVM_ARGS[@]}" kafka.tools.StorageTool format -t "$cid" \
      -c "$dir/server.properties" >>"$dir/logs/format.log" 2>&1; then
    _kafka_log "storage format failed"
    show_logs "$dir/logs/format.log"
    return 1
  fi
}

_kafka_dump_logs() {
  show_logs "$(_kafka_dir)/logs/server.log" "$(_kafka_dir)/logs/stdout.log"
}

# Waits until the client port answers; the broker opens it only when ready.
_kafka_wait_ready() {
  local pid=$1 timeout=${KAFKA_START_TIMEOUT:-90} start=$SECONDS t0=${EPOCHREALTIME/[.,]/}
  while (( SECONDS - start < timeout )); do
    if ! kill -0 "$pid" 2>/dev/null; then
      _kafka_log "broker process $pid exited during startup"
      _kafka_dump_logs
      rm -f "$(_kafka_dir)/kafka.pid"
      return 1
    fi
    if port_open "$(_kafka_port)"; then
      _kafka_log "ready on $(kafka_url) (pid $pid) after $(( (${EPOCHREALTIME/[.,]/} - t0) / 1000 )) ms"
      return 0
    fi
    sleep 0.25
  done
  _kafka_log "broker not listening on $(kafka_url) after ${timeout} s; stopping it"
  _kafka_dump_logs
  kafka_stop >/dev/null 2>&1 || true
  return 1
}

kafka_start() {
  local dir pid pidfile
  dir="$(_kafka_dir)"; pidfile="$dir/kafka.pid"

  if pid="$(_kafka_pid)"; then
    if port_open "$(_kafka_port)"; then
      _kafka_log "already running (pid $pid) on $(kafka_url)"
      return 0
    fi
    # A previous start is still booting: wait for it rather than spawn a second broker.
    echo "$pid" >"$pidfile"
    _kafka_wait_ready "$pid"
    return
  fi
  rm -f "$pidfile"

  if port_open "$(_kafka_port)"; then
    _kafka_log "port $(_kafka_port) is already in use by another process; set KAFKA_PORT or free it"
    return 1
  fi
  if port_open "$(_kafka_ctrl_port)"; then
    _kafka_log "controller port $(_kafka_ctrl_port) is already in use; set KAFKA_CONTROLLER_PORT or free it"
    return 1
  fi
  if [[ ! -f "$dir/lib/.pom.sha256" ]]; then
    _kafka_log "broker jars missing; run kafka_install first"
    return 1
  fi

  mkdir -p "$dir/data" "$dir/logs"
  _kafka_render_config
  _kafka_format_once || return 1
  _kafka_java_opts

  # setsid+nohup detach the JVM from the caller's session so the shell can exit.
  # The inner bash records its own pid and then execs java, so the pid file is
  # the JVM's pid whether or not setsid had to fork.
  rm -f "$pidfile"
  # server.log is appended across runs; the marker shows where this run begins
  # when the tail is dumped after a failed start.
  echo "----- kafka_start $(date '+%F %T') -----" >>"$dir/logs/server.log"
  # shellcheck disable=SC2016 # expanded by the inner bash
  setsid nohup bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" \
    java "${KAFKA_JVM_ARGS[@]}" kafka.Kafka "$dir/server.properties" \
    >"$dir/logs/stdout.log" 2>&1 </dev/null &

  local tries
  for (( tries = 0; tries < 50; tries++ )); do
    [[ -s "$pidfile" ]] && break
    sleep 0.1
  done
  if [[ ! -s "$pidfile" ]]; then
    _kafka_log "broker did not start (no pid file)"
    _kafka_dump_logs
    return 1
  fi
  pid="$(<"$pidfile")"
  _kafka_log "starting broker (pid $pid), waiting for $(kafka_url)"
  _kafka_wait_ready "$pid"
}

kafka_stop() {
  local dir pid timeout=${KAFKA_STOP_TIMEOUT:-30} start
  dir="$(_kafka_dir)"

  if ! pid="$(_kafka_pid)"; then
    rm -f "$dir/kafka.pid"
    _kafka_log "not running"
    return 0
  fi

  # SIGTERM runs Kafka's shutdown hook: it flushes logs and writes a clean-
  # shutdown marker so the next start skips log recovery.
  kill -TERM "$pid" 2>/dev/null || true
  start=$SECONDS
  while kill -0 "$pid" 2>/dev/null && (( SECONDS - start < timeout )); do
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    _kafka_log "pid $pid ignored SIGTERM for ${timeout} s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$dir/kafka.pid"
  _kafka_log "stopped (pid $pid)"
}

kafka_status() {
  local pid
  if pid="$(_kafka_pid)"; then
    if port_open "$(_kafka_port)"; then
      printf '%-9s running  pid %-7s PLAINTEXT://%s\n' kafka "$pid" "$(kafka_url)"
      return 0
    fi
    printf '%-9s %-8s pid %s  (port %s not answering yet)\n' kafka starting "$pid" "$(_kafka_port)"
    return 1
  fi
  printf '%-9s %s\n' kafka stopped
  return 1
}
