# shellcheck shell=bash
# Throwaway PostgreSQL cluster for CI, tests and benchmarks.
#
# Source this file, then:
#   start_pg      initdb into a fresh temporary directory, start postgres on a free
#                 loopback port, create database "mesa" owned by superuser "mesa".
#                 Sets PG_BINDIR PG_DIR PG_PORT PG_URL (postgres://mesa@127.0.0.1:PORT/mesa);
#                 exports PG_PORT and PG_URL.
#   stop_pg       stop that cluster and remove its directory (idempotent, safe in a trap).
#   find_pg_bindir  print the directory holding initdb/pg_ctl/postgres, or fail.
#
# Settings (optional, from the environment):
#   MESA_PG_PORT  port to use (default: the first free one from 54329 upwards)
#   PG_RUN_USER   OS user that runs postgres when we are root (default: postgres, else mesa-ci)
#   PG_QUIET=1    fewer messages
#
# postgres refuses to run as root, so when we are root the cluster directory is owned by an
# unprivileged user and initdb/pg_ctl run through runuser (or su).

# Milliseconds since the epoch (bash 5's EPOCHREALTIME, else date).
_pg_ms() {
  if [ -n "${EPOCHREALTIME:-}" ]; then local t=${EPOCHREALTIME/[.,]/}; echo "${t%???}"
  else date +%s%3N; fi
}
_pg_secs() { local d=$(( $(_pg_ms) - $1 )); printf '%d.%03d' $((d / 1000)) $((d % 1000)); }

_pg_log() { [ "${PG_QUIET:-0}" = 1 ] || echo "[pg] $*" >&2; }

find_pg_bindir() {
  local p
  if [ -n "${PG_BINDIR:-}" ] && [ -x "$PG_BINDIR/initdb" ]; then echo "$PG_BINDIR"; return 0; fi
  if p=$(command -v initdb 2>/dev/null) && [ -n "$p" ]; then
    p=$(readlink -f "$p")
    # Debian's /usr/bin/initdb may be a pg_wrapper symlink; the real binaries sit beside postgres.
    if [ -x "$(dirname "$p")/postgres" ] && [ -x "$(dirname "$p")/pg_ctl" ]; then
      dirname "$p"; return 0
    fi
  fi
  # Debian/Ubuntu layout: /usr/lib/postgresql/<major>/bin, newest first.
  for p in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5 -V -r); do
    if [ -x "$p/initdb" ] && [ -x "$p/pg_ctl" ] && [ -x "$p/postgres" ]; then echo "$p"; return 0; fi
  done
  for p in /usr/local/pgsql/bin /usr/pgsql-*/bin; do
    if [ -x "$p/initdb" ] && [ -x "$p/pg_ctl" ]; then echo "$p"; return 0; fi
  done
  return 1
}

# Print the first TCP port on 127.0.0.1 that can be bound, starting at $1.
_pg_free_port() {
  node -e '
    const net = require("node:net");
    let port = Number(process.argv[1]);
    const last = port + 200;
    const tryPort = () => {
      if (port > last) { console.error("no free port"); process.exit(1); }
      const s = net.createServer();
      s.once("error", () => { port++; tryPort(); });
      s.listen(port, "127.0.0.1", () => s.close(() => console.log(port)));
    };
    tryPort();
  ' "$1"
}

# The OS user that owns and runs the cluster ("" = the current user, when not root).
_pg_user() {
  if [ "$(id -u)" != 0 ]; then echo ""; return 0; fi
  if [ -n "${PG_RUN_USER:-}" ]; then echo "$PG_RUN_USER"; return 0; fi
  if id -u postgres >/dev/null 2>&1; then echo postgres; return 0; fi
  if ! id -u mesa-ci >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin mesa-ci 2>/dev/null \
      || adduser --system --no-create-home --disabled-login mesa-ci >/dev/null
  fi
  echo mesa-ci
}

# Run a command as the cluster's user, from inside the cluster dir (root's cwd may be unreadable).
_pg_as() {
  local user=$1; shift
  if [ -z "$user" ]; then
    (cd "$PG_DIR" && "$@")
  elif command -v runuser >/dev/null 2>&1; then
    (cd "$PG_DIR" && runuser -u "$user" -- "$@")
  else
    local q; q=$(printf '%q ' "$@")
    (cd "$PG_DIR" && su "$user" -s /bin/sh -c "$q")
  fi
}

# Whether a process runs (a zombie, killed but not yet reaped, does not count).
_pg_alive() {
  kill -0 "$1" 2>/dev/null || return 1
  [ -r "/proc/$1/stat" ] || return 0
  [ "$(sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f1)" != Z ]
}

# Stop and delete clusters left by earlier runs whose shell is gone (killed with SIGKILL, say),
# so that they do not pile up. A cluster whose owner is still alive is left alone.
_pg_reap_stale() {
  local d owner pid user
  for d in "${TMPDIR:-/tmp}"/mesa-pg.*; do
    [ -d "$d" ] && [ -f "$d/owner.pid" ] || continue
    [ "$(id -u)" = 0 ] || [ -O "$d" ] || continue
    owner=$(cat "$d/owner.pid" 2>/dev/null || true)
    if [ -n "$owner" ] && _pg_alive "$owner"; then continue; fi
    pid=$(head -n 1 "$d/data/postmaster.pid" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      user=$(stat -c %U "$d")
      [ "$user" = "$(id -un)" ] && user=""
      (PG_DIR=$d; _pg_as "$user" "$(find_pg_bindir)/pg_ctl" -D "$d/data" -m immediate -w -t 10 stop >/dev/null 2>&1) \
        || kill -9 "$pid" 2>/dev/null || true
    fi
    rm -rf "$d" 2>/dev/null && _pg_log "removed stale cluster $d (owner $owner gone)"
  done
  return 0
}

start_pg() {
  local t0 user base port rc
  t0=$(_pg_ms)
  # Values inherited from an enclosing cluster's environment are not ours.
  PG_DIR= PG_URL= PG_PORT=
  PG_BINDIR=$(find_pg_bindir) || { echo "[pg] no PostgreSQL server binaries (initdb) found" >&2; return 1; }
  user=$(_pg_user)
  _pg_reap_stale
  base=${TMPDIR:-/tmp}
  PG_DIR=$(mktemp -d "$base/mesa-pg.XXXXXX")
  echo "$$" >"$PG_DIR/owner.pid"
  chmod 700 "$PG_DIR"
  [ -z "$user" ] || chown "$user" "$PG_DIR"
  _pg_log "bin $PG_BINDIR ($("$PG_BINDIR/postgres" --version)), dir $PG_DIR, user ${user:-$(id -un)}"

  if ! _pg_as "$user" "$PG_BINDIR/initdb" -D "$PG_DIR/data" --auth=trust --username=mesa \
        --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$PG_DIR/initdb.log" 2>&1; then
    _pg_log "initdb with C.UTF-8 failed, retrying with --locale=C"
    rm -rf "${PG_DIR:?}/data"
    if ! _pg_as "$user" "$PG_BINDIR/initdb" -D "$PG_DIR/data" --auth=trust --username=mesa \
          --encoding=UTF8 --locale=C --no-sync >"$PG_DIR/initdb.log" 2>&1; then
      cat "$PG_DIR/initdb.log" >&2
      return 1
    fi
  fi

  # A MESA_PG_PORT given by the caller is used as is; otherwise take the first free port
  # from 54329 up, and try a few in case another process grabs it between check and start.
  local fixed=${MESA_PG_PORT:-}
  port=${MESA_PG_PORT:-54329}
  for _ in 1 2 3 4 5; do
    [ -n "$fixed" ] || port=$(_pg_free_port "$port")
    rc=0
    _pg_as "$user" "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w -t 60 \
      -o "-k $PG_DIR -h 127.0.0.1 -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null 2>&1 || rc=$?
    [ $rc = 0 ] && break
    _pg_log "pg_ctl start on port $port failed (rc $rc); log tail:"
    tail -n 5 "$PG_DIR/postgres.log" >&2 2>/dev/null || true
    [ -z "$fixed" ] || return 1
    port=$((port + 1))
  done
  [ $rc = 0 ] || return 1
  PG_PORT=$port
  "$PG_BINDIR/createdb" -h 127.0.0.1 -p "$PG_PORT" -U mesa mesa
  PG_URL="postgres://mesa@127.0.0.1:$PG_PORT/mesa"
  export PG_PORT PG_URL
  _pg_log "PostgreSQL ready at $PG_URL in $(_pg_secs "$t0") s"
}

stop_pg() {
  [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ] || return 0
  local user pid t0
  t0=$(_pg_ms)
  user=$(_pg_user)
  if [ -f "$PG_DIR/data/postmaster.pid" ]; then
    if ! _pg_as "$user" "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 30 stop >/dev/null 2>&1; then
      pid=$(head -n 1 "$PG_DIR/data/postmaster.pid" 2>/dev/null || true)
      if [ -n "$pid" ]; then kill -9 "$pid" 2>/dev/null || true; fi
    fi
  fi
  rm -rf "$PG_DIR"
  _pg_log "PostgreSQL stopped and $PG_DIR removed in $(_pg_secs "$t0") s"
  PG_DIR=
  PG_URL=
  PG_PORT=
}
