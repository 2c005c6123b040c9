#!/usr/bin/env bash
# bench/nodes.sh: what several runtime nodes cost a client (issue 17), on one machine, interleaved:
#   - `run -d` spread over every ready node (no expression: the default strategy passes two of three to another
#     node) against `run -d` pinned to the receiving node (`constraint:node==<it>`: the same placement reads, no
#     forwarding); a lone node (BERTH_NODES=1) reads nothing at all: compare.sh's run -d;
#   - `exec true` in a container on another node (the call passed on, the hijacked start through two hops) against
#     one on the receiving node;
#   - a user network across nodes (VXLAN) against one node's bridge: ping round trip and an HTTP download of
#     SIZE_MB megabytes from a container on the same node and from one on another node.
#
#   BERTH_NODES=3 ./berth up && bench/nodes.sh      (ROUNDS=6 rounds of BATCH=10 runs each kind; EXECS=30)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export DOCKER_HOST=${DOCKER_HOST:-unix://${BERTH_SOCKET:-/run/berth/docker.sock}}
ROUNDS=${ROUNDS:-6} BATCH=${BATCH:-10} EXECS=${EXECS:-30} SIZE_MB=${SIZE_MB:-500} PINGS=${PINGS:-50}
LABEL=bench-nodes-$$
OUT=$(mktemp -d /tmp/berth-nodes.XXXXXX)
mapfile -t READY < <(docker node ls --format '{{.Hostname}} {{.Status}}' | awk '$2 == "Ready" { print $1 }')
[[ ${#READY[@]} -ge 2 ]] || { echo "bench/nodes.sh: needs two ready nodes or more (BERTH_NODES=3 ./berth up)" >&2; exit 2; }
self=$(docker info --format '{{.Name}}')
NET=$LABEL-net
cleanup() {
  docker ps -aq --filter "label=$LABEL" | xargs -r docker rm -f >/dev/null 2>&1 || true
  docker network rm "$NET" >/dev/null 2>&1 || true
}
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
    timed "$OUT/plain.txt" docker run -d --network none --label "$LABEL" -e "constraint:node==$self" \
      busybox sleep 100000
    timed "$OUT/placed.txt" docker run -d --network none --label "$LABEL" busybox sleep 100000
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

# a user network: the client and one server on the receiving node, another server on another node
docker network create "$NET" >/dev/null
serve="dd if=/dev/zero of=/tmp/big bs=1M count=$SIZE_MB 2>/dev/null; exec httpd -f -p 80 -h /tmp"
client=$(docker run -d --network "$NET" --label "$LABEL" -e "constraint:node==$self" busybox sleep 100000)
docker run -d --name "$LABEL-near" --network "$NET" --label "$LABEL" -e "constraint:node==$self" busybox sh -c "$serve" >/dev/null
docker run -d --name "$LABEL-far" --network "$NET" --label "$LABEL" -e "constraint:node==$other" busybox sh -c "$serve" >/dev/null
for server in "$LABEL-near" "$LABEL-far"; do
  until [[ $(docker exec "$server" stat -c %s /tmp/big 2>/dev/null) == $((SIZE_MB << 20)) ]]; do sleep 0.5; done
done
sleep 6 # the receiving node enters the far server within a sync
rtt() { docker exec "$client" ping -q -c "$PINGS" -i 0.05 "$1" | awk -F/ '/round-trip/ { print $4 }'; }
for ((i = 0; i < 3; i++)); do
  rtt "$LABEL-near" >>"$OUT/rtt-near.txt"; rtt "$LABEL-far" >>"$OUT/rtt-far.txt"
  timed "$OUT/get-near.txt" docker exec "$client" wget -q -O /dev/null "http://$LABEL-near/big"
  timed "$OUT/get-far.txt" docker exec "$client" wget -q -O /dev/null "http://$LABEL-far/big"
done
rn=$(median <"$OUT/rtt-near.txt") rf=$(median <"$OUT/rtt-far.txt")
gn=$(median <"$OUT/get-near.txt") gf=$(median <"$OUT/get-far.txt")

plain=$(median <"$OUT/plain.txt") placed=$(median <"$OUT/placed.txt")
eh=$(median <"$OUT/exec-here.txt") et=$(median <"$OUT/exec-there.txt")
printf '| operation | median | against | difference |\n|---|---|---|---|\n'
printf '| run -d, pinned to the receiving node | %s ms | | |\n' "$plain"
printf '| run -d, spread over %d nodes (the default) | %s ms | %s ms | %+d ms |\n' "${#READY[@]}" "$placed" "$plain" \
  "$(awk -v a="$placed" -v b="$plain" 'BEGIN { printf "%d", a - b }')"
printf '| exec true, container on the receiving node | %s ms | | |\n' "$eh"
printf '| exec true, container on another node | %s ms | %s ms | %+d ms |\n' "$et" "$eh" \
  "$(awk -v a="$et" -v b="$eh" 'BEGIN { printf "%d", a - b }')"
printf '| ping round trip, user network, same node | %s ms | | |\n' "$rn"
printf '| ping round trip, user network, across nodes (VXLAN) | %s ms | %s ms | %+.3f ms |\n' "$rf" "$rn" \
  "$(awk -v a="$rf" -v b="$rn" 'BEGIN { print a - b }')"
printf '| HTTP download of %s MB, same node | %s ms (%s MB/s) | | |\n' "$SIZE_MB" "$gn" \
  "$(awk -v s="$SIZE_MB" -v t="$gn" 'BEGIN { printf "%d", s * 1000 / t }')"
printf '| HTTP download of %s MB, across nodes (VXLAN) | %s ms (%s MB/s) | %s ms | %+d ms |\n' "$SIZE_MB" "$gf" \
  "$(awk -v s="$SIZE_MB" -v t="$gf" 'BEGIN { printf "%d", s * 1000 / t }')" "$gn" \
  "$(awk -v a="$gf" -v b="$gn" 'BEGIN { printf "%d", a - b }')"
echo
printf 'containers per node after %d runs of each kind:' $((ROUNDS * BATCH))
for node in "${!per_node[@]}"; do printf ' %s=%s' "$node" "${per_node[$node]}"; done
echo
echo "raw data: $OUT ($(date -u +%F), load $(cut -d' ' -f1-3 /proc/loadavg))"
