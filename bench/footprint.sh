#!/usr/bin/env bash
# bench/footprint.sh: the memory of everything `./berth up` started (services, build workers, Kafka, PostgreSQL),
# as PSS (proportional set size: a page shared by N processes counts 1/N, so the sum is what the platform costs
# the machine) and RSS, per component and in total.
#
#   bench/footprint.sh              (berth must be up; reads BERTH_RUN/BERTH_DATA like ./berth)
#   IDLE=60 bench/footprint.sh      (wait IDLE seconds first, as issue 16's "60 s idle" figure does)
#   CONTAINERS=50 bench/footprint.sh (then: the memory each running container adds, platform and conmon and the
#                                     container's own processes included, over N `run -d --network none busybox
#                                     sleep`; and how long `docker stats --no-stream` of all N takes)
set -euo pipefail
BERTH_RUN=${BERTH_RUN:-/run/berth}
BERTH_DATA=${BERTH_DATA:-/var/lib/berth}
sleep "${IDLE:-0}"

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
conmons() { procs_matching conmon " -b $BERTH_DATA/"; } # this instance's conmons (each with its container under it)

declare -a NAMES=() PIDS=()
while read -r name pid; do NAMES+=("$name"); PIDS+=("$pid"); done < <(berth_platform_pids)

printf '| component | processes | PSS MiB | RSS MiB |\n|---|---|---|---|\n'
total_pss=0 total_rss=0
for i in "${!NAMES[@]}"; do
  kill -0 "${PIDS[$i]}" 2>/dev/null || continue
  mapfile -t members < <(tree "${PIDS[$i]}")
  pss=$(kib Pss "${members[@]}") rss=$(kib Rss "${members[@]}")
  total_pss=$((total_pss + pss)) total_rss=$((total_rss + rss))
  printf '| %s | %d | %d | %d |\n' "${NAMES[$i]}" "${#members[@]}" $((pss / 1024)) $((rss / 1024))
done
printf '| **total** | | **%d** | %d |\n' $((total_pss / 1024)) $((total_rss / 1024))
echo
echo "$(date -u +%F) $(nproc) cores, idle ${IDLE:-0} s before measuring"

N=${CONTAINERS:-0}
[[ $N -gt 0 ]] || exit 0
everything() { # Pss|Rss -> KiB of the platform, every conmon of this instance and their containers
  local all=() pid
  for pid in "${PIDS[@]}" $(conmons); do mapfile -t -O "${#all[@]}" all < <(tree "$pid"); done
  kib "$1" "${all[@]}"
}
LABEL=berth.bench.footprint=$$
cleanup() { docker ps -aq --filter "label=$LABEL" | xargs -r docker rm -f >/dev/null 2>&1 || true; }
trap cleanup EXIT
pss0=$(everything Pss) rss0=$(everything Rss)
for ((i = 0; i < N; i++)); do docker run -d --network none --label "$LABEL" busybox sleep 100000 >/dev/null; done
sleep 10
pss1=$(everything Pss) rss1=$(everything Rss)
start=$EPOCHREALTIME
docker stats --no-stream $(docker ps -q --filter "label=$LABEL") >/dev/null
stats=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
awk -v n="$N" -v p0="$pss0" -v p1="$pss1" -v r0="$rss0" -v r1="$rss1" -v s="$stats" 'BEGIN {
  printf "%d containers: +%.2f MiB PSS, +%.2f MiB RSS per container; docker stats --no-stream of all: %s s\n",
    n, (p1 - p0) / n / 1024, (r1 - r0) / n / 1024, s }'
