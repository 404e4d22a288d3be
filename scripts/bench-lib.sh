# Shared by the bench scripts (sourced): a seeded nano, an nginx peer, wrk runs alternated
# between cases with medians, and the goal lines of issue 9.
# Expects BIN, WORK (a scratch folder removed by the caller), ROUNDS and DURATION.

mkdir -p "$WORK/runs"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.4g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# ratio A B: A / B with two decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b == 0 ? 0 : a / b) }'; }

# goal NUMBER TEXT RATIO OP TARGET [DETAIL]: one line per goal, saying whether it is met.
goal() {
    local number=$1 text=$2 value=$3 op=$4 target=$5 detail=${6:-}
    local met
    met=$(awk -v v="$value" -v t="$target" -v op="$op" 'BEGIN { print ((op == ">=" ? v >= t : v <= t) ? "met" : "NOT met") }')
    echo "goal $number $text: $value (target $op $target) $met${detail:+  [$detail]}"
}

# start_nano SIZE: nano seeded with SIZE demo documents in $WORK/nano; sets NANO_PID, BASE, NANO_DIR.
start_nano() {
    local port
    port=$(free_port)
    NANO_DIR=$WORK/nano
    BASE="http://127.0.0.1:$port"
    "$BIN" nano --port "$port" --dir "$NANO_DIR" --seed demo --size "$1" --quiet &
    NANO_PID=$!
    # start() opens the routes once seeding is done; until then the port is closed or waits
    for _ in $(seq 1 1200); do
        curl -sf "$BASE/storage/test" 2>/dev/null | grep -q logo.png && return 0
        kill -0 "$NANO_PID" 2>/dev/null || { echo "nano exited while seeding" >&2; return 1; }
        sleep 0.5
    done
    echo "nano was not ready after 10 minutes" >&2
    return 1
}

stop_nano() { [ -n "${NANO_PID:-}" ] && kill "$NANO_PID" 2>/dev/null && wait "$NANO_PID" 2>/dev/null; NANO_PID=; }

# start_nginx ROOT: nginx-light serving ROOT (static files, sendfile, as many workers as cores,
# no access log, unlimited keep-alive like nano) on a free port; sets NGINX_PID, NGINX.
start_nginx() {
    local port conf=$WORK/nginx.conf
    port=$(free_port)
    NGINX="http://127.0.0.1:$port"
    mkdir -p "$WORK/nginx-tmp"
    cat >"$conf" <<EOF
worker_processes auto;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
$( [ "$(id -u)" = 0 ] && echo "user root;" )
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    keepalive_timeout 60s;
    client_body_temp_path $WORK/nginx-tmp;
    proxy_temp_path $WORK/nginx-tmp;
    fastcgi_temp_path $WORK/nginx-tmp;
    uwsgi_temp_path $WORK/nginx-tmp;
    scgi_temp_path $WORK/nginx-tmp;
    types { application/json json; application/octet-stream bin; }
    server { listen 127.0.0.1:$port; root $1; }
}
EOF
    nginx -c "$conf" &
    NGINX_PID=$!
    for _ in $(seq 1 100); do curl -s -o /dev/null "$NGINX/" && return 0; sleep 0.1; done
    echo "nginx did not start: $(cat "$WORK/nginx-error.log" 2>/dev/null)" >&2
    return 1
}

stop_nginx() { [ -n "${NGINX_PID:-}" ] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null; NGINX_PID=; }

# wrk_once METHOD URL BODY CONNECTIONS [HEADER]: prints `rps p50_ms p99_ms errors` (errors: non-2xx/3xx
# answers, connect/read/write errors and timeouts).
wrk_once() {
    local method=$1 url=$2 body=$3 connections=$4 header=${5:-} lua=$WORK/wrk-$BASHPID.lua
    cat >"$lua" <<LUAEOF
wrk.method = "$method"
wrk.body = [[$body]]
wrk.headers["Content-Type"] = "application/json"
$( [ -n "$header" ] && echo "wrk.headers[\"${header%%:*}\"] = \"${header#*: }\"" )
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.1f %.3f %.3f %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUAEOF
    wrk -t"$(( connections < 2 ? 1 : 2 ))" -c"$connections" -d"$DURATION" --timeout 30s -s "$lua" "$url" | sed -n 's/^RESULT //p'
}

# alternate CASE...: each CASE is `name|METHOD|URL|BODY|CONNECTIONS[|HEADER]`; runs them in turn,
# ROUNDS times, and keeps every figure in $WORK/runs/<name>.
alternate() {
    local round spec name method url body connections header
    for round in $(seq 1 "$ROUNDS"); do
        for spec in "$@"; do
            IFS='|' read -r name method url body connections header <<<"$spec"
            wrk_once "$method" "$url" "$body" "$connections" "$header" >>"$WORK/runs/$name"
        done
    done
}

# figure NAME COLUMN: the median of a column kept by `alternate` (1 rps, 2 p50_ms, 3 p99_ms, 4 errors).
figure() { awk -v c="$2" '{ print $c }' "$WORK/runs/$1" | median; }

# paired A B COLUMN: the median over rounds of A's figure / B's figure in the same round (runs
# next to each other in time, so that the load of the machine, which drifts, weighs on both).
paired() {
    paste -d' ' <(awk -v c="$3" '{ print $c }' "$WORK/runs/$1") <(awk -v c="$3" '{ print $c }' "$WORK/runs/$2") |
        awk '{ print ($2 == 0 ? 0 : $1 / $2) }' | median | xargs printf '%.2f'
}

# errors NAME: the errors of every run, summed (a fast wrong answer would make a figure meaningless).
errors() { awk '{ s += $4 } END { print s + 0 }' "$WORK/runs/$1"; }

# summary NAME: one line of the case's medians.
summary() { echo "  $1 rps=$(figure "$1" 1) p50_ms=$(figure "$1" 2) p99_ms=$(figure "$1" 3) errors=$(errors "$1")"; }
