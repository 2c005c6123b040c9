#!/usr/bin/env bash
# bench/footprint.sh: the memory of everything `./berth up` started (services, build workers, Kafka, PostgreSQL),
# as PSS (proportional set size: a page shared by N processes counts 1/N, so the sum is what the platform costs
# the machine) and RSS, per component and in total.
#
#   bench/footprint.sh              (berth must be up; reads BERTH_RUN/BERTH_DATA like ./berth)
#   IDLE=60 bench/footprint.sh      (wait IDLE seconds first, as issue 16's "60 s idle" figure does)
set -euo pipefail
BERTH_RUN=${BERTH_RUN:-/run/berth}
BERTH_DATA=${BERTH_DATA:-/var/lib/berth}
sleep "${IDLE:-0}"

# a process and all its descendants (PostgreSQL's backends, a service's helpers)
tree() {
  local pid=$1 child
  echo "$pid"
  for child in $(cat /proc/"$pid"/task/*/children 2>/dev/null || true); do tree "$child"; done
}
kib() { # kib FIELD PID... -> sum of that smaps_rollup field in KiB
  local field=$1; shift
  local pid total=0 v
  for pid in "$@"; do
    v=$(awk -v f="$field:" '$1 == f { print $2 }' /proc/"$pid"/smaps_rollup 2>/dev/null || true)
    total=$((total + ${v:-0}))
  done
  echo "$total"
}

declare -a NAMES=() PIDS=()
for pidfile in "$BERTH_RUN"/pids/*.pid; do
  [[ -e $pidfile ]] || continue
  NAMES+=("$(basename "$pidfile" .pid)"); PIDS+=("$(cat "$pidfile")")
done
[[ -f $BERTH_RUN/kafka.pid ]] && { NAMES+=(kafka); PIDS+=("$(cat "$BERTH_RUN/kafka.pid")"); }
[[ -f $BERTH_DATA/pg/postmaster.pid ]] && { NAMES+=(postgresql); PIDS+=("$(head -n 1 "$BERTH_DATA/pg/postmaster.pid")"); }

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
