#!/usr/bin/env bash
# bench/compare.sh: berth, podman and dockerd side by side on the same operations, interleaved, in one run.
#
#   bench/compare.sh                       (berth must be up: ./berth up; the anchors are started here)
#   ROUNDS=10 SCENARIOS="logs logs-tail exec" bench/compare.sh
#
# Each scenario is set up once per engine, then timed ROUNDS times; every round runs the engines one after the
# other in a rotating order (berth, podman, docker / podman, docker, berth / ...), so a busy moment of the machine
# hits all three alike. Wall clock of the whole client command (client start-up included), median of ROUNDS.
# Scenarios:
#   logs        docker logs of a container that printed 100 000 lines (output to /dev/null)
#   logs-tail   docker logs --tail 10 of the same container
#   logs-ts     docker logs -t of the same container (timestamps on every line)
#   exec        docker exec C true, C a running busybox
# Engines: berth (docker CLI v28 → berth's socket), podman 4.3 (its CLI, anchor A), dockerd 20.10 (anchor B, same
# v28 CLI). All three run the same static busybox. Output: a markdown table; raw timings in $OUT.
set -euo pipefail

ROUNDS=${ROUNDS:-10}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BERTH_SOCK=unix://${BERTH_SOCKET:-/run/berth/docker.sock}
ANCHOR_SOCK=unix:///run/anchor-docker.sock
OUT=${OUT:-$(mktemp -d /tmp/berth-compare.XXXXXX)}
SCENARIOS=${SCENARIOS:-logs logs-tail logs-ts exec}
ENGINES=(berth podman docker)

bash "$ROOT/../shared/bench/anchors-setup.sh" start >"$OUT/anchors-setup.log" 2>&1 \
  || { echo "anchors-setup failed, see $OUT/anchors-setup.log" >&2; exit 1; }
docker -H "$BERTH_SOCK" image inspect busybox:latest >/dev/null \
  || { echo "berth is not up (./berth up) or has no busybox:latest" >&2; exit 1; }

declare -A CLI=([berth]="docker -H $BERTH_SOCK" [podman]=podman [docker]="docker -H $ANCHOR_SOCK")
declare -A IMAGE=([berth]=busybox:latest [podman]=anchor/busybox:latest [docker]=anchor/busybox:latest)
declare -A RMF=([berth]="rm -f" [podman]="rm -f -t 0" [docker]="rm -f")
TAG=bench-compare-$$
declare -a CREATED=()

cleanup() {
  for entry in "${CREATED[@]}"; do
    local engine=${entry%%:*} name=${entry#*:}
    ${CLI[$engine]} ${RMF[$engine]} "$name" >/dev/null 2>&1 || true
  done
  if [[ ${KEEP_ANCHORS:-0} != 1 ]]; then
    bash "$ROOT/../shared/bench/anchors-setup.sh" stop >>"$OUT/anchors-setup.log" 2>&1 || true
  fi
}
trap cleanup EXIT

# setup SCENARIO ENGINE -> sets COMMAND_FOR to the command to time (no subshell: CREATED must keep its entries)
setup() {
  local scenario=$1 engine=$2 cli=${CLI[$2]} image=${IMAGE[$2]} name
  case $scenario in
    logs|logs-tail|logs-ts)
      name=$TAG-printer-$engine
      if [[ ! " ${CREATED[*]} " =~ " $engine:$name " ]]; then
        $cli run -d --name "$name" --network none "$image" seq 1 100000 >/dev/null
        $cli wait "$name" >/dev/null
        CREATED+=("$engine:$name")
      fi
      case $scenario in
        logs) COMMAND_FOR="$cli logs $name" ;;
        logs-tail) COMMAND_FOR="$cli logs --tail 10 $name" ;;
        logs-ts) COMMAND_FOR="$cli logs -t $name" ;;
      esac ;;
    exec)
      name=$TAG-sleeper-$engine
      $cli run -d --name "$name" --network none "$image" sleep 100000 >/dev/null
      CREATED+=("$engine:$name")
      COMMAND_FOR="$cli exec $name true" ;;
    *) echo "unknown scenario $scenario" >&2; return 1 ;;
  esac
}

# time_once COMMAND -> seconds (output discarded; a failure fails the bench)
time_once() {
  local start=$EPOCHREALTIME
  eval "$1" >/dev/null 2>"$OUT/last-stderr" || { echo "failed: $1" >&2; cat "$OUT/last-stderr" >&2; return 1; }
  awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.6f\n", b - a }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

declare -A RESULT
for scenario in $SCENARIOS; do
  declare -A COMMAND=()
  for engine in "${ENGINES[@]}"; do
    setup "$scenario" "$engine"
    COMMAND[$engine]=$COMMAND_FOR
    time_once "${COMMAND[$engine]}" >/dev/null # warm-up
  done
  for ((round = 0; round < ROUNDS; round++)); do
    for ((k = 0; k < ${#ENGINES[@]}; k++)); do
      engine=${ENGINES[$(((round + k) % ${#ENGINES[@]}))]}
      time_once "${COMMAND[$engine]}" >>"$OUT/$scenario-$engine.txt"
    done
  done
  for engine in "${ENGINES[@]}"; do
    RESULT[$scenario,$engine]=$(median <"$OUT/$scenario-$engine.txt")
  done
  unset COMMAND
done

printf '| scenario | berth | podman 4.3 | dockerd 20.10 | berth / podman | berth / dockerd |\n|---|---|---|---|---|---|\n'
for scenario in $SCENARIOS; do
  b=${RESULT[$scenario,berth]} p=${RESULT[$scenario,podman]} d=${RESULT[$scenario,docker]}
  awk -v s="$scenario" -v b="$b" -v p="$p" -v d="$d" 'BEGIN {
    printf "| %s | %.0f ms | %.0f ms | %.0f ms | %.2f× | %.2f× |\n", s, b*1000, p*1000, d*1000, b/p, b/d }'
done
echo
echo "raw data: $OUT (ROUNDS=$ROUNDS, medians; $(date -u +%F), load $(cut -d' ' -f1-3 /proc/loadavg))"
