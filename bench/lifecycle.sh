#!/usr/bin/env bash
# bench/lifecycle.sh: container lifecycle latency, berth against podman and dockerd on the same machine, in one run.
#
#   bench/lifecycle.sh            (berth must be up: ./berth up; the anchors are set up and started here)
#   RUNS=20 bench/lifecycle.sh
#
# Scenarios (wall clock of the whole client command, client start-up included; hyperfine -N, median of RUNS
# after 3 warm-ups):
#   run-rm         docker run --rm --network none busybox true
#   run-d-rm       docker run -d --network none busybox sleep 1000, then docker rm -f
#   run-rm-bridge  docker run --rm busybox true            (the default bridge: address, veth, NAT, /etc files)
#   run-rm-usernet docker run --rm --network <net> busybox true  (a user network, created before and removed after)
# Engines: berth (docker CLI v28 → berth's socket), podman 4.3 (anchor A), dockerd 20.10 (anchor B, same v28 CLI).
# All three run the same static busybox. Results: a markdown table on stdout, raw hyperfine JSON in $OUT.
set -euo pipefail

RUNS=${RUNS:-15}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/bench/lib.sh"
BERTH_SOCK=unix://${BERTH_SOCKET:-/run/berth/docker.sock}
ANCHOR_SOCK=unix:///run/anchor-docker.sock
OUT=${OUT:-$(mktemp -d /tmp/berth-bench.XXXXXX)}

bash "$ROOT/../shared/bench/anchors-setup.sh" start >"$OUT/anchors-setup.log" 2>&1 \
  || { echo "anchors-setup failed, see $OUT/anchors-setup.log" >&2; exit 1; }
docker -H "$BERTH_SOCK" image inspect busybox:latest >/dev/null \
  || { echo "berth is not up (./berth up) or has no busybox:latest" >&2; exit 1; }

berth="docker -H $BERTH_SOCK"
dockerd="docker -H $ANCHOR_SOCK"
declare -A IMAGE=([berth]=busybox:latest [podman]=anchor/busybox:latest [docker]=anchor/busybox:latest)
declare -A CLI=([berth]=$berth [podman]=podman [docker]=$dockerd)
# `rm -f` kills at once in dockerd and berth; podman's waits for the stop timeout unless told -t 0
declare -A RMF=([berth]="rm -f" [podman]="rm -f -t 0" [docker]="rm -f")

measure() { hyperfine_median 3 "$OUT/$1-$2.json" "$3"; } # measure NAME ENGINE COMMAND -> median seconds

SCENARIOS=${SCENARIOS:-run-rm run-d-rm run-rm-bridge run-rm-usernet}
NET=bench-net-$$
declare -A RESULT
for engine in berth podman docker; do
  cli=${CLI[$engine]} image=${IMAGE[$engine]}
  for scenario in $SCENARIOS; do
    case $scenario in
      run-rm) RESULT[$scenario,$engine]=$(measure "$scenario" "$engine" "$cli run --rm --network none $image true") ;;
      run-d-rm) RESULT[$scenario,$engine]=$(measure "$scenario" "$engine" \
        "sh -c 'id=\$($cli run -d --network none $image sleep 1000) && $cli ${RMF[$engine]} \$id >/dev/null'") ;;
      run-rm-bridge) RESULT[$scenario,$engine]=$(measure "$scenario" "$engine" "$cli run --rm $image true") ;;
      run-rm-usernet)
        $cli network create "$NET" >/dev/null
        RESULT[$scenario,$engine]=$(measure "$scenario" "$engine" "$cli run --rm --network $NET $image true")
        $cli network rm "$NET" >/dev/null ;;
    esac
  done
done

table_header scenario
for scenario in $SCENARIOS; do
  ratio_row "$scenario" "${RESULT[$scenario,berth]}" "${RESULT[$scenario,podman]}" "${RESULT[$scenario,docker]}" ms 1000
done
echo
echo "raw data: $OUT (RUNS=$RUNS, medians)"
# the anchors are shared daemons of this host: stop them unless told to keep them (KEEP_ANCHORS=1)
if [[ ${KEEP_ANCHORS:-0} != 1 ]]; then
  bash "$ROOT/../shared/bench/anchors-setup.sh" stop >>"$OUT/anchors-setup.log" 2>&1 || true
fi
