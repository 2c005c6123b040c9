package dev.berth.common.events;

import java.util.List;

/** One Kafka topic per domain, keyed by object id. Docker's event Type is the domain. */
public final class Topics {
    public static final String CONTAINER = "berth.container";
    public static final String IMAGE = "berth.image";
    public static final String NETWORK = "berth.network";
    public static final String VOLUME = "berth.volume";
    public static final String BUILD = "berth.build";
    /** Nodes joining and going down or ready again (Docker's swarm {@code node} events). */
    public static final String NODE = "berth.node";
    /** Nodes' heartbeats (common/contract/NodeBeat), short retention: not an audit log. */
    public static final String NODE_HEARTBEAT = "berth.node.heartbeat";

    public static final List<String> ALL = List.of(CONTAINER, IMAGE, NETWORK, VOLUME, BUILD, NODE);
    /** What {@code docker events} shows: dockerd has no build events (a build shows as its image's tag). */
    public static final List<String> DOCKER = List.of(CONTAINER, IMAGE, NETWORK, VOLUME, NODE);

    private Topics() {
    }

    public static String forDomain(String domain) {
        return "berth." + domain;
    }

    public static String domainOf(String topic) {
        return topic.substring("berth.".length());
    }
}
