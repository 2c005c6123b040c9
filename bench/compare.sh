#!/usr/bin/env bash
# bench/compare.sh: berth, podman and dockerd side by side on the same operations, in one run: the table of issue 16.
#
#   bench/compare.sh                       (berth must be up: ./berth up; the anchors are started here)
#   ROUNDS=10 SCENARIOS="logs exec" MEMORY=0 bench/compare.sh
#
# Timed scenarios: each is set up once per engine, run WARMUP (3) times untimed, then timed ROUNDS times; every
# round runs the engines one after the other in a rotating order (berth, podman, docker / podman, docker, berth /
# ...), so a busy moment of the machine hits all three alike. Wall clock of the whole client command (client start-up included), median.
#   run-rm        docker run --rm --network none busybox true
#   run-rm-bridge docker run --rm busybox true                 (the default bridge)
#   run-d-rm      docker run -d --network none busybox sleep, then docker rm -f
#   par-run-rm    10 x docker run --rm busybox true at once      (until the last returns)
#   exec          docker exec C true, C a running busybox
#   exec-it       interactive latency: in one `docker exec -it C sh` on a terminal, the median time from typing a
#                 line to the shell's answer on the screen (bench/keystroke.py, 10 lines a round; the session's
#                 start is not counted)
#   logs          docker logs of a container that printed 100 000 lines (output to /dev/null)
#   logs-tail     docker logs --tail 10 of the same container
#   logs-ts       docker logs -t of the same container (timestamps on every line)
#   pull          docker pull of Debian minbase (one ~50 MB layer) from the anchors' local registry, the image
#                 removed before each pull (not timed)
# Memory (MEMORY=1, the default; one engine after the other, not timed):
#   idle          PSS of the engine's daemons: berth's services, Kafka and PostgreSQL; dockerd and containerd;
#                 podman has none (daemonless). Measured SETTLE s after the timed scenarios, not 60 s after `up`: see
#                 bench/footprint.sh for the figure right after `up`
#   per container PSS and RSS added per `run -d --network none busybox sleep` over CONTAINERS (50) containers:
#                 the engine, its conmon / containerd-shim and the container's own process; read SETTLE (40) s
#                 after the engine's last request, before and after the containers start, for every engine:
#                 berth's database pools close a connection idle for 30 s, and a PostgreSQL backend that served
#                 a burst of requests is ≈ 5–10 MiB of RSS (shared buffers it touched) until then
#   own / ctr     the same split: the monitor process alone (conmon, containerd-shim) and the container's processes
#   stats         `docker stats --no-stream` of those CONTAINERS containers
#   idle after up FRESH_UP=1: `./berth down`, `./berth up`, 60 s idle, then the PSS of berth's daemons (issue 16's
#                 "idle footprint" as bench/footprint.sh reads it; dockerd's and containerd's at the same moment),
#                 then WARM_RUNS (100) `run --rm` and three times as many `exec` before the scenarios (the JVMs'
#                 JIT, as after a few minutes of use)
# Engines: berth (docker CLI v28 → berth's socket), podman 4.3 (its CLI, anchor A), dockerd 20.10 (anchor B, same
# v28 CLI). All three run the same static busybox. Output: a markdown table; raw timings in $OUT.
set -euo pipefail

ROUNDS=${ROUNDS:-10}
WARMUP=${WARMUP:-3} # untimed runs per engine before a scenario's rounds (JIT, page cache, each engine alike)
CONTAINERS=${CONTAINERS:-50}
MEMORY=${MEMORY:-1}
SETTLE=${SETTLE:-40}
FRESH_UP=${FRESH_UP:-0}
WARM_RUNS=${WARM_RUNS:-100}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/bench/lib.sh"
BERTH_SOCK=unix://${BERTH_SOCKET:-/run/berth/docker.sock}
ANCHOR_SOCK=unix:///run/anchor-docker.sock
OUT=${OUT:-$(mktemp -d /tmp/berth-compare.XXXXXX)}
SCENARIOS=${SCENARIOS:-run-rm run-rm-bridge run-d-rm par-run-rm exec exec-it logs logs-tail logs-ts pull}
ENGINES=(berth podman docker)
PULL_REF=127.0.0.1:5000/anchor/bookworm:minbase

bash "$ROOT/../shared/bench/anchors-setup.sh" start >"$OUT/anchors-setup.log" 2>&1 \
  || { echo "anchors-setup failed, see $OUT/anchors-setup.log" >&2; exit 1; }
# daemon_pids ENGINE -> the engine's daemons with their children (podman has none)
daemon_pids() {
  local pid
  case $1 in
    berth) for pid in $(berth_platform_pids | cut -d' ' -f2); do tree "$pid"; done ;;
    docker) for pid in /run/anchor-docker.pid /run/anchor-containerd.pid; do tree "$(cat "$pid")"; done ;;
  esac
  return 0
}
# monitors ENGINE -> the monitor processes alone (conmon, containerd-shim), without the containers under them
monitors() {
  case $1 in
    berth) procs_matching conmon " -b ${BERTH_DATA:-/var/lib/berth}/" ;;
    docker) procs_matching containerd-shim "anchor-moby" ;;
    podman) procs_matching conmon "/libpod/" ;;
  esac
  return 0
}
# monitor_pids ENGINE -> per container, its monitor with the container's processes
monitor_pids() {
  local pid
  for pid in $(monitors "$1"); do tree "$pid"; done
}
engine_pids() { daemon_pids "$1"; monitor_pids "$1"; }

if [[ $FRESH_UP == 1 ]]; then
  { "$ROOT/berth" down && "$ROOT/berth" up; } >"$OUT/berth-up.log" 2>&1 \
    || { echo "berth down/up failed, see $OUT/berth-up.log" >&2; exit 1; }
fi
docker -H "$BERTH_SOCK" image inspect busybox:latest >/dev/null \
  || { echo "berth is not up (./berth up) or has no busybox:latest" >&2; exit 1; }
if [[ $FRESH_UP == 1 ]]; then
  sleep 60
  declare -A IDLE_UP=()
  for engine in berth docker; do
    mapfile -t pids < <(daemon_pids "$engine")
    IDLE_UP[$engine]=$(kib Pss "${pids[@]}")
  done
  warm=$(docker -H "$BERTH_SOCK" run -d --network none busybox sleep 100000)
  for ((i = 0; i < WARM_RUNS; i++)); do docker -H "$BERTH_SOCK" run --rm busybox true; done
  for ((i = 0; i < 3 * WARM_RUNS; i++)); do docker -H "$BERTH_SOCK" exec "$warm" true; done
  docker -H "$BERTH_SOCK" rm -f "$warm" >/dev/null
fi

declare -A CLI=([berth]="docker -H $BERTH_SOCK" [podman]=podman [docker]="docker -H $ANCHOR_SOCK")
declare -A IMAGE=([berth]=busybox:latest [podman]=anchor/busybox:latest [docker]=anchor/busybox:latest)
declare -A RMF=([berth]="rm -f" [podman]="rm -f -t 0" [docker]="rm -f")
declare -A PULL=([berth]="pull -q" [podman]="pull -q --tls-verify=false" [docker]="pull -q")
TAG=bench-compare-$$
LABEL=berth.bench.compare=$$
declare -a CREATED=()

remove_created() {
  for entry in "${CREATED[@]}"; do
    local engine=${entry%%:*} name=${entry#*:}
    ${CLI[$engine]} ${RMF[$engine]} "$name" >/dev/null 2>&1 || true
  done
  CREATED=()
}
cleanup() {
  remove_created
  for engine in "${ENGINES[@]}"; do
    ${CLI[$engine]} ps -aq --filter "label=$LABEL" | xargs -r ${CLI[$engine]} ${RMF[$engine]} >/dev/null 2>&1 || true
  done
  if [[ ${KEEP_ANCHORS:-0} != 1 ]]; then
    bash "$ROOT/../shared/bench/anchors-setup.sh" stop >>"$OUT/anchors-setup.log" 2>&1 || true
  fi
}
trap cleanup EXIT

# setup SCENARIO ENGINE -> sets COMMAND_FOR (timed) and PREPARE_FOR (run before each timing, not timed); no
# subshell, so that CREATED keeps its entries
setup() {
  local scenario=$1 engine=$2 cli=${CLI[$2]} image=${IMAGE[$2]} name
  PREPARE_FOR=true SELF_TIMED_FOR=0
  case $scenario in
    run-rm) COMMAND_FOR="$cli run --rm --network none $image true" ;;
    run-rm-bridge) COMMAND_FOR="$cli run --rm $image true" ;;
    run-d-rm) COMMAND_FOR="id=\$($cli run -d --network none $image sleep 1000) && $cli ${RMF[$engine]} \$id" ;;
    par-run-rm) COMMAND_FOR="for i in 1 2 3 4 5 6 7 8 9 10; do $cli run --rm $image true & done; wait" ;;
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
    exec-it)
      name=$TAG-shell-$engine
      $cli run -d --name "$name" --network none "$image" sleep 100000 >/dev/null
      CREATED+=("$engine:$name")
      COMMAND_FOR="python3 $ROOT/bench/keystroke.py 10 $cli exec -it $name sh" SELF_TIMED_FOR=1 ;;
    pull)
      PREPARE_FOR="$cli rmi -f $PULL_REF >/dev/null 2>&1; true"
      COMMAND_FOR="$cli ${PULL[$engine]} $PULL_REF" ;;
    *) echo "unknown scenario $scenario" >&2; return 1 ;;
  esac
}

# time_once PREPARE COMMAND [SELF_TIMED] -> seconds of COMMAND (output discarded; a failure fails the bench); with
# SELF_TIMED=1 the command times itself and prints its seconds
time_once() {
  eval "$1" >/dev/null 2>&1 || true
  if [[ ${3:-0} == 1 ]]; then
    eval "$2" 2>"$OUT/last-stderr" || { echo "failed: $2" >&2; cat "$OUT/last-stderr" >&2; return 1; }
    return 0
  fi
  local start=$EPOCHREALTIME
  eval "$2" >/dev/null 2>"$OUT/last-stderr" || { echo "failed: $2" >&2; cat "$OUT/last-stderr" >&2; return 1; }
  awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.6f\n", b - a }'
}

declare -A RESULT
for scenario in $SCENARIOS; do
  declare -A COMMAND=() PREPARE=() SELF_TIMED=()
  for engine in "${ENGINES[@]}"; do
    setup "$scenario" "$engine"
    COMMAND[$engine]=$COMMAND_FOR PREPARE[$engine]=$PREPARE_FOR SELF_TIMED[$engine]=$SELF_TIMED_FOR
    for ((w = 0; w < WARMUP; w++)); do
      time_once "${PREPARE[$engine]}" "${COMMAND[$engine]}" "${SELF_TIMED[$engine]}" >/dev/null
    done
  done
  for ((round = 0; round < ROUNDS; round++)); do
    for ((k = 0; k < ${#ENGINES[@]}; k++)); do
      engine=${ENGINES[$(((round + k) % ${#ENGINES[@]}))]}
      time_once "${PREPARE[$engine]}" "${COMMAND[$engine]}" "${SELF_TIMED[$engine]}" >>"$OUT/$scenario-$engine.txt"
    done
  done
  for engine in "${ENGINES[@]}"; do
    RESULT[$scenario,$engine]=$(median <"$OUT/$scenario-$engine.txt")
  done
  unset COMMAND PREPARE SELF_TIMED
done

# ---------------------------------------------------------------------------------------------- memory

if [[ $MEMORY == 1 ]]; then
  remove_created
  for engine in "${ENGINES[@]}"; do
    cli=${CLI[$engine]}
    sleep "$SETTLE"
    mapfile -t pids < <(daemon_pids "$engine")
    RESULT[idle,$engine]=$(kib Pss "${pids[@]}")
    mapfile -t pids < <(engine_pids "$engine")
    pss0=$(kib Pss "${pids[@]}") rss0=$(kib Rss "${pids[@]}")
    for ((i = 0; i < CONTAINERS; i++)); do
      $cli run -d --network none --label "$LABEL" "${IMAGE[$engine]}" sleep 100000 >/dev/null
    done
    sleep "$SETTLE"
    mapfile -t pids < <(engine_pids "$engine")
    pss1=$(kib Pss "${pids[@]}") rss1=$(kib Rss "${pids[@]}")
    RESULT[pss-per,$engine]=$(( (pss1 - pss0) / CONTAINERS ))
    RESULT[rss-per,$engine]=$(( (rss1 - rss0) / CONTAINERS ))
    mapfile -t pids < <(monitors "$engine")
    RESULT[rss-monitor,$engine]=$(( $(kib Rss "${pids[@]}") / CONTAINERS ))
    mapfile -t pids < <(monitor_pids "$engine")
    RESULT[rss-monitor-tree,$engine]=$(( $(kib Rss "${pids[@]}") / CONTAINERS ))
    ids=$($cli ps -q --filter "label=$LABEL" | tr '\n' ' ')
    $cli stats --no-stream $ids >/dev/null # warm-up
    for ((round = 0; round < 3; round++)); do
      time_once true "$cli stats --no-stream $ids" >>"$OUT/stats-$engine.txt"
    done
    RESULT[stats,$engine]=$(median <"$OUT/stats-$engine.txt")
    $cli ${RMF[$engine]} $ids >/dev/null
  done
fi

table_header operation
for scenario in $SCENARIOS; do
  ratio_row "$scenario" "${RESULT[$scenario,berth]}" "${RESULT[$scenario,podman]}" "${RESULT[$scenario,docker]}" ms 1000
done
if [[ $FRESH_UP == 1 ]]; then
  ratio_row "idle PSS 60 s after up" "${IDLE_UP[berth]}" 0 "${IDLE_UP[docker]}" MiB 0.0009765625
fi
if [[ $MEMORY == 1 ]]; then
  ratio_row "idle PSS" "${RESULT[idle,berth]}" "${RESULT[idle,podman]}" "${RESULT[idle,docker]}" MiB 0.0009765625
  for m in pss-per rss-per; do
    ratio_row "${m%-per} per container ($CONTAINERS)" "${RESULT[$m,berth]}" "${RESULT[$m,podman]}" "${RESULT[$m,docker]}" \
      MiB 0.0009765625
  done
  ratio_row "rss per container: monitor alone" "${RESULT[rss-monitor,berth]}" "${RESULT[rss-monitor,podman]}" \
    "${RESULT[rss-monitor,docker]}" MiB 0.0009765625
  ratio_row "rss per container: monitor + container" "${RESULT[rss-monitor-tree,berth]}" \
    "${RESULT[rss-monitor-tree,podman]}" "${RESULT[rss-monitor-tree,docker]}" MiB 0.0009765625
  ratio_row "stats --no-stream of $CONTAINERS" "${RESULT[stats,berth]}" "${RESULT[stats,podman]}" \
    "${RESULT[stats,docker]}" ms 1000
fi
echo
echo "raw data: $OUT (ROUNDS=$ROUNDS, medians; $(date -u +%F), load $(cut -d' ' -f1-3 /proc/loadavg))"
