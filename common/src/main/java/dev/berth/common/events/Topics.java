package dev.berth.common.events;

import java.util.List;

/** One Kafka topic per domain, keyed by object id. Docker's event Type is the domain. */
public final class Topics {
    public static final String CONTAINER = "berth.container";
    public static final String IMAGE = "berth.image";
    public static final String NETWORK = "berth.network";
    public static final String VOLUME = "berth.volume";
    public static final String BUILD = "berth.build";

    public static final List<String> ALL = List.of(CONTAINER, IMAGE, NETWORK, VOLUME, BUILD);
    /** What {@code docker events} shows: dockerd has no build events (a build shows as its image's tag). */
    public static final List<String> DOCKER = List.of(CONTAINER, IMAGE, NETWORK, VOLUME);

    private Topics() {
    }

    public static String forDomain(String domain) {
        return "berth." + domain;
    }

    public static String domainOf(String topic) {
        return topic.substring("berth.".length());
    }
}
