#!/usr/bin/env bash
# bench/build.sh: `docker build` on berth against dockerd's legacy builder and podman (buildah), same machine, one run,
# interleaved round by round (berth, podman, dockerd, berth, ...), medians of RUNS.
#
#   bench/build.sh                 (berth must be up: ./berth up; the anchors are set up and started here)
#   RUNS=5 SCENARIOS="cold warm" bench/build.sh
#   WARMUP=20 RUNS=5 SCENARIOS="warm onefile" bench/build.sh   (20 untimed builds per engine first: steady state)
#
# The project: a 6-step Dockerfile (FROM busybox, WORKDIR, COPY of a 10 MB file, RUN over it, COPY of a small file,
# CMD), built with the docker CLI v28 (legacy builder: no buildx here) for berth and dockerd, `podman build
# --layers` for podman.
# Scenarios:
#   cold     build --no-cache
#   warm     the same build again: every step from the cache
#   onefile  the small file changed before each build: steps 1-4 from the cache, 5-6 built
#   queue    QUEUE (20) builds started at once, each a RUN sleep 2 with its own build arg (every step a miss);
#            wall clock until the last one ends. berth runs them on its build workers (BERTH_BUILD_WORKERS at
#            `./berth up`; the table prints how many the instance runs, from its pid files, or WORKERS=N);
#            dockerd and podman run them all in parallel in one daemon/process each. Run it once per worker
#            count to compare 1 and 2 workers.
# Results: a markdown table on stdout, raw timings in $OUT.
set -euo pipefail

RUNS=${RUNS:-7}
QUEUE=${QUEUE:-20}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BERTH_SOCK=unix://${BERTH_SOCKET:-/run/berth/docker.sock}
ANCHOR_SOCK=unix:///run/anchor-docker.sock
OUT=${OUT:-$(mktemp -d /tmp/berth-bench-build.XXXXXX)}
mkdir -p "$OUT"
SCENARIOS=${SCENARIOS:-cold warm onefile queue}
ENGINES=${ENGINES:-berth podman docker}

bash "$ROOT/../shared/bench/anchors-setup.sh" start >"$OUT/anchors-setup.log" 2>&1 \
  || { echo "anchors-setup failed, see $OUT/anchors-setup.log" >&2; exit 1; }
docker -H "$BERTH_SOCK" image inspect busybox:latest >/dev/null \
  || { echo "berth is not up (./berth up) or has no busybox:latest" >&2; exit 1; }

declare -A IMAGE=([berth]=busybox:latest [podman]=anchor/busybox:latest [docker]=anchor/busybox:latest)
declare -A BUILD=([berth]="docker -H $BERTH_SOCK build" [podman]="podman build --layers"
  [docker]="docker -H $ANCHOR_SOCK build")
declare -A RMI=([berth]="docker -H $BERTH_SOCK rmi -f" [podman]="podman rmi -f" [docker]="docker -H $ANCHOR_SOCK rmi -f")
export DOCKER_BUILDKIT=0   # the legacy builder for both docker CLI targets (no buildx on this machine)

# one project per engine, so a file changed for one engine never touches another's context
for engine in $ENGINES; do
  dir=$OUT/project-$engine
  mkdir -p "$dir"
  head -c $((10 * 1024 * 1024)) /dev/urandom >"$dir/big.bin"
  echo 0 >"$dir/small.txt"
  cat >"$dir/Dockerfile" <<EOF
FROM ${IMAGE[$engine]}
WORKDIR /app
COPY big.bin /app/
RUN wc -c big.bin > size
COPY small.txt /app/
CMD ["cat", "/app/size"]
EOF
  mkdir -p "$OUT/queue-$engine"
  cat >"$OUT/queue-$engine/Dockerfile" <<EOF
FROM ${IMAGE[$engine]}
ARG N
RUN sleep 2 && echo \$N > /n
EOF
done

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", b - a }'; }

build_once() { # build_once ENGINE SCENARIO ROUND -> seconds on stdout, log in $OUT
  local engine=$1 scenario=$2 round=$3 dir=$OUT/project-$engine tag=berth-bench-build:$engine t0 t1
  local log=$OUT/$scenario-$engine-$round.log
  case $scenario in
    cold) t0=$(now); ${BUILD[$engine]} --no-cache -t "$tag" "$dir" >"$log" 2>&1; t1=$(now) ;;
    warm) ${BUILD[$engine]} -t "$tag" "$dir" >/dev/null 2>&1   # make sure everything is cached
          t0=$(now); ${BUILD[$engine]} -t "$tag" "$dir" >"$log" 2>&1; t1=$(now) ;;
    onefile) echo "$round-$RANDOM" >"$dir/small.txt"
          t0=$(now); ${BUILD[$engine]} -t "$tag" "$dir" >"$log" 2>&1; t1=$(now) ;;
    queue) local pids=() i
          t0=$(now)
          for i in $(seq 1 "$QUEUE"); do
            ${BUILD[$engine]} --build-arg "N=$round-$i-$RANDOM" -t "berth-bench-queue:$engine-$i" \
              "$OUT/queue-$engine" >"$log.$i" 2>&1 &
            pids+=($!)
          done
          local failed=0
          for i in "${pids[@]}"; do wait "$i" || failed=1; done
          t1=$(now)
          [[ $failed == 0 ]] || { echo "a queued build failed on $engine, see $log.*" >&2; return 1; } ;;
  esac
  elapsed "$t0" "$t1"
}

# WARMUP untimed builds per engine first (the warm build, then the one-file change, alternately), so that the
# rounds measure each engine's steady state rather than the first builds after a start (berth's JIT warms up over
# its first builds; build-service starts on the first build). WARMUP=0 measures from a cold process.
for engine in $ENGINES; do
  for i in $(seq 1 "${WARMUP:-0}"); do
    ${BUILD[$engine]} -t "berth-bench-build:$engine" "$OUT/project-$engine" >/dev/null 2>&1
    echo "warmup-$i" >"$OUT/project-$engine/small.txt"
  done
done

declare -A TIMES
for round in $(seq 1 "$RUNS"); do
  for scenario in $SCENARIOS; do
    [[ $scenario == queue && $round -gt ${QUEUE_RUNS:-3} ]] && continue
    for engine in $ENGINES; do
      t=$(build_once "$engine" "$scenario" "$round") || { echo "build failed: $engine $scenario" >&2; exit 1; }
      TIMES[$scenario,$engine]+="$t "
      echo "$scenario $engine $round $t" >>"$OUT/timings.txt"
    done
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# the berth instance's build workers, as it runs them (its build-service and each build-worker-N process alive),
# not this shell's BERTH_BUILD_WORKERS (the variable counts at `./berth up` only); WORKERS=N overrides
berth_workers() {
  local dir=${BERTH_RUN:-/run/berth}/pids f n=0
  for f in "$dir"/build-service.pid "$dir"/build-worker-*.pid; do
    [[ -f $f ]] && kill -0 "$(cat "$f")" 2>/dev/null && n=$((n + 1))
  done
  echo "$n"
}
workers=${WORKERS:-$(berth_workers)}
printf '| scenario | berth | podman 4.3 | dockerd 20.10 (legacy builder) | berth / podman | berth / dockerd |\n'
printf '|---|---|---|---|---|---|\n'
for scenario in $SCENARIOS; do
  for engine in $ENGINES; do declare "m_$engine=$(echo "${TIMES[$scenario,$engine]:-}" | median)"; done
  label=$scenario
  [[ $scenario == queue ]] && label="queue of $QUEUE (berth: $workers worker(s))"
  awk -v s="$label" -v b="${m_berth:-0}" -v p="${m_podman:-0}" -v d="${m_docker:-0}" 'BEGIN {
    printf "| %s | %.2f s | %.2f s | %.2f s | %s | %s |\n", s, b, p, d,
      (p > 0 ? sprintf("%.2f×", b / p) : "-"), (d > 0 ? sprintf("%.2f×", b / d) : "-") }'
done
echo
echo "raw data: $OUT (RUNS=$RUNS, medians; queue rounds: ${QUEUE_RUNS:-3})"

for engine in $ENGINES; do
  ${RMI[$engine]} "berth-bench-build:$engine" >/dev/null 2>&1 || true
  for i in $(seq 1 "$QUEUE"); do ${RMI[$engine]} "berth-bench-queue:$engine-$i" >/dev/null 2>&1 || true; done
done
if [[ ${KEEP_ANCHORS:-0} != 1 ]]; then
  bash "$ROOT/../shared/bench/anchors-setup.sh" stop >>"$OUT/anchors-setup.log" 2>&1 || true
fi
