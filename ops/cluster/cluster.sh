#!/usr/bin/env bash
# OneWindow on a PostgreSQL cluster that survives the loss of its primary, on one machine and
# loopback addresses only (docs/operations.md, "The cluster"):
#   etcd (1 member) ─ Patroni × 3 (PostgreSQL 15, synchronous_mode) ─ HAProxy (writes → primary,
#   reads → replicas, health from Patroni's REST API) ─ PgBouncer ─ OneWindow × 2 ─ HAProxy (HTTP).
#
#   ops/cluster/cluster.sh up       install the Debian packages it needs, start everything, load the demo
#   ops/cluster/cluster.sh status   the Patroni members and the HTTP health through HAProxy
#   ops/cluster/cluster.sh down     stop everything and remove its data (CLUSTER_DIR)
#
# Patroni, etcd and PgBouncer run as the `postgres` user (PostgreSQL refuses root; Patroni runs
# it as itself). Everything lives in CLUSTER_DIR (default /var/tmp/onewindow-cluster).
# The generated files in CLUSTER_DIR (patroni-*.yml, haproxy.cfg, pgbouncer.ini) are the starting
# point for real machines: one Patroni file per machine with its own address, etcd with 3 members.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
DATA="${CLUSTER_DIR:-/var/tmp/onewindow-cluster}"
B="${CLUSTER_PORT_BASE:-25000}"
ETCD_PORT=$((B + 379)); ETCD_PEER=$((B + 380))
PG=($((B + 432)) $((B + 433)) $((B + 434)))
REST=($((B + 8)) $((B + 9)) $((B + 10)))
PRIMARY_PORT=$B; REPLICA_PORT=$((B + 1)); BOUNCER_PORT=$((B + 500))
APP_PORT=$((B + 80)); APP_PORTS=($((B + 81)) $((B + 82)))
NAMES=(pg1 pg2 pg3)
PACKAGES=(patroni etcd-server etcd-client haproxy pgbouncer postgresql-15 postgresql-client-15 python3-etcd3 python3-psycopg2 curl)

say() { printf '[cluster] %s\n' "$*"; }
die() { printf '[cluster] %s\n' "$*" >&2; exit 1; }
as_pg() { runuser -u postgres -- "$@"; }

# Waits (up to $2 seconds) until the command in $3… succeeds; polls, since these are other processes.
wait_for() {
  local what=$1 secs=$2; shift 2
  local end=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $end ] || die "timed out after ${secs}s waiting for $what (logs in $DATA)"
    sleep 0.5
  done
}

install_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return
  say "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >"$DATA/apt.log" 2>&1 \
    || { apt-get update >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >"$DATA/apt.log" 2>&1; } \
    || die "apt-get install failed (see $DATA/apt.log)"
  # Debian starts each package's default service on a machine with systemd: this cluster runs its own.
  if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
    systemctl disable --now etcd patroni haproxy pgbouncer postgresql >/dev/null 2>&1 || true
  fi
}

fill() { # template → file, with the @KEY@ values of this cluster
  sed -e "s#@DATA@#$DATA#g" -e "s#@ETCD_PORT@#$ETCD_PORT#g" -e "s#@PRIMARY_PORT@#$PRIMARY_PORT#g" -e "s#@REPLICA_PORT@#$REPLICA_PORT#g" \
      -e "s#@BOUNCER_PORT@#$BOUNCER_PORT#g" -e "s#@APP_PORT@#$APP_PORT#g" -e "s#@APP1_PORT@#${APP_PORTS[0]}#g" -e "s#@APP2_PORT@#${APP_PORTS[1]}#g" \
      -e "s#@N1@#${NAMES[0]}#g" -e "s#@N2@#${NAMES[1]}#g" -e "s#@N3@#${NAMES[2]}#g" \
      -e "s#@PG1@#${PG[0]}#g" -e "s#@PG2@#${PG[1]}#g" -e "s#@PG3@#${PG[2]}#g" \
      -e "s#@REST1@#${REST[0]}#g" -e "s#@REST2@#${REST[1]}#g" -e "s#@REST3@#${REST[2]}#g" \
      -e "s#@SUPER_PASSWORD@#$SUPER_PASSWORD#g" -e "s#@REPL_PASSWORD@#$REPL_PASSWORD#g" -e "s#@REWIND_PASSWORD@#$REWIND_PASSWORD#g" \
      "$@"
}

# Starts a command in the background as $1 (root or postgres), its pid in $DATA/$2.pid, its output in $DATA/$2.log.
start_bg() {
  local user=$1 name=$2; shift 2
  local cmd; cmd=$(printf '%q ' "$@")
  if [ "$user" = postgres ]; then
    setsid runuser -u postgres -- sh -c "echo \$\$ > '$DATA/$name.pid'; exec $cmd" >>"$DATA/$name.log" 2>&1 < /dev/null &
  else
    setsid sh -c "echo \$\$ > '$DATA/$name.pid'; exec $cmd" >>"$DATA/$name.log" 2>&1 < /dev/null &
  fi
  wait_for "$name to start" 10 test -s "$DATA/$name.pid"
}

stop_pid() { # name, signal, seconds to wait
  local f="$DATA/$1.pid" pid
  [ -s "$f" ] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -"$2" "$pid" 2>/dev/null || true
    local end=$((SECONDS + $3))
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $end ]; do sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

http_ok() { curl -fsS -o /dev/null --max-time 2 "$1"; }
primary_sql() { PGPASSWORD="$SUPER_PASSWORD" psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -d "${2:-postgres}" -v ON_ERROR_STOP=1 -qAtc "$1"; }

up() {
  [ "$(id -u)" = 0 ] || die "run as root: it installs packages and runs Patroni as the postgres user"
  mkdir -p "$DATA"
  install_packages
  id postgres >/dev/null 2>&1 || die "no postgres user (the postgresql-15 package makes it)"
  chown postgres:postgres "$DATA"; chmod 0755 "$DATA"
  if [ ! -s "$DATA/secrets.env" ]; then
    umask 077
    for k in SUPER_PASSWORD REPL_PASSWORD REWIND_PASSWORD OWNER_PASSWORD APP_PASSWORD; do echo "$k=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"; done >"$DATA/secrets.env"
    umask 022
  fi
  # shellcheck disable=SC1091
  . "$DATA/secrets.env"

  say "etcd on 127.0.0.1:$ETCD_PORT"
  as_pg mkdir -p "$DATA/etcd"
  start_bg postgres etcd etcd --name e1 --data-dir "$DATA/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER" \
    --initial-cluster "e1=http://127.0.0.1:$ETCD_PEER" --initial-cluster-state new
  wait_for etcd 30 http_ok "http://127.0.0.1:$ETCD_PORT/health"

  for i in 0 1 2; do
    local n=${NAMES[$i]}
    fill -e "s#@NAME@#$n#g" -e "s#@REST_PORT@#${REST[$i]}#g" -e "s#@PG_PORT@#${PG[$i]}#g" "$HERE/patroni.yml.in" >"$DATA/patroni-$n.yml"
    chown postgres:postgres "$DATA/patroni-$n.yml"; chmod 0600 "$DATA/patroni-$n.yml"
    say "Patroni $n: PostgreSQL 127.0.0.1:${PG[$i]}, REST 127.0.0.1:${REST[$i]}"
    start_bg postgres "patroni-$n" patroni "$DATA/patroni-$n.yml"
    # The first node bootstraps the cluster; the others clone it once it leads.
    [ "$i" = 0 ] && wait_for "the first node to lead" 120 http_ok "http://127.0.0.1:${REST[0]}/primary"
  done
  for i in 1 2; do wait_for "replica ${NAMES[$i]}" 180 http_ok "http://127.0.0.1:${REST[$i]}/replica"; done

  say "HAProxy: primary 127.0.0.1:$PRIMARY_PORT, replicas 127.0.0.1:$REPLICA_PORT, OneWindow http://127.0.0.1:$APP_PORT"
  fill "$HERE/haproxy.cfg.in" >"$DATA/haproxy.cfg"
  haproxy -c -q -f "$DATA/haproxy.cfg" || die "haproxy.cfg is invalid"
  start_bg root haproxy haproxy -W -db -f "$DATA/haproxy.cfg"
  wait_for "HAProxy to reach the primary" 30 primary_sql 'SELECT 1'

  # The owner (migrates, owns the schema) and the runtime role the platform works as (docs/security.md).
  primary_sql "DO \$\$BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'onewindow') THEN CREATE ROLE onewindow LOGIN PASSWORD '$OWNER_PASSWORD'; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'onewindow_app') THEN CREATE ROLE onewindow_app LOGIN PASSWORD '$APP_PASSWORD'; END IF;
  END\$\$"
  primary_sql "SELECT 1 FROM pg_database WHERE datname = 'onewindow'" | grep -q 1 || primary_sql 'CREATE DATABASE onewindow OWNER onewindow'

  say "PgBouncer on 127.0.0.1:$BOUNCER_PORT (databases onewindow → primary, onewindow_ro → replicas)"
  printf '"%s" "%s"\n' onewindow "$OWNER_PASSWORD" onewindow_app "$APP_PASSWORD" postgres "$SUPER_PASSWORD" >"$DATA/pgbouncer-users.txt"
  fill "$HERE/pgbouncer.ini.in" >"$DATA/pgbouncer.ini"
  chown postgres:postgres "$DATA/pgbouncer-users.txt" "$DATA/pgbouncer.ini"; chmod 0600 "$DATA/pgbouncer-users.txt"
  start_bg postgres pgbouncer pgbouncer "$DATA/pgbouncer.ini"
  wait_for PgBouncer 30 env PGPASSWORD="$OWNER_PASSWORD" psql -h 127.0.0.1 -p "$BOUNCER_PORT" -U onewindow -d onewindow -qAtc 'SELECT 1'

  mkdir -p "$DATA/app-data"
  for i in 0 1; do
    say "OneWindow instance $((i + 1)) on 127.0.0.1:${APP_PORTS[$i]}"
    (cd "$REPO" && start_bg root "app$((i + 1))" env \
      DATABASE_URL="postgres://onewindow_app:$APP_PASSWORD@127.0.0.1:$BOUNCER_PORT/onewindow" \
      DATABASE_OWNER_URL="postgres://onewindow:$OWNER_PASSWORD@127.0.0.1:$BOUNCER_PORT/onewindow" \
      DATABASE_READ_URL="postgres://onewindow_app:$APP_PASSWORD@127.0.0.1:$BOUNCER_PORT/onewindow_ro" \
      PORT="${APP_PORTS[$i]}" HOST=127.0.0.1 DATA_DIR="$DATA/app-data" AUDIT_KEY_FILE="$DATA/audit-key.pem" \
      SEED_DEMO=true TRUSTED_PROXIES=127.0.0.1 COOKIE_SECURE=false LOG_LEVEL=warn PUBLIC_URL="http://127.0.0.1:$APP_PORT" \
      LOGIN_RATE_PER_MINUTE=10000 \
      node --import tsx server/src/main.ts serve)
    # One at a time: the first migrates and loads the demo, the second finds it done.
    wait_for "instance $((i + 1))" 300 http_ok "http://127.0.0.1:${APP_PORTS[$i]}/api/health"
  done
  wait_for "HAProxy to see the instances" 30 http_ok "http://127.0.0.1:$APP_PORT/api/health"
  status
  say "up: OneWindow http://127.0.0.1:$APP_PORT; failover drill: node --import tsx ops/cluster/failover-drill.ts"
}

status() {
  [ -s "$DATA/secrets.env" ] || { say "not running (no $DATA/secrets.env)"; return 0; }
  for i in 0 1 2; do
    local role
    role=$(curl -s --max-time 2 "http://127.0.0.1:${REST[$i]}/patroni" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("role"), d.get("state"), "timeline", d.get("timeline"))' 2>/dev/null || echo down)
    say "${NAMES[$i]} (127.0.0.1:${PG[$i]}): $role"
  done
  curl -s --max-time 2 "http://127.0.0.1:${REST[0]}/cluster" 2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin); print("[cluster] members:", ", ".join(m["name"]+"="+m["role"] for m in d["members"]))' 2>/dev/null || true
  for i in 0 1; do say "app$((i + 1)) 127.0.0.1:${APP_PORTS[$i]}: $(http_ok "http://127.0.0.1:${APP_PORTS[$i]}/api/health" && echo healthy || echo down)"; done
  say "through HAProxy http://127.0.0.1:$APP_PORT: $(http_ok "http://127.0.0.1:$APP_PORT/api/health" && echo healthy || echo down)"
}

down() {
  [ -d "$DATA" ] || { say "nothing to stop"; return 0; }
  # The instances first (graceful: requests finish, claims released), then what they stand on.
  stop_pid app1 TERM 30; stop_pid app2 TERM 30
  stop_pid haproxy TERM 10; stop_pid pgbouncer TERM 10
  # Patroni stops its PostgreSQL when it is stopped.
  for n in "${NAMES[@]}"; do stop_pid "patroni-$n" TERM 30; done
  for n in "${NAMES[@]}"; do
    if [ -s "$DATA/$n/postmaster.pid" ]; then kill -KILL "$(head -1 "$DATA/$n/postmaster.pid")" 2>/dev/null || true; fi
  done
  stop_pid etcd TERM 10
  rm -rf "$DATA"
  say "down: everything stopped and $DATA removed"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
