#!/usr/bin/env bash
# bench/coldstart.sh: issue 16's cold start: `./berth down`, then `./berth up` on a machine where everything is
# built, until the socket answers and a container runs (`docker run --rm busybox true` right after up returns).
#
#   bench/coldstart.sh            (as root, with the instance's environment, e.g. `source infra/side-instance.sh N`)
#   RUNS=3 bench/coldstart.sh     (that many down/up cycles; prints each and the median)
#
# up's own variables apply (BERTH_WARMUP_RUNS, BERTH_BUILD_EAGER, ...). Prints up's step times of the last run.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-1}
BERTH_RUN=${BERTH_RUN:-/run/berth}
export DOCKER_HOST=unix://${BERTH_SOCKET:-$BERTH_RUN/docker.sock}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

"$ROOT/berth" up >/dev/null # built and installed: what a cold start does not include
totals=()
printf '| run | up s | first run s | total s | load |\n|---|---|---|---|---|\n'
for ((i = 1; i <= RUNS; i++)); do
  "$ROOT/berth" down >/dev/null
  t0=$(now)
  "$ROOT/berth" up >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
  t1=$(now)
  docker run --rm busybox true
  t2=$(now)
  totals+=("$(secs "$t0" "$t2")")
  printf '| %d | %s | %s | **%s** | %s |\n' "$i" "$(secs "$t0" "$t1")" "$(secs "$t1" "$t2")" "$(secs "$t0" "$t2")" \
    "$(cut -d' ' -f1 /proc/loadavg)"
done
printf '\nmedian total: %s s\n\nsteps of the last up:\n' "$(printf '%s\n' "${totals[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')"
grep -E '^\[[0-9]+/[0-9]+\]' "$log"
