#!/usr/bin/env bash
# bench/conformance/dockerpy.sh DOCKERPY_SRC: docker-py's upstream integration suite (tests/integration of a
# checkout of github.com/docker/docker-py) run against berth and against dockerd 20.10 (anchor B) in one go; prints
# both pass counts and the tests whose outcomes differ.
#
#   bench/conformance/dockerpy.sh /work/docker-py      (berth must be up: ./berth up; the anchors are started here)
#   API=1.41 TEST_TIMEOUT=120 ENGINES="dockerd berth" bench/conformance/dockerpy.sh /work/docker-py
#   TESTS=tests/integration/api_network_test.py bench/conformance/dockerpy.sh /work/docker-py   (a part only)
#
# - The suite is the checkout's, run with the checkout's own `docker` package (PYTHONPATH), its pytest.ini, and
#   without the swarm, node, plugin, secret, config and service test files and the three swarm tests of
#   api_network_test (berth has no swarm mode; on dockerd, swarm init leaves docker_gwbridge behind, whose subnet
#   then makes a later IPAM test fail), and without tests/integration/credentials (client-side credential helper
#   tests, no engine involved; its utils_test rebinds os.environ, so every later test lost DOCKER_HOST).
# - Both engines are driven at the same API version, API (default 1.41, the newest dockerd 20.10 serves), through
#   DOCKER_HOST and DOCKER_TEST_API_VERSION as upstream's Makefile does.
# - No network: the suite pulls alpine:3.10, alpine:latest, busybox:latest and hello-world from Docker Hub. Those
#   tags are made here from the anchors' static busybox (one `docker import` on dockerd, `docker save` to one
#   archive, `docker load` of that archive into both engines), and the plugin dockerpy_images.py loads the archive
#   again before any test that finds one of them missing. The pulls themselves fail on both engines alike.
# - Each engine's run has a HOME and a docker config of its own under $OUT: context_api_test creates and removes a
#   context named "test", which docker-py keeps next to the config file, or in ./contexts of the checkout when
#   there is none; one left over from an earlier or a concurrent run failed all three context tests.
# - Per-test timeout TEST_TIMEOUT seconds (pytest-timeout), the whole run of one engine at most SUITE_TIMEOUT.
# - Needs python3 with pytest, pytest-timeout, requests, paramiko (tests/helpers.py imports it).
# Results: a markdown table and the differing tests on stdout; junit XML and pytest's output in $OUT.
set -euo pipefail

SRC=$(cd "${1:?usage: $0 DOCKERPY_SRC (a checkout of github.com/docker/docker-py)}" && pwd)
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
API=${API:-1.41}
TEST_TIMEOUT=${TEST_TIMEOUT:-120}
SUITE_TIMEOUT=${SUITE_TIMEOUT:-3600}
ENGINES=${ENGINES:-dockerd berth}
TESTS=${TESTS:-tests/integration}
OUT=${OUT:-$(mktemp -d /tmp/berth-dockerpy.XXXXXX)}
declare -A SOCK=([berth]=unix://${BERTH_SOCKET:-/run/berth/docker.sock} [dockerd]=unix:///run/anchor-docker.sock)
TAGS="alpine:3.10 alpine:latest busybox:latest hello-world:latest"
BUSYBOX_TAR=/var/lib/anchors/busybox.tar   # written by anchors-setup.sh: static busybox, every applet symlinked
SKIP_FILES="api_swarm_test api_plugin_test api_secret_test api_config_test api_service_test
            models_swarm_test models_nodes_test models_services_test"
SKIP_TESTS="api_network_test.py::TestNetworks::test_create_network_attachable
            api_network_test.py::TestNetworks::test_create_network_ingress
            api_network_test.py::TestNetworks::test_create_inspect_network_with_scope"

[ -f "$SRC/tests/integration/conftest.py" ] || { echo "$SRC is not a docker-py checkout" >&2; exit 1; }
python3 -c 'import pytest, pytest_timeout, requests, paramiko' 2>/dev/null \
  || { echo "python3 needs pytest, pytest-timeout, requests and paramiko (pip install ...)" >&2; exit 1; }

bash "$ROOT/../shared/bench/anchors-setup.sh" start >"$OUT/anchors-setup.log" 2>&1 \
  || { echo "anchors-setup failed, see $OUT/anchors-setup.log" >&2; exit 1; }
docker -H "${SOCK[berth]}" version >/dev/null 2>&1 || { echo "berth is not up (./berth up)" >&2; exit 1; }

# one image archive holding every tag the suite expects, made once, loaded into each engine the same way
first=${TAGS%% *}
docker -H "${SOCK[dockerd]}" import --change 'CMD ["/bin/sh"]' "$BUSYBOX_TAR" "$first" >/dev/null
for tag in $TAGS; do docker -H "${SOCK[dockerd]}" tag "$first" "$tag"; done
docker -H "${SOCK[dockerd]}" save -o "$OUT/images.tar" $TAGS
for engine in $ENGINES; do docker -H "${SOCK[$engine]}" load -q -i "$OUT/images.tar" >/dev/null; done

ignores=(--ignore tests/integration/credentials)
for f in $SKIP_FILES; do ignores+=(--ignore "tests/integration/$f.py"); done
for t in $SKIP_TESTS; do ignores+=(--deselect "tests/integration/$t"); done
for engine in $ENGINES; do
  echo "running docker-py $(git -C "$SRC" describe --tags --always 2>/dev/null || echo '?') against $engine" >&2
  mkdir -p "$OUT/home-$engine/.docker" && echo '{}' >"$OUT/home-$engine/.docker/config.json"
  (cd "$SRC" && HOME="$OUT/home-$engine" DOCKER_CONFIG="$OUT/home-$engine/.docker" DOCKER_HOST=${SOCK[$engine]} DOCKER_TEST_API_VERSION=$API DOCKER_TLS_VERIFY= DOCKER_CERT_PATH= \
     DOCKERPY_IMAGES_ARCHIVE="$OUT/images.tar" DOCKERPY_IMAGES_TAGS="$TAGS" PYTHONPATH="$SRC:$HERE" \
     timeout --kill-after=30 "$SUITE_TIMEOUT" python3 -m pytest $TESTS "${ignores[@]}" \
       -p no:cacheprovider -p dockerpy_images --timeout="$TEST_TIMEOUT" -rA \
       --junitxml="$OUT/$engine.xml" >"$OUT/$engine.log" 2>&1) || true
  tail -1 "$OUT/$engine.log" >&2
done

python3 "$HERE/junit_diff.py" "$OUT/berth.xml" "$OUT/dockerd.xml"
echo "(outputs in $OUT)" >&2
