#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the team-mode tests: initdb in a folder of its own, loopback
# only, a free port, SCRAM passwords, auth_delay on failed sign-ins. Nothing outside the folder is
# touched; `stop` removes it. fsync is off (a test cluster's data is thrown away) unless
# SECREVIEW_PG_FSYNC=on (secreview-bench --team: a fair comparison with a file that is synced).
#
# usage: scripts/pg-cluster.sh start DIR   DIR keeps the port, the superuser's password and where
#                                          the cluster is; prints them as `export` lines
#        scripts/pg-cluster.sh stop DIR    stops the cluster and removes it and DIR
#
# The superuser (secreview_super, its password in DIR/superuser.pw) plays the server
# administrator of docs/team-mode.md: it creates the database and the first admin's login.
# Run as root (CI), the server runs as the postgres user that Debian's package creates.
set -euo pipefail

cmd=${1:?usage: pg-cluster.sh start|stop DIR}
dir=${2:?usage: pg-cluster.sh start|stop DIR}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "pg-cluster: PostgreSQL's server is not installed (scripts/setup.sh installs it)" >&2; exit 2; }

as_server() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_cluster() {
  local data
  data=$(cat "$dir/datadir" 2>/dev/null || true)
  if [ -n "$data" ] && [ -d "$data/data" ]; then
    as_server "$bin/pg_ctl" -D "$data/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  [ -n "$data" ] && rm -rf "$data"
  rm -rf "$dir"
}

case "$cmd" in
start)
  stop_cluster # whatever an interrupted run left
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  # The cluster lives under /tmp: the server's account must reach it (a checkout under a private
  # home folder would not be), and its socket path must be short.
  data=$(mktemp -d /tmp/secreview-pg.XXXXXX)
  echo "$data" > "$dir/datadir"
  chmod 0755 "$data"
  [ "$(id -u)" = 0 ] && chown postgres "$data"
  head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$dir/superuser.pw"
  cp "$dir/superuser.pw" "$data/superuser.pw"
  chmod 0644 "$data/superuser.pw"
  as_server "$bin/initdb" -D "$data/data" -U secreview_super --pwfile="$data/superuser.pw" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  rm -f "$data/superuser.pw"
  port=""
  for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 30000))
    if ! (exec 3<>/dev/tcp/127.0.0.1/$candidate) 2>/dev/null; then port=$candidate; break; fi
  done
  [ -n "$port" ] || { echo "pg-cluster: no free port" >&2; exit 1; }
  as_server "$bin/pg_ctl" -D "$data/data" -l "$data/server.log" -w -t 60 start -o \
    "-p $port -k $data -c listen_addresses=127.0.0.1 -c shared_preload_libraries=auth_delay -c auth_delay.milliseconds=200 -c max_connections=200 -c fsync=${SECREVIEW_PG_FSYNC:-off} -c log_connections=on" >/dev/null \
    || { cat "$data/server.log" >&2; exit 1; }
  echo "$port" > "$dir/port"
  echo "export SECREVIEW_TEST_PG_PORT=$port"
  echo "export SECREVIEW_TEST_PG_SUPERUSER=secreview_super"
  echo "export SECREVIEW_TEST_PG_SUPERPASSWORD_FILE=$dir/superuser.pw"
  ;;
stop)
  stop_cluster
  ;;
*)
  echo "usage: pg-cluster.sh start|stop DIR" >&2
  exit 2
  ;;
esac
