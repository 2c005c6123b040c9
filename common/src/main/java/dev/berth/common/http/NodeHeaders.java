package dev.berth.common.http;

/** Headers the services set between themselves about runtime nodes (the gateway drops any client's X-Berth-*). */
public final class NodeHeaders {
    /**
     * On {@code POST /containers/create}: the create is placed already, on the node that receives it (the
     * scheduler of another node chose it, or build-service wants its step containers where it asked).
     */
    public static final String PLACED = "X-Berth-Placed";
    /**
     * On any call one node passes to another: the node that passed it (the receiver handles it itself: no call goes
     * round between nodes). A {@code docker container prune} a node passes on prunes that node's containers only.
     */
    public static final String FORWARDED_BY = "X-Berth-Forwarded-By";

    private NodeHeaders() {
    }
}
