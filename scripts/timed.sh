#!/usr/bin/env bash
# Runs a step and says what it is and how long it took:  scripts/timed.sh "what" command args…
# (make prints every install and build step this way, so a slow first run explains itself.)
set -uo pipefail
what=$1
shift
echo "── $what …"
start=$(date +%s)
"$@"
rc=$?
secs=$(( $(date +%s) - start ))
printf '── %s: %dm%02ds%s\n' "$what" $((secs / 60)) $((secs % 60)) "$([ $rc = 0 ] || echo " (failed, exit $rc)")"
exit $rc
