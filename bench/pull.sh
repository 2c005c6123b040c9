#!/usr/bin/env bash
# bench/pull.sh: docker pull of a 100+ MB image from a local docker-registry, berth against podman, in one run.
#
#   bench/pull.sh            (berth must be up: ./berth up; podman is set up by ../shared/bench/anchors-setup.sh)
#   RUNS=5 bench/pull.sh
#
# The image: Debian bookworm made with `debootstrap --variant=minbase` (~128 MB uncompressed, one layer), tarball
# cached as /var/tmp/berth-bench-minbase.tar. It goes into berth with `docker import` and out to a docker-registry
# started here on a free loopback port with `docker push` (berth gzips the layer), so both engines pull exactly the
# same manifest and blobs. Each measured run starts from nothing: the image is removed first (berth: rmi, which
# sweeps the blobs; podman: rmi), hyperfine --prepare. Wall clock of the whole client command, median of RUNS.
set -euo pipefail

RUNS=${RUNS:-5}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BERTH_SOCK=unix://${BERTH_SOCKET:-/run/berth/docker.sock}
OUT=${OUT:-$(mktemp -d /tmp/berth-bench-pull.XXXXXX)}
TARBALL=/var/tmp/berth-bench-minbase.tar
berth="docker -H $BERTH_SOCK"

bash "$ROOT/../shared/bench/anchors-setup.sh" start >"$OUT/anchors-setup.log" 2>&1 \
  || { echo "anchors-setup failed, see $OUT/anchors-setup.log" >&2; exit 1; }
stop_all() {
  [[ -n ${REG_PID:-} ]] && kill "$REG_PID" 2>/dev/null || true
  bash "$ROOT/../shared/bench/anchors-setup.sh" stop >>"$OUT/anchors-setup.log" 2>&1 || true
}
trap stop_all EXIT
$berth version >/dev/null || { echo "berth is not up (./berth up)" >&2; exit 1; }

if [[ ! -s $TARBALL && -s /var/lib/anchors/bookworm-minbase.tar ]]; then
  cp /var/lib/anchors/bookworm-minbase.tar "$TARBALL" # the same debootstrap minbase, made by anchors-setup
fi
if [[ ! -s $TARBALL ]]; then
  command -v debootstrap >/dev/null || apt-get install -y --no-install-recommends debootstrap >&2
  rootfs=$(mktemp -d /var/tmp/berth-bench-rootfs.XXXXXX)
  debootstrap --variant=minbase bookworm "$rootfs" >"$OUT/debootstrap.log" 2>&1
  rm -f "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin
  rm -rf "$rootfs"/var/lib/apt/lists/* && mkdir -p "$rootfs"/var/lib/apt/lists/partial
  tar -C "$rootfs" --numeric-owner -cf "$TARBALL.tmp" . && mv "$TARBALL.tmp" "$TARBALL"
  rm -rf "$rootfs"
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$OUT/registry"
cat >"$OUT/registry/config.yml" <<YML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $OUT/registry/data
http:
  addr: 127.0.0.1:$port
YML
docker-registry serve "$OUT/registry/config.yml" >"$OUT/registry/log" 2>&1 &
REG_PID=$!
for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$port/v2/" && break; sleep 0.1; done

image=127.0.0.1:$port/bench/minbase:1
$berth import "$TARBALL" "$image" >/dev/null
$berth push "$image" >"$OUT/push.log"
$berth rmi "$image" >/dev/null
size=$(curl -fs -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
  "http://127.0.0.1:$port/v2/bench/minbase/manifests/1" | jq '[.layers[].size] | add')

hyperfine -N -r "$RUNS" --export-json "$OUT/berth.json" \
  --prepare "sh -c '$berth rmi -f $image >/dev/null 2>&1; true'" "$berth pull -q $image" >"$OUT/berth.txt" 2>&1
hyperfine -N -r "$RUNS" --export-json "$OUT/podman.json" \
  --prepare "sh -c 'podman rmi -f $image >/dev/null 2>&1; true'" \
  "podman pull -q --tls-verify=false $image" >"$OUT/podman.txt" 2>&1
$berth rmi -f "$image" >/dev/null 2>&1 || true
podman rmi -f "$image" >/dev/null 2>&1 || true

b=$(jq -r '.results[0].median' "$OUT/berth.json")
p=$(jq -r '.results[0].median' "$OUT/podman.json")
printf '| scenario | compressed | berth | podman 4.3 | berth / podman |\n|---|---|---|---|---|\n'
awk -v b="$b" -v p="$p" -v s="$size" 'BEGIN {
  printf "| pull minbase (1 layer) | %.1f MB | %.2f s | %.2f s | %.2f× |\n", s/1e6, b, p, b/p }'
echo
echo "raw data: $OUT (RUNS=$RUNS, medians)"
