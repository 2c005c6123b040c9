#!/usr/bin/env bash
# bench/nodes.sh: what several runtime nodes cost a client (issue 17), on one machine, interleaved:
#   - `run -d` of a container that goes through placement (a constraint every node meets, so the scheduler spreads
#     the runs over all ready nodes and passes two of three to another node) against a plain `run -d` (no
#     expression: the receiving node, no reads); the difference is placement plus forwarding per create;
#   - `exec true` in a container on another node (the call passed on, the hijacked start through two hops) against
#     one on the receiving node.
#
#   BERTH_NODES=3 ./berth up && bench/nodes.sh      (ROUNDS=6 rounds of BATCH=10 runs each kind; EXECS=30)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export DOCKER_HOST=${DOCKER_HOST:-unix://${BERTH_SOCKET:-/run/berth/docker.sock}}
ROUNDS=${ROUNDS:-6} BATCH=${BATCH:-10} EXECS=${EXECS:-30}
LABEL=bench-nodes-$$
OUT=$(mktemp -d /tmp/berth-nodes.XXXXXX)
mapfile -t READY < <(docker node ls --format '{{.Hostname}} {{.Status}}' | awk '$2 == "Ready" { print $1 }')
[[ ${#READY[@]} -ge 2 ]] || { echo "bench/nodes.sh: needs two ready nodes or more (BERTH_NODES=3 ./berth up)" >&2; exit 2; }
self=$(docker info --format '{{.Name}}')
cleanup() { docker ps -aq --filter "label=$LABEL" | xargs -r docker rm -f >/dev/null 2>&1 || true; }
trap cleanup EXIT

ms() { echo $(( ($2 - $1) / 1000000 )); }
timed() { # timed FILE COMMAND... -> appends the command's milliseconds to FILE
  local file=$1 t0 t1; shift
  t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N)
  ms "$t0" "$t1" >>"$file"
}

docker run --rm --network none busybox true >/dev/null # the image unpacked on the receiving node
for ((r = 0; r < ROUNDS; r++)); do
  for ((i = 0; i < BATCH; i++)); do
    timed "$OUT/plain.txt" docker run -d --network none --label "$LABEL" busybox sleep 100000
    timed "$OUT/placed.txt" docker run -d --network none --label "$LABEL" -e "constraint:node!=bench-no-such-node" \
      busybox sleep 100000
  done
done
declare -A per_node=()
for id in $(docker ps -q --filter "label=$LABEL"); do
  node=$(docker inspect --format '{{.Node.Name}}' "$id")
  per_node[$node]=$(( ${per_node[$node]:-0} + 1 ))
done

# exec: one container here, one on another node
here=$(docker run -d --network none --label "$LABEL" -e "constraint:node==$self" busybox sleep 100000)
other=${READY[0]}; [[ $other == "$self" ]] && other=${READY[1]}
there=$(docker run -d --network none --label "$LABEL" -e "constraint:node==$other" busybox sleep 100000)
for ((i = 0; i < 5; i++)); do docker exec "$here" true; docker exec "$there" true; done # warm-up
for ((i = 0; i < EXECS; i++)); do
  timed "$OUT/exec-here.txt" docker exec "$here" true
  timed "$OUT/exec-there.txt" docker exec "$there" true
done

plain=$(median <"$OUT/plain.txt") placed=$(median <"$OUT/placed.txt")
eh=$(median <"$OUT/exec-here.txt") et=$(median <"$OUT/exec-there.txt")
printf '| operation | median | against | difference |\n|---|---|---|---|\n'
printf '| run -d, no expression (receiving node) | %s ms | | |\n' "$plain"
printf '| run -d, placed over %d nodes (spread) | %s ms | %s ms | %+d ms |\n' "${#READY[@]}" "$placed" "$plain" \
  "$(awk -v a="$placed" -v b="$plain" 'BEGIN { printf "%d", a - b }')"
printf '| exec true, container on the receiving node | %s ms | | |\n' "$eh"
printf '| exec true, container on another node | %s ms | %s ms | %+d ms |\n' "$et" "$eh" \
  "$(awk -v a="$et" -v b="$eh" 'BEGIN { printf "%d", a - b }')"
echo
printf 'containers per node after %d runs of each kind:' $((ROUNDS * BATCH))
for node in "${!per_node[@]}"; do printf ' %s=%s' "$node" "${per_node[$node]}"; done
echo
echo "raw data: $OUT ($(date -u +%F), load $(cut -d' ' -f1-3 /proc/loadavg))"
