#!/usr/bin/env bash
# Development aid: `source infra/side-instance.sh N` (N = 1..9) sets the environment of a second, third, ...
# berth platform on this host, so several checkouts can run and test side by side:
# its own data and run directories, socket, embedded PostgreSQL and Kafka, and service ports N*100 above the
# defaults. `./berth up`, `./berth down`, `./berth status` and the e2e suite then act on that instance only.
# BERTH_CLEAN_HOST=0 because cgroups and the host-wide sweep of berth* namespaces are not per instance.
n=${1:?usage: source infra/side-instance.sh N  (N = 1..9)}
export BERTH_DATA=/var/lib/berth-$n BERTH_RUN=/run/berth-$n
export BERTH_SOCKET=$BERTH_RUN/docker.sock DOCKER_HOST=unix://$BERTH_RUN/docker.sock
export BERTH_PG_PORT=$((5433 + 100 * n)) BERTH_KAFKA_PORT=$((9192 + 100 * n)) BERTH_KAFKA_CONTROLLER_PORT=$((9193 + 100 * n))
export BERTH_PORT_BASE=$((7100 + 100 * n)) BERTH_CLEAN_HOST=0
# host-wide network names and addresses of this instance: bridge berth<N>0, namespaces berth<N>-<id>, veths
# berth<N>v<hash>, user network bridges berth<N>-<id>, chains BERTH<N>-*, subnets from 10.(200+N).0.0/16
export BERTH_NET_PREFIX=berth$n BERTH_BRIDGE=berth${n}0 BERTH_CHAIN_PREFIX=BERTH$n
export BERTH_BRIDGE_SUBNET=10.$((200 + n)).0.0/24 BERTH_NETWORK_POOL=10.$((200 + n)).0.0/16 BERTH_NETWORK_POOL_SIZE=24
unset BERTH_KAFKA BERTH_PG_ADDRESS
