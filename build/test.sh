#!/usr/bin/env bash
# Runs the plugin's test suite against throwaway PostgreSQL and MariaDB servers.
#
# Usage: build/test.sh [--no-db] [--no-e2e | --e2e-only] [extra dotnet test args, e.g. --filter X]
#   --no-db            do not install/start database servers (DB tests will skip/fail)
#   --no-e2e           skip the end-to-end suite in a real store (Nop.Plugin.Misc.Segmentation.EndToEnd)
#   --e2e-only         run only that suite (what build/e2e.sh does)
#   SEGMENTATION_SLN   solution to test (default: Nop.Plugin.Misc.Segmentation.sln)
#
# The end-to-end suite runs after the others: it builds the package, starts a store from ../shared/realstore (or
# uses SEGMENTATION_STORE_URL; see README) and drives it with Debian's chromium, installed here when missing.
# The last line printed is always "Tests: N passed, N failed", counting both.
# Exit status is non-zero if anything failed, dotnet test failed, or nothing passed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

SLN="${SEGMENTATION_SLN:-Nop.Plugin.Misc.Segmentation.sln}"
USE_DB=1
RUN_UNIT=1
RUN_E2E=1
DOTNET_ARGS=()
for arg in "$@"; do
  case "$arg" in
    --no-db) USE_DB=0 ;;
    --no-e2e) RUN_E2E=0 ;;
    --e2e-only) RUN_UNIT=0 ;;
    *) DOTNET_ARGS+=("$arg") ;;
  esac
done
# a filter names unit tests; the end-to-end suite runs whole or not at all
((RUN_UNIT)) && ((${#DOTNET_ARGS[@]})) && RUN_E2E=0

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { echo "==> $*"; }
elapsed() { awk "BEGIN { printf \"%.1f\", $2 - $1 }"; }
die() { echo "ERROR: $*" >&2; exit 1; }

# Pessimistic defaults: if we die before the tests are counted, the summary
# still reports a failure.
PASSED=0
FAILED=1
DB_PHASE=none          # none | starting | ready
STEP_LOG=""            # log of the DB step in progress, shown if it fails
TMP=""
PG_BIN="" PGDATA="" PG_STARTED=0
MARIADB_PID=""

# ---------------------------------------------------------------- cleanup ---
# Always runs (success, failure, Ctrl-C): stop our servers, drop the temp dir,
# then print the summary so it is guaranteed to be the last line.
# shellcheck disable=SC2317  # only reached through the trap
on_exit() {
  local rc=$?
  set +e
  if [[ "$DB_PHASE" == starting && -f "$STEP_LOG" ]]; then
    echo "---- last lines of $(basename "$STEP_LOG") ----" >&2
    tail -n 40 "$STEP_LOG" >&2
  fi
  if [[ "$PG_STARTED" == 1 ]]; then
    as_db_user "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w -t 30 stop >/dev/null 2>&1 \
      || { [[ -f "$PGDATA/postmaster.pid" ]] && kill -9 "$(head -n1 "$PGDATA/postmaster.pid")" 2>/dev/null; }
  fi
  if [[ -n "$MARIADB_PID" ]] && kill -0 "$MARIADB_PID" 2>/dev/null; then
    kill "$MARIADB_PID" 2>/dev/null
    for _ in $(seq 1 60); do kill -0 "$MARIADB_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$MARIADB_PID" 2>/dev/null
    wait "$MARIADB_PID" 2>/dev/null
  fi
  [[ -n "$TMP" ]] && rm -rf "$TMP"
  [[ -n "${SEGMENTATION_RUN_INSTEAD:-}" ]] || echo "Tests: $PASSED passed, $FAILED failed"
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------- find binaries ---
# Debian keeps initdb/pg_ctl out of PATH (/usr/lib/postgresql/<ver>/bin).
find_pg_bin() {
  local c d
  for c in "$(command -v initdb 2>/dev/null || true)" /usr/local/bin/initdb \
           $(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -rV); do
    [[ -n "$c" && -x "$c" ]] || continue
    d="$(dirname "$(readlink -f "$c")")"   # resolve symlinks to get pg_ctl etc. of the same version
    if [[ -x "$d/pg_ctl" && -x "$d/pg_isready" && -x "$d/psql" ]]; then echo "$d"; return 0; fi
  done
  return 1
}

# Prints the first executable found among names in PATH and the usual sbin dirs.
find_exe() {
  local n d
  for n in "$@"; do
    command -v "$n" 2>/dev/null && return 0
    for d in /usr/sbin /usr/bin /usr/local/sbin /usr/local/bin; do
      [[ -x "$d/$n" ]] && { echo "$d/$n"; return 0; }
    done
  done
  return 1
}

find_mariadb() {
  MARIADBD="$(find_exe mariadbd mysqld)" &&
  MARIADB_INSTALL_DB="$(find_exe mariadb-install-db mysql_install_db)" &&
  MARIADB_CLIENT="$(find_exe mariadb mysql)" &&
  MARIADB_ADMIN="$(find_exe mariadb-admin mysqladmin)"
}

# Installs only the missing packages; one apt-get update at most. $1: servers too (1) or not (0).
ensure_servers_installed() {
  local pkgs=() servers="${1:-1}"
  PG_BIN="$(find_pg_bin || true)"
  # the end-to-end store runs on a PostgreSQL of its own, unless the suite is pointed at an existing store
  if ((servers)) || { ((RUN_E2E)) && [[ -z "${SEGMENTATION_STORE_URL:-}" ]]; }; then
    [[ -n "$PG_BIN" ]] || pkgs+=(postgresql)
  fi
  if ((servers)); then find_mariadb || pkgs+=(mariadb-server mariadb-client); fi
  if ((RUN_E2E)) && [[ -z "${SEGMENTATION_CHROMIUM:-}" && ! -x /usr/bin/chromium ]]; then pkgs+=(chromium); fi
  if ((${#pkgs[@]})); then
    log "Installing ${pkgs[*]}"
    local sudo=""; [[ $EUID -eq 0 ]] || sudo=sudo
    # Keep the packages' postinst from starting system-wide instances we don't
    # use (saves RAM/CPU on CI); only if the image has no policy of its own.
    local policy=/usr/sbin/policy-rc.d added_policy=0 rc=0
    if [[ ! -e "$policy" ]]; then
      printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod +x "$policy" && added_policy=1
    fi
    $sudo apt-get update -qq || rc=$?
    if ((rc == 0)); then
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" || rc=$?
    fi
    ((added_policy)) && $sudo rm -f "$policy"
    ((rc == 0)) || die "apt-get failed (exit $rc)"
    if ((servers)); then
      PG_BIN="$(find_pg_bin)" || die "PostgreSQL binaries not found after install"
      find_mariadb || die "MariaDB binaries not found after install"
    fi
  fi
}

# ------------------------------------------------------------------ ports ---
# First port >= $1 that nothing on 127.0.0.1 accepts connections on.
free_port() {
  local p
  for ((p = $1; p < $1 + 200; p++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  return 1
}

# initdb/postgres refuse to run as root, so servers run as an unprivileged user.
as_db_user() {
  if [[ $EUID -eq 0 ]]; then (cd "$TMP" && runuser -u "$DB_USER" -- "$@"); else (cd "$TMP" && "$@"); fi
}

start_postgres() {
  local port="$1"
  PGDATA="$TMP/db/pg"
  log "Starting PostgreSQL ($PG_BIN) on 127.0.0.1:$port"
  echo segtest >"$TMP/db/pgpass"
  chown "$DB_USER" "$TMP/db/pgpass" 2>/dev/null || true
  # trust over the socket (for us), password over TCP (what the tests use).
  STEP_LOG="$TMP/db/logs/initdb.log"
  as_db_user "$PG_BIN/initdb" -D "$PGDATA" -U postgres --pwfile="$TMP/db/pgpass" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C --no-sync \
    >"$STEP_LOG" 2>&1 || die "initdb failed"
  PG_STARTED=1
  STEP_LOG="$TMP/db/logs/postgres.log"
  as_db_user "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$STEP_LOG" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $TMP/db/run -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || die "PostgreSQL did not start"
  PGPASSWORD=segtest "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atqc 'select 1' >/dev/null \
    || die "cannot connect to PostgreSQL over TCP"
}

start_mariadb() {
  local port="$1" datadir="$TMP/db/mariadb" sock="$TMP/db/run/mariadb.sock"
  log "Starting MariaDB ($MARIADBD) on 127.0.0.1:$port"
  local user_opt=(); [[ $EUID -eq 0 ]] && user_opt=(--user="$DB_USER")
  STEP_LOG="$TMP/db/logs/mariadb-install-db.log"
  "$MARIADB_INSTALL_DB" --no-defaults --datadir="$datadir" "${user_opt[@]}" \
    --auth-root-authentication-method=normal --skip-test-db --skip-name-resolve \
    >"$STEP_LOG" 2>&1 || die "mariadb-install-db failed"
  STEP_LOG="$TMP/db/logs/mariadb.log"
  # --no-defaults ignores /etc/mysql, so set utf8mb4 explicitly (compiled default is latin1).
  "$MARIADBD" --no-defaults --datadir="$datadir" --socket="$sock" --pid-file="$TMP/db/run/mariadb.pid" \
    --port="$port" --bind-address=127.0.0.1 --skip-networking=0 "${user_opt[@]}" \
    --log-error="$STEP_LOG" --skip-name-resolve --skip-log-bin \
    --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    </dev/null >>"$STEP_LOG" 2>&1 &
  MARIADB_PID=$!
  local i
  for ((i = 0; i < 120; i++)); do
    "$MARIADB_ADMIN" --no-defaults -S "$sock" -uroot ping >/dev/null 2>&1 && break
    kill -0 "$MARIADB_PID" 2>/dev/null || die "mariadbd exited during startup"
    sleep 0.5
  done
  ((i < 120)) || die "MariaDB did not start within 60s"
  "$MARIADB_CLIENT" --no-defaults -S "$sock" -uroot -e "
    CREATE USER 'segtest'@'127.0.0.1' IDENTIFIED BY 'segtest';
    GRANT ALL PRIVILEGES ON *.* TO 'segtest'@'127.0.0.1' WITH GRANT OPTION;
    CREATE USER 'segtest'@'localhost' IDENTIFIED BY 'segtest';
    GRANT ALL PRIVILEGES ON *.* TO 'segtest'@'localhost' WITH GRANT OPTION;" \
    || die "could not create MariaDB user segtest"
  "$MARIADB_CLIENT" --no-defaults -h 127.0.0.1 -P "$port" -usegtest -psegtest -e 'select 1' >/dev/null \
    || die "cannot connect to MariaDB over TCP"
}

# ------------------------------------------------------------------- main ---
TMP="$(mktemp -d -t segtest.XXXXXX)"
chmod 755 "$TMP"   # the DB user must be able to traverse it
mkdir -p "$TMP/results"

if ((USE_DB)); then
  DB_PHASE=starting
  t0=$(date +%s.%N)
  ensure_servers_installed
  if id postgres >/dev/null 2>&1; then DB_USER=postgres
  else
    id segtest >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin segtest
    DB_USER=segtest
  fi
  mkdir -p "$TMP/db/logs" "$TMP/db/run"
  [[ $EUID -eq 0 ]] && chown -R "$DB_USER" "$TMP/db"
  # Own ports, away from 5432/3306, so system instances never interfere.
  PG_PORT="$(free_port 55432)" || die "no free port for PostgreSQL"
  MY_PORT="$(free_port 53306)" || die "no free port for MariaDB"
  t1=$(date +%s.%N)
  start_postgres "$PG_PORT"
  start_mariadb "$MY_PORT"
  DB_PHASE=ready
  log "Databases ready: install check $(elapsed "$t0" "$t1")s, startup $(elapsed "$t1" "$(date +%s.%N)")s"
  export SEGMENTATION_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=segtest;Database=postgres"
  export SEGMENTATION_TEST_MYSQL="Server=127.0.0.1;Port=$MY_PORT;User ID=segtest;Password=segtest;Database=mysql"
else
  log "--no-db: not starting database servers"
  ((RUN_E2E)) && ensure_servers_installed 0
fi

# build/benchmark.sh uses the same servers for its own command instead of the tests.
if [[ -n "${SEGMENTATION_RUN_INSTEAD:-}" ]]; then
  log "$SEGMENTATION_RUN_INSTEAD"
  RUN_RC=0
  eval "$SEGMENTATION_RUN_INSTEAD" || RUN_RC=$?
  exit "$RUN_RC"
fi

# LogFilePrefix, not LogFileName: with a fixed LogFileName every test project
# writes the same file and only the last one survives ("Overwriting results
# file"); the prefix form adds framework + timestamp, one .trx per project.
TEST_RC=0
if ((RUN_UNIT)); then
  log "dotnet test $SLN ${DOTNET_ARGS[*]}"
  dotnet test "$SLN" -c Release --logger "trx;LogFilePrefix=results" \
    --results-directory "$TMP/results" "${DOTNET_ARGS[@]}" || TEST_RC=$?
fi

# After the others, alone on the machine's two cores: a real store, a browser and the plugin's package.
if ((RUN_E2E)); then
  E2E=Nop.Plugin.Misc.Segmentation.EndToEnd/Nop.Plugin.Misc.Segmentation.EndToEnd.csproj
  log "dotnet test $E2E (screenshots in ${SEGMENTATION_E2E_ARTIFACTS:-artifacts/e2e})"
  t_e2e=$(date +%s.%N)
  dotnet test "$E2E" -c Release --logger "trx;LogFilePrefix=e2e" --logger "console;verbosity=normal" \
    --results-directory "$TMP/results" || TEST_RC=$?
  log "end-to-end suite: $(elapsed "$t_e2e" "$(date +%s.%N)")s"
fi

# Sum <Counters .../> over every .trx (one per test project). Errors, timeouts
# and aborts count as failures too.
attr() { local v; v="$(sed -n "s/.*[[:space:]]$1=\"\([0-9]*\)\".*/\1/p" <<<"$2")"; echo "${v:-0}"; }
passed=0 failed=0 ntrx=0
while IFS= read -r -d '' trx; do
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n1 || true)"
  [[ -n "$counters" ]] || continue
  ntrx=$((ntrx + 1))
  passed=$((passed + $(attr passed "$counters")))
  for a in failed error timeout aborted; do
    failed=$((failed + $(attr "$a" "$counters")))
  done
done < <(find "$TMP/results" -name '*.trx' -print0)

if ((ntrx == 0)); then
  echo "ERROR: no test results (.trx) were produced (dotnet test exit code $TEST_RC)" >&2
  PASSED=0 FAILED=1
else
  PASSED=$passed FAILED=$failed
fi

((TEST_RC == 0)) || { echo "dotnet test exited with code $TEST_RC" >&2; exit 1; }
((FAILED == 0)) || exit 1
((PASSED > 0)) || { echo "ERROR: no test passed" >&2; exit 1; }
exit 0
