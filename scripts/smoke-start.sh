#!/usr/bin/env bash
# What a new user does first: `npm start`, wait for the endpoints, open the page, press Ctrl-C.
# Exits 0 when the sandbox came up, served the page and the compliance API, and stopped cleanly on SIGINT.
set -uo pipefail
cd "$(dirname "$0")/.."
state=$(mktemp -d)
log="$state/npm-start.log"
setsid npm start -- --port 0 --fresh --state "$state" >"$log" 2>&1 &
pid=$!
cleanup() { kill -KILL -- -"$pid" 2>/dev/null; }
trap cleanup EXIT

for _ in $(seq 1 120); do
  grep -q "sandbox is ready" "$log" && [ -f "$state/endpoints.json" ] && break
  if ! kill -0 "$pid" 2>/dev/null; then echo "npm start exited early:"; cat "$log"; exit 1; fi
  sleep 0.5
done
if ! grep -q "sandbox is ready" "$log"; then echo "npm start did not become ready in 60 s:"; cat "$log"; exit 1; fi

base=$(node -e "console.log(require('$state/endpoints.json').functions.baseUrl)")
key=$(node -e "console.log(require('$state/endpoints.json').keys.function)")
status=0
curl -fsS "$base/" -o /dev/null || { echo "the sandbox page did not load"; status=1; }
curl -fsS "$base/api/compliance?code=$key" -o /dev/null || { echo "GET /api/compliance failed"; status=1; }
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/compliance")
[ "$code" = "401" ] || { echo "GET /api/compliance without a key answered $code, expected 401"; status=1; }

kill -INT -- -"$pid"
for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
if kill -0 "$pid" 2>/dev/null; then echo "the sandbox did not stop within 20 s of Ctrl-C"; status=1; fi
wait "$pid"; exit_code=$?
grep -q "Sandbox stopped" "$log" || { echo "no clean stop message (exit $exit_code):"; tail -20 "$log"; status=1; }
[ "$status" -eq 0 ] && echo "npm start: ready, page and API served, stopped cleanly"
exit "$status"
