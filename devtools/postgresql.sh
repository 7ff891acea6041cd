# Source this file: pg_start starts a throwaway PostgreSQL cluster on
# loopback as a normal process and exports TRYTOND_DATABASE__URI;
# pg_stop stops it and removes its files.  Installs Debian's postgresql
# when it is absent.

# A throwaway cluster keeps nothing worth a disk write or a plan compiled:
# no fsync, no WAL beyond the minimum, no JIT (it added seconds to a badly
# planned query at scale and nothing to the tests' small ones)
PG_THROWAWAY="-c fsync=off -c synchronous_commit=off -c full_page_writes=off \
-c wal_level=minimal -c max_wal_senders=0 -c jit=off -c shared_buffers=256MB \
-c max_wal_size=4GB -c checkpoint_timeout=1h"

pg_start() {
    if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
        echo "Installing Debian's postgresql ..."
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    PG_DIR=$(mktemp -d /tmp/cs-postgresql.XXXXXX)
    local password port run=()
    password=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
    echo "$password" > "$PG_DIR/password"
    if [ "$(id -u)" = 0 ]; then
        chown -R postgres: "$PG_DIR"
        run=(runuser -u postgres --)
    fi
    "${run[@]}" "$bin/initdb" -D "$PG_DIR/data" -U postgres \
        --auth-host=scram-sha-256 --auth-local=trust \
        --pwfile="$PG_DIR/password" -E UTF8 --locale=C.UTF-8 >/dev/null
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "${run[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$PG_DIR -c max_connections=200 $PG_THROWAWAY" \
        start >/dev/null
    PG_RUN=("${run[@]}")
    PG_BIN=$bin
    export TRYTOND_DATABASE__URI="postgresql://postgres:$password@127.0.0.1:$port/"
    echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($PG_DIR)"
}

pg_stop() {
    [ -n "${PG_DIR:-}" ] || return 0
    "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
    unset PG_DIR TRYTOND_DATABASE__URI
}
