#!/usr/bin/env bash
# bench/concurrent.sh: many lifecycle requests at once, berth against podman and dockerd on the same machine.
#
#   bench/concurrent.sh            (berth must be up: ./berth up; the anchors are set up and started here)
#   RUNS=10 PAR=10 bench/concurrent.sh
#   ENGINES=berth bench/concurrent.sh   (berth only, e.g. to compare two builds of berth)
#
# Scenarios (wall clock until the last of PAR clients returned; hyperfine -N, median of RUNS after 2 warm-ups):
#   par-run-rm         PAR x docker run --rm busybox true, all at once         (the default bridge)
#   par-run-rm-none    PAR x docker run --rm --network none busybox true, all at once
#   par-run-d-rm       PAR x (docker run -d --network none busybox sleep 1000, then docker rm -f), all at once
# and, for reference, one client alone: run-rm (docker run --rm busybox true).
# Engines: berth (docker CLI v28 → berth's socket), podman 4.3 (anchor A), dockerd 20.10 (anchor B, same v28 CLI).
# Results: a markdown table on stdout, raw hyperfine JSON in $OUT.
set -euo pipefail

RUNS=${RUNS:-10}
PAR=${PAR:-10}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/bench/lib.sh"
BERTH_SOCK=${DOCKER_HOST:-unix://${BERTH_SOCKET:-/run/berth/docker.sock}}
ANCHOR_SOCK=unix:///run/anchor-docker.sock
OUT=${OUT:-$(mktemp -d /tmp/berth-bench.XXXXXX)}
ENGINES=${ENGINES:-berth podman docker}

if [[ $ENGINES != berth ]]; then
  bash "$ROOT/../shared/bench/anchors-setup.sh" start >"$OUT/anchors-setup.log" 2>&1 \
    || { echo "anchors-setup failed, see $OUT/anchors-setup.log" >&2; exit 1; }
fi
docker -H "$BERTH_SOCK" image inspect busybox:latest >/dev/null \
  || { echo "berth is not up (./berth up) or has no busybox:latest" >&2; exit 1; }

declare -A IMAGE=([berth]=busybox:latest [podman]=anchor/busybox:latest [docker]=anchor/busybox:latest)
declare -A CLI=([berth]="docker -H $BERTH_SOCK" [podman]=podman [docker]="docker -H $ANCHOR_SOCK")
# `rm -f` kills at once in dockerd and berth; podman's waits for the stop timeout unless told -t 0
declare -A RMF=([berth]="rm -f" [podman]="rm -f -t 0" [docker]="rm -f")

measure() { hyperfine_median 2 "$OUT/$1-$2.json" "$3"; } # measure NAME ENGINE COMMAND -> median seconds

# PAR copies of a client command at once; fails when one of them fails
parallel() {
  printf "bash -c 'pids=(); for i in \$(seq %s); do %s & pids+=(\$!); done; for p in \"\${pids[@]}\"; do wait \$p; done'" \
    "$PAR" "$1"
}

SCENARIOS=${SCENARIOS:-run-rm par-run-rm par-run-rm-none par-run-d-rm}
declare -A RESULT
for engine in $ENGINES; do
  cli=${CLI[$engine]} image=${IMAGE[$engine]}
  for scenario in $SCENARIOS; do
    case $scenario in
      run-rm) RESULT[$scenario,$engine]=$(measure "$scenario" "$engine" "$cli run --rm $image true") ;;
      par-run-rm) RESULT[$scenario,$engine]=$(measure "$scenario" "$engine" \
        "$(parallel "$cli run --rm $image true >/dev/null")") ;;
      par-run-rm-none) RESULT[$scenario,$engine]=$(measure "$scenario" "$engine" \
        "$(parallel "$cli run --rm --network none $image true >/dev/null")") ;;
      par-run-d-rm) RESULT[$scenario,$engine]=$(measure "$scenario" "$engine" \
        "$(parallel "$cli ${RMF[$engine]} \$($cli run -d --network none $image sleep 1000) >/dev/null")") ;;
    esac
  done
done

table_header "scenario (PAR=$PAR)"
for scenario in $SCENARIOS; do
  ratio_row "$scenario" "${RESULT[$scenario,berth]:-}" "${RESULT[$scenario,podman]:-}" "${RESULT[$scenario,docker]:-}" ms 1000
done
echo
echo "raw data: $OUT (RUNS=$RUNS, medians)"
# the anchors are shared daemons of this host: stop them unless told to keep them (KEEP_ANCHORS=1)
if [[ $ENGINES != berth && ${KEEP_ANCHORS:-0} != 1 ]]; then
  bash "$ROOT/../shared/bench/anchors-setup.sh" stop >>"$OUT/anchors-setup.log" 2>&1 || true
fi
