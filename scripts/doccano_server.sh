#!/usr/bin/env bash
# A local doccano 1.8.4 server for kner's doccano round-trip tests.
#
#   scripts/doccano_server.sh start   # install (once), init, create the user, start, wait
#   scripts/doccano_server.sh stop    # stop the web server and the task worker by PID
#   scripts/doccano_server.sh status
#
# Environment:
#   KNER_DOCCANO_HOME      state directory, outside the repository (default /tmp/kner-doccano):
#                          venv/, db.sqlite3, media/, logs and PID files
#   KNER_DOCCANO_PORT      port on 127.0.0.1 (default 8732)
#   KNER_DOCCANO_USER      admin user to create      (required for start)
#   KNER_DOCCANO_PASSWORD  its password              (required for start)
#   KNER_DOCCANO_PYTHON    interpreter for the venv  (default python3.11)
#
# doccano's own `webserver` command binds 0.0.0.0, so gunicorn is run directly on
# 127.0.0.1 with doccano's WSGI module (config.wsgi inside the installed `backend`
# package). Uploads and exports run as celery tasks: `doccano task` is the worker, and
# its broker defaults to SQLAlchemy on the same sqlite database (sqla+sqlite:///…), so
# no external service is needed. On success `start` prints the KNER_DOCCANO_URL to use.
set -euo pipefail

HOME_DIR="${KNER_DOCCANO_HOME:-/tmp/kner-doccano}"
PORT="${KNER_DOCCANO_PORT:-8732}"
PY="${KNER_DOCCANO_PYTHON:-python3.11}"
VENV="$HOME_DIR/venv"
URL="http://127.0.0.1:$PORT"

export DOCCANO_HOME="$HOME_DIR"
export DJANGO_SETTINGS_MODULE=config.settings.production
export DATABASE_URL="sqlite:///$HOME_DIR/db.sqlite3"
export MEDIA_ROOT="$HOME_DIR/media"
export STANDALONE=True
export DEBUG=False

log() { echo "doccano_server: $*" >&2; }

install() {
    if [[ -x "$VENV/bin/doccano" ]]; then
        return
    fi
    log "installing doccano 1.8.4 into $VENV"
    local t0=$SECONDS
    "$PY" -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check "doccano==1.8.4" "marshmallow<4" "numpy<2"
    log "installed in $((SECONDS - t0)) s"
}

secret() {
    # Django's SECRET_KEY: one random key per state directory, never in code.
    local f="$HOME_DIR/secret_key"
    if [[ ! -s "$f" ]]; then
        (umask 077; "$PY" -c 'import secrets; print(secrets.token_urlsafe(48))' > "$f")
    fi
    SECRET_KEY="$(cat "$f")"
    export SECRET_KEY
}

alive() { [[ -s "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

start() {
    : "${KNER_DOCCANO_USER:?set KNER_DOCCANO_USER (the doccano admin user to create)}"
    : "${KNER_DOCCANO_PASSWORD:?set KNER_DOCCANO_PASSWORD}"
    mkdir -p "$HOME_DIR" "$MEDIA_ROOT"
    if alive "$HOME_DIR/web.pid" || alive "$HOME_DIR/task.pid"; then
        log "already running (see $HOME_DIR/*.pid); run stop first"
        exit 1
    fi
    install
    secret
    local t0=$SECONDS
    "$VENV/bin/doccano" init > "$HOME_DIR/init.log" 2>&1 || { cat "$HOME_DIR/init.log" >&2; exit 1; }
    # create_admin fails when the user exists already: that is fine on a second start.
    "$VENV/bin/doccano" createuser --username "$KNER_DOCCANO_USER" --password "$KNER_DOCCANO_PASSWORD" \
        >> "$HOME_DIR/init.log" 2>&1 || log "createuser: user exists already (see $HOME_DIR/init.log)"
    local backend
    backend="$("$VENV/bin/python" -c 'import backend, os; print(os.path.dirname(backend.__file__))')"
    "$VENV/bin/gunicorn" --chdir "$backend" --bind "127.0.0.1:$PORT" --workers 2 --timeout 120 \
        config.wsgi > "$HOME_DIR/web.log" 2>&1 &
    echo $! > "$HOME_DIR/web.pid"
    "$VENV/bin/doccano" task --concurrency 1 > "$HOME_DIR/task.log" 2>&1 &
    echo $! > "$HOME_DIR/task.pid"
    for _ in $(seq 1 120); do
        if "$PY" - "$URL" <<'EOF' 2>/dev/null; then
import sys, urllib.request
urllib.request.urlopen(sys.argv[1] + "/v1/health/", timeout=2)
EOF
            log "web server answers at $URL after $((SECONDS - t0)) s (worker PID $(cat "$HOME_DIR/task.pid"))"
            echo "KNER_DOCCANO_URL=$URL"
            return
        fi
        if ! alive "$HOME_DIR/web.pid"; then
            log "web server died:"; tail -n 30 "$HOME_DIR/web.log" >&2; stop; exit 1
        fi
        sleep 1
    done
    log "web server did not answer within 120 s"; tail -n 30 "$HOME_DIR/web.log" >&2; stop; exit 1
}

stop_one() {
    local name="$1" f="$HOME_DIR/$1.pid"
    if alive "$f"; then
        local pid; pid="$(cat "$f")"
        kill "$pid"
        for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
        log "stopped $name ($pid)"
    fi
    rm -f "$f"
}

stop() {
    stop_one task
    stop_one web
}

status() {
    for name in web task; do
        if alive "$HOME_DIR/$name.pid"; then echo "$name: running ($(cat "$HOME_DIR/$name.pid"))"
        else echo "$name: stopped"; fi
    done
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
