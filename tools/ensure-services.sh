#!/usr/bin/env bash
# Makes sure the services Tollgate needs answer where NATS_URL and DATABASE_URL
# point: NATS with JetStream and PostgreSQL, and the tools the tests use
# (docker-registry, skopeo, git). On loopback it installs (Debian
# packages) and starts what is missing; anywhere else it only checks that the
# service is reachable, because someone else runs it. Safe to run again and
# again: every action prints one line starting with [tollgate].
#
#   tools/ensure-services.sh                  services only
#   tools/ensure-services.sh --node-modules   first installs npm packages when node_modules is
#                                             missing or older than package-lock.json
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export NATS_URL=${NATS_URL:-nats://127.0.0.1:4222}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/tollgate}
# Databases the README's commands need: the demo's and the tests'.
LOCAL_DATABASES=(tollgate tollgate_test)
WAIT_SECONDS=20

say() { printf '[tollgate] %s\n' "$*"; }
die() { printf '[tollgate] error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- helpers

# Prints "host port path" of a URL. Read from the environment, not argv, so a
# password in the URL never shows up in `ps`.
url_parts() { # $1 = name of the variable holding the URL, $2 = default port
  URL_VAR=$1 DEFAULT_PORT=$2 node -e '
    const raw = process.env[process.env.URL_VAR];
    let u;
    try { u = new URL(raw); } catch { process.exit(2); }
    const host = u.hostname.replace(/^\[|\]$/g, "");
    const port = u.port || process.env.DEFAULT_PORT;
    const path = decodeURIComponent(u.pathname.replace(/^\//, ""));
    process.stdout.write(`${host} ${port} ${path || "-"}\n`);
  ' || die "$1 is not a valid URL"
}

is_loopback() { [[ $1 == 127.0.0.1 || $1 == localhost || $1 == ::1 ]]; }

port_open() { # host port
  timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
}

wait_for() { # a command that succeeds once the service is up
  local i
  for ((i = 0; i < WAIT_SECONDS * 2; i++)); do
    "$@" && return 0
    sleep 0.5
  done
  return 1
}

APT_UPDATED=
apt_install() { # package...
  [[ $EUID -eq 0 ]] || die "installing $* needs root; run as root or install the Debian package(s) $* yourself"
  if [[ -z $APT_UPDATED ]]; then
    say "apt: apt-get update (once, to install $*)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# ---------------------------------------------------------------- node_modules

ensure_node_modules() {
  cd "$ROOT"
  local reason=
  if [[ ! -d node_modules ]]; then
    reason='node_modules missing'
  elif [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
    reason='package-lock.json is newer than node_modules'
  fi
  if [[ -z $reason ]]; then
    say "node_modules: up to date with package-lock.json (nothing installed)"
    return
  fi
  # Not `npm ci`: it refuses this lockfile, which lacks other platforms'
  # optional packages (the registry these machines reach serves only Linux
  # builds). `npm install --no-save` installs the locked versions and leaves
  # package.json and package-lock.json untouched.
  say "node_modules: running npm install --no-save ($reason)"
  npm install --no-save --no-audit --no-fund
  say "node_modules: installed the versions in package-lock.json"
}

# ---------------------------------------------------------------- NATS

nats_binary() {
  command -v nats-server 2>/dev/null || { [[ -x /usr/sbin/nats-server ]] && echo /usr/sbin/nats-server; } || true
}

# JetStream must be on, not only the port open; prints the server's version.
# Needs node_modules; without it the check is skipped and says so.
jetstream_enabled() { # url
  [[ -d $ROOT/node_modules/@nats-io/jetstream ]] || return 2
  (cd "$ROOT" && CHECK_URL=$1 node -e '
    const { connect } = require("@nats-io/transport-node");
    const { jetstreamManager } = require("@nats-io/jetstream");
    (async () => {
      const nc = await connect({ servers: process.env.CHECK_URL, timeout: 5000, reconnect: false });
      try {
        await (await jetstreamManager(nc)).getAccountInfo();
        process.stdout.write(nc.info?.version ?? "unknown");
      } finally { await nc.close(); }
    })().catch((e) => { console.error(e.message); process.exit(1); });
  ')
}

start_nats() { # host port
  local host=$1 port=$2 bin store log pidfile
  bin=$(nats_binary)
  # The default port keeps the Debian-style paths; any other port gets its own
  # store so two servers never share JetStream files.
  if [[ $port == 4222 ]]; then
    store=/var/lib/nats-server log=/var/log/nats-server.log
  else
    store=/var/lib/nats-server-$port log=/var/log/nats-server-$port.log
  fi
  pidfile=/run/nats-server-$port.pid
  mkdir -p "$store" "$(dirname "$log")"
  # --pidfile makes start-stop-daemon look for *this* server only; with --exec
  # alone it would see a nats-server on another port and start nothing.
  start-stop-daemon --start --oknodo --background --make-pidfile --pidfile "$pidfile" \
    --exec "$bin" -- -a "$host" -p "$port" -js -sd "$store" -l "$log"
  if ! wait_for port_open "$host" "$port"; then
    tail -n 20 "$log" >&2 || true
    die "nats-server did not answer on $host:$port within ${WAIT_SECONDS}s (log: $log)"
  fi
  NATS_STARTED_DETAIL="store $store, log $log, pid file $pidfile"
}

ensure_nats() {
  local parts host port _path how
  parts=$(url_parts NATS_URL 4222)
  read -r host port _path <<<"$parts"

  if ! is_loopback "$host"; then
    port_open "$host" "$port" || die "nats: $host:$port (from NATS_URL) does not answer; it is not managed here"
    say "nats: $host:$port reachable (external, from NATS_URL; not managed here)"
    return
  fi

  if port_open "$host" "$port"; then
    how='already running'
  else
    if [[ -z $(nats_binary) ]]; then
      apt_install nats-server
      how='installed Debian package nats-server, started'
    else
      how='started nats-server'
    fi
    start_nats "$host" "$port"
    how="$how; $NATS_STARTED_DETAIL"
  fi

  local status=0 out
  out=$(jetstream_enabled "$NATS_URL" 2>&1) || status=$?
  case $status in
    0) say "nats: running on $host:$port with JetStream, nats-server $out ($how)" ;;
    2) say "nats: running on $host:$port ($how; JetStream not checked: node_modules missing)" ;;
    *) die "nats: $host:$port answers but JetStream is not usable there ($out); restart that server with -js (under systemd: add a jetstream block to /etc/nats-server.conf)" ;;
  esac
}

# ---------------------------------------------------------------- PostgreSQL

pg_ready() { pg_isready -q -h "$1" -p "$2" -t 2; }

pg_cluster_version() { ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1; }

# Local TCP logins use trust, as on the machines this project targets; only
# ever applied to a cluster this script created.
pg_trust_loopback() { # version
  local hba=/etc/postgresql/$1/main/pg_hba.conf
  sed -i -E \
    -e 's#^(host[[:space:]]+all[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+)[a-z0-9-]+#\1trust#' \
    -e 's#^(host[[:space:]]+all[[:space:]]+all[[:space:]]+::1/128[[:space:]]+)[a-z0-9-]+#\1trust#' \
    "$hba"
  grep -Eq '^host[[:space:]]+all[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$hba" ||
    printf 'host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n' >>"$hba"
}

psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h "$1" -p "$2" -U postgres -d postgres -Atc "$3"; }

ensure_database() { # host port name
  [[ $3 =~ ^[A-Za-z0-9_]+$ ]] || die "postgresql: database name '$3' from DATABASE_URL is not a plain identifier; create it yourself"
  if [[ $(psql_admin "$1" "$2" "SELECT 1 FROM pg_database WHERE datname = '$3'") == 1 ]]; then
    say "postgresql: database $3 exists"
    return
  fi
  # Another run may create it between the check and here; that is fine.
  if createdb -h "$1" -p "$2" -U postgres "$3" 2>/dev/null ||
    [[ $(psql_admin "$1" "$2" "SELECT 1 FROM pg_database WHERE datname = '$3'") == 1 ]]; then
    say "postgresql: created database $3"
  else
    die "postgresql: could not create database $3 as user postgres on $1:$2"
  fi
}

ensure_postgres() {
  local parts host port db how ver
  parts=$(url_parts DATABASE_URL 5432)
  read -r host port db <<<"$parts"

  if ! is_loopback "$host" || [[ $port != 5432 ]]; then
    if command -v pg_isready >/dev/null; then pg_ready "$host" "$port"; else port_open "$host" "$port"; fi ||
      die "postgresql: $host:$port (from DATABASE_URL) does not answer; it is not managed here"
    say "postgresql: $host:$port reachable (from DATABASE_URL; not managed here)"
    return
  fi

  if command -v pg_isready >/dev/null && pg_ready "$host" "$port"; then
    how='already running'
  else
    ver=$(pg_cluster_version)
    if [[ -z $ver ]]; then
      apt_install postgresql
      ver=$(pg_cluster_version)
      if [[ -z $ver ]]; then # the package normally creates one; make sure
        ver=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
        pg_createcluster "$ver" main >/dev/null
      fi
      pg_trust_loopback "$ver"
      how='installed Debian package postgresql, trust on loopback, started'
    else
      how='started with pg_ctlcluster'
    fi
    # The package's own start may already be running it (with the old hba).
    if pg_ctlcluster "$ver" main status >/dev/null 2>&1; then
      pg_ctlcluster --skip-systemctl-redirect "$ver" main reload
    else
      pg_ctlcluster --skip-systemctl-redirect "$ver" main start
    fi
    wait_for pg_ready "$host" "$port" ||
      die "postgresql $ver/main did not become ready on $host:$port within ${WAIT_SECONDS}s (see /var/log/postgresql/)"
  fi
  psql_admin "$host" "$port" 'SELECT 1' >/dev/null 2>&1 ||
    die "postgresql: $host:$port is up but user postgres cannot log in over TCP without a password; allow trust for 127.0.0.1/32 in pg_hba.conf or set DATABASE_URL"
  say "postgresql: running on $host:$port ($how)"

  local name
  for name in "${LOCAL_DATABASES[@]}"; do ensure_database "$host" "$port" "$name"; done
  if [[ $db != - && ! " ${LOCAL_DATABASES[*]} " =~ " $db " ]]; then
    ensure_database "$host" "$port" "$db"
  fi
}

# ---------------------------------------------------------------- tools

# The SBOM builder's registry tests start their own Distribution registry
# (docker-registry) and push images into it with skopeo; the scanner and the
# SBOM builder check commits out with git, and the scanner's private-repository
# tests serve them with git's own smart-HTTP server (git http-backend, in the
# git package). Nothing runs here.
ensure_tools() {
  local missing=() tool
  for tool in docker-registry skopeo git; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  if ((${#missing[@]} == 0)); then
    say "tools: docker-registry, skopeo and git installed (nothing done)"
    return
  fi
  apt_install "${missing[@]}"
  say "tools: installed Debian package(s) ${missing[*]}"
}

# ---------------------------------------------------------------- main

case ${1:-} in
  --node-modules) ensure_node_modules ;;
  '') ;;
  *) die "unknown option $1 (known: --node-modules)" ;;
esac
ensure_nats
ensure_postgres
ensure_tools
