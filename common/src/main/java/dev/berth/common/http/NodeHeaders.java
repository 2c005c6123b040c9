package dev.berth.common.http;

/** Headers the services set between themselves about runtime nodes (the gateway drops any client's X-Berth-*). */
public final class NodeHeaders {
    /**
     * On {@code POST /containers/create}: the create is placed already, on the node that receives it (the
     * scheduler of another node chose it, or build-service wants its step containers where it asked).
     */
    public static final String PLACED = "X-Berth-Placed";

    private NodeHeaders() {
    }
}
