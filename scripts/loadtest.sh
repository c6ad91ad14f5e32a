#!/usr/bin/env bash
# Load test of `outreach serve`, on loopback only: 64 connections for 30 s on /api/search with
# varied queries (scripts/loadtest/search.lua) while 2 more connections keep asking for
# handout PDFs (scripts/loadtest/handout.lua). Fails if any request failed.
#
# Needs wrk (`apt-get install wrk`) and a release build (`cargo build --release`).
# Environment: OUTREACH_BIN (default target/release/outreach), DURATION (default 30s),
# CONNECTIONS (default 64), COLD=1 (every search misses the server's answer cache).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${OUTREACH_BIN:-target/release/outreach}
duration=${DURATION:-30s}
connections=${CONNECTIONS:-64}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
[ -x "$bin" ] || { echo "$bin is missing: cargo build --release" >&2; exit 1; }

work=$(mktemp -d)
"$bin" serve --addr 127.0.0.1:0 --index "$work/index" > "$work/server.out" &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 300); do
  grep -q '^listening on ' "$work/server.out" && break
  sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$work/server.out")
case "$url" in
  http://127.0.0.1:*) ;;
  *) echo "refusing to load-test '$url': loopback only" >&2; exit 1 ;;
esac
echo "server: $url ($(nproc) cores), $connections connections for $duration${COLD:+, cold (no cached answers)}"

wrk -t1 -c2 -d"$duration" --latency -s scripts/loadtest/handout.lua "$url" > "$work/handout.txt" &
handouts=$!
wrk -t2 -c"$connections" -d"$duration" --latency -s scripts/loadtest/search.lua "$url" > "$work/search.txt"
wait "$handouts"
cat "$work/search.txt" "$work/handout.txt" | grep -v '^RESULT'
echo
grep -h '^RESULT' "$work/search.txt" "$work/handout.txt"
if grep -h '^RESULT' "$work/search.txt" "$work/handout.txt" | grep -qv 'errors=0$'; then
  echo "FAILED: some requests failed" >&2
  exit 1
fi
