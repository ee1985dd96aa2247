#!/bin/sh
# src/run.sh -- what `make run` does after building: create the database and
# demo authority on first run, generate an nginx config under var/, start
# `ehm serve` and nginx, and stay in the foreground until Ctrl-C or SIGTERM,
# which stops both.  EHM_CONFIG and PORT choose another config and port.
set -eu
EHM=${EHM:-build/ehm}
PORT=${PORT:-8080}
# Forms are posted from this address: the Origin check must expect it.
export EHM_BASE_URL="${EHM_BASE_URL:-http://127.0.0.1:$PORT}"
cfg_args=""
[ -n "${EHM_CONFIG:-}" ] && cfg_args="--config $EHM_CONFIG"
RUN=var/run-$PORT
mkdir -p var "$RUN/tmp"
chmod 700 var

$EHM $cfg_args nginx-conf --dir "$PWD/$RUN" --port "$PORT" >"$RUN/nginx.conf" ||
  { echo "run: cannot write the nginx configuration" >&2; exit 1; }

# `ehm init` creates or migrates; on a new database add the demo authority.
out=$($EHM $cfg_args init)
echo "$out"
case "$out" in
  *"database created"*) $EHM $cfg_args demo >"$RUN/demo.txt" ;;
  *) [ -s "$RUN/demo.txt" ] || $EHM $cfg_args demo >"$RUN/demo.txt" ;;
esac

ehm_pid=""; nginx_pid=""
stop() {
  trap - INT TERM EXIT
  [ -n "$nginx_pid" ] && kill -QUIT "$nginx_pid" 2>/dev/null || true
  [ -n "$ehm_pid" ] && kill -TERM "$ehm_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  echo "Stopped."
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

$EHM $cfg_args serve 2>>"$RUN/ehm.log" &
ehm_pid=$!
sock=$(sed -n 's/.*fastcgi_pass unix:\(.*\);/\1/p' "$RUN/nginx.conf")
i=0
while [ ! -S "$sock" ]; do
  i=$((i + 1))
  if [ $i -gt 100 ] || ! kill -0 "$ehm_pid" 2>/dev/null; then
    echo "run: ehm did not start; see $RUN/ehm.log" >&2
    tail -5 "$RUN/ehm.log" >&2
    exit 1
  fi
  sleep 0.1
done
nginx -p "$PWD/$RUN" -c "$PWD/$RUN/nginx.conf" -e "$PWD/$RUN/nginx-error.log" &
nginx_pid=$!
sleep 0.3
if ! kill -0 "$nginx_pid" 2>/dev/null; then
  echo "run: nginx did not start; see $RUN/nginx-error.log" >&2
  exit 1
fi

echo
echo "Early Help Module is running at http://127.0.0.1:$PORT/"
cat "$RUN/demo.txt"
echo "Logs: $RUN/ehm.log and $RUN/nginx-*.log.  Press Ctrl-C to stop."
wait "$ehm_pid"
