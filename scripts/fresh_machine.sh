#!/usr/bin/env bash
# Times a newcomer's first hour: clones this repository into a scratch folder and runs the
# README's two commands there, printing each step's time.
#   scripts/fresh_machine.sh [--serve-only] [SCRATCH_DIR]
# 1. `make serve` until the first page is served (then it is stopped);
# 2. `make test` to the end.
# On a fresh machine the installs (trunk, wasm-bindgen, Chromium, …) happen in step 1 and are
# timed by make itself ("── … : XmYYs" lines). The clone builds into its own target directory:
# a target directory shared with another checkout would make the two overwrite each other.
set -euo pipefail
serve_only=false
if [ "${1:-}" = --serve-only ]; then serve_only=true; shift; fi
repo=$(cd "$(dirname "$0")/.." && pwd)
scratch=${1:-$(mktemp -d /tmp/plumbline-fresh.XXXXXX)}
port=${PORT:-8093}
log=$scratch/fresh_machine.log
mkdir -p "$scratch"
rm -rf "$scratch/plumbline"
git clone --quiet "$repo" "$scratch/plumbline"
cd "$scratch/plumbline"
unset CARGO_TARGET_DIR
: >"$log"
elapsed() { local s=$(( $(date +%s) - $1 )); printf '%dm%02ds' $((s / 60)) $((s % 60)); }

start=$(date +%s)
echo "make serve (port $port) in $scratch/plumbline; log: $log"
setsid make serve PORT="$port" >>"$log" 2>&1 &
serve=$!
until curl -fs "http://127.0.0.1:$port/" 2>/dev/null | grep -q 'plumbline'; do
  if ! kill -0 "$serve" 2>/dev/null; then echo "make serve stopped before serving; see $log"; exit 1; fi
  sleep 2
done
serve_time=$(elapsed "$start")
kill -- -"$serve" 2>/dev/null || true
wait "$serve" 2>/dev/null || true
grep '^── .*: ' "$log" || true
echo "make serve: first page after $serve_time"
$serve_only && exit 0

start=$(date +%s)
mark=$(wc -l <"$log")
if make test >>"$log" 2>&1; then result=passed; else result=FAILED; fi
tail -n +"$((mark + 1))" "$log" | grep '^── .*: ' || true
echo "make test: $result after $(elapsed "$start")"
[ "$result" = passed ]
